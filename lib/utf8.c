/* utf8.c - UTF-8 helpers. */
#include "utf8.h"

#include <string.h>

#include "buf.h"

int
rv_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c = p[0], min;
	int len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		goto bad;
	if ((size_t)len > n)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xFFFD;
	return 1;
}

int
rv_utf8_encode(uint32_t c, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (c < 0x80) {
		o[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (unsigned char)(0xC0 | (c >> 6));
		o[1] = (unsigned char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (c >> 12));
		o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (c >> 18));
	o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (c & 0x3F));
	return 4;
}

size_t
rv_utf8_validate(const char *p, size_t n)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)p[i] < 0x80) {
			i++;
			continue;
		}
		int l = rv_utf8_decode(p + i, n - i, &cp);
		if (cp == 0xFFFD && l == 1)
			return i;
		i += (size_t)l;
	}
	return n;
}

/* Traditional -> simplified pairs for characters frequent in reviews
 * (sorted by traditional code point for binary search). */
static const uint32_t t2s[][2] = {
	{0x4E82, 0x4E71}, /* 亂 乱 */ {0x4F86, 0x6765}, /* 來 来 */
	{0x50B3, 0x4F20}, /* 傳 传 */ {0x50B7, 0x4F24}, /* 傷 伤 */
	{0x50F9, 0x4EF7}, /* 價 价 */ {0x5167, 0x5185}, /* 內 内 */
	{0x5247, 0x5219}, /* 則 则 */ {0x5283, 0x5212}, /* 劃 划 */
	{0x52D5, 0x52A8}, /* 動 动 */ {0x52D9, 0x52A1}, /* 務 务 */
	{0x5305, 0x5305}, /* 包 包 */ {0x5340, 0x533A}, /* 區 区 */
	{0x554F, 0x95EE}, /* 問 问 */ {0x55AE, 0x5355}, /* 單 单 */
	{0x5716, 0x56FE}, /* 圖 图 */ {0x58DE, 0x574F}, /* 壞 坏 */
	{0x5BE6, 0x5B9E}, /* 實 实 */ {0x5C0D, 0x5BF9}, /* 對 对 */
	{0x5C4B, 0x5C4B}, /* 屋 屋 */ {0x5DEE, 0x5DEE}, /* 差 差 */
	{0x5E36, 0x5E26}, /* 帶 带 */ {0x5E6B, 0x5E2E}, /* 幫 帮 */
	{0x5F8C, 0x540E}, /* 後 后 */ {0x5FA9, 0x590D}, /* 復 复 */
	{0x614B, 0x6001}, /* 態 态 */ {0x61C9, 0x5E94}, /* 應 应 */
	{0x6232, 0x620F}, /* 戲 戏 */ {0x63DB, 0x6362}, /* 換 换 */
	{0x640D, 0x635F}, /* 損 损 */ {0x6469, 0x6469}, /* 摩 摩 */
	{0x6578, 0x6570}, /* 數 数 */ {0x6A5F, 0x673A}, /* 機 机 */
	{0x6B3E, 0x6B3E}, /* 款 款 */ {0x6C23, 0x6C14}, /* 氣 气 */
	{0x6EFF, 0x6EE1}, /* 滿 满 */ {0x7121, 0x65E0}, /* 無 无 */
	{0x7206, 0x7206}, /* 爆 爆 */ {0x7372, 0x83B7}, /* 獲 获 */
	{0x7522, 0x4EA7}, /* 產 产 */ {0x767C, 0x53D1}, /* 發 发 */
	{0x78BC, 0x7801}, /* 碼 码 */ {0x7A69, 0x7A33}, /* 穩 稳 */
	{0x7D05, 0x7EA2}, /* 紅 红 */ {0x7D1A, 0x7EA7}, /* 級 级 */
	{0x7D50, 0x7ED3}, /* 結 结 */ {0x7D66, 0x7ED9}, /* 給 给 */
	{0x7D93, 0x7ECF}, /* 經 经 */ {0x7DDA, 0x7EBF}, /* 線 线 */
	{0x7E3D, 0x603B}, /* 總 总 */ {0x8077, 0x804C}, /* 職 职 */
	{0x8CA8, 0x8D27}, /* 貨 货 */ {0x8CA9, 0x8D29}, /* 販 贩 */
	{0x8CB7, 0x4E70}, /* 買 买 */ {0x8CBB, 0x8D39}, /* 費 费 */
	{0x8CC0, 0x8D3A}, /* 賀 贺 */ {0x8CE0, 0x8D54}, /* 賠 赔 */
	{0x8CE3, 0x5356}, /* 賣 卖 */ {0x8CEA, 0x8D28}, /* 質 质 */
	{0x8ECA, 0x8F66}, /* 車 车 */ {0x8F15, 0x8F7B}, /* 輕 轻 */
	{0x9019, 0x8FD9}, /* 這 这 */ {0x904E, 0x8FC7}, /* 過 过 */
	{0x9054, 0x8FBE}, /* 達 达 */ {0x9055, 0x8FDD}, /* 違 违 */
	{0x9060, 0x8FDC}, /* 遠 远 */ {0x9072, 0x8FDF}, /* 遲 迟 */
	{0x9084, 0x8FD8}, /* 還 还 */ {0x908A, 0x8FB9}, /* 邊 边 */
	{0x9322, 0x94B1}, /* 錢 钱 */ {0x932F, 0x9519}, /* 錯 错 */
	{0x9577, 0x957F}, /* 長 长 */ {0x9580, 0x95E8}, /* 門 门 */
	{0x9593, 0x95F4}, /* 間 间 */ {0x96FB, 0x7535}, /* 電 电 */
	{0x9760, 0x9760}, /* 靠 靠 */ {0x9801, 0x9875}, /* 頁 页 */
	{0x9818, 0x9886}, /* 領 领 */ {0x984F, 0x989C}, /* 顏 颜 */
	{0x9858, 0x613F}, /* 願 愿 */ {0x985E, 0x7C7B}, /* 類 类 */
	{0x98A8, 0x98CE}, /* 風 风 */ {0x98DF, 0x98DF}, /* 食 食 */
	{0x9918, 0x4F59}, /* 餘 余 */ {0x9AD4, 0x4F53}, /* 體 体 */
	{0x9EBC, 0x4E48}, /* 麼 么 */ {0x9EDE, 0x70B9}, /* 點 点 */
};

/* Bit per code point 0x4E00..0x9FFF: set when t2s has it (built once). */
static uint8_t t2s_bits[(0xA000 - 0x4E00) / 8];
static int t2s_ready;

static void
t2s_init(void)
{
	size_t i;

	for (i = 0; i < sizeof(t2s) / sizeof(t2s[0]); i++) {
		uint32_t c = t2s[i][0] - 0x4E00;
		t2s_bits[c >> 3] |= (uint8_t)(1u << (c & 7));
	}
	t2s_ready = 1;
}

uint32_t
rv_utf8_fold(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? c + 32 : c;
	if (c >= 0xFF01 && c <= 0xFF5E) {
		c -= 0xFEE0;
		return (c >= 'A' && c <= 'Z') ? c + 32 : c;
	}
	if (c == 0x3000)
		return ' ';
	if (c >= 0x4E82 && c <= 0x9EDE) {
		if (!t2s_ready)
			t2s_init();
		uint32_t o = c - 0x4E00;
		if (!(t2s_bits[o >> 3] & (1u << (o & 7))))
			return c;
		size_t lo = 0, hi = sizeof(t2s) / sizeof(t2s[0]);
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (t2s[mid][0] == c)
				return t2s[mid][1];
			if (t2s[mid][0] < c)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return c;
}

/* The loop of rv_utf8_fold_str and rv_utf8_fold_cps (keep: store cp and
 * off); inlined into each, so neither tests keep per character. */
static inline __attribute__((always_inline)) int
fold_loop(struct rv_buf *out, const char *p, size_t n, uint32_t *cp, size_t *off, size_t *ncp,
    const int keep)
{
	size_t i = 0;
	uint32_t c, *cp0 = cp;

	/* Folding never lengthens UTF-8 by more than U+FFFD for one invalid
	 * byte (3 bytes for 1), so 3n bounds the output. */
	if (n > ((size_t)-1 - 8) / 3 || rv_buf_reserve(out, 3 * n + 1) < 0)
		return -1;
	if (!t2s_ready)
		t2s_init();
	char *o = out->p + out->len, *o0 = out->p;
	const unsigned char *u = (const unsigned char *)p;
	while (i < n) {
		unsigned char ch = u[i];
		if (keep)
			*off++ = (size_t)(o - o0);
		if (ch < 0x80) {
			ch = (unsigned char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
			*o++ = (char)ch;
			if (keep)
				*cp++ = ch;
			i++;
			continue;
		}
		/* Most of the text: a valid 3-byte sequence in U+4000..9FFF that
		 * is not a traditional character, copied as it is. */
		if (ch >= 0xE4 && ch <= 0xE9 && n - i >= 3) {
			unsigned char b1 = u[i + 1], b2 = u[i + 2];
			c = (uint32_t)(ch & 0x0F) << 12 | (uint32_t)(b1 & 0x3F) << 6 | (b2 & 0x3F);
			uint32_t d = c - 0x4E00;
			if (((b1 ^ 0x80) | (b2 ^ 0x80)) < 0x40 && d < 0xA000 - 0x4E00 &&
			    !((t2s_bits[d >> 3] >> (d & 7)) & 1)) {
				o[0] = (char)ch;
				o[1] = (char)b1;
				o[2] = (char)b2;
				o += 3;
				if (keep)
					*cp++ = c;
				i += 3;
				continue;
			}
		}
		int l = rv_utf8_next(p + i, n - i, &c);
		uint32_t fc;
		if (c >= 0x4E00 && c <= 0x9FFF &&
		    !(t2s_bits[(c - 0x4E00) >> 3] & (1u << ((c - 0x4E00) & 7))))
			fc = c;	/* the common case: a simplified CJK character */
		else
			fc = rv_utf8_fold(c);
		if (keep)
			*cp++ = fc;
		if (fc == c && c != 0xFFFD) {
			/* unchanged: copy the bytes (l is 2-4; no libc call) */
			o[0] = p[i];
			o[1] = p[i + 1];
			if (l > 2)
				o[2] = p[i + 2];
			if (l > 3)
				o[3] = p[i + 3];
			o += l;
		} else
			o += rv_utf8_encode(fc, o);
		i += (size_t)l;
	}
	out->len = (size_t)(o - out->p);
	out->p[out->len] = '\0';
	if (keep) {
		*off = out->len;
		*ncp = (size_t)(cp - cp0);
	}
	return 0;
}

int
rv_utf8_fold_str(struct rv_buf *out, const char *p, size_t n)
{
	return fold_loop(out, p, n, NULL, NULL, NULL, 0);
}

int
rv_utf8_fold_cps(struct rv_buf *out, const char *p, size_t n, uint32_t *cp, size_t *off,
    size_t *ncp)
{
	return fold_loop(out, p, n, cp, off, ncp, 1);
}

void
rv_utf8_script_count(const char *p, size_t n, size_t *cjk, size_t *latin)
{
	size_t i = 0;
	uint32_t cp;

	*cjk = *latin = 0;
	while (i < n) {
		unsigned char ch = (unsigned char)p[i];
		if (ch < 0x80) {
			if ((ch | 32) >= 'a' && (ch | 32) <= 'z')
				(*latin)++;
			i++;
			continue;
		}
		i += (size_t)rv_utf8_decode(p + i, n - i, &cp);
		if (rv_utf8_is_cjk(cp))
			(*cjk)++;
	}
}
