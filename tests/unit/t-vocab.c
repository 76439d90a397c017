/*
 * t-vocab.c: unit tests of vocab.c (channels, levels, yes/no words).
 */
#include <stdio.h>
#include <string.h>

#include "xf.h"
#include "tap.h"

static void
channel(const char *s, const char *want)
{
	is_str(xf_channel_norm(s), want, "channel \"%s\" -> %s", s,
	    want ? want : "NULL");
}

static void
level(const char *s, const char *want, int rank)
{
	is_str(xf_level_norm(s), want, "level \"%s\" -> %s", s,
	    want ? want : "NULL");
	is_int(xf_level_rank(s), rank, "rank of \"%s\" is %d", s, rank);
}

static void
boolean(const char *s, int want)
{
	is_int(xf_bool_parse(s), want, "bool \"%s\" -> %d", s ? s : "NULL",
	    want);
}

int
main(void)
{
	static const char *const canon[] = {
		"letter", "visit", "phone", "online", "fax", "hotline-12345",
		"platform-12337", "handed-down", NULL
	};
	int i;

	for (i = 0; canon[i] != NULL; i++)
		channel(canon[i], canon[i]);
	channel("LETTER", "letter");
	channel("  Mail ", "letter");
	channel("walk-in", "visit");
	channel("Walk In", "visit");
	channel("call", "phone");
	channel("web", "online");
	channel("Internet", "online");
	channel("email", "online");
	channel("mailbox", "online");
	channel("12345", "hotline-12345");
	channel("12337", "platform-12337");
	channel("transferred", "handed-down");
	channel("Assigned", "handed-down");
	channel("来信", "letter");
	channel("信件", "letter");
	channel("书信", "letter");
	channel("来访", "visit");
	channel("走访", "visit");
	channel("上访", "visit");
	channel("来电", "phone");
	channel("电话", "phone");
	channel("网上", "online");
	channel("网上信访", "online");
	channel("网信", "online");
	channel("局长信箱", "online");
	channel("网络", "online");
	channel("传真", "fax");
	channel("12345热线", "hotline-12345");
	channel("政务热线", "hotline-12345");
	channel("上级交办", "handed-down");
	channel("交办", "handed-down");
	channel("转送", "handed-down");
	channel("上级转送", "handed-down");
	channel("\xE3\x80\x80来信 ", "letter");
	channel("", NULL);
	channel("   ", NULL);
	channel(NULL, NULL);
	channel("pigeon", NULL);
	channel("letters", NULL);
	channel("来信来访", NULL);
	channel("1234", NULL);

	level("ministry", "ministry", 5);
	level("MINISTRY", "ministry", 5);
	level("部", "ministry", 5);
	level("公安部", "ministry", 5);
	level("部级", "ministry", 5);
	level("province", "province", 4);
	level("省", "province", 4);
	level("省厅", "province", 4);
	level("省级", "province", 4);
	level("City", "city", 3);
	level("市", "city", 3);
	level("市局", "city", 3);
	level("市级", "city", 3);
	level("district", "district", 2);
	level("分局", "district", 2);
	level("县局", "district", 2);
	level("区", "district", 2);
	level("县", "district", 2);
	level("区县", "district", 2);
	level("县级", "district", 2);
	level(" station ", "station", 1);
	level("派出所", "station", 1);
	level("所", "station", 1);
	level("大队", "brigade", 1);
	level("brigade", "brigade", 1);
	level("队", "brigade", 1);
	level("", NULL, 0);
	level(NULL, NULL, 0);
	level("village", NULL, 0);
	level("国务院", NULL, 0);
	ok(xf_level_rank("province") > xf_level_rank("city") &&
	    xf_level_rank("city") > xf_level_rank("district"),
	    "ranks order the levels");

	boolean("1", 1);
	boolean("0", 0);
	boolean("yes", 1);
	boolean("YES", 1);
	boolean("no", 0);
	boolean("y", 1);
	boolean("N", 0);
	boolean("true", 1);
	boolean("False", 0);
	boolean(" true ", 1);
	boolean("是", 1);
	boolean("否", 0);
	boolean("有", 1);
	boolean("无", 0);
	boolean("", -1);
	boolean("  ", -1);
	boolean(NULL, -1);
	boolean("maybe", -1);
	boolean("2", -1);
	boolean("yess", -1);
	boolean("是的", -1);

	return tap_done();
}
