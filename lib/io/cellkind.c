/* cellkind.c - see cellkind.h. */
#include "cellkind.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isotime.h"
#include "utf8.h"

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* The number rule of sheet.h. */
static int
classify_number(const char *p, size_t n, struct rv_cell *c)
{
	size_t i = 0, fracd = 0, sig = 0, end;
	char canon[40], back[40];
	int seen_nonzero = 0;

	if (n == 0 || n > 32)
		return 0;
	if (p[0] == '-')
		i++;
	if (i == n || !isdig(p[i]))
		return 0;
	if (p[i] == '0' && i + 1 < n && isdig(p[i + 1]))
		return 0;	/* leading zero: 00123 is a code */
	while (i < n && isdig(p[i]))
		i++;
	if (i < n) {
		if (p[i] != '.' || i + 1 == n)
			return 0;
		for (i++; i < n && isdig(p[i]); i++)
			fracd++;
		if (i < n)
			return 0;
	}
	/* Significant digits: from the first non-zero digit to the last. */
	for (i = p[0] == '-'; i < n; i++) {
		if (!isdig(p[i]))
			continue;
		if (p[i] != '0')
			seen_nonzero = 1;
		if (seen_nonzero)
			sig++;
	}
	if (!seen_nonzero) {
		if (p[0] == '-')
			return 0;	/* "-0" */
		c->v = 0;	/* "0", "0.00" */
		c->decimals = fracd > 0 ? (int)fracd : -1;
		return 1;
	}
	end = n;
	while (fracd > 0 && p[end - 1] == '0')
		end--;
	if (fracd > 0)
		sig -= n - end;	/* trailing zeros after the point */
	if (sig > 15)
		return 0;
	/* The digits without the trailing zeros must print back as written
	 * (libxlsxwriter writes numbers with %.16G). */
	memcpy(canon, p, end);
	if (canon[end - 1] == '.')
		end--;
	canon[end] = '\0';
	c->v = strtod(canon, NULL);
	snprintf(back, sizeof(back), "%.16G", c->v);
	if (strcmp(back, canon) != 0)
		return 0;
	/* General shows at most 11 characters (more turn into 1.2E+11) and
	 * drops trailing zeros: a fixed format shows the digits as written. */
	c->decimals = end == n && n - (p[0] == '-') <= 11 ? -1 : (int)fracd;
	return 1;
}

static int
num2(const char *p, unsigned *v)
{
	if (!isdig(p[0]) || !isdig(p[1]))
		return 0;
	*v = (unsigned)(p[0] - '0') * 10 + (unsigned)(p[1] - '0');
	return 1;
}

/* A zone suffix: "Z", "+HH:MM", "+HHMM", "+HH" (or "-"). */
static int
zone_ok(const char *p, size_t n)
{
	unsigned h, m;

	if (n == 1 && p[0] == 'Z')
		return 1;
	if (n < 3 || (p[0] != '+' && p[0] != '-') || !num2(p + 1, &h) || h > 23)
		return 0;
	if (n == 3)
		return 1;
	if (n == 6 && p[3] == ':')
		return num2(p + 4, &m) && m <= 59;
	if (n == 5)
		return num2(p + 3, &m) && m <= 59;
	return 0;
}

static int
classify_date(const char *p, size_t n, struct rv_cell *c)
{
	unsigned mo, d, hh = 0, mi = 0, ss = 0, y100, y1;
	long long y, days;
	static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	size_t i;

	if (n < 10 || !num2(p, &y100) || !num2(p + 2, &y1) || p[4] != '-' || !num2(p + 5, &mo) ||
	    p[7] != '-' || !num2(p + 8, &d))
		return 0;
	y = y100 * 100 + y1;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
		return 0;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 0;
	if (y < 1900 || (y == 1900 && mo < 3))
		return 0;
	days = rv_isotime_days(y, mo, d) - rv_isotime_days(1899, 12, 30);
	c->v = (double)days;
	c->seconds = 0;
	if (n == 10) {
		c->kind = RV_KIND_DATE;
		return 1;
	}
	if (n < 16 || (p[10] != 'T' && p[10] != ' ') || !num2(p + 11, &hh) || p[13] != ':' ||
	    !num2(p + 14, &mi) || hh > 23 || mi > 59)
		return 0;
	i = 16;
	if (i < n && p[i] == ':') {
		if (i + 3 > n || !num2(p + i + 1, &ss) || ss > 59)
			return 0;
		c->seconds = 1;
		i += 3;
	}
	if (i < n && !zone_ok(p + i, n - i))
		return 0;
	if (i < n) {
		c->zone = i;
		c->zonelen = n - i;
	}
	c->sep = p[10];
	c->v += (hh * 3600.0 + mi * 60.0 + ss) / 86400.0;
	c->kind = RV_KIND_DATETIME;
	return 1;
}

char *
rv_cell_datefmt(char *out, const char *p, const struct rv_cell *c)
{
	if (c->kind != RV_KIND_DATETIME) {
		strcpy(out, "yyyy-mm-dd");
		return out;
	}
	snprintf(out, 64, "yyyy-mm-dd%shh:mm%s%s%.*s%s", c->sep == 'T' ? "\"T\"" : " ",
	    c->seconds ? ":ss" : "", c->zonelen ? "\"" : "", (int)c->zonelen, p + c->zone,
	    c->zonelen ? "\"" : "");
	return out;
}

enum rv_cell_kind
rv_cell_classify(const char *p, size_t n, struct rv_cell *c)
{
	memset(c, 0, sizeof(*c));
	c->decimals = -1;
	if (n >= 10 && isdig(p[0]) && p[4] == '-' && classify_date(p, n, c))
		return c->kind;
	if (classify_number(p, n, c))
		return c->kind = RV_KIND_NUMBER;
	c->kind = RV_KIND_TEXT;
	c->v = 0;
	c->decimals = -1;
	return RV_KIND_TEXT;
}

/* East Asian Wide and Fullwidth ranges (Unicode EastAsianWidth W/F),
 * merged where the gaps hold no assigned characters of interest. */
static const uint32_t wide[][2] = {
	{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0},
	{0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F},
	{0x2693, 0x2693}, {0x26A1, 0x26A1}, {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5},
	{0x26CE, 0x26CE}, {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
	{0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728},
	{0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
	{0x27B0, 0x27B0}, {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55},
	{0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0xA4CF}, {0xA960, 0xA97F},
	{0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF60},
	{0xFFE0, 0xFFE6}, {0x16FE0, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004},
	{0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251},
	{0x1F300, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393},
	{0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4},
	{0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D},
	{0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596},
	{0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC},
	{0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6D7}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC},
	{0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF},
	{0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

/* Characters that take no cell of their own. */
static int
zero_width(uint32_t c)
{
	return (c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) ||
	    (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF ||
	    (c >= 0xE0100 && c <= 0xE01EF) || c < 0x20 || c == 0x7F;
}

static int
char_width(uint32_t c)
{
	size_t lo = 0, hi = sizeof(wide) / sizeof(wide[0]);

	if (c < 0x1100)
		return c >= 0x0300 && c <= 0x036F ? 0 : (c < 0x20 || c == 0x7F ? 0 : 1);
	if (zero_width(c))
		return 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c < wide[mid][0])
			hi = mid;
		else if (c > wide[mid][1])
			lo = mid + 1;
		else
			return 2;
	}
	return 1;
}

size_t
rv_cell_width(const char *p, size_t n)
{
	size_t i = 0, w = 0, best = 0;

	while (i < n) {
		uint32_t c;
		if ((unsigned char)p[i] < 0x80) {
			if (p[i] == '\n') {
				if (w > best)
					best = w;
				w = 0;
			} else if ((unsigned char)p[i] >= 0x20 && p[i] != 0x7F)
				w++;
			i++;
			continue;
		}
		i += (size_t)rv_utf8_decode(p + i, n - i, &c);
		w += c == 0xFFFD ? 1 : (size_t)char_width(c);
	}
	return w > best ? w : best;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
isupper_ascii(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
islower_ascii(char c)
{
	return c >= 'a' && c <= 'z';
}

static int
alnum(int c)
{
	return isdig((char)c) || (lower(c) >= 'a' && lower(c) <= 'z');
}

/* Does p[0..n) end with the UTF-8 string s? */
static int
ends_with(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s);

	return n >= k && memcmp(p + n - k, s, k) == 0;
}

int
rv_cell_idname(const char *p, size_t n)
{
	static const char *const words[] = {"id", "ids", "uid", "uuid", "guid", "no", "nr",
	    "num", "number", "code", "sku", "spu", "phone", "tel", "telephone", "mobile", "cell",
	    "zip", "zipcode", "postcode", "postal", "sn", "serial", "order", "conv", "account",
	    "barcode", "ean", "upc", "isbn", "imei", "tracking", "waybill", "card", "iban"};
	static const char *const zh[] = {"号", "码", "电话", "手机", "邮编", "编码", "单号"};
	size_t end = n, start;
	char w[16];

	while (end > 0 && (p[end - 1] == ' ' || p[end - 1] == '.'))
		end--;
	if (end > 0 && alnum((unsigned char)p[end - 1])) {
		start = end;
		while (start > 0 && alnum((unsigned char)p[start - 1]))
			start--;
		/* The last word of a camelCase run: "orderId" -> "Id", "SKUNo" -> "No". */
		for (size_t k = end - 1; k > start; k--)
			if (isupper_ascii(p[k]) && (islower_ascii(p[k - 1]) ||
			    (isupper_ascii(p[k - 1]) && k + 1 < end && islower_ascii(p[k + 1])))) {
				start = k;
				break;
			}
		if (end - start >= sizeof(w))
			return 0;
		for (size_t k = start; k < end; k++)
			w[k - start] = (char)lower((unsigned char)p[k]);
		w[end - start] = '\0';
		for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
			if (strcmp(w, words[k]) == 0)
				return 1;
		return 0;
	}
	for (size_t k = 0; k < sizeof(zh) / sizeof(zh[0]); k++)
		if (ends_with(p, end, zh[k]))
			return 1;
	return 0;
}

/* Length of s in UTF-16 code units (a 4-byte UTF-8 sequence is two). */
static size_t
u16len(const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)s[i];
		if ((b & 0xC0) != 0x80)
			k += b >= 0xF0 ? 2 : 1;
	}
	return k;
}

const char *
rv_sheet_name_bad(const char *name)
{
	size_t n = strlen(name);

	if (n == 0)
		return "it is empty";
	if (u16len(name, n) > RV_SHEET_NAME_MAX)
		return "it is longer than 31 characters";
	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)name[i];
		if (strchr("[]:*?/\\", b) != NULL && b != 0)
			return "it holds one of the characters [ ] : * ? / \\";
		if (b < 0x20 || b == 0x7F)
			return "it holds a control character";
	}
	if (name[0] == '\'' || name[n - 1] == '\'')
		return "it starts or ends with an apostrophe";
	if (rv_sheet_name_eq(name, "History"))
		return "Excel reserves the name History";
	if (rv_utf8_validate(name, n) != n)
		return "it is not valid UTF-8";
	return NULL;
}

/* Cut s (a valid name but maybe too long) at a character boundary so
 * that it and room more UTF-16 units fit the limit. */
static void
cut_name(char *s, size_t room)
{
	size_t n = strlen(s);

	while (n > 0 && u16len(s, n) + room > RV_SHEET_NAME_MAX) {
		n--;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	s[n] = '\0';
	/* A cut may leave an apostrophe at the end. */
	while (n > 0 && s[n - 1] == '\'')
		s[--n] = '\0';
}

char *
rv_sheet_name_from(char *out, const char *path)
{
	const char *b = strrchr(path, '/'), *dot;
	size_t n, o = 0, i = 0;

	b = b != NULL ? b + 1 : path;
	dot = strrchr(b, '.');
	n = dot != NULL && dot != b ? (size_t)(dot - b) : strlen(b);
	while (i < n && o < 120) {
		uint32_t c;
		int k = rv_utf8_decode(b + i, n - i, &c);
		if (c == 0xFFFD && k == 1)	/* invalid byte */
			out[o++] = '_';
		else if (c < 0x20 || c == 0x7F || (c < 0x80 && strchr("[]:*?/\\", (int)c) != NULL))
			out[o++] = '_';
		else if (o + (size_t)k <= 120) {
			memcpy(out + o, b + i, (size_t)k);
			o += (size_t)k;
		} else
			break;
		i += (size_t)k;
	}
	out[o] = '\0';
	i = 0;
	while (out[i] == '\'')
		i++;
	memmove(out, out + i, o - i + 1);
	cut_name(out, 0);
	if (out[0] == '\0')
		strcpy(out, "Sheet");
	if (rv_sheet_name_eq(out, "History"))
		strcpy(out, "History_");
	return out;
}

int
rv_sheet_name_eq(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (lower((unsigned char)*a) != lower((unsigned char)*b))
			return 0;
	return *a == *b;
}

char *
rv_sheet_name_unique(char *out, const char *base, int (*taken)(const char *, void *), void *arg)
{
	char suf[24];

	snprintf(out, 128, "%s", base);
	for (unsigned k = 2; taken(out, arg); k++) {
		int sl = snprintf(suf, sizeof(suf), "_%u", k);
		snprintf(out, 128, "%s", base);
		cut_name(out, (size_t)sl);
		strcat(out, suf);
	}
	return out;
}

struct names_ctx {
	char (*names)[128];
	int n;			/* names assigned so far */
	char *const *explicit;	/* all reserved from the start */
	int nexplicit;
};

static int
names_taken(const char *name, void *arg)
{
	const struct names_ctx *c = arg;

	for (int i = 0; i < c->n; i++)
		if (rv_sheet_name_eq(c->names[i], name))
			return 1;
	for (int i = c->n; i < c->nexplicit; i++)
		if (rv_sheet_name_eq(c->explicit[i], name))
			return 1;
	return 0;
}

void
rv_sheet_names(char (*names)[128], char *const *paths, int n, char *const *explicit,
    int nexplicit)
{
	struct names_ctx c = {names, 0, explicit, nexplicit};
	char base[128];

	for (int k = 0; k < n; k++, c.n++) {
		if (k < nexplicit) {
			snprintf(names[k], 128, "%s", explicit[k]);
			continue;
		}
		if (paths == NULL || paths[k] == NULL || strcmp(paths[k], "-") == 0)
			strcpy(base, "Sheet1");
		else
			rv_sheet_name_from(base, paths[k]);
		rv_sheet_name_unique(names[k], base, names_taken, &c);
	}
}
