/*
 * fuzz-csv.c: libFuzzer harness for the CSV reader and the field checks.
 *
 * The input is written to a file and read back as CSV, once as UTF-8 and
 * once as GB18030; every field then goes through the date, ID number,
 * phone and vocabulary checks, and the UTF-8 check.  Build and run with
 * "make fuzz" (clang); FUZZ_SECONDS sets how long.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_fields(struct xf_csv *r)
{
	for (size_t i = 0; i < xf_csv_nfields(r); i++) {
		size_t len;
		const char *s = xf_csv_field(r, i, &len);
		struct xf_time t;
		struct xf_err e;
		char out[64];

		(void)xf_utf8_valid(s, len);
		(void)xf_date_parse(s, (int)(i % 3), &t, &e);
		(void)xf_idno_check(s, out, &e);
		(void)xf_phone_check(s, out, &e);
		(void)xf_channel_norm(s);
		(void)xf_level_norm(s);
		(void)xf_bool_parse(s);
	}
}

static void
read_all(const char *path, const char *enc)
{
	struct xf_err e;
	struct xf_csv *r = xf_csv_open(path, enc, &e);
	long last = 0;

	if (r == NULL)
		return;
	while (xf_csv_read(r, &e) > 0) {
		/* Records start on ascending lines. */
		if (xf_csv_line(r) < last)
			abort();
		last = xf_csv_line(r);
		check_fields(r);
	}
	xf_csv_free(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/xf-fuzz.XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	read_all(path, NULL);
	read_all(path, "GB18030");
	unlink(path);
	return 0;
}
