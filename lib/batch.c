/*
 * batch.c: writes in batches, output released after commit.
 *
 * Rows are applied in transactions of a set number of rows (BEGIN
 * IMMEDIATE each); the output rows of a batch are kept until it committed
 * and only then handed to the caller's emit function, so a tool never
 * prints a change that is not in the store.  The run is recorded by the
 * first batch, and its end by xf_batch_end() once the caller knows how the
 * run went.
 *
 * With xf_batch_defer(), a committed batch's rows are not emitted by the
 * thread that committed (the writer) but handed over, one batch at a time,
 * for xf_batch_drain() on another thread (the reader) to emit; the next
 * commit first waits for them to be emitted, and emits them itself if
 * nobody took them, so output failing still stops the run after the batch
 * in hand, and rows are still emitted in order.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

#define KEEP_BYTES	(1 << 20)	/* output kept for the next batch */

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

	/* xf_batch_defer(): a committed batch's rows, waiting for emit. */
	int defer;
	pthread_mutex_t mu;
	pthread_cond_t cv;	/* printing ended */
	struct pend *rpend;
	size_t nrpend, rpendcap;
	struct xf_buf rarena;
	const char **rv;	/* ncols pointers, for emit from rpend */
	int has_ready;		/* rpend holds rows nobody took yet */
	int printing;		/* a thread is emitting rpend */
	int out_failed;		/* emit said stop */
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
	if (b->defer) {
		pthread_cond_destroy(&b->cv);
		pthread_mutex_destroy(&b->mu);
	}
	free(b->pend);
	free(b->v);
	xf_buf_free(&b->arena);
	free(b->rpend);
	free(b->rv);
	xf_buf_free(&b->rarena);
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

/* Hand n rows to emit, v for their values; 1 when emit said stop. */
static int
emit_rows(struct xf_batch *b, const struct pend *pend, size_t n,
    const struct xf_buf *arena, const char **v)
{
	for (size_t i = 0; i < n; i++) {
		const struct pend *p = &pend[i];
		const char *s = arena->s + p->off;

		for (size_t k = 0; k < b->ncols; k++) {
			v[k] = s;
			s += strlen(s) + 1;
		}
		if (b->emit(b->arg, p->file, p->line, p->result, v) != 0)
			return 1;
	}
	return 0;
}

static int
out_error(struct xf_err *e)
{
	return xf_err_set(e, XF_EOUTPUT, "the output could not be written; "
	    "stopped");
}

/* Hand the committed rows to emit; -1 when emit said stop. */
static int
flush(struct xf_batch *b, struct xf_err *e)
{
	int stop = emit_rows(b, b->pend, b->npend, &b->arena, b->v);

	b->npend = 0;
	xf_buf_reset(&b->arena);
	return stop ? out_error(e) : 0;
}

/* Hand rows over rather than emit them; see the top of the file. */
int
xf_batch_defer(struct xf_batch *b)
{
	if ((b->rv = calloc(b->ncols + 1, sizeof(*b->rv))) == NULL)
		return -1;
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
	b->defer = 1;
	return 0;
}

/*
 * Emit the rows handed over, if they are waiting and no other thread
 * took them; -1 when emit said stop, now or before.
 */
int
xf_batch_drain(struct xf_batch *b, struct xf_err *e)
{
	int stop;

	if (!b->defer)
		return 0;
	pthread_mutex_lock(&b->mu);
	if (!b->has_ready || b->printing) {
		stop = b->out_failed;
		pthread_mutex_unlock(&b->mu);
		return stop ? out_error(e) : 0;
	}
	b->has_ready = 0;
	b->printing = 1;
	pthread_mutex_unlock(&b->mu);
	/* rpend is this thread's until printing ends. */
	stop = emit_rows(b, b->rpend, b->nrpend, &b->rarena, b->rv);
	b->nrpend = 0;
	xf_buf_reset(&b->rarena);
	/*
	 * Give a big batch's memory back rather than keep two batches' worth
	 * (the writer's and this): peak memory stays what it was.
	 */
	if (b->rarena.cap > KEEP_BYTES) {
		xf_buf_free(&b->rarena);
		free(b->rpend);
		b->rpend = NULL;
		b->rpendcap = 0;
	}
	pthread_mutex_lock(&b->mu);
	b->printing = 0;
	if (stop)
		b->out_failed = 1;
	stop = b->out_failed;
	pthread_cond_broadcast(&b->cv);
	pthread_mutex_unlock(&b->mu);
	return stop ? out_error(e) : 0;
}

/* 1 when rows handed over are waiting for xf_batch_drain(). */
int
xf_batch_ready(struct xf_batch *b)
{
	int r;

	if (!b->defer)
		return 0;
	pthread_mutex_lock(&b->mu);
	r = b->has_ready;
	pthread_mutex_unlock(&b->mu);
	return r;
}

/* 1 when emit said stop on rows handed over. */
int
xf_batch_out_failed(struct xf_batch *b)
{
	int r;

	if (!b->defer)
		return 0;
	pthread_mutex_lock(&b->mu);
	r = b->out_failed;
	pthread_mutex_unlock(&b->mu);
	return r;
}

/*
 * Before a commit: the rows handed over before are emitted (by this
 * thread if nobody took them, else waited for); -1 if that failed.
 */
static int
settle(struct xf_batch *b, struct xf_err *e)
{
	pthread_mutex_lock(&b->mu);
	while (b->printing)
		pthread_cond_wait(&b->cv, &b->mu);
	pthread_mutex_unlock(&b->mu);
	return xf_batch_drain(b, e);
}

/* After a commit: hand the batch's rows over (the others are emitted). */
static void
hand_over(struct xf_batch *b)
{
	struct pend *tp;
	size_t tcap;
	struct xf_buf ta;

	pthread_mutex_lock(&b->mu);
	/* Swap: the emptied buffers come back for the next batch. */
	tp = b->rpend;
	tcap = b->rpendcap;
	ta = b->rarena;
	b->rpend = b->pend;
	b->rpendcap = b->pendcap;
	b->nrpend = b->npend;
	b->rarena = b->arena;
	b->pend = tp;
	b->pendcap = tcap;
	b->npend = 0;
	b->arena = ta;
	xf_buf_reset(&b->arena);
	b->has_ready = b->nrpend > 0;
	pthread_mutex_unlock(&b->mu);
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
 * The batch committed: emit its rows, or hand them over (and, for the
 * final commit, made on the caller's thread, emit them now).
 */
static int
done(struct xf_batch *b, int final, struct xf_err *e)
{
	if (!b->defer)
		return flush(b, e);
	hand_over(b);
	return final ? xf_batch_drain(b, e) : 0;
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
	if (b->defer && settle(b, e) < 0) {
		xf_batch_abort(b);
		return -1;
	}
	if (b->dry_run) {
		if (final) {
			xf_db_rollback(b->db);
			b->in_tx = 0;
		}
		return done(b, final, e);
	}
	if (xf_db_commit(b->db, e) < 0) {
		b->in_tx = 0;
		xf_batch_abort(b);
		return -1;
	}
	b->in_tx = 0;
	b->run_saved = 1;
	return done(b, final, e);
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
xf_batch_end(struct xf_batch *b, int status, int finished,
    struct xf_err *e)
{
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
