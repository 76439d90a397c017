/*
 * fuzz-idno.c: libFuzzer harness for the ID number and phone checks and
 * their masks.
 *
 * The input, as a C string, goes through xf_idno_check and xf_phone_check
 * with output buffers of exactly the promised size.  A number that passes
 * must pass again unchanged in its normal form; a message must be
 * printable and show no whole number: no run of 7 or more digits for an
 * ID number, none of 5 or more and at most 7 digits in all for a phone.
 * The masks are also run into buffers of every small size; and
 * xf_mask_text, the mask of whole messages, must leave no run of 15 or
 * more digits.
 */
#include "fuzz.h"
#include "xf.h"

/* Longest run of ASCII digits in s, and in *total all of them. */
static size_t
digitrun(const char *s, size_t *total)
{
	size_t run = 0, max = 0;

	for (*total = 0; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9') {
			++*total;
			if (++run > max)
				max = run;
		} else
			run = 0;
	}
	return max;
}

/* Abort unless e holds a non-empty message of printable bytes. */
static void
check_msg(const struct xf_err *e)
{
	size_t i, n = strnlen(e->msg, sizeof(e->msg));

	if (e->code != XF_EROW || n == 0 || n == sizeof(e->msg))
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)e->msg[i] < 0x20 || e->msg[i] == 0x7F)
			abort();
}

static void
idno(const char *s)
{
	struct xf_err e;
	char *out, *q, again[19];
	size_t total;

	if ((out = malloc(19)) == NULL)
		return;
	memset(&e, 0, sizeof(e));
	if (xf_idno_check(s, out, &e) == 0) {
		if ((strlen(out) != 18 && strlen(out) != 15) ||
		    xf_idno_check(out, again, &e) != 0 ||
		    strcmp(out, again) != 0)
			abort();
	} else {
		check_msg(&e);
		/* Up to the last quote: "... has N" may be a long count. */
		if ((q = strrchr(e.msg, '"')) != NULL)
			*q = '\0';
		if (digitrun(e.msg, &total) > 6)
			abort();
	}
	free(out);
}

static void
phone(const char *s)
{
	struct xf_err e;
	char *out, again[32];
	size_t total;

	if ((out = malloc(32)) == NULL)
		return;
	memset(&e, 0, sizeof(e));
	if (xf_phone_check(s, out, &e) == 0) {
		if (xf_phone_check(out, again, &e) != 0 ||
		    strcmp(out, again) != 0)
			abort();
	} else {
		check_msg(&e);
		if (digitrun(e.msg, &total) > 4 || total > 7)
			abort();
	}
	free(out);
}

/* Run mask into buffers of 1 to 24 bytes; each must stay inside. */
static void
masks(const char *s, char *(*mask)(const char *, char *, size_t))
{
	size_t n;
	char *out;

	for (n = 1; n <= 24; n++) {
		if ((out = malloc(n)) == NULL)
			return;
		if (mask(s, out, n) != out || strlen(out) >= n)
			abort();
		free(out);
	}
}

/* A message masked by xf_mask_text keeps no run of 15 or more digits. */
static void
text(const char *s)
{
	char out[600];
	size_t total;

	if (xf_mask_text(s, out, sizeof(out)) != out ||
	    strlen(out) >= sizeof(out) || digitrun(out, &total) > 14)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if ((s = fuzz_str(data, size)) == NULL)
		return 0;
	idno(s);
	phone(s);
	masks(s, xf_mask_idno);
	masks(s, xf_mask_phone);
	masks(s, xf_mask_text);
	text(s);
	free(s);
	return 0;
}
