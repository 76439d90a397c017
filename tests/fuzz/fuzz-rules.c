/*
 * fuzz-rules.c: libFuzzer harness for the rules loader and matcher.
 *
 * The input is written to a file and loaded as a rules file (xf-rules(5)).
 * A file that loads is matched against a few petition texts, and against
 * the input itself, given for every field a rule asks for.  A hit must
 * carry a name and one of the four dispositions; a failure must leave a
 * message.
 */
#include "fuzz.h"
#include "xf.h"
#include "xf-int.h"

static const char *
get(void *arg, const char *field)
{
	if (field == NULL)
		abort();
	return arg;
}

static int
isdisposition(const char *s)
{
	return s != NULL && (strcmp(s, "accept") == 0 ||
	    strcmp(s, "forward") == 0 || strcmp(s, "refer") == 0 ||
	    strcmp(s, "not-accept") == 0);
}

static void
match(const struct xf_rules *rs, const char *text)
{
	struct xf_rule_hit hit;
	struct xf_err e;
	int rc;

	memset(&e, 0, sizeof(e));
	rc = xf_rules_match(rs, get, (void *)text, &hit, &e);
	if (rc == 1 && (hit.name == NULL || !isdisposition(hit.disposition)))
		abort();
	if (rc == -1 && (e.code != XF_EROW || e.msg[0] == '\0'))
		abort();
	if (rc < -1 || rc > 1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const text[] = {
		"",
		"要求退还集资款，反映某公司涉嫌诈骗",
		"村干部侵占土地补偿款，多次上访未果 repeated complaint",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
		"\xFF\xFE invalid \xC3 UTF-8 \xE4\xB8",
	};
	struct xf_rules *rs;
	struct xf_err e;
	char path[64], *s;
	size_t i;

	if (fuzz_file(data, size, path) == -1)
		return 0;
	memset(&e, 0, sizeof(e));
	rs = xf_rules_load(path, &e);
	unlink(path);
	if (rs == NULL) {
		if (e.code == XF_EOK || e.msg[0] == '\0')
			abort();
		return 0;
	}
	for (i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		match(rs, text[i]);
	if ((s = fuzz_str(data, size)) != NULL) {
		match(rs, s);
		free(s);
	}
	xf_rules_free(rs);
	return 0;
}
