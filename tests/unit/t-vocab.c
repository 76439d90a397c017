/*
 * t-vocab.c: unit tests of vocab.c (channels, levels, yes/no words, word
 * maps).
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

/* A word map refuses column, from, to with a message holding want. */
static void
refused(struct xf_values *v, const char *column, const char *from,
    const char *to, const char *want)
{
	struct xf_err e = { 0 };
	int rc = xf_values_add(v, column, from, to, 0, &e);
	char got[sizeof(e.column) + sizeof(e.msg) + 2];

	/* The message is about e.column, which the caller puts first. */
	snprintf(got, sizeof(got), "%s: %s", e.column, e.msg);
	ok(rc < 0 && e.code == XF_ECONFIG && strstr(got, want) != NULL,
	    "map %s,%s,%s refused: %s", column, from, to, want);
	if (rc == 0 || strstr(got, want) == NULL)
		tap_diag("got %d: %s", rc, got);
}

static void
maps(void)
{
	struct xf_values *v = xf_values_new();
	struct xf_err e = { 0 };
	int chan, status, sat, anon, unit;

	ok(v != NULL, "xf_values_new");
	is_int(xf_values_vocab("channel", &chan), XF_VOCAB_CHANNEL,
	    "channel has the channel vocabulary");
	is_int(xf_values_vocab("信访形式", NULL), XF_VOCAB_CHANNEL,
	    "... also by its alias");
	is_int(xf_values_vocab("status", &status), XF_VOCAB_STATUS, "status");
	is_int(xf_values_vocab("satisfaction", &sat), XF_VOCAB_SATISFACTION,
	    "satisfaction");
	is_int(xf_values_vocab("anonymous", &anon), XF_VOCAB_BOOL,
	    "anonymous is yes/no");
	is_int(xf_values_vocab("outcome", NULL), XF_VOCAB_OPINION,
	    "outcome is a reply's opinion");
	is_int(xf_values_vocab("unit", &unit), -1, "unit has no vocabulary");
	ok(unit >= 0, "... but is a column");
	is_int(xf_values_vocab("remark", &unit), -1, "remark: none");
	is_int(unit, -1, "... and no column");

	ok(xf_values_add(v, "channel", "MOBILE", "online", 2, &e) == 0 &&
	    xf_values_add(v, "channel", "  Walk-In Center\xE3\x80\x80",
	    "visit", 0, &e) == 0 &&
	    xf_values_add(v, "信访形式", "网上来信", "来电", 0, &e) == 0 &&
	    xf_values_add(v, "status", "In Progress", "assigned", 0,
	    &e) == 0 &&
	    xf_values_add(v, "status", "Open", "受理", 0, &e) == 0 &&
	    xf_values_add(v, "satisfaction", "N/A", "not-evaluated", 0,
	    &e) == 0 &&
	    xf_values_add(v, "anonymous", "匿名", "是", 0, &e) == 0,
	    "maps added");
	is_int((long long)xf_values_count(v, -1), 7, "seven maps");
	is_int((long long)xf_values_count(v, chan), 3, "three for channel");
	is_int((long long)xf_values_count(NULL, -1), 0, "NULL maps nothing");
	is_str(xf_values_map(v, chan, "mobile"), "online", "case folded");
	is_str(xf_values_map(v, chan, " Mobile\t"), "online", "trimmed");
	is_str(xf_values_map(v, chan, "walk-in center"), "visit",
	    "from trimmed when added (U+3000 too)");
	is_str(xf_values_map(v, chan, "网上来信"), "phone",
	    "Chinese from; to kept as the canonical word");
	is_str(xf_values_map(v, chan, "網上來信"), NULL,
	    "Chinese compared as written");
	is_str(xf_values_map(v, chan, "mobil"), NULL, "a prefix is no match");
	is_str(xf_values_map(v, chan, "mobilee"), NULL, "nor a longer word");
	is_str(xf_values_map(v, chan, ""), NULL, "empty is never mapped");
	is_str(xf_values_map(v, status, "in progress"), "assigned",
	    "status: in progress");
	is_str(xf_values_map(v, status, "OPEN"), "accepted",
	    "status: 受理 kept as accepted");
	is_str(xf_values_map(v, status, "mobile"), NULL,
	    "maps are by column");
	is_str(xf_values_map(v, sat, "n/a"), "",
	    "not-evaluated maps to no evaluation");
	is_str(xf_values_map(v, anon, "匿名"), "yes", "yes/no");
	is_str(xf_values_map(NULL, chan, "mobile"), NULL, "NULL map");

	refused(v, "channel", " mobile ", "phone",
	    "from: channel \"mobile\" is already mapped to online on line 2");
	refused(v, "satisfaction", "N/A", "satisfied",
	    "already mapped to not-evaluated\0");
	refused(v, "channel", "pigeon", "pigeon",
	    "to: \"pigeon\" is no channel word of xf (accepted: letter");
	refused(v, "channel", "  ", "online", "from: empty");
	refused(v, "unit", "a", "b", "unit has no closed vocabulary");
	refused(v, "chanel", "a", "online", "\"chanel\" is no column");
	refused(v, "status", "Open2", "online", "no status word");
	is_int((long long)xf_values_count(v, -1), 7, "refused maps not added");

	/* Many maps stay sorted: every one is found. */
	for (int i = 0; i < 300; i++) {
		char w[16];

		snprintf(w, sizeof(w), "W%03d", (i * 7919) % 300);
		if (xf_values_add(v, "level_received", w, "city", 0, &e) < 0)
			break;
	}
	{
		int lev, found = 0;

		xf_values_vocab("level_received", &lev);
		for (int i = 0; i < 300; i++) {
			char w[16];

			snprintf(w, sizeof(w), "w%03d", i);
			found += xf_values_map(v, lev, w) != NULL;
		}
		is_int(found, 300, "300 maps of one column all found");
	}
	xf_values_free(v);
	xf_values_free(NULL);
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
		"platform-12337", "handed-down", "other", NULL
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
	channel("OTHER", "other");
	channel("其他", "other");
	channel("其它", "other");
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

	maps();
	return tap_done();
}
