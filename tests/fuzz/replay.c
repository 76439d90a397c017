/*
 * replay.c: run a fuzz harness over files, without libFuzzer.
 *
 * Linked with one harness (fuzz-*.c) by the ordinary compiler, so that
 * "make check" replays the committed seeds and every input that once
 * broke something.  With file operands, runs each; without, runs every
 * file in tests/fuzz/seeds/TARGET and tests/fuzz/regress/TARGET under
 * $XF_TOP (else the current directory).  Prints one TAP line per file; a
 * harness that finds a fault aborts, which stops the plan short.
 */
#include <dirent.h>
#include <errno.h>

#include "fuzz.h"

#ifndef TARGET
#error "build with -DTARGET=\"name\""
#endif

static int ntest;

/* Feed the file at path to the harness; returns 0 or -1. */
static int
replay(const char *path)
{
	FILE *fp;
	uint8_t *data = NULL, *p;
	size_t n = 0, cap = 0, r;

	if ((fp = fopen(path, "rb")) == NULL) {
		printf("not ok %d - %s: %s\n", ++ntest, path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			if ((p = realloc(data, cap)) == NULL) {
				printf("not ok %d - %s: out of memory\n",
				    ++ntest, path);
				free(data);
				fclose(fp);
				return -1;
			}
			data = p;
		}
		if ((r = fread(data + n, 1, cap - n, fp)) == 0)
			break;
		n += r;
	}
	fclose(fp);
	/* Say which file before running it, in case it brings us down. */
	printf("# %s\n", path);
	fflush(stdout);
	LLVMFuzzerTestOneInput(data, n);
	free(data);
	printf("ok %d - %s\n", ++ntest, path);
	return 0;
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay every regular file in dir (a missing dir has none), by name. */
static int
replay_dir(const char *dir)
{
	DIR *d;
	struct dirent *de;
	char **name = NULL, **v, path[4096];
	size_t n = 0, i;
	int rc = 0;

	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((v = realloc(name, (n + 1) * sizeof(*name))) == NULL) {
			rc = -1;
			break;
		}
		name = v;
		if ((name[n] = strdup(de->d_name)) == NULL) {
			rc = -1;
			break;
		}
		n++;
	}
	closedir(d);
	qsort(name, n, sizeof(*name), cmpstr);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, name[i]);
		if (replay(path) == -1)
			rc = -1;
		free(name[i]);
	}
	free(name);
	return rc;
}

int
main(int argc, char *argv[])
{
	const char *top = getenv("XF_TOP");
	char dir[4096];
	int i, rc = 0;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			if (replay(argv[i]) == -1)
				rc = 1;
	} else {
		if (top == NULL || *top == '\0')
			top = ".";
		snprintf(dir, sizeof(dir), "%s/tests/fuzz/seeds/%s", top,
		    TARGET);
		if (replay_dir(dir) == -1)
			rc = 1;
		snprintf(dir, sizeof(dir), "%s/tests/fuzz/regress/%s", top,
		    TARGET);
		if (replay_dir(dir) == -1)
			rc = 1;
	}
	printf("1..%d\n", ntest);
	return rc;
}
