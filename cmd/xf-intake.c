/*
 * xf-intake: register petitions from CSV into the store.
 */
#include <err.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xf.h"

struct ctx {
	struct xf_out *out;
	struct xf_out *rej;
	FILE *rejfp;
	char *rejtmp;		/* written here, renamed at the end */
	size_t ncol;		/* output columns */
	char **rejhdr;		/* header the rejects file was started with */
	size_t nrejhdr;
	int tty;
};

static void
usage(void)
{
	fprintf(stderr, "usage: xf-intake [--as-of DATE] [--bom] "
	    "[--config DIR] [--crlf] [--date-order mdy|dmy] [--db PATH] "
	    "[--dry-run] [--encoding ENC] "
	    "[--excel-safe] [--group-min N] [--history] [--map new=old] "
	    "[--rejects FILE] [--repeat-days N] [FILE ...]\n");
	exit(XF_EXIT_USAGE);
}

static int
posint(const char *s, const char *opt)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1 || v > 1000000) {
		warnx("%s: \"%s\" is not a whole number from 1 to 1000000",
		    opt, s);
		usage();
	}
	return (int)v;
}

static void
on_done(void *arg, const struct xf_intake_row *r)
{
	struct ctx *c = arg;

	for (size_t i = 0; i < c->ncol; i++)
		xf_out_cell(c->out, xf_row_col(r, i));
	xf_out_end(c->out);
}

static int
on_header(void *arg, const char *file, size_t n, const char *const *names,
    char *msg, size_t msgsize)
{
	struct ctx *c = arg;
	size_t m = n;

	if (c->rejfp == NULL)
		return 0;
	if (c->rejhdr != NULL) {
		int same = m == c->nrejhdr;

		for (size_t i = 0; same && i < m; i++)
			same = strcmp(names[i], c->rejhdr[i]) == 0;
		if (!same)
			snprintf(msg, msgsize, "header differs from the first "
			    "file's; --rejects needs inputs with one header");
		return !same;
	}
	c->rejhdr = calloc(m, sizeof(char *));
	if (c->rejhdr == NULL)
		err(XF_EXIT_FATAL, NULL);
	c->nrejhdr = m;
	for (size_t i = 0; i < m; i++) {
		c->rejhdr[i] = strdup(names[i]);
		xf_out_cell(c->rej, names[i]);
	}
	xf_out_cell(c->rej, "line");
	xf_out_cell(c->rej, "reason");
	xf_out_end(c->rej);
	(void)file;
	return 0;
}

static void
on_reject(void *arg, const struct xf_intake_row *r)
{
	struct ctx *c = arg;
	const struct xf_err *e = xf_row_error(r);
	char reason[XF_ERRMAX + 80];

	if (e->column[0])
		snprintf(reason, sizeof(reason), "%s: %s", e->column, e->msg);
	else
		snprintf(reason, sizeof(reason), "%s", e->msg);
	if (c->tty)
		fputc('\n', stderr);
	warnx("%s:%ld: %s", xf_row_file(r), xf_row_line(r), reason);
	if (c->rej == NULL)
		return;
	/*
	 * Every field of the row, even past the header (a row with too many
	 * fields keeps them all), and empty cells for missing ones.
	 */
	for (size_t i = 0; i < c->nrejhdr || i < xf_row_nraw(r); i++)
		xf_out_cell(c->rej, xf_row_raw(r, i));
	xf_out_int(c->rej, xf_row_line(r));
	xf_out_cell(c->rej, reason);
	xf_out_end(c->rej);
}

static void
on_progress(void *arg, long long rows)
{
	(void)arg;
	fprintf(stderr, "\rxf-intake: %lld rows", rows);
}

static size_t
ncolumns(void)
{
	size_t n = 0;

	while (xf_intake_columns()[n] != NULL)
		n++;
	return n;
}

/*
 * Open the rejects file: written beside path and renamed at the end, so
 * that it can also be this run's input.  Rejected rows carry personal
 * data, and mkstemp makes the file 0600.
 */
static void
rejects_open(struct ctx *c, const char *path, int flags)
{
	size_t len = strlen(path) + sizeof(".XXXXXX");
	int fd;

	if ((c->rejtmp = malloc(len)) == NULL)
		err(XF_EXIT_FATAL, NULL);
	snprintf(c->rejtmp, len, "%s.XXXXXX", path);
	if ((fd = mkstemp(c->rejtmp)) < 0 ||
	    (c->rejfp = fdopen(fd, "w")) == NULL)
		err(XF_EXIT_USAGE, "%s", path);
	c->rej = xf_out_new(c->rejfp, flags & XF_OUT_CRLF);
}

/* Is path one of the input files? */
static int
is_input(const char *path, const char **files, int nfiles)
{
	struct stat a, b;

	if (stat(path, &a) != 0)
		return 0;
	for (int i = 0; i < nfiles; i++)
		if (stat(files[i], &b) == 0 && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino)
			return 1;
	return 0;
}

/*
 * Finish the rejects file.  When the run stopped before reading every
 * input and the rejects file is one of them, it is left as it was, since
 * its unread rows are in no other place.  Returns 0 or -1.
 */
static int
rejects_close(struct ctx *c, const char *path, int complete,
    const char **files, int nfiles)
{
	int rc = 0;

	if (xf_out_free(c->rej) < 0 || fclose(c->rejfp) != 0) {
		warn("%s", path);
		rc = -1;
	} else if (!complete && is_input(path, files, nfiles)) {
		warnx("%s: left as it was, since not all of it was read",
		    path);
		unlink(c->rejtmp);
	} else if (rename(c->rejtmp, path) != 0) {
		warn("%s", path);
		rc = -1;
	}
	if (rc < 0)
		unlink(c->rejtmp);
	free(c->rejtmp);
	return rc;
}

/* Refuse bad options before a store is created. */
static void
check_options(const struct xf_intake_opts *o)
{
	struct xf_err e = { 0 };

	if (o->as_of != NULL) {
		struct xf_time t;

		if (xf_date_parse(o->as_of, XF_DATE_YMD, &t, &e) < 0)
			errx(XF_EXIT_USAGE, "--as-of: %s", e.msg);
	}
	for (size_t i = 0; i < o->nmaps; i++) {
		const char *eq = strchr(o->maps[i], '=');

		if (eq == NULL || eq == o->maps[i] || eq[1] == '\0')
			errx(XF_EXIT_USAGE, "--map %s: expected new=old",
			    o->maps[i]);
	}
	if (o->config_dir != NULL && *o->config_dir != '\0' &&
	    access(o->config_dir, R_OK | X_OK) != 0)
		err(XF_EXIT_USAGE, "%s", o->config_dir);
}

/*
 * Register every file and commit; returns the exit status, and in
 * *complete whether every input was read to its end and committed.
 */
static int
run_files(struct xf_intake *in, struct ctx *c, const char **files,
    int nfiles, int dry_run, int *complete)
{
	struct xf_err e = { 0 };
	int status = XF_EXIT_OK;

	*complete = 1;
	for (int i = 0; i < nfiles && status != XF_EXIT_BUSY; i++) {
		if (xf_intake_file(in, files[i], &e) == 0)
			continue;
		if (c->tty)
			fputc('\n', stderr);
		warnx("%s", e.msg);
		*complete = 0;
		if (e.code != XF_EINPUT) {
			status = xf_err_exit(&e);
			break;
		}
		status = XF_EXIT_FATAL;
	}
	if (status == XF_EXIT_OK || status == XF_EXIT_FATAL) {
		if (xf_intake_finish(in, &e) < 0) {
			*complete = 0;
			warnx("%s", e.msg);
			status = xf_err_exit(&e);
		}
	}
	if (c->tty && xf_intake_count(in, "read") >= 10000)
		fputc('\n', stderr);
	if (status == XF_EXIT_FATAL && !dry_run &&
	    xf_intake_count(in, "registered") + xf_intake_count(in, "repeat") +
	    xf_intake_count(in, "not-reaccepted") > 0)
		status = XF_EXIT_REJECTS;	/* some applied, some not */
	if (status == XF_EXIT_OK && xf_intake_count(in, "rejected") > 0)
		status = XF_EXIT_REJECTS;
	return status;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "batch", required_argument, NULL, 'B' },
		{ "bom", no_argument, NULL, 'b' },
		{ "config", required_argument, NULL, 'c' },
		{ "crlf", no_argument, NULL, 'C' },
		{ "date-order", required_argument, NULL, 'o' },
		{ "db", required_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "excel-safe", no_argument, NULL, 'x' },
		{ "group-min", required_argument, NULL, 'g' },
		{ "history", no_argument, NULL, 'H' },
		{ "map", required_argument, NULL, 'm' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "repeat-days", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	struct xf_intake_opts o = { 0 };
	struct xf_intake_cb cb = { 0 };
	struct ctx c = { 0 };
	struct xf_err e = { 0 };
	struct xf_db *db;
	struct xf_intake *in;
	const char *dbpath = getenv("XF_DB"), *rejects = NULL;
	const char *stdin_only[] = { "-" };
	const char **files;
	int ch, nfiles, flags = 0, status, complete;

	o.config_dir = getenv("XF_CONFIG");
	o.maps = calloc((size_t)argc, sizeof(char *));
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': o.as_of = optarg; break;
		case 'B': o.batch = posint(optarg, "--batch"); break;
		case 'b': flags |= XF_OUT_BOM; break;
		case 'c': o.config_dir = optarg; break;
		case 'C': flags |= XF_OUT_CRLF; break;
		case 'd': dbpath = optarg; break;
		case 'e': o.encoding = optarg; break;
		case 'g': o.group_min = posint(optarg, "--group-min"); break;
		case 'H': o.history = 1; break;
		case 'm': o.maps[o.nmaps++] = optarg; break;
		case 'n': o.dry_run = 1; break;
		case 'o':
			if (strcmp(optarg, "mdy") == 0)
				o.date_order = XF_DATE_MDY;
			else if (strcmp(optarg, "dmy") == 0)
				o.date_order = XF_DATE_DMY;
			else if (strcmp(optarg, "ymd") == 0)
				o.date_order = XF_DATE_YMD;
			else
				usage();
			break;
		case 'r': rejects = optarg; break;
		case 'R': o.repeat_days = posint(optarg, "--repeat-days"); break;
		case 'x': flags |= XF_OUT_EXCEL_SAFE; break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	files = argc > 0 ? (const char **)argv : stdin_only;
	nfiles = argc > 0 ? argc : 1;
	if (dbpath == NULL || *dbpath == '\0')
		dbpath = "xf.db";
	o.argc = argc + optind;
	o.argv = argv - optind;
	c.tty = isatty(STDERR_FILENO);

	check_options(&o);
	if ((db = xf_db_open(dbpath, &e)) == NULL)
		errx(xf_err_exit(&e), "%s", e.msg);
	c.out = xf_out_new(stdout, flags);
	cb.arg = &c;
	cb.done = on_done;
	cb.reject = on_reject;
	cb.header = on_header;
	if (c.tty)
		cb.progress = on_progress;
	if ((in = xf_intake_new(db, &o, &cb, &e)) == NULL)
		errx(xf_err_exit(&e), "%s", e.msg);
	if (rejects != NULL)
		rejects_open(&c, rejects, flags);
	c.ncol = ncolumns();
	xf_out_row(c.out, xf_intake_columns(), c.ncol);
	status = run_files(in, &c, files, nfiles, o.dry_run, &complete);
	xf_intake_free(in);
	xf_db_close(db);
	/*
	 * Output that could not be written is fatal whatever else happened:
	 * the store may hold rows that nobody was told of (a re-run lists
	 * them as duplicates).
	 */
	if (c.rej && rejects_close(&c, rejects, complete, files, nfiles) < 0)
		status = XF_EXIT_FATAL;
	if (xf_out_free(c.out) < 0 || fclose(stdout) != 0) {
		warn("stdout");
		status = XF_EXIT_FATAL;
	}
	for (size_t i = 0; i < c.nrejhdr; i++)
		free(c.rejhdr[i]);
	free(c.rejhdr);
	free(o.maps);
	return status;
}
