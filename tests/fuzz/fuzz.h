/*
 * fuzz.h: what the fuzz harnesses share.
 *
 * Every harness defines LLVMFuzzerTestOneInput and nothing else; it is
 * linked either with libFuzzer ("make fuzz", clang) or with replay.c, a
 * plain main that runs it over the committed seeds and regressions
 * ("make check", any compiler).  A harness calls abort() when the code
 * under test breaks one of its promises, so both drivers report it.
 */
#ifndef XF_FUZZ_H
#define XF_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A NUL-terminated copy of data (cut at its first NUL, as a C string
 * would be), or NULL when out of memory.  The caller frees it.
 */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		return NULL;
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/*
 * Write data to a new temporary file and put its name in path (at least
 * 64 bytes).  Returns 0, or -1 (nothing left behind) on failure.
 */
static inline int
fuzz_file(const uint8_t *data, size_t size, char *path)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	if (dir == NULL || *dir == '\0' || strlen(dir) > 40)
		dir = "/tmp";
	snprintf(path, 64, "%s/xf-fuzz.XXXXXX", dir);
	if ((fd = mkstemp(path)) == -1)
		return -1;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

#endif
