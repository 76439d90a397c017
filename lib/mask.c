/*
 * mask.c: personal data as exports show it by default.
 *
 * ID numbers and phones are masked by idno.c (xf_mask_idno and
 * xf_mask_phone, which also quote them in messages); names are masked
 * here, and xf_mask_column() says which of the store's columns are
 * personal data, so that every tool masks the same ones the same way.
 */
#include <string.h>

#include "xf-int.h"

/* Bytes in the UTF-8 character that starts with byte c (1 when invalid). */
static size_t
char_len(unsigned char c)
{
	if (c >= 0xF0 && c < 0xF8)
		return 4;
	if (c >= 0xE0)
		return c < 0xF0 ? 3 : 1;
	if (c >= 0xC0)
		return 2;
	return 1;
}

/* A name with its first character kept; see xf-int.h. */
char *
xf_mask_name(const char *s, char *out, size_t n)
{
	const char *b = s, *end = s + strlen(s);
	size_t k, o = 0;

	if (n == 0)
		return out;
	xf_trim(&b, &end);
	/* 匿名 ("anonymous") stands where a name would: it names nobody. */
	if ((size_t)(end - b) == strlen("匿名") && memcmp(b, "匿名",
	    strlen("匿名")) == 0) {
		k = (size_t)(end - b) < n ? (size_t)(end - b) : 0;
		memcpy(out, b, k);
		out[k] = '\0';
		return out;
	}
	if (b < end) {
		k = char_len((unsigned char)*b);
		if (k > (size_t)(end - b))
			k = (size_t)(end - b);
		if (k >= n) {	/* not even the first character fits */
			out[0] = '\0';
			return out;
		}
		memcpy(out, b, k);
		o = k;
		b += k;
	}
	/* One star for each further character, however many bytes. */
	while (b < end && o + 1 < n) {
		k = char_len((unsigned char)*b);
		b += k < (size_t)(end - b) ? k : (size_t)(end - b);
		out[o++] = '*';
	}
	out[o] = '\0';
	return out;
}

/* A stored value as an export shows it; see xf-int.h. */
const char *
xf_mask_column(const char *column, const char *s, char *out, size_t n)
{
	if (s == NULL || *s == '\0' || column == NULL)
		return s;
	if (strcmp(column, "petitioner_name") == 0)
		return xf_mask_name(s, out, n);
	if (strcmp(column, "id_number") == 0)
		return xf_mask_idno(s, out, n);
	if (strcmp(column, "phone") == 0)
		return xf_mask_phone(s, out, n);
	return s;
}
