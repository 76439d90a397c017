/*
 * fields.c: the canonical columns of a petition or an old case, and the
 * header names, Chinese and English, each is known by (see xf-csv(5)).
 */
#include <string.h>

#include "xf-int.h"

static const char *const names[NFIELD] = {
	"source_ref", "received_at", "channel", "petitioner_name",
	"anonymous", "id_number", "phone", "address", "persons", "content",
	"category", "unit", "level_received", "problem_level", "supervision",
	"supervision_deadline",
	"status", "leader", "officer", "accepted_at", "deadline",
	"extended_deadline", "replied_at", "closed_at", "outcome", "resolved",
	"satisfaction", "review_requested_at", "review_decided_at",
	"rereview_requested_at", "rereview_decided_at", "terminated_at",
	"disposition", "disposition_target", "disposition_reason",
	"triaged_at", "extended_at", "resolved_at", "evaluated_at",
	"review_outcome", "rereview_outcome", "followups", "followed_up_at",
	"repeat_of", "leapfrog_level", "petition_of",
};

/* Chinese (and a few English) header names, documented in xf-csv(5). */
static const struct alias {
	const char *name;
	int field;
} aliases[] = {
	{ "编号", F_SOURCE_REF }, { "信访编号", F_SOURCE_REF },
	{ "来源编号", F_SOURCE_REF }, { "件号", F_SOURCE_REF },
	{ "原编号", F_SOURCE_REF },
	{ "信访日期", F_RECEIVED_AT }, { "登记日期", F_RECEIVED_AT },
	{ "来信来访日期", F_RECEIVED_AT }, { "信访时间", F_RECEIVED_AT },
	{ "登记时间", F_RECEIVED_AT }, { "date", F_RECEIVED_AT },
	{ "received", F_RECEIVED_AT },
	{ "信访形式", F_CHANNEL }, { "信访方式", F_CHANNEL },
	{ "来源渠道", F_CHANNEL }, { "渠道", F_CHANNEL },
	{ "姓名", F_NAME }, { "信访人", F_NAME }, { "信访人姓名", F_NAME },
	{ "name", F_NAME },
	{ "匿名", F_ANONYMOUS }, { "是否匿名", F_ANONYMOUS },
	{ "身份证号", F_ID_NUMBER }, { "身份证号码", F_ID_NUMBER },
	{ "证件号码", F_ID_NUMBER }, { "公民身份号码", F_ID_NUMBER },
	{ "联系电话", F_PHONE }, { "电话", F_PHONE }, { "手机", F_PHONE },
	{ "手机号", F_PHONE }, { "手机号码", F_PHONE },
	{ "住址", F_ADDRESS }, { "地址", F_ADDRESS },
	{ "家庭住址", F_ADDRESS }, { "现住址", F_ADDRESS },
	{ "涉及人数", F_PERSONS }, { "人数", F_PERSONS },
	{ "信访人数", F_PERSONS },
	{ "信访内容", F_CONTENT }, { "内容", F_CONTENT },
	{ "反映问题", F_CONTENT }, { "主要诉求", F_CONTENT },
	{ "诉求", F_CONTENT }, { "事项", F_CONTENT },
	{ "问题类别", F_CATEGORY }, { "类别", F_CATEGORY },
	{ "问题分类", F_CATEGORY }, { "内容分类", F_CATEGORY },
	{ "责任单位", F_UNIT }, { "承办单位", F_UNIT }, { "办理单位", F_UNIT },
	{ "接访层级", F_LEVEL_RECEIVED }, { "登记层级", F_LEVEL_RECEIVED },
	{ "受理层级", F_LEVEL_RECEIVED },
	{ "问题属地层级", F_PROBLEM_LEVEL }, { "属地层级", F_PROBLEM_LEVEL },
	{ "督办", F_SUPERVISION }, { "督办层级", F_SUPERVISION },
	{ "督办期限", F_SUPERVISION_DEADLINE },
	{ "状态", F_STATUS }, { "办理状态", F_STATUS },
	{ "包案领导", F_LEADER }, { "责任领导", F_LEADER },
	{ "责任民警", F_OFFICER }, { "承办人", F_OFFICER },
	{ "承办民警", F_OFFICER },
	{ "受理日期", F_ACCEPTED_AT }, { "受理时间", F_ACCEPTED_AT },
	{ "办理期限", F_DEADLINE }, { "期限", F_DEADLINE },
	{ "延期期限", F_EXTENDED_DEADLINE },
	{ "答复日期", F_REPLIED_AT }, { "答复时间", F_REPLIED_AT },
	{ "办结日期", F_CLOSED_AT }, { "办结时间", F_CLOSED_AT },
	{ "处理意见", F_OUTCOME }, { "答复意见", F_OUTCOME },
	{ "处理结果", F_OUTCOME },
	{ "是否化解", F_RESOLVED }, { "化解", F_RESOLVED },
	{ "息诉罢访", F_RESOLVED },
	{ "满意度", F_SATISFACTION }, { "评价结果", F_SATISFACTION },
	{ "满意度评价", F_SATISFACTION },
	{ "复查申请日期", F_REVIEW_REQ }, { "复查日期", F_REVIEW_DEC },
	{ "复查意见日期", F_REVIEW_DEC },
	{ "复核申请日期", F_REREVIEW_REQ }, { "复核日期", F_REREVIEW_DEC },
	{ "复核意见日期", F_REREVIEW_DEC },
	{ "终结日期", F_TERMINATED_AT },
	{ "受理方式", F_DISPOSITION }, { "处理方式", F_DISPOSITION },
	{ "转送单位", F_TARGET }, { "不予受理理由", F_REASON },
	{ "告知理由", F_REASON },
	{ "受理审查日期", F_TRIAGED_AT }, { "分流日期", F_TRIAGED_AT },
	{ "延期日期", F_EXTENDED_AT }, { "化解日期", F_RESOLVED_AT },
	{ "评价日期", F_EVALUATED_AT },
	{ "复查结果", F_REVIEW_OUTCOME }, { "复查意见", F_REVIEW_OUTCOME },
	{ "复核结果", F_REREVIEW_OUTCOME }, { "复核意见", F_REREVIEW_OUTCOME },
	{ "回访次数", F_FOLLOWUPS }, { "回访日期", F_FOLLOWED_UP_AT },
	{ "重复件", F_REPEAT_OF }, { "重复信访", F_REPEAT_OF },
	{ "越级层级", F_LEAPFROG_LEVEL }, { "所属事项", F_PETITION_OF },
};

/* Canonical name of field f. */
const char *
xf_field_name(int f)
{
	return f >= 0 && f < NFIELD ? names[f] : "";
}

/* Lower-case ASCII, trim blanks, and turn spaces and hyphens into _. */
void
xf_header_norm(const char *s, char *out, size_t n)
{
	size_t i = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s && i + 1 < n; s++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		else if (c == ' ' || c == '-')
			c = '_';
		out[i++] = c;
	}
	while (i > 0 && out[i - 1] == '_')
		i--;
	out[i] = '\0';
}

/* The field of a (normalised) header name, or -1. */
int
xf_field_of(const char *name)
{
	for (int i = 0; i < NFIELD; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(aliases[i].name, name) == 0)
			return aliases[i].field;
	return -1;
}
