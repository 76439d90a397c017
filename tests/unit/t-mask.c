/*
 * t-mask.c: unit tests of mask.c (names, numbers in messages, and which
 * columns are masked).
 */
#include <stdio.h>
#include <string.h>

#include "xf-int.h"
#include "tap.h"

static void
name(const char *s, size_t n, const char *want)
{
	char out[64];

	memset(out, 'X', sizeof(out));
	xf_mask_name(s, out, n);
	is_str(out, want, "name \"%s\" in %zu bytes -> \"%s\"", s, n, want);
}

static void
text(const char *s, const char *want)
{
	char out[128];

	xf_mask_text(s, out, sizeof(out));
	is_str(out, want, "text \"%s\" -> \"%s\"", s, want);
}

int
main(void)
{
	char out[64];

	name("张三", 64, "张*");
	name("欧阳娜娜", 64, "欧***");
	name("Li Lei", 64, "L*****");
	name("王", 64, "王");
	name("", 64, "");
	name("  张三丰\t", 64, "张**");
	name("\xE3\x80\x80张三\xE3\x80\x80", 64, "张*");	/* U+3000 */
	name("匿名", 64, "匿名");
	name("匿名者", 64, "匿**");
	/* Cut at a character boundary, always NUL-terminated. */
	name("张三", 3, "");
	name("张三", 4, "张");
	name("张三", 5, "张*");
	name("Li Lei", 3, "L*");
	/* A bad byte counts as one character. */
	name("A\xFF\xFE", 64, "A**");
	name("\xFFZ", 64, "\xFF*");

	/* Numbers in any text, as messages quote them. */
	text("case id \"11010519491231002X\"", "case id \"110105********002X\"");
	text("11010519491231002x", "110105********002x");
	text("110105491231002", "110105******002");
	text("11010519491231002X11010519491231002X",
	    "110105********002X110105********002X");
	text("TEL13800138000.", "TEL138****8000.");
	text("+86 138-0013-8000", "+86 138-****-8000");
	text("8613800138000", "86138****8000");
	text("１３８００１３８０００", "１３８****８０００");
	text("2026-11-20 13900139000", "2026-11-20 139****9000");
	text("at most 999999999 matters on 2026-11-02",
	    "at most 999999999 matters on 2026-11-02");
	text("XF-20261102-0001 line 12: 23800138000",
	    "XF-20261102-0001 line 12: 23800138000");
	text("110105********002X, 138****5678", "110105********002X, 138****5678");
	xf_mask_text("13800138000", out, 6);
	is_str(out, "138**", "cut to the space given");

	is_str(xf_mask_column("petitioner_name", "张三", out, sizeof(out)),
	    "张*", "petitioner_name masked");
	is_str(xf_mask_column("id_number", "11010519491231002X", out,
	    sizeof(out)), "110105********002X", "id_number masked");
	is_str(xf_mask_column("phone", "13812345678", out, sizeof(out)),
	    "138****5678", "phone masked");
	is_str(xf_mask_column("address", "北京市朝阳区", out, sizeof(out)),
	    "北京市朝阳区", "other columns as they are");
	ok(xf_mask_column(NULL, "x", out, sizeof(out))[0] == 'x',
	    "no column: as it is");
	ok(xf_mask_column("phone", NULL, out, sizeof(out)) == NULL,
	    "NULL stays NULL");
	return tap_done();
}
