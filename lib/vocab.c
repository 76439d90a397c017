/*
 * vocab.c: every closed vocabulary of the toolkit (channels, police levels,
 * statuses, triage decisions, reply opinions, evaluations, review outcomes,
 * lifecycle events, yes and no) and the words, English and Chinese,
 * accepted for each.  The first word of each canonical value in a table is
 * the canonical word itself, and the first Chinese word after it is the
 * label shown to people.
 *
 * Also the word maps (values.csv, --value) that read another system's
 * words as these.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-int.h"

struct word {
	const char	*word;
	const char	*canon;
};

static const struct word channels[] = {
	{ "letter", "letter" },
	{ "mail", "letter" },
	{ "post", "letter" },
	{ "来信", "letter" },
	{ "信件", "letter" },
	{ "书信", "letter" },
	{ "visit", "visit" },
	{ "walk-in", "visit" },
	{ "walkin", "visit" },
	{ "来访", "visit" },
	{ "走访", "visit" },
	{ "上访", "visit" },
	{ "phone", "phone" },
	{ "call", "phone" },
	{ "telephone", "phone" },
	{ "来电", "phone" },
	{ "电话", "phone" },
	{ "online", "online" },
	{ "web", "online" },
	{ "internet", "online" },
	{ "email", "online" },
	{ "e-mail", "online" },
	{ "mailbox", "online" },
	{ "网上信访", "online" },
	{ "网上", "online" },
	{ "网信", "online" },
	{ "局长信箱", "online" },
	{ "网络", "online" },
	{ "fax", "fax" },
	{ "传真", "fax" },
	{ "hotline-12345", "hotline-12345" },
	{ "hotline", "hotline-12345" },
	{ "12345", "hotline-12345" },
	{ "12345热线", "hotline-12345" },
	{ "政务热线", "hotline-12345" },
	{ "platform-12337", "platform-12337" },
	{ "12337平台", "platform-12337" },
	{ "12337", "platform-12337" },
	{ "handed-down", "handed-down" },
	{ "transferred", "handed-down" },
	{ "assigned", "handed-down" },
	{ "上级交办", "handed-down" },
	{ "交办", "handed-down" },
	{ "转送", "handed-down" },
	{ "上级转送", "handed-down" },
	/*
	 * For an export whose channel is not one of the above, or unknown:
	 * only a word map or --set gives it, never an empty field.
	 */
	{ "other", "other" },
	{ "其他", "other" },
	{ "其它", "other" },
	{ NULL, NULL }
};

static const struct word levels[] = {
	{ "ministry", "ministry" },
	{ "部", "ministry" },
	{ "公安部", "ministry" },
	{ "部级", "ministry" },
	{ "province", "province" },
	{ "provincial", "province" },
	{ "省", "province" },
	{ "省厅", "province" },
	{ "省级", "province" },
	{ "省公安厅", "province" },
	{ "city", "city" },
	{ "municipal", "city" },
	{ "市", "city" },
	{ "市局", "city" },
	{ "市级", "city" },
	{ "市公安局", "city" },
	{ "district", "district" },
	{ "county", "district" },
	{ "分局", "district" },
	{ "县局", "district" },
	{ "区", "district" },
	{ "县", "district" },
	{ "区县", "district" },
	{ "县级", "district" },
	{ "区级", "district" },
	{ "station", "station" },
	{ "police-station", "station" },
	{ "派出所", "station" },
	{ "所", "station" },
	{ "brigade", "brigade" },
	{ "大队", "brigade" },
	{ "队", "brigade" },
	{ NULL, NULL }
};

static const struct {
	const char	*level;
	int		 rank;
} ranks[] = {
	{ "ministry", 5 },
	{ "province", 4 },
	{ "city", 3 },
	{ "district", 2 },
	{ "station", 1 },
	{ "brigade", 1 },
	{ NULL, 0 }
};

static const struct {
	const char	*word;
	int		 val;
} bools[] = {
	{ "1", 1 }, { "0", 0 },
	{ "yes", 1 }, { "no", 0 },
	{ "y", 1 }, { "n", 0 },
	{ "true", 1 }, { "false", 0 },
	{ "是", 1 }, { "否", 0 },
	{ "有", 1 }, { "无", 0 },
	{ NULL, 0 }
};

/*
 * 1 if [b, end) equals w, ignoring the case of ASCII letters and taking
 * '_' and ' ' in the text as '-'.
 */
static int
same(const char *b, const char *end, const char *w)
{
	for (; b < end && *w != '\0'; b++, w++) {
		int x = (unsigned char)*b;

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		else if (x == '_' || x == ' ')
			x = '-';
		if (x != (unsigned char)*w)
			return 0;
	}
	return b == end && *w == '\0';
}

static const char *
lookup(const struct word *tab, const char *s)
{
	const char *b, *end;
	int i;

	if (s == NULL)
		return NULL;
	b = s;
	end = s + strlen(s);
	xf_trim(&b, &end);
	for (i = 0; tab[i].word != NULL; i++)
		if (same(b, end, tab[i].word))
			return tab[i].canon;
	return NULL;
}

/*
 * The canonical channel (letter, visit, phone, online, fax, hotline-12345,
 * platform-12337, handed-down, other) for the word s, English in any case or
 * Chinese, surrounding blanks ignored; NULL if s names no channel.
 */
const char *
xf_channel_norm(const char *s)
{
	return lookup(channels, s);
}

/*
 * The canonical police level (ministry, province, city, district,
 * station, brigade) for the word s, English in any case or Chinese, surrounding
 * blanks ignored; NULL if s names no level.
 */
const char *
xf_level_norm(const char *s)
{
	return lookup(levels, s);
}

/*
 * The rank of a level: ministry 5, province 4, city 3, district 2,
 * station and brigade 1; any word xf_level_norm knows is taken; 0 for anything else.
 */
int
xf_level_rank(const char *level)
{
	const char *c;
	int i;

	if ((c = xf_level_norm(level)) == NULL)
		return 0;
	for (i = 0; ranks[i].level != NULL; i++)
		if (strcmp(c, ranks[i].level) == 0)
			return ranks[i].rank;
	return 0;
}

/*
 * 1 for a yes word (1, yes, y, true, 是, 有), 0 for a no word (0, no, n,
 * false, 否, 无), English in any case, surrounding blanks ignored; -1 for
 * an empty string, NULL or anything else.
 */
int
xf_bool_parse(const char *s)
{
	const char *b, *end;
	int i;

	if (s == NULL)
		return -1;
	b = s;
	end = s + strlen(s);
	xf_trim(&b, &end);
	for (i = 0; bools[i].word != NULL; i++)
		if (same(b, end, bools[i].word))
			return bools[i].val;
	return -1;
}

/* The date order named s; see xf.h. */
int
xf_date_order(const char *s)
{
	if (strcmp(s, "ymd") == 0)
		return XF_DATE_YMD;
	if (strcmp(s, "mdy") == 0)
		return XF_DATE_MDY;
	if (strcmp(s, "dmy") == 0)
		return XF_DATE_DMY;
	return -1;
}

/* ---- statuses and triage ---------------------------------------------- */

static const struct word statuses[] = {
	{ "registered", "registered" }, { "登记", "registered" },
	{ "待受理", "registered" },
	{ "accepted", "accepted" }, { "受理", "accepted" },
	{ "已受理", "accepted" },
	{ "assigned", "assigned" }, { "交办", "assigned" },
	{ "办理中", "assigned" }, { "在办", "assigned" },
	{ "extended", "assigned" }, { "延期", "assigned" },
	{ "closed", "closed" }, { "replied", "closed" },
	{ "办结", "closed" }, { "已办结", "closed" },
	{ "答复", "closed" }, { "已答复", "closed" },
	{ "review", "review" }, { "复查", "review" },
	{ "re-review", "re-review" }, { "rereview", "re-review" },
	{ "复核", "re-review" },
	{ "terminated", "terminated" }, { "终结", "terminated" },
	{ "forwarded", "forwarded" }, { "转送", "forwarded" },
	{ "referred", "referred" }, { "告知", "referred" },
	{ "not-accepted", "not-accepted" }, { "不予受理", "not-accepted" },
	{ "not-reaccepted", "not-reaccepted" }, { "不再受理", "not-reaccepted" },
	{ NULL, NULL }
};

static const struct word satisfactions[] = {
	{ "satisfied", "satisfied" }, { "满意", "satisfied" },
	{ "basically-satisfied", "basically-satisfied" },
	{ "基本满意", "basically-satisfied" },
	{ "dissatisfied", "dissatisfied" }, { "unsatisfied", "dissatisfied" },
	{ "不满意", "dissatisfied" },
	{ "not-evaluated", "" }, { "未评价", "" },
	{ NULL, NULL }
};

/* Triage decisions and the status each leaves a matter in. */
static const struct {
	const char *disposition, *status;
} triage[] = {
	{ "accept", "accepted" }, { "forward", "forwarded" },
	{ "refer", "referred" }, { "not-accept", "not-accepted" },
	{ "not-accept", "not-reaccepted" },
};

/*
 * The canonical status (registered, accepted, assigned, closed, review,
 * re-review, terminated, forwarded, referred, not-accepted,
 * not-reaccepted) for s, English in any case or Chinese; NULL if none.
 */
const char *
xf_status_norm(const char *s)
{
	return lookup(statuses, s);
}

/*
 * The canonical evaluation (satisfied, basically-satisfied,
 * dissatisfied; "" for not evaluated) for s; NULL if none.
 */
const char *
xf_satisfaction_norm(const char *s)
{
	return lookup(satisfactions, s);
}

/* The status a triage decision leaves a matter in. */
const char *
xf_disposition_status(const char *d)
{
	for (size_t i = 0; i < sizeof(triage) / sizeof(triage[0]); i++)
		if (strcmp(d, triage[i].disposition) == 0)
			return triage[i].status;
	return "accepted";
}

/*
 * The triage a status implies: its own for a triage status, "" (none yet)
 * for registered, and accept for every later step of handling.
 */
const char *
xf_status_disposition(const char *status)
{
	for (size_t i = 0; i < sizeof(triage) / sizeof(triage[0]); i++)
		if (strcmp(status, triage[i].status) == 0)
			return triage[i].disposition;
	return strcmp(status, "registered") == 0 ? "" : "accept";
}

/* Is a matter of this status still being handled? */
int
xf_status_open(const char *status)
{
	static const char *const open[] = { "registered", "accepted",
	    "assigned", "review", "re-review" };

	for (size_t i = 0; i < sizeof(open) / sizeof(open[0]); i++)
		if (strcmp(status, open[i]) == 0)
			return 1;
	return 0;
}

/* ---- the other closed vocabularies ------------------------------------ */

static const struct word dispositions[] = {
	{ "accept", "accept" }, { "受理", "accept" },
	{ "forward", "forward" }, { "转送", "forward" }, { "转办", "forward" },
	{ "refer", "refer" }, { "告知", "refer" },
	{ "not-accept", "not-accept" }, { "不予受理", "not-accept" },
	{ "reject", "not-accept" },
	{ NULL, NULL }
};

/* The opinion of a reply (处理意见). */
static const struct word opinions[] = {
	{ "support", "support" }, { "支持", "support" },
	{ "supported", "support" },
	{ "explain", "explain" }, { "解释", "explain" },
	{ "解释说明", "explain" },
	{ "not-support", "not-support" }, { "不支持", "not-support" },
	{ "不予支持", "not-support" },
	{ NULL, NULL }
};

/* The outcome of a review (复查) or re-review (复核). */
static const struct word outcomes[] = {
	{ "maintain", "maintain" }, { "维持", "maintain" },
	{ "uphold", "maintain" },
	{ "change", "change" }, { "变更", "change" },
	{ "redo", "redo" }, { "撤销重办", "redo" }, { "撤销", "redo" },
	{ NULL, NULL }
};

/* What xf-update records. */
static const struct word events[] = {
	{ "reply", "reply" }, { "答复", "reply" },
	{ "resolve", "resolve" }, { "化解", "resolve" },
	{ "息诉罢访", "resolve" },
	{ "evaluate", "evaluate" }, { "评价", "evaluate" },
	{ "满意度评价", "evaluate" }, { "satisfaction", "evaluate" },
	{ "review-request", "review-request" }, { "申请复查", "review-request" },
	{ "review-opinion", "review-opinion" }, { "复查意见", "review-opinion" },
	{ "rereview-request", "rereview-request" },
	{ "re-review-request", "rereview-request" },
	{ "申请复核", "rereview-request" },
	{ "rereview-opinion", "rereview-opinion" },
	{ "re-review-opinion", "rereview-opinion" },
	{ "复核意见", "rereview-opinion" },
	{ "terminate", "terminate" }, { "终结", "terminate" },
	{ "follow-up", "follow-up" }, { "回访", "follow-up" },
	{ "note", "note" }, { "备注", "note" }, { "记录", "note" },
	{ NULL, NULL }
};

static const struct word yesno[] = {
	{ "yes", "yes" }, { "是", "yes" }, { "1", "yes" }, { "y", "yes" },
	{ "true", "yes" }, { "有", "yes" },
	{ "no", "no" }, { "否", "no" }, { "0", "no" }, { "n", "no" },
	{ "false", "no" }, { "无", "no" },
	{ NULL, NULL }
};

static const struct {
	const char *name;
	const struct word *tab;
} vocabs[] = {
	[XF_VOCAB_CHANNEL] = { "channel", channels },
	[XF_VOCAB_LEVEL] = { "level", levels },
	[XF_VOCAB_STATUS] = { "status", statuses },
	[XF_VOCAB_DISPOSITION] = { "disposition", dispositions },
	[XF_VOCAB_OPINION] = { "opinion", opinions },
	[XF_VOCAB_SATISFACTION] = { "satisfaction", satisfactions },
	[XF_VOCAB_OUTCOME] = { "outcome", outcomes },
	[XF_VOCAB_EVENT] = { "event", events },
	[XF_VOCAB_BOOL] = { "yes/no", yesno },
};

#define NVOCAB	((int)(sizeof(vocabs) / sizeof(vocabs[0])))

/* The canonical word of vocabulary v for s; see xf.h. */
const char *
xf_vocab_norm(int v, const char *s)
{
	if (v < 0 || v >= NVOCAB)
		return NULL;
	return lookup(vocabs[v].tab, s);
}

/* The name of vocabulary v ("channel"). */
const char *
xf_vocab_name(int v)
{
	return v >= 0 && v < NVOCAB ? vocabs[v].name : "";
}

/* Is the word English (all ASCII)? */
static int
ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* The Chinese label of canonical word canon of v, or canon itself. */
const char *
xf_vocab_zh(int v, const char *canon)
{
	if (v < 0 || v >= NVOCAB || canon == NULL)
		return canon;
	for (const struct word *w = vocabs[v].tab; w->word; w++)
		if (strcmp(w->canon, canon) == 0 && !ascii(w->word))
			return w->word;
	return canon;
}

/*
 * Write the accepted words of v into buf (n bytes) for a message: each
 * canonical word with its Chinese label, "letter (来信), visit (来访)".
 * Returns buf.
 */
char *
xf_vocab_list(int v, char *buf, size_t n)
{
	size_t len = 0;

	if (n == 0)
		return buf;
	buf[0] = '\0';
	if (v < 0 || v >= NVOCAB)
		return buf;
	for (const struct word *w = vocabs[v].tab; w->word; w++) {
		const struct word *k;
		int seen = 0;

		if (w->canon[0] == '\0')
			continue;
		for (k = vocabs[v].tab; k < w; k++)
			if (strcmp(k->canon, w->canon) == 0)
				seen = 1;
		if (seen)
			continue;
		snprintf(buf + len, n - len, "%s%s (%s)", len ? ", " : "",
		    w->canon, xf_vocab_zh(v, w->canon));
		len += strlen(buf + len);
		if (len + 1 >= n)
			break;
	}
	return buf;
}

/* ---- word maps ---------------------------------------------------------- */

/* The columns of xf-csv(5) with a closed vocabulary, and which one. */
static const struct {
	int field;
	int vocab;
} mapped[] = {
	{ F_CHANNEL, XF_VOCAB_CHANNEL },
	{ F_ANONYMOUS, XF_VOCAB_BOOL },
	{ F_LEVEL_RECEIVED, XF_VOCAB_LEVEL },
	{ F_PROBLEM_LEVEL, XF_VOCAB_LEVEL },
	{ F_SUPERVISION, XF_VOCAB_LEVEL },
	{ F_STATUS, XF_VOCAB_STATUS },
	{ F_OUTCOME, XF_VOCAB_OPINION },
	{ F_RESOLVED, XF_VOCAB_BOOL },
	{ F_SATISFACTION, XF_VOCAB_SATISFACTION },
	{ F_DISPOSITION, XF_VOCAB_DISPOSITION },
	{ F_REVIEW_OUTCOME, XF_VOCAB_OUTCOME },
	{ F_REREVIEW_OUTCOME, XF_VOCAB_OUTCOME },
	{ F_LEAPFROG_LEVEL, XF_VOCAB_LEVEL },
};

#define NMAPPED	(sizeof(mapped) / sizeof(mapped[0]))

struct pair {
	char *from;		/* trimmed, as given */
	const char *to;		/* canonical word, in a vocabulary table */
	long line;		/* where it was given, or 0 */
};

/* Each column's pairs, sorted by from without regard to ASCII case. */
struct xf_values {
	struct pair *p[NFIELD];
	size_t n[NFIELD], cap[NFIELD];
};

struct xf_values *
xf_values_new(void)
{
	return calloc(1, sizeof(struct xf_values));
}

void
xf_values_free(struct xf_values *v)
{
	if (v == NULL)
		return;
	for (int f = 0; f < NFIELD; f++) {
		for (size_t i = 0; i < v->n[f]; i++)
			free(v->p[f][i].from);
		free(v->p[f]);
	}
	free(v);
}

/* How many words v maps in field f, or in all for -1. */
size_t
xf_values_count(const struct xf_values *v, int field)
{
	size_t n = 0;

	if (v == NULL || field >= NFIELD)
		return 0;
	if (field >= 0)
		return v->n[field];
	for (int f = 0; f < NFIELD; f++)
		n += v->n[f];
	return n;
}

/* The vocabulary of a column; see xf.h. */
int
xf_values_vocab(const char *column, int *field)
{
	char norm[128];
	int f;

	xf_header_norm(column, norm, sizeof(norm));
	f = xf_field_of(norm);
	if (field)
		*field = f;
	for (size_t i = 0; f >= 0 && i < NMAPPED; i++)
		if (mapped[i].field == f)
			return mapped[i].vocab;
	return -1;
}

/*
 * Compare [b, end) with the NUL-terminated w, ASCII letters folded to
 * lower case: <0, 0, >0 as strcmp.
 */
static int
fold_cmp(const char *b, const char *end, const char *w)
{
	for (;; b++, w++) {
		int x = b < end ? (unsigned char)*b : 0;
		int y = (unsigned char)*w;

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y || x == 0)
			return x - y;
	}
}

/*
 * The index in the pairs of field f of [b, end), or, when absent, minus
 * one minus where it would go.
 */
static long
find(const struct xf_values *v, int f, const char *b, const char *end)
{
	size_t lo = 0, hi = v->n[f];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = fold_cmp(b, end, v->p[f][mid].from);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1 - (long)lo;
}

/* Add a pair to a map; see xf.h. */
int
xf_values_add(struct xf_values *v, const char *column, const char *from,
    const char *to, long line, struct xf_err *e)
{
	const char *b = from, *end = from + strlen(from), *canon;
	char list[400], q[80];
	int f, voc;
	long at;
	struct pair *p;

	if ((voc = xf_values_vocab(column, &f)) < 0) {
		if (f < 0)
			return xf_err_col(e, XF_ECONFIG, "column", "\"%s\" is "
			    "no column of xf-csv(5)", column);
		return xf_err_col(e, XF_ECONFIG, "column", "%s has no closed "
		    "vocabulary to map to (maps are for channel, anonymous, "
		    "level_received, problem_level, supervision, status, "
		    "outcome, resolved and satisfaction)", xf_field_name(f));
	}
	xf_trim(&b, &end);
	if (b == end)
		return xf_err_col(e, XF_ECONFIG, "from", "empty: a map reads "
		    "a word; give rows with no %s one with --set %s=WORD",
		    xf_field_name(f), xf_field_name(f));
	if ((canon = xf_vocab_norm(voc, to)) == NULL) {
		xf_excerpt(to, to + strlen(to), q, 60);
		return xf_err_col(e, XF_ECONFIG, "to", "\"%s\" is no %s word "
		    "of xf (accepted: %s; see xf-csv(5))", q,
		    xf_vocab_name(voc), xf_vocab_list(voc, list,
		    sizeof(list)));
	}
	if ((at = find(v, f, b, end)) >= 0) {
		char where[40] = "";

		if (v->p[f][at].line > 0)
			snprintf(where, sizeof(where), " on line %ld",
			    v->p[f][at].line);
		xf_excerpt(b, end, q, 60);
		return xf_err_col(e, XF_ECONFIG, "from", "%s \"%s\" is "
		    "already mapped to %s%s", xf_field_name(f), q,
		    *v->p[f][at].to ? v->p[f][at].to : "not-evaluated", where);
	}
	at = -1 - at;
	if (v->n[f] == v->cap[f]) {
		size_t cap = v->cap[f] ? 2 * v->cap[f] : 8;

		if ((p = realloc(v->p[f], cap * sizeof(*p))) == NULL)
			return xf_err_set(e, XF_ENOMEM, "out of memory");
		v->p[f] = p;
		v->cap[f] = cap;
	}
	p = v->p[f];
	memmove(p + at + 1, p + at, (v->n[f] - (size_t)at) * sizeof(*p));
	if ((p[at].from = strndup(b, (size_t)(end - b))) == NULL) {
		memmove(p + at, p + at + 1, (v->n[f] - (size_t)at) *
		    sizeof(*p));
		return xf_err_set(e, XF_ENOMEM, "out of memory");
	}
	p[at].to = canon;
	p[at].line = line;
	v->n[f]++;
	return 0;
}

/* The word a map gives s in field f; see xf.h. */
const char *
xf_values_map(const struct xf_values *v, int f, const char *s)
{
	const char *b = s, *end;
	long at;

	if (v == NULL || f < 0 || f >= NFIELD || v->n[f] == 0 || s == NULL)
		return NULL;
	end = s + strlen(s);
	xf_trim(&b, &end);
	if ((at = find(v, f, b, end)) < 0)
		return NULL;
	return v->p[f][at].to;
}
