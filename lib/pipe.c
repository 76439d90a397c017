/*
 * pipe.c: the reader/writer pipeline.
 *
 * The caller's thread reads and checks rows (no store access) and puts
 * them in a bounded queue of job slots; a writer thread applies them to
 * the store, in order.  Each slot holds its own copy of a row, so memory
 * stays flat, and the two cores of a small machine both work.  Each side
 * wakes the other only when it waits and there is a good amount to do, so
 * the threads do not trade a wake-up for every row.  When the writer has
 * output for the reader to write (ops.want), it wakes the reader, which
 * writes it (ops.drain) on its next turn or while it waits.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

#define QLEN	1024	/* job slots */
#define WAKE	128	/* jobs that make it worth waking the writer */

struct xf_pipe {
	struct xf_pipe_ops ops;
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t can_take, can_put;
	char *jobs;		/* QLEN slots of ops.jobsize bytes */
	int head, count;
	int eof;		/* the reader has put its last job */
	int writer_waits, reader_waits;
	int drain;		/* ops.want said so: the reader has output */
	int failed;		/* the writer stopped: err says why */
	struct xf_err err;
};

static void *
slot(struct xf_pipe *p, int i)
{
	return p->jobs + (size_t)(i % QLEN) * p->ops.jobsize;
}

/*
 * The writer thread: take the jobs waiting, all of them, apply them in
 * order without the lock, then hand their slots back.
 */
static void *
writer(void *arg)
{
	struct xf_pipe *p = arg;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct xf_err e = { 0 };
		int n, h, k, rc = 0;

		while (p->count == 0 && !p->eof) {
			p->writer_waits = 1;
			pthread_cond_wait(&p->can_take, &p->mu);
			p->writer_waits = 0;
		}
		if (p->count == 0)
			break;
		n = p->count;
		h = p->head;
		pthread_mutex_unlock(&p->mu);
		for (k = 0; k < n && rc == 0; k++)
			rc = p->ops.apply(p->ops.arg, slot(p, h + k), &e);
		/* What apply held back may point into the slots. */
		if (rc == 0 && p->ops.round)
			rc = p->ops.round(p->ops.arg, &e);
		if (p->ops.trim)
			for (int i = 0; i < k; i++)
				p->ops.trim(p->ops.arg, slot(p, h + i));
		pthread_mutex_lock(&p->mu);
		if (rc == 0 && p->ops.want && p->ops.want(p->ops.arg))
			p->drain = 1;
		if (rc < 0) {
			p->failed = 1;
			p->err = e;
			pthread_cond_signal(&p->can_put);
			break;
		}
		p->head = (h + n) % QLEN;
		p->count -= n;
		if (p->reader_waits)
			pthread_cond_signal(&p->can_put);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static void
pipe_free(struct xf_pipe *p)
{
	if (p->ops.release)
		for (int i = 0; i < QLEN; i++)
			p->ops.release(p->ops.arg, slot(p, i));
	pthread_cond_destroy(&p->can_put);
	pthread_cond_destroy(&p->can_take);
	pthread_mutex_destroy(&p->mu);
	free(p->jobs);
	free(p);
}

/* Start the writer; see xf-int.h.  xf_pipe_finish() frees the result. */
struct xf_pipe *
xf_pipe_start(const struct xf_pipe_ops *ops, struct xf_err *e)
{
	struct xf_pipe *p;

	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->jobs = calloc(QLEN, ops->jobsize)) == NULL) {
		free(p);
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	p->ops = *ops;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->can_take, NULL);
	pthread_cond_init(&p->can_put, NULL);
	if (pthread_create(&p->tid, NULL, writer, p) != 0) {
		pipe_free(p);
		xf_err_set(e, XF_ENOMEM, "cannot start the writer thread");
		return NULL;
	}
	return p;
}

/* Hand a row to the writer; see xf-int.h. */
int
xf_pipe_put(struct xf_pipe *p, const void *src, struct xf_err *e)
{
	void *j;
	int rc = 0;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		if (p->drain) {
			p->drain = 0;
			pthread_mutex_unlock(&p->mu);
			if (p->ops.drain(p->ops.arg, e) < 0)
				return -1;
			pthread_mutex_lock(&p->mu);
			continue;
		}
		if (p->count < QLEN || p->failed)
			break;
		p->reader_waits = 1;
		pthread_cond_wait(&p->can_put, &p->mu);
		p->reader_waits = 0;
	}
	if (p->failed) {
		pthread_mutex_unlock(&p->mu);
		return -1;
	}
	j = slot(p, p->head + p->count);
	pthread_mutex_unlock(&p->mu);
	/* The slot is past the writer's reach until count covers it. */
	if (p->ops.fill(p->ops.arg, j, src) < 0)
		rc = xf_err_set(e, XF_ENOMEM, "out of memory");
	pthread_mutex_lock(&p->mu);
	if (rc == 0) {
		p->count++;
		if (p->writer_waits && p->count >= WAKE)
			pthread_cond_signal(&p->can_take);
	}
	pthread_mutex_unlock(&p->mu);
	return rc;
}

/* Drain, join and free; see xf-int.h. */
int
xf_pipe_finish(struct xf_pipe *p, struct xf_err *e)
{
	int rc = 0;

	pthread_mutex_lock(&p->mu);
	p->eof = 1;
	pthread_cond_signal(&p->can_take);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->tid, NULL);
	if (p->failed) {
		*e = p->err;
		rc = -1;
	}
	pipe_free(p);
	return rc;
}
