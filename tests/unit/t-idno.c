/*
 * t-idno.c: unit tests of idno.c (resident ID numbers, phone numbers).
 */
#include <stdio.h>
#include <string.h>

#include "xf.h"
#include "tap.h"

static void
id_ok(const char *s, const char *want)
{
	char out[32];
	struct xf_err e;

	memset(&e, 0, sizeof(e));
	strcpy(out, "unset");
	if (xf_idno_check(s, out, &e) == -1)
		snprintf(out, sizeof(out), "ERR");
	is_str(out, want, "ID \"%s\" valid -> %s%s%s", s, want,
	    e.msg[0] ? ": " : "", e.msg);
}

static void
id_bad(const char *s, const char *want)
{
	char out[32];
	struct xf_err e;
	int r;

	memset(&e, 0, sizeof(e));
	r = xf_idno_check(s, out, &e);
	ok(r == -1 && e.code == XF_EROW && strstr(e.msg, want) != NULL,
	    "ID \"%s\" rejected: %s", s, r == -1 ? e.msg : out);
}

static void
ph_ok(const char *s, const char *want)
{
	char out[32];
	struct xf_err e;

	memset(&e, 0, sizeof(e));
	strcpy(out, "unset");
	if (xf_phone_check(s, out, &e) == -1)
		snprintf(out, sizeof(out), "ERR");
	is_str(out, want, "phone \"%s\" -> %s%s%s", s, want,
	    e.msg[0] ? ": " : "", e.msg);
}

static void
ph_bad(const char *s, const char *masked)
{
	char out[32], want[128];
	struct xf_err e;
	int r;

	memset(&e, 0, sizeof(e));
	r = xf_phone_check(s, out, &e);
	snprintf(want, sizeof(want), "invalid phone number \"%s\"", masked);
	ok(r == -1 && e.code == XF_EROW && strcmp(e.msg, want) == 0,
	    "phone \"%s\" rejected: %s", s, r == -1 ? e.msg : out);
}

/* As id_bad, checked against the as-of day asof (YYYY-MM-DD). */
static void
id_bad_asof(const char *s, const char *asof, const char *want)
{
	char out[32];
	struct xf_err e;
	int r, y, m, d;

	memset(&e, 0, sizeof(e));
	sscanf(asof, "%d-%d-%d", &y, &m, &d);
	r = xf_idno_check_asof(s, xf_date_days(y, m, d), out, &e);
	ok(r == -1 && e.code == XF_EROW && strstr(e.msg, want) != NULL,
	    "ID \"%s\" as of %s rejected: %s", s, asof, r == -1 ? e.msg : out);
}

/* As id_ok, checked against the as-of day asof (YYYY-MM-DD). */
static void
id_ok_asof(const char *s, const char *asof, const char *want)
{
	char out[32];
	struct xf_err e;
	int y, m, d;

	memset(&e, 0, sizeof(e));
	strcpy(out, "unset");
	sscanf(asof, "%d-%d-%d", &y, &m, &d);
	if (xf_idno_check_asof(s, xf_date_days(y, m, d), out, &e) == -1)
		snprintf(out, sizeof(out), "ERR");
	is_str(out, want, "ID \"%s\" as of %s valid%s%s", s, asof,
	    e.msg[0] ? ": " : "", e.msg);
}

/* The message for the bad ID number s does not contain secret. */
static void
id_clean(const char *s, const char *secret)
{
	char out[32];
	struct xf_err e;
	int r;

	memset(&e, 0, sizeof(e));
	r = xf_idno_check(s, out, &e);
	ok(r == -1 && strstr(e.msg, secret) == NULL,
	    "ID \"%s\": message hides \"%s\": %s", s, secret, e.msg);
}

/* The message for the bad phone number s does not contain secret. */
static void
ph_clean(const char *s, const char *secret)
{
	char out[32];
	struct xf_err e;
	int r;

	memset(&e, 0, sizeof(e));
	r = xf_phone_check(s, out, &e);
	ok(r == -1 && strstr(e.msg, secret) == NULL,
	    "phone \"%s\": message hides \"%s\": %s", s, secret, e.msg);
}

static void
mask_id(const char *s, size_t n, const char *want)
{
	char out[64];

	memset(out, '#', sizeof(out));
	xf_mask_idno(s, out, n);
	is_str(out, want, "ID \"%s\" masked in %zu bytes -> \"%s\"", s, n,
	    want);
}

static void
mask_ph(const char *s, size_t n, const char *want)
{
	char out[64];

	memset(out, '#', sizeof(out));
	xf_mask_phone(s, out, n);
	is_str(out, want, "phone \"%s\" masked in %zu bytes -> \"%s\"", s,
	    n, want);
}

int
main(void)
{
	/* Check characters. */
	is_int(xf_idno_checkchar("11010519491231002"), 'X',
	    "check character of 11010519491231002 is X (S = 167)");
	is_int(xf_idno_checkchar("44030420000229001"), '4',
	    "check character of 44030420000229001 is 4");
	is_int(xf_idno_checkchar("11010520000101001"), '6',
	    "check character of 11010520000101001 is 6");
	is_int(xf_idno_checkchar("1101052000010100a"), 0,
	    "no check character for a non-digit");

	/* Valid numbers. */
	id_ok("11010519491231002X", "11010519491231002X");
	id_ok("11010519491231002x", "11010519491231002X");
	id_ok("  11010519491231002X ", "11010519491231002X");
	id_ok("440304200002290014", "440304200002290014");
	id_ok("510108199001012343", "510108199001012343");
	id_ok("110105196912310010", "110105196912310010");	/* day -1 */
	id_ok("110105691231001", "110105691231001");
	id_ok("110105491231002", "110105491231002");
	id_ok("110105000228001", "110105000228001");
	id_ok("110105040229001", "110105040229001");	/* 1904 leap year */

	/* Rejected numbers. */
	id_bad("110105194912310021", "bad ID number check character in "
	    "\"110105********0021\": it does not match the other 17 digits");
	id_bad("440304200002290015", "check character");
	id_bad("44030420000229001X", "\"440304********001X\"");
	id_bad("11010519491231002", "ID number must have 18 or 15 "
	    "characters: \"11010********1002\" has 17");
	id_bad("1101051949123100212", "ID number must have 18 or 15 "
	    "characters: \"110105*********0212\" has 19");
	id_bad("1234", "\"1**4\" has 4");
	id_bad("", "empty ID number");
	id_bad("11010519491231002Y", "ID number \"110105********002Y\" must "
	    "be digits");
	id_bad("1101051949123A002X", "digits");
	id_bad("11010549123100X", "digits");
	id_bad("110105202302300016", "invalid birth date in ID number "
	    "\"110105********0016\"");
	/* A day that exists but is before 1900 says so. */
	id_bad("110105189912310023", "birth date in ID number "
	    "\"110105********0023\" is before 1900");
	id_bad("110105189912310015", "is before 1900");
	id_ok("11010519000101001X", "11010519000101001X");
	id_bad("110105189902300016", "invalid birth date in ID number "
	    "\"110105********0016\"");
	id_bad("110105491331002", "invalid birth date in ID number "
	    "\"110105******002\"");
	id_bad("110105010229001", "invalid birth date");	/* 1901 */
	id_bad("110105000229001", "invalid birth date");	/* 1900 */
	id_bad("110105194900000016", "invalid birth date");

	/*
	 * Full-width digits and X (Chinese input methods) are the same
	 * number; they were counted in bytes against 18 characters, and
	 * "must have 18 or 15 characters: ... has 18" was the message.
	 */
	id_ok("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X");
	id_ok("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X");
	id_ok("110105１９４９１２３１002X", "11010519491231002X");
	id_ok("　１１０１０５４９１２３１００２　", "110105491231002");
	id_bad("１１０１０５１９４９１２３１００２１", "bad ID number check "
	    "character in \"１１０１０５********００２１\"");
	id_bad("１１０１０５１９４９１２３１００２", "must have 18 or 15 "
	    "characters: \"１１０１０********１００２\" has 17");
	/* 18 characters, one of them no digit: not a length error. */
	id_bad("11010519491231002号", "ID number \"110105********002号\" "
	    "must be digits");
	id_bad("1101051949123100二X", "must be digits");
	id_bad("11010519491231002\xEF\xBC\xB9", "must be digits");	/* Ｙ */

	/* GB/T 2260: the first two digits are a province-level code. */
	id_bad("000105194912310024", "ID number \"000105********0024\" does "
	    "not start with a province-level area code (GB/T 2260): no "
	    "province has code 00");
	id_bad("990105194912310023", "no province has code 99");
	id_bad("720105194912310023", "no province has code 72");
	id_bad("100105194912310028", "no province has code 10");
	id_bad("160105194912310029", "no province has code 16");
	id_bad("990105491231002", "no province has code 99");
	id_ok("710000198001010010", "710000198001010010");	/* Taiwan */
	id_ok("810000199001010019", "810000199001010019");	/* Hong Kong */
	id_ok("830000199001010020", "830000199001010020");	/* permit */

	/* No birth after the as-of day. */
	id_bad_asof("110105202612030015", "2026-12-02", "birth date in ID "
	    "number \"110105********0015\" is after the as-of date "
	    "2026-12-02");
	id_ok_asof("11010520261202001X", "2026-12-02", "11010520261202001X");
	id_ok_asof("110105202612030015", "2026-12-03", "110105202612030015");
	id_ok("110105202612030015", "110105202612030015");	/* no as-of */

	/* Mobiles. */
	ph_ok("13812345678", "13812345678");
	ph_ok(" 138 1234 5678 ", "13812345678");
	ph_ok("138-1234-5678", "13812345678");
	ph_ok("+86 138 1234 5678", "13812345678");
	ph_ok("+8613812345678", "13812345678");
	ph_ok("8613812345678", "13812345678");
	ph_ok("0086 13812345678", "13812345678");
	ph_ok("19912345678", "19912345678");

	/* Landlines. */
	ph_ok("01012345678", "010-12345678");
	ph_ok("010-12345678", "010-12345678");
	ph_ok("010 1234 5678", "010-12345678");
	ph_ok("(010)12345678", "010-12345678");
	ph_ok("(010) 1234-5678", "010-12345678");
	ph_ok("021-6123456", "021-6123456");
	ph_ok("02887654321", "028-87654321");
	ph_ok("0755 1234 5678", "0755-12345678");
	ph_ok("075512345678", "0755-12345678");
	ph_ok("0571-8765432", "0571-8765432");
	ph_ok("010-12345678-123", "010-12345678-123");
	ph_ok("010-12345678转123", "010-12345678-123");
	ph_ok("010-12345678 转 8001", "010-12345678-8001");
	ph_ok("010-12345678 ext 8001", "010-12345678-8001");
	ph_ok("010-12345678 EXT.8001", "010-12345678-8001");
	ph_ok("0755-1234-5678-9", "0755-12345678-9");
	ph_ok("+86 10 12345678", "010-12345678");
	/* A 7-digit number, then an extension: the same either way. */
	ph_ok("0211-623456 ext2", "021-1623456-2");
	ph_ok("021-1623456-2", "021-1623456-2");
	ph_ok("021-16234-562", "021-16234562");
	ph_ok("021-16234562", "021-16234562");
	ph_ok("+86-755-12345678", "0755-12345678");

	/* Rejected. */
	ph_bad("", "");
	ph_bad("12345", "1***5");
	ph_bad("95588", "9***8");
	ph_bad("96110", "9***0");
	ph_bad("110", "***");
	ph_bad("12812345678", "128****5678");		/* no 12x mobiles */
	ph_bad("1381234567", "138***4567");		/* 10 digits */
	ph_bad("138123456789", "138*****6789");		/* 12 digits */
	ph_bad("13812345678-12", "138******78-12");	/* no extension on a mobile */
	ph_bad("12345678", "12****78");		/* no area code */
	ph_bad("010-123456", "01*-****56");		/* 6-digit number */
	ph_bad("010-123456789", "010-*****6789");	/* 9-digit number */
	ph_bad("010-02345678", "010-****5678");		/* number starts with 0 */
	ph_bad("0010-12345678", "001*-****5678");
	ph_bad("4008123123", "400***3123");
	ph_bad("+1 202 555 0100", "+1 20* *** 0100");
	ph_bad("(0755)-1234567)", "(075*)-***4567)");
	ph_bad("(01)012345678", "(01)0****5678");
	ph_bad("010-12345678 123", "010-*******8 123");	/* extension needs - 转 or ext */
	ph_bad("010-12345678转", "010-****5678转");
	ph_bad("010-12345678转1234567",
	    "010-********转***4567");
	ph_bad("tel 13812345678", "tel 138****5678");
	ph_bad("-010-12345678", "-010-****5678");
	ph_bad("010-12345678-", "010-****5678-");
	ph_bad("13812345678 ext", "138****5678 ext");
	ph_bad("+ 86 13812345678 (", "+ 86 1******5678 (");
	ph_bad("138 1234 5678 / 139 8765 4321",
	    "138 **** **** / *** **** 4321");

	/* Messages name no whole number and no right check character. */
	id_clean("110105194912310021", "110105194912310021");
	id_clean("44030420000229001X", "expected");
	id_clean("11010519491231002x1", "11010519491231002");
	id_clean(" 110105194912310021\t", "19491231");
	id_clean("110105189912310023", "1899");
	id_clean("１１０１０５１９４９１２３１００２１", "１９４９");
	id_clean("１１０１０５１９４９１２３１００２１", "X");
	id_clean("１１０１０５１９４９１２３１００２１", "Ｘ");
	ph_clean("13812345678 ext", "13812345678");
	ph_clean("010-12345678转", "12345678");

	/* Masks. */
	mask_id("11010519491231002X", 64, "110105********002X");
	mask_id("  110105491231002\t", 64, "110105******002");
	mask_id("\xE3\x80\x80" "44030420000229001X", 64, "440304********001X");
	mask_id("1234", 64, "1**4");
	mask_id("", 64, "");
	mask_id(NULL, 64, "");
	mask_id("张三", 64, "**");
	mask_id("身份证号码不详", 64, "身份****详");
	mask_id("11010519491231002X", 7, "110105");
	mask_id("11010519491231002X", 9, "110105**");
	mask_id("11010519491231002X", 1, "");
	mask_id("身份证号码不详", 5, "身");
	mask_id("身份证号码不详", 7, "身份");
	mask_ph("13812345678", 64, "138****5678");
	mask_ph(" 138 1234 5678 ", 64, "138 **** 5678");
	mask_ph("+86 138 1234 5678", 64, "+86 1** **** 5678");
	mask_ph("010-12345678", 64, "010-****5678");
	mask_ph("0755-12345678-123", 64, "0755-****5678-123");
	mask_ph("021-6123456", 64, "021-***3456");
	mask_ph("0755-1234-5678", 64, "075*-****-5678");
	mask_ph("010-02345678", 64, "010-****5678");
	mask_ph("0010-12345678", 64, "001*-****5678");
	mask_ph("011-12345678-12", 64, "011-******78-12");	/* no 011 */
	mask_ph("0755-12345678-1234567", 64, "075*-********-***4567");
	mask_ph("12345", 64, "1***5");
	mask_ph("110", 64, "***");
	mask_ph("", 64, "");
	mask_ph(NULL, 64, "");
	mask_ph("13812345678", 5, "138*");
	mask_ph("0755-12345678-123", 8, "0755-**");
	mask_ph("13812345678", 1, "");
	mask_ph("138 1234 5678 转 12", 64, "138 **** **78 转 12");

	return tap_done();
}
