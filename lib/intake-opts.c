/*
 * intake-opts.c: setting up an intake run: its options (--map, --value,
 * --set, --force-set) and configuration checked and loaded before any
 * store is opened, and freeing it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intake-int.h"

#define DEFAULT_BATCH	100000

void
xf_intake_free(struct xf_intake *in)
{
	if (in == NULL)
		return;
	xf_batch_free(in->batch);
	xf_cases_free(in->cases);
	xf_config_free(in->cfg);
	xf_idmap_free(in->idmap);
	for (size_t i = 0; i < in->ncol; i++)
		free(in->hdr[i]);
	free(in->hdr);
	free(in->colfield);
	for (size_t i = 0; i < in->o.nmaps; i++) {
		free(in->maps_new[i]);
		free(in->maps_old[i]);
	}
	free(in->maps_new);
	free(in->maps_old);
	free(in->maps_field);
	free(in->maps_col);
	for (int f = 0; f < NFIELD; f++)
		free(in->setval[f]);
	xf_values_free(in->values);
	for (size_t i = 0; in->xkey && i < in->ncol; i++)
		free(in->xkey[i]);
	free(in->xkey);
	xf_buf_free(&in->xval);
	xf_buf_free(&in->extra);
	xf_buf_free(&in->key);
	xf_buf_free(&in->row);
	free(in->rejraw);
	free(in->rejlen);
	free(in->late);
	xf_buf_free(&in->lateval);
	for (size_t i = 0; i < in->nnames; i++)
		free(in->names[i]);
	free(in->names);
	free(in);
}

/*
 * Read the --value options ("COLUMN:FROM=TO") into a map of their own,
 * which wins over values.csv.  The column is everything before the first
 * ':', the word after the last '=', so a word may hold either.
 */
static int
values_opts(struct xf_intake *in, const struct xf_intake_opts *o,
    struct xf_err *e)
{
	if (o->nvalues == 0)
		return 0;
	if ((in->values = xf_values_new()) == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	for (size_t i = 0; i < o->nvalues; i++) {
		const char *s = o->values[i], *colon = strchr(s, ':');
		const char *eq = strrchr(s, '=');
		char col[128], *from;
		int rc;

		if (colon == NULL || colon == s || eq == NULL || eq < colon ||
		    (size_t)(colon - s) >= sizeof(col))
			return xf_err_set(e, XF_ECONFIG, "--value %s: expected "
			    "col:from=to", s);
		snprintf(col, sizeof(col), "%.*s", (int)(colon - s), s);
		if ((from = strndup(colon + 1, (size_t)(eq - colon - 1))) ==
		    NULL)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		rc = xf_values_add(in->values, col, from, eq + 1, 0, e);
		free(from);
		if (rc < 0) {
			char msg[XF_ERRMAX], what[64];

			snprintf(msg, sizeof(msg), "%s", e->msg);
			snprintf(what, sizeof(what), "%s", e->column);
			return xf_err_set(e, e->code, "--value %s: %s: %s", s,
			    what, msg);
		}
	}
	return 0;
}

/* The word a map gives s in field f; see intake-int.h. */
const char *
xf_intake_mapped(const struct xf_intake *in, int f, const char *s)
{
	const char *w;

	if ((w = xf_values_map(in->values, f, s)) != NULL)
		return w;
	return xf_values_map(in->cfvalues, f, s);
}

/*
 * Read one --set or --force-set ("COLUMN=VALUE"): the column must be one
 * of xf-csv(5), given a value once, and a word of a closed vocabulary must
 * be one (after the word maps), so that a typo is found before any row.
 */
static int
set_opt(struct xf_intake *in, const char *opt, const char *s, int force,
    const char **given, struct xf_err *e)
{
	const char *eq = strchr(s, '='), *b, *end, *w;
	char col[128], norm[128], list[400];
	int f, voc;

	if (eq == NULL || eq == s || (size_t)(eq - s) >= sizeof(col))
		return xf_err_set(e, XF_ECONFIG, "%s %s: expected col=value",
		    opt, s);
	snprintf(col, sizeof(col), "%.*s", (int)(eq - s), s);
	xf_header_norm(col, norm, sizeof(norm));
	if ((f = xf_field_of(norm)) < 0)
		return xf_err_set(e, XF_ECONFIG, "%s %s: \"%s\" is no column "
		    "of xf-intake (see xf-csv(5))", opt, s, col);
	if (f == F_SOURCE_REF)
		return xf_err_set(e, XF_ECONFIG, "%s %s: every row would have "
		    "the same source_ref, and all but the first would be "
		    "duplicates", opt, s);
	if (given[f] != NULL)
		return xf_err_set(e, XF_ECONFIG, "%s %s: %s already has a "
		    "value (%s %s)", opt, s, xf_field_name(f),
		    in->setforce[f] ? "--force-set" : "--set", given[f]);
	b = eq + 1;
	end = b + strlen(b);
	xf_trim(&b, &end);
	if (b == end)
		return xf_err_set(e, XF_ECONFIG, "%s %s: empty value", opt, s);
	if ((in->setval[f] = strndup(b, (size_t)(end - b))) == NULL)
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	voc = xf_values_vocab(xf_field_name(f), NULL);
	w = xf_intake_mapped(in, f, in->setval[f]);
	if (w == NULL)
		w = in->setval[f];
	if (voc >= 0 && voc != XF_VOCAB_OPINION && xf_vocab_norm(voc, w) ==
	    NULL)
		return xf_err_set(e, XF_ECONFIG, "%s %s: unknown %s \"%s\" "
		    "(accepted: %s; or map it with values.csv or --value "
		    "%s:%s=WORD; see xf-csv(5))", opt, s, xf_vocab_name(voc),
		    in->setval[f], xf_vocab_list(voc, list, sizeof(list)),
		    xf_field_name(f), in->setval[f]);
	in->setforce[f] = force;
	in->setlist[in->nset++] = f;
	given[f] = s;
	return 0;
}

/* The fixed values and word maps of the options; see xf_intake_new. */
static int
values_setup(struct xf_intake *in, const struct xf_intake_opts *o,
    struct xf_err *e)
{
	const char *given[NFIELD] = { 0 };

	in->cfvalues = xf_config_values(in->cfg);
	if (values_opts(in, o, e) < 0)
		return -1;
	for (int f = 0; f < NFIELD; f++)
		if (xf_values_count(in->values, f) +
		    xf_values_count(in->cfvalues, f) > 0)
			in->mapfield[in->nmapfield++] = f;
	for (size_t i = 0; i < o->nsets; i++)
		if (set_opt(in, "--set", o->sets[i], 0, given, e) < 0)
			return -1;
	for (size_t i = 0; i < o->nforce_sets; i++)
		if (set_opt(in, "--force-set", o->force_sets[i], 1, given,
		    e) < 0)
			return -1;
	return 0;
}

/*
 * Prepare an intake run; see xf.h.
 */
struct xf_intake *
xf_intake_new(const struct xf_intake_opts *o, const struct xf_intake_cb *cb,
    struct xf_err *e)
{
	struct xf_intake *in;

	if ((in = calloc(1, sizeof(*in))) == NULL) {
		xf_err_set(e, XF_ENOMEM, "out of memory");
		return NULL;
	}
	in->o = *o;
	if (cb)
		in->cb = *cb;
	if (in->o.batch <= 0)
		in->o.batch = DEFAULT_BATCH;
	if (in->o.group_min <= 0)
		in->o.group_min = 5;
	if (in->o.repeat_days <= 0)
		in->o.repeat_days = 365;
	in->maps_new = calloc(o->nmaps + 1, sizeof(char *));
	in->maps_old = calloc(o->nmaps + 1, sizeof(char *));
	in->maps_field = calloc(o->nmaps + 1, sizeof(int));
	in->maps_col = calloc(o->nmaps + 1, sizeof(int));
	if (in->maps_new == NULL || in->maps_old == NULL ||
	    in->maps_field == NULL || in->maps_col == NULL) {
		in->o.nmaps = 0;
		xf_err_set(e, XF_ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < o->nmaps; i++) {
		const char *eq = strchr(o->maps[i], '=');
		char buf[128], norm[128];

		if (eq == NULL || eq == o->maps[i] || eq[1] == '\0') {
			xf_err_set(e, XF_ECONFIG, "--map %s: expected new=old",
			    o->maps[i]);
			in->o.nmaps = i;
			goto fail;
		}
		snprintf(buf, sizeof(buf), "%.*s", (int)(eq - o->maps[i]),
		    o->maps[i]);
		in->maps_new[i] = strdup(buf);
		in->maps_old[i] = strdup(eq + 1);
		/* A map cannot go wrong quietly: its target must be a column
		 * of xf-csv(5), named by one map only. */
		xf_header_norm(buf, norm, sizeof(norm));
		if ((in->maps_field[i] = xf_field_of(norm)) < 0) {
			in->o.nmaps = i + 1;
			xf_err_set(e, XF_ECONFIG, "--map %s: \"%s\" is no "
			    "column of xf-intake (see xf-csv(5))", o->maps[i],
			    buf);
			goto fail;
		}
		for (size_t k = 0; k < i; k++)
			if (in->maps_field[k] == in->maps_field[i]) {
				in->o.nmaps = i + 1;
				xf_err_set(e, XF_ECONFIG, "--map %s: %s is "
				    "already read from \"%s\" (--map %s)",
				    o->maps[i], xf_field_name(
				    in->maps_field[i]), in->maps_old[k],
				    o->maps[k]);
				goto fail;
			}
	}
	if (o->as_of) {
		if (xf_date_parse(o->as_of, XF_DATE_YMD, &in->asof, e) < 0) {
			xf_err_set(e, XF_ECONFIG, "--as-of: invalid date \"%s\"",
			    o->as_of);
			goto fail;
		}
		if (in->asof.sec < 0)
			in->asof.sec = 86399;	/* the whole day counts */
	} else
		xf_time_now(&in->asof);
	xf_time_fmt(&in->asof, in->asof_text);
	xf_date_fmt(in->asof.day, in->asof_day);
	if ((in->cfg = xf_config_load(o->config_dir, XF_CONFIG_RULES |
	    XF_CONFIG_UNITS_IF | XF_CONFIG_VALUES, e)) == NULL)
		goto fail;
	if (values_setup(in, o, e) < 0)
		goto fail;
	in->units = xf_config_units(in->cfg);
	in->cal = xf_config_cal(in->cfg);
	in->rules = xf_config_rules(in->cfg);
	in->limits = xf_config_limits(in->cfg);
	if (o->encoding && xf_encoding_check(o->encoding, e) < 0)
		goto fail;
	return in;
fail:
	xf_intake_free(in);
	return NULL;
}
