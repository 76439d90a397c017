/*
 * tool.c: the command kit; see tool.h.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tool.h"

/* The common options, in the order the help lists them. */
static const struct common {
	int flag;		/* TOOL_* */
	const char *name;
	const char *arg;
	const char *help;
} commons[] = {
	{ TOOL_ACTOR, "actor", "NAME",
	    "who is acting, recorded on every event (default $USER)" },
	{ TOOL_ASOF, "as-of", "DATE",
	    "act as on DATE (default now, in the TZ time zone)" },
	{ TOOL_OUTPUT, "bom", NULL, "start the output with a UTF-8 BOM" },
	{ TOOL_CONFIG, "config", "DIR",
	    "configuration directory (default $XF_CONFIG)" },
	{ TOOL_OUTPUT, "crlf", NULL, "end output lines with CR LF" },
	{ TOOL_DB, "db", "PATH", "the store (default $XF_DB, else ./xf.db)" },
	{ TOOL_DRYRUN, "dry-run", NULL,
	    "do everything and report it, commit nothing" },
	{ TOOL_OUTPUT, "excel-safe", NULL,
	    "guard cells a spreadsheet would run as formulas" },
	{ TOOL_REJECTS, "rejects", "FILE",
	    "write rejected rows, with line and reason, to FILE" },
};

#define NCOMMON	(sizeof(commons) / sizeof(commons[0]))
#define KEY_COMMON	0x10000	/* getopt keys of the common options */
#define KEY_HELP	'h'
#define KEY_VERSION	0x20000

/* The rejects file being written. */
struct rejects {
	char *path;		/* where it ends up (a link's target) */
	char *tmp;		/* written here, renamed at the end */
	FILE *fp;
	struct xf_out *out;
	char **hdr;		/* header it was started with, or NULL */
	size_t nhdr;
	struct xf_buf_s {
		char *s;
		size_t len, cap;
	} clean;		/* a field made valid UTF-8 */
	int failed;
};

/* Sort key for the usage line: options by name. */
struct name_ref {
	const char *name, *arg;
};

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct name_ref *)a)->name,
	    ((const struct name_ref *)b)->name);
}

/* Every option the tool takes, sorted by name; returns how many. */
static size_t
all_options(const struct tool *t, struct name_ref *v, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < NCOMMON && n < max; i++)
		if (t->common & commons[i].flag)
			v[n++] = (struct name_ref){ commons[i].name,
			    commons[i].arg };
	for (size_t i = 0; t->opts && t->opts[i].name && n < max; i++)
		v[n++] = (struct name_ref){ t->opts[i].name, t->opts[i].arg };
	qsort(v, n, sizeof(*v), cmp_name);
	return n;
}

static void
print_usage(const struct tool *t, FILE *fp)
{
	struct name_ref v[64];
	size_t n = all_options(t, v, 64), col;

	col = (size_t)fprintf(fp, "usage: %s", t->name);
	for (size_t i = 0; i < n; i++) {
		size_t w = strlen(v[i].name) + 5 +
		    (v[i].arg ? strlen(v[i].arg) + 1 : 0);

		if (col + w > 78) {
			col = (size_t)fprintf(fp, "\n%*s", (int)strlen(t->name)
			    + 7, "") - 1;
		}
		col += (size_t)fprintf(fp, " [--%s%s%s]", v[i].name,
		    v[i].arg ? " " : "", v[i].arg ? v[i].arg : "");
	}
	if (t->operands)
		fprintf(fp, "%s%s", col + strlen(t->operands) > 78 ?
		    "\n       " : " ", t->operands);
	fputc('\n', fp);
}

void
tool_usage(const struct tool *t)
{
	print_usage(t, stderr);
	exit(XF_EXIT_USAGE);
}

/* The help: usage, then one line per option, on stdout. */
static void
help(const struct tool *t)
{
	struct name_ref v[64];
	size_t n = all_options(t, v, 64);

	print_usage(t, stdout);
	printf("\n");
	for (size_t i = 0; i < n; i++) {
		const char *h = NULL;
		char left[64];

		for (size_t k = 0; h == NULL && k < NCOMMON; k++)
			if ((t->common & commons[k].flag) &&
			    strcmp(commons[k].name, v[i].name) == 0)
				h = commons[k].help;
		for (size_t k = 0; h == NULL && t->opts && t->opts[k].name;
		    k++)
			if (strcmp(t->opts[k].name, v[i].name) == 0)
				h = t->opts[k].help;
		snprintf(left, sizeof(left), "--%s%s%s", v[i].name,
		    v[i].arg ? " " : "", v[i].arg ? v[i].arg : "");
		printf("  %-22s %s\n", left, h ? h : "");
	}
	printf("  %-22s %s\n  %-22s %s\n\nSee %s(1) and xf(7).\n",
	    "-h, --help", "show this help", "--version",
	    "show the version", t->name);
	if (fflush(stdout) != 0 || ferror(stdout))
		err(XF_EXIT_FATAL, "stdout");
	exit(XF_EXIT_OK);
}

/* Set what the environment gives, once. */
static void
defaults(struct tool *t, int argc, char **argv)
{
	const char *s;

	t->argc = argc;
	t->argv = argv;
	if ((s = getenv("XF_DB")) != NULL && *s != '\0')
		t->db = s;
	else
		t->db = "xf.db";
	if ((s = getenv("XF_CONFIG")) != NULL && *s != '\0')
		t->config = s;
	if ((s = getenv("USER")) != NULL && *s != '\0')
		t->actor = s;
	else
		t->actor = "unknown";
	t->tty = isatty(STDERR_FILENO);
	/*
	 * A closed pipe or a file-size limit must not kill the tool
	 * silently: the write fails instead, and the tool says so.
	 */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
}

/* Handle common option i with argument arg. */
static void
common_opt(struct tool *t, size_t i, const char *arg)
{
	const char *name = commons[i].name;
	struct xf_err e = { 0 };
	struct xf_time tm;

	if (strcmp(name, "actor") == 0) {
		if (*arg == '\0')
			errx(XF_EXIT_USAGE, "--actor: empty name");
		t->actor = arg;
	} else if (strcmp(name, "as-of") == 0) {
		if (xf_date_parse(arg, XF_DATE_YMD, &tm, &e) < 0)
			errx(XF_EXIT_USAGE, "--as-of: %s", e.msg);
		t->as_of = arg;
	} else if (strcmp(name, "bom") == 0)
		t->outflags |= XF_OUT_BOM;
	else if (strcmp(name, "config") == 0)
		t->config = arg;
	else if (strcmp(name, "crlf") == 0)
		t->outflags |= XF_OUT_CRLF;
	else if (strcmp(name, "db") == 0) {
		if (*arg == '\0')
			errx(XF_EXIT_USAGE, "--db: empty path");
		t->db = arg;
	} else if (strcmp(name, "dry-run") == 0)
		t->dry_run = 1;
	else if (strcmp(name, "excel-safe") == 0)
		t->outflags |= XF_OUT_EXCEL_SAFE;
	else if (strcmp(name, "rejects") == 0) {
		if (*arg == '\0')
			errx(XF_EXIT_USAGE, "--rejects: empty path");
		t->rejects_path = arg;
	}
}

/* The tool whose options were parsed: tool_on_header()'s and
 * tool_on_reject()'s. */
static struct tool *running;

/* Parse options; see tool.h. */
int
tool_getopt(struct tool *t, int argc, char **argv)
{
	static struct option lo[64];
	static struct tool *built;
	size_t n = 0;
	int ch;

	running = t;
	if (built != t) {
		defaults(t, argc, argv);
		for (size_t i = 0; i < NCOMMON; i++)
			if (t->common & commons[i].flag)
				lo[n++] = (struct option){ commons[i].name,
				    commons[i].arg ? required_argument :
				    no_argument, NULL, KEY_COMMON + (int)i };
		for (size_t i = 0; t->opts && t->opts[i].name && n < 60; i++)
			lo[n++] = (struct option){ t->opts[i].name,
			    t->opts[i].arg ? required_argument : no_argument,
			    NULL, t->opts[i].key };
		lo[n++] = (struct option){ "help", no_argument, NULL,
		    KEY_HELP };
		lo[n++] = (struct option){ "version", no_argument, NULL,
		    KEY_VERSION };
		lo[n] = (struct option){ NULL, 0, NULL, 0 };
		built = t;
	}
	for (;;) {
		ch = getopt_long(argc, argv, "h", lo, NULL);
		if (ch == -1) {
			if (t->config != NULL && *t->config != '\0') {
				struct stat sb;

				if (stat(t->config, &sb) != 0)
					err(XF_EXIT_USAGE, "%s", t->config);
				if (!S_ISDIR(sb.st_mode))
					errx(XF_EXIT_USAGE, "%s: not a "
					    "directory", t->config);
			}
			return -1;
		}
		if (ch == KEY_HELP)
			help(t);
		if (ch == KEY_VERSION) {
			printf("%s (xf) %s\n", t->name, XF_VERSION);
			exit(fflush(stdout) == 0 ? XF_EXIT_OK : XF_EXIT_FATAL);
		}
		if (ch >= KEY_COMMON && ch < KEY_COMMON + (int)NCOMMON) {
			common_opt(t, (size_t)(ch - KEY_COMMON), optarg);
			continue;
		}
		if (ch == '?' || ch == ':')
			tool_usage(t);
		return ch;
	}
}

long
tool_number(const struct tool *t, const char *opt, const char *s, long min,
    long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < min || v > max) {
		warnx("%s: \"%s\" is not a whole number from %ld to %ld", opt,
		    s, min, max);
		tool_usage(t);
	}
	return v;
}

struct xf_db *
tool_open_db(struct tool *t, int readonly)
{
	struct xf_err e = { 0 };
	struct xf_db *db;
	const char *w;

	db = xf_db_open(t->db, readonly ? XF_DB_READ : t->dry_run ?
	    XF_DB_DRYRUN : XF_DB_WRITE, &e);
	if (db == NULL)
		errx(xf_err_exit(&e), "%s", e.msg);
	if ((w = xf_db_warning(db)) != NULL)
		warnx("%s", w);
	return db;
}

struct xf_out *
tool_output(struct tool *t)
{
	if (t->out == NULL && (t->out = xf_out_new(stdout, t->outflags)) ==
	    NULL)
		err(XF_EXIT_FATAL, NULL);
	return t->out;
}

/* ---- the rejects file ---------------------------------------------- */

/*
 * The absolute path path names, with its directory resolved (the last
 * component need not exist); NULL if the directory does not exist.
 */
static char *
abs_path(const char *path)
{
	char *d = strdup(path), *b = strdup(path), *dir, *out = NULL;
	char real[PATH_MAX];

	if (d == NULL || b == NULL)
		err(XF_EXIT_FATAL, NULL);
	if ((dir = realpath(dirname(d), real)) != NULL) {
		size_t n = strlen(real) + strlen(basename(b)) + 2;

		if ((out = malloc(n)) == NULL)
			err(XF_EXIT_FATAL, NULL);
		snprintf(out, n, "%s/%s", real, basename(b));
	}
	free(d);
	free(b);
	return out;
}

/* Do paths a and b name one file (by inode, or by resolved name)? */
static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	char *pa, *pb;
	int same;

	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	pa = abs_path(a);
	pb = abs_path(b);
	same = pa != NULL && pb != NULL && strcmp(pa, pb) == 0;
	free(pa);
	free(pb);
	return same;
}

/* The rejects file's temporary name while it exists, for an early exit. */
static const char *pending_tmp;

static void
rejects_atexit(void)
{
	if (pending_tmp != NULL)
		unlink(pending_tmp);
}

void
tool_rejects_open(struct tool *t, const char *const *inputs, int ninputs)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	const char *path = t->rejects_path;
	struct rejects *r;
	struct stat sb;
	char real[PATH_MAX], store[PATH_MAX + 16];
	size_t len;
	int fd;

	if (path == NULL)
		return;
	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
		/* Write through the link, so that it never goes stale. */
		if (realpath(path, real) == NULL)
			errx(XF_EXIT_USAGE, "--rejects %s: a symbolic link to "
			    "a file that does not exist", path);
		path = real;
	}
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		errx(XF_EXIT_USAGE, "--rejects %s: is a directory", path);
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		errx(XF_EXIT_USAGE, "--rejects %s: not a regular file", path);
	for (size_t i = 0; (t->common & TOOL_DB) &&
	    i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		snprintf(store, sizeof(store), "%s%s", t->db, sfx[i]);
		if (same_file(path, store))
			errx(XF_EXIT_USAGE, "--rejects %s: is the store%s%s; "
			    "name another file", t->rejects_path,
			    i ? "'s " : "", i ? sfx[i] + 1 : "");
	}
	for (int i = 0; i < ninputs; i++)
		if (strcmp(inputs[i], "-") != 0 && same_file(path, inputs[i]))
			errx(XF_EXIT_USAGE, "--rejects %s: is also an input; "
			    "write the rejects to another file (and read that "
			    "one next time)", t->rejects_path);
	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->path = strdup(path)) == NULL)
		err(XF_EXIT_FATAL, NULL);
	len = strlen(path) + sizeof(".XXXXXX");
	if ((r->tmp = malloc(len)) == NULL)
		err(XF_EXIT_FATAL, NULL);
	snprintf(r->tmp, len, "%s.XXXXXX", path);
	/*
	 * Made now, so that a path that cannot be written is a usage error
	 * before anything else happens, and removed by tool_rejects_close()
	 * or, on an early exit, by rejects_atexit().  Rejected rows carry
	 * personal data: mkstemp makes it 0600.
	 */
	if ((fd = mkstemp(r->tmp)) < 0 || (r->fp = fdopen(fd, "w")) == NULL)
		err(XF_EXIT_USAGE, "--rejects %s", t->rejects_path);
	if ((r->out = xf_out_new(r->fp, t->outflags & ~XF_OUT_BOM)) == NULL)
		err(XF_EXIT_FATAL, NULL);
	t->rej = r;
	pending_tmp = r->tmp;
	atexit(rejects_atexit);
}

int
tool_rejects_header(struct tool *t, size_t n, const char *const *names,
    char *msg, size_t msgsize)
{
	struct rejects *r = t->rej;

	if (r == NULL)
		return 0;
	if (r->hdr != NULL) {
		int same = n == r->nhdr;

		for (size_t i = 0; same && i < n; i++)
			same = strcmp(names[i], r->hdr[i]) == 0;
		if (!same)
			snprintf(msg, msgsize, "header differs from the first "
			    "file's; --rejects needs inputs with one header");
		return same ? 0 : -1;
	}
	if ((r->hdr = calloc(n + 1, sizeof(char *))) == NULL)
		err(XF_EXIT_FATAL, NULL);
	r->nhdr = n;
	for (size_t i = 0; i < n; i++) {
		if ((r->hdr[i] = strdup(names[i])) == NULL)
			err(XF_EXIT_FATAL, NULL);
		xf_out_cell(r->out, names[i]);
	}
	xf_out_cell(r->out, "line");
	xf_out_cell(r->out, "reason");
	xf_out_end(r->out);
	return 0;
}

/* Append len bytes of s to r->clean, or start it with them (!append). */
static void
clean_add(struct rejects *r, const char *s, size_t len, int append)
{
	size_t need;

	if (!append)
		r->clean.len = 0;
	need = r->clean.len + len + 1;
	if (need > r->clean.cap) {
		char *b = realloc(r->clean.s, need);

		if (b == NULL)
			err(XF_EXIT_FATAL, NULL);
		r->clean.s = b;
		r->clean.cap = need;
	}
	memcpy(r->clean.s + r->clean.len, s, len);
	r->clean.len += len;
}

/*
 * Copy s (len bytes) into r->clean as valid UTF-8: each invalid sequence
 * and each NUL becomes U+FFFD.  Returns what was replaced: 1 invalid
 * bytes, 2 NUL bytes (or both), 0 nothing (r->clean is then unused).
 */
static int
clean_field(struct rejects *r, const char *s, size_t len)
{
	int what = 0;
	size_t i = 0;

	if (xf_utf8_check(s, len) == len)
		return 0;
	r->clean.len = 0;
	while (i < len) {
		size_t ok = xf_utf8_check(s + i, len - i), need;

		need = r->clean.len + ok + 4;
		if (need > r->clean.cap) {
			char *b = realloc(r->clean.s, need * 2);

			if (b == NULL)
				err(XF_EXIT_FATAL, NULL);
			r->clean.s = b;
			r->clean.cap = need * 2;
		}
		memcpy(r->clean.s + r->clean.len, s + i, ok);
		r->clean.len += ok;
		i += ok;
		if (i >= len)
			break;
		what |= s[i] == '\0' ? 2 : 1;
		memcpy(r->clean.s + r->clean.len, "\xEF\xBF\xBD", 3);
		r->clean.len += 3;
		/* Skip the bad byte and any continuation bytes after it. */
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	return what;
}

void
tool_reject(struct tool *t, const char *file, long line,
    const struct xf_err *err, size_t n, const char *const *fields,
    const size_t *lens)
{
	struct rejects *r = t->rej;
	char reason[XF_ERRMAX + 256], raw[XF_ERRMAX + 256];
	size_t len;

	if (err->column[0])
		snprintf(raw, sizeof(raw), "%s: %s", err->column, err->msg);
	else
		snprintf(raw, sizeof(raw), "%s", err->msg);
	/* A value quoted from a column where it did not belong, too. */
	xf_mask_text(raw, reason, sizeof(reason));
	if (t->progress_shown) {
		fputc('\n', stderr);
		t->progress_shown = 0;
	}
	warnx("%s:%ld: %s", file, line, reason);
	if (r == NULL)
		return;
	/*
	 * Every field, even past the header; empty cells for missing.  A
	 * field that cannot be kept as read gets U+FFFD for what is lost, so
	 * that the row, fed back unfixed, is refused again.
	 */
	for (size_t i = 0; i < r->nhdr || i < n; i++) {
		const char *s = i < n ? fields[i] : "";
		size_t sl = i < n ? lens[i] : 0;
		int what = clean_field(r, s, sl);
		const char *name = i < r->nhdr ? r->hdr[i] : "(extra field)";
		/* The reader cut it at XF_FIELD_MAX (xf-csv(5)). */
		int cut = sl == XF_FIELD_MAX &&
		    strncmp(err->msg, "field longer than", 17) == 0;

		if (what == 0 && !cut) {
			xf_out_celln(r->out, s, sl);
			continue;
		}
		if (what == 0)
			clean_add(r, s, sl, 0);
		if (cut)
			clean_add(r, "\xEF\xBF\xBD", 3, 1);
		xf_out_celln(r->out, r->clean.s, r->clean.len);
		len = strlen(reason);
		if (what != 0)
			snprintf(reason + len, sizeof(reason) - len, "; %s is "
			    "kept here with its %s replaced by U+FFFD", name,
			    what == 3 ? "invalid and NUL bytes" : what == 2 ?
			    "NUL bytes" : "invalid bytes");
		len = strlen(reason);
		if (cut)
			snprintf(reason + len, sizeof(reason) - len, "; %s is "
			    "kept here cut after %d bytes, with U+FFFD where "
			    "it was cut", name, XF_FIELD_MAX);
	}
	xf_out_int(r->out, line);
	xf_out_cell(r->out, reason);
	xf_out_end(r->out);
}

/* The library callbacks that feed the rejects file; see tool.h. */
int
tool_on_header(void *arg, const char *file, size_t n,
    const char *const *names, char *msg, size_t msgsize)
{
	return tool_rejects_header(running, n, names, msg, msgsize) != 0;
}

void
tool_on_reject(void *arg, const char *file, long line, const struct xf_err *e,
    size_t n, const char *const *fields, const size_t *lens)
{
	tool_reject(running, file, line, e, n, fields, lens);
}

int
tool_rejects_close(struct tool *t)
{
	struct rejects *r = t->rej;
	int rc = 0;

	if (r == NULL)
		return 0;
	if (xf_out_free(r->out) < 0 || fclose(r->fp) != 0) {
		warn("--rejects %s", r->path);
		rc = -1;
	} else if (r->hdr == NULL) {
		/* No input got as far as its header: keep the old file. */
		if (access(r->path, F_OK) == 0)
			warnx("%s: left as it was, since no input was read",
			    r->path);
	} else if (rename(r->tmp, r->path) != 0) {
		warn("%s", r->path);
		rc = -1;
	}
	unlink(r->tmp);
	pending_tmp = NULL;
	for (size_t i = 0; i < r->nhdr; i++)
		free(r->hdr[i]);
	free(r->hdr);
	free(r->clean.s);
	free(r->tmp);
	free(r->path);
	free(r);
	t->rej = NULL;
	return rc;
}

void
tool_progress(struct tool *t, long long rows)
{
	fprintf(stderr, "\r%s: %lld rows", t->name, rows);
	t->progress_shown = 1;
}

int
tool_status(long long changed, long long settled, long long rejected,
    int fatal)
{
	if (fatal == XF_EXIT_FATAL)
		return changed > 0 ? XF_EXIT_REJECTS : XF_EXIT_FATAL;
	if (fatal != 0)
		return fatal;
	if (rejected > 0)
		return settled > 0 ? XF_EXIT_REJECTS : XF_EXIT_FATAL;
	return XF_EXIT_OK;
}

/* Did tool_finish() find the output or the rejects file not written? */
static int out_failed;

int
tool_finish(struct tool *t, int status)
{
	if (t->progress_shown) {
		fputc('\n', stderr);
		t->progress_shown = 0;
	}
	if (tool_rejects_close(t) < 0)
		status = XF_EXIT_FATAL, out_failed = 1;
	if (t->out != NULL) {
		int en = xf_out_error(t->out);

		if (xf_out_free(t->out) < 0 && en == 0)
			en = errno ? errno : EIO;
		t->out = NULL;
		if (fclose(stdout) != 0 && en == 0)
			en = errno ? errno : EIO;
		if (en != 0) {
			warnx("stdout: %s", strerror(en));
			status = XF_EXIT_FATAL;
			out_failed = 1;
		}
	} else if (fclose(stdout) != 0) {
		warn("stdout");
		status = XF_EXIT_FATAL;
		out_failed = 1;
	}
	return status;
}

const char **
tool_files(int argc, char **argv, int *n)
{
	static const char *stdin_only[] = { "-", NULL };

	if (optind < argc) {
		*n = argc - optind;
		return (const char **)argv + optind;
	}
	*n = 1;
	return stdin_only;
}

/* Did tool_run_files() stop on an error other than a file's input? */
static int run_stopped;

int
tool_run_files(const char **files, int n, void *op,
    int (*file)(void *, const char *, struct xf_err *),
    int (*finish)(void *, struct xf_err *))
{
	struct xf_err e = { 0 };
	int fatal = 0, stopped = 0;

	for (int i = 0; i < n && fatal == 0; i++) {
		char msg[XF_ERRMAX];

		if (file(op, files[i], &e) == 0)
			continue;
		warnx("%s", xf_mask_text(e.msg, msg, sizeof(msg)));
		if (e.code == XF_EINPUT)	/* the next file may do */
			stopped = 1;
		else
			fatal = xf_err_exit(&e);
	}
	if (fatal == 0 && finish(op, &e) < 0) {
		warnx("%s", e.msg);
		fatal = xf_err_exit(&e);
	}
	run_stopped = fatal != 0;
	if (fatal == 0 && stopped)
		fatal = XF_EXIT_FATAL;	/* a file stopped part-way */
	return fatal;
}

void
tool_run_stop(void)
{
	run_stopped = 1;
}

int
tool_run_finished(void)
{
	return !run_stopped && !out_failed;
}

int
tool_run_record(int status)
{
	if (run_stopped && (status == XF_EXIT_OK ||
	    status == XF_EXIT_REJECTS))
		return XF_EXIT_FATAL;
	return status;
}

int
tool_end(int status, int endrc, const struct xf_err *e)
{
	if (endrc >= 0)
		return status;
	warnx("%s", e->msg);
	if (status == XF_EXIT_OK || status == XF_EXIT_REJECTS)
		return xf_err_exit(e);
	return status;
}
