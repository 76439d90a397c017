/*
 * tap.h: a tiny Test Anything Protocol producer for the unit tests.
 *
 *	ok(cond, "description %d", n);
 *	is_int(got, want, "description");
 *	is_str(got, want, "description");
 *	return tap_done();
 *
 * Each check prints "ok N - ..." or "not ok N - ..." (with "# got/want"
 * diagnostics); tap_done prints the plan "1..N" and returns 0 when all
 * passed, 1 otherwise, for use as the exit status of main.
 */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n;
static int tap_failed;

static int __attribute__((unused))
tap_vok(int cond, const char *file, int line, const char *fmt, va_list ap)
{
	tap_n++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	vprintf(fmt, ap);
	putchar('\n');
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s line %d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

static int __attribute__((format(printf, 4, 5), unused))
tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = tap_vok(cond, file, line, fmt, ap);
	va_end(ap);
	return r;
}

static int __attribute__((format(printf, 5, 6), unused))
tap_is_int(long long got, long long want, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = tap_vok(got == want, file, line, fmt, ap);
	va_end(ap);
	if (!r)
		printf("#          got: %lld\n#     expected: %lld\n", got, want);
	return r;
}

static int __attribute__((format(printf, 5, 6), unused))
tap_is_str(const char *got, const char *want, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;
	int r, same;

	if (got == NULL || want == NULL)
		same = got == want;
	else
		same = strcmp(got, want) == 0;
	va_start(ap, fmt);
	r = tap_vok(same, file, line, fmt, ap);
	va_end(ap);
	if (!r)
		printf("#          got: %s%s%s\n#     expected: %s%s%s\n",
		    got ? "\"" : "", got ? got : "NULL", got ? "\"" : "",
		    want ? "\"" : "", want ? want : "NULL", want ? "\"" : "");
	return r;
}

/* Print a diagnostic line. */
static void __attribute__((format(printf, 1, 2), unused))
tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static int __attribute__((unused))
tap_done(void)
{
	printf("1..%d\n", tap_n);
	if (tap_failed)
		printf("# failed %d of %d\n", tap_failed, tap_n);
	return tap_failed ? 1 : 0;
}

#define ok(cond, ...)	tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(g, w, ...) \
	tap_is_int((long long)(g), (long long)(w), __FILE__, __LINE__, \
	    __VA_ARGS__)
#define is_str(g, w, ...) \
	tap_is_str((g), (w), __FILE__, __LINE__, __VA_ARGS__)

#endif
