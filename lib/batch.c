/*
 * batch.c: writes in batches, output released after commit.
 *
 * Rows are applied in transactions of a set number of rows (BEGIN
 * IMMEDIATE each); the output rows of a batch are kept until it committed
 * and only then handed to the caller's emit function, so a tool never
 * prints a change that is not in the store.  The run is recorded by the
 * first batch, and its end by xf_batch_end() once the caller knows how the
 * run went.
 */
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

/* An output row waiting for its batch to commit. */
struct pend {
	long line;
	const char *file;	/* borrowed from the caller; see xf-int.h */
	const char *result;	/* a static string */
	size_t off;		/* its values in the arena, ncols of them */
};

struct xf_batch {
	struct xf_db *db;
	const char *tool, *as_of, *actor;
	int argc;
	char **argv;
	int size, dry_run;
	size_t ncols;
	xf_emit_fn emit;
	void *arg;
	int (*hook)(void *, struct xf_err *);	/* before a commit */
	void *hook_arg;

	long long run;
	int run_saved;		/* the runs row is committed */
	int in_tx;
	long rows_in_tx;
	char now[24];		/* wall clock at the start of the batch */

	struct pend *pend;
	size_t npend, pendcap;
	struct xf_buf arena;	/* NUL-terminated values, one after another */
	const char **v;		/* ncols pointers, for emit */
};

/* See xf-int.h.  The strings given must outlive the batch. */
struct xf_batch *
xf_batch_new(struct xf_db *db, const char *tool, const char *as_of,
    const char *actor, int argc, char **argv, int size, int dry_run,
    size_t ncols, xf_emit_fn emit, void *arg)
{
	struct xf_batch *b;

	if ((b = calloc(1, sizeof(*b))) == NULL ||
	    (b->v = calloc(ncols + 1, sizeof(*b->v))) == NULL) {
		free(b);
		return NULL;
	}
	b->db = db;
	b->tool = tool;
	b->as_of = as_of;
	b->actor = actor;
	b->argc = argc;
	b->argv = argv;
	b->size = size > 0 ? size : 100000;
	b->dry_run = dry_run;
	b->ncols = ncols;
	b->emit = emit;
	b->arg = arg;
	return b;
}

void
xf_batch_free(struct xf_batch *b)
{
	if (b == NULL)
		return;
	if (b->in_tx)
		xf_db_rollback(b->db);
	free(b->pend);
	free(b->v);
	xf_buf_free(&b->arena);
	free(b);
}

void
xf_batch_hook(struct xf_batch *b, int (*fn)(void *, struct xf_err *),
    void *arg)
{
	b->hook = fn;
	b->hook_arg = arg;
}

long long
xf_batch_run(const struct xf_batch *b)
{
	return b->run;
}

const char *
xf_batch_now(const struct xf_batch *b)
{
	return b->now;
}

/* Start a transaction if none is open; see xf-int.h. */
int
xf_batch_begin(struct xf_batch *b, struct xf_err *e)
{
	if (b->in_tx)
		return 0;
	if (xf_db_begin(b->db, e) < 0)
		return -1;
	b->in_tx = 1;
	b->rows_in_tx = 0;
	xf_now_text(b->now, sizeof(b->now));
	if (b->run == 0) {
		b->run = xf_db_run_start(b->db, b->tool, b->as_of, b->actor,
		    b->argc, b->argv, e);
		if (b->run < 0) {
			xf_db_rollback(b->db);
			b->in_tx = 0;
			b->run = 0;
			return -1;
		}
	}
	return 1;
}

/* Queue an output row; see xf-int.h. */
int
xf_batch_pend(struct xf_batch *b, const char *file, long line,
    const char *result, const char *const *v)
{
	struct pend *p;

	if (b->npend == b->pendcap) {
		size_t cap = b->pendcap ? b->pendcap * 2 : 256;
		struct pend *np = realloc(b->pend, cap * sizeof(*np));

		if (np == NULL)
			return -1;
		b->pend = np;
		b->pendcap = cap;
	}
	p = &b->pend[b->npend++];
	p->line = line;
	p->file = file;
	p->result = result;
	p->off = b->arena.len;
	/* Each value with its NUL, in one copy. */
	for (size_t k = 0; k < b->ncols; k++) {
		const char *s = v[k] ? v[k] : "";

		if (xf_buf_add(&b->arena, s, strlen(s) + 1) < 0)
			return -1;
	}
	return 0;
}

/* Hand the committed rows to emit; -1 when emit said stop. */
static int
flush(struct xf_batch *b, struct xf_err *e)
{
	int stop = 0;

	for (size_t i = 0; i < b->npend && !stop; i++) {
		struct pend *p = &b->pend[i];
		const char *s = b->arena.s + p->off;

		for (size_t k = 0; k < b->ncols; k++) {
			b->v[k] = s;
			s += strlen(s) + 1;
		}
		if (b->emit(b->arg, p->file, p->line, p->result, b->v) != 0)
			stop = 1;
	}
	b->npend = 0;
	xf_buf_reset(&b->arena);
	if (stop)
		return xf_err_set(e, XF_EOUTPUT, "the output could not be "
		    "written; stopped");
	return 0;
}

/* Roll back what is open and drop its rows; see xf-int.h. */
void
xf_batch_abort(struct xf_batch *b)
{
	if (b->in_tx) {
		xf_db_rollback(b->db);
		b->in_tx = 0;
	}
	b->npend = 0;
	xf_buf_reset(&b->arena);
	/* A rolled-back first batch took its runs row with it. */
	if (!b->run_saved)
		b->run = 0;
}

/*
 * Commit the open batch and emit its rows.  A dry run keeps one
 * transaction for the whole run, emits as it goes, and rolls back at the
 * end (final).
 */
static int
commit(struct xf_batch *b, int final, struct xf_err *e)
{
	if (!b->in_tx)
		return 0;
	if (b->hook && b->hook(b->hook_arg, e) < 0) {
		xf_batch_abort(b);
		return -1;
	}
	if (b->dry_run) {
		if (final) {
			xf_db_rollback(b->db);
			b->in_tx = 0;
		}
		return flush(b, e);
	}
	if (xf_db_commit(b->db, e) < 0) {
		b->in_tx = 0;
		xf_batch_abort(b);
		return -1;
	}
	b->in_tx = 0;
	b->run_saved = 1;
	return flush(b, e);
}

/* One row applied; see xf-int.h. */
int
xf_batch_step(struct xf_batch *b, struct xf_err *e)
{
	if (++b->rows_in_tx < b->size)
		return 0;
	b->rows_in_tx = 0;
	return commit(b, 0, e);
}

int
xf_batch_commit(struct xf_batch *b, struct xf_err *e)
{
	return commit(b, 1, e);
}

/* Record how the run ended; see xf_intake_end() in xf.h. */
int
xf_batch_end(struct xf_batch *b, int status, struct xf_err *e)
{
	int finished = status == XF_EXIT_OK || status == XF_EXIT_REJECTS;

	if (b->dry_run || !b->run_saved)
		return 0;
	if (b->in_tx) {
		xf_db_rollback(b->db);
		b->in_tx = 0;
	}
	if (xf_db_begin(b->db, e) < 0)
		return -1;
	if (xf_db_run_finish(b->db, b->run, status, finished, e) < 0) {
		xf_db_rollback(b->db);
		return -1;
	}
	return xf_db_commit(b->db, e);
}
