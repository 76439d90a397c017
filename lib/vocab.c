/*
 * vocab.c: every closed vocabulary of the toolkit (channels, police levels,
 * statuses, triage decisions, reply opinions, evaluations, review outcomes,
 * lifecycle events, yes and no) and the words, English and Chinese,
 * accepted for each.  The first word of each canonical value in a table is
 * the canonical word itself, and the first Chinese word after it is the
 * label shown to people.
 */
#include <stdio.h>
#include <string.h>

#include "xf.h"

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
 * platform-12337, handed-down) for the word s, English in any case or
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
