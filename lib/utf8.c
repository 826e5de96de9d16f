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

/* Traditional -> simplified pairs for characters frequent in reviews and
 * complaints (sorted by traditional code point for binary search). */
static const uint32_t t2s[][2] = {
	{0x4E82, 0x4E71}, /* 亂 乱 */ {0x4F86, 0x6765}, /* 來 来 */ {0x500B, 0x4E2A}, /* 個 个 */
	{0x5011, 0x4EEC}, /* 們 们 */ {0x507D, 0x4F2A}, /* 偽 伪 */ {0x5098, 0x4F1E}, /* 傘 伞 */
	{0x50A2, 0x5BB6}, /* 傢 家 */ {0x50B3, 0x4F20}, /* 傳 传 */ {0x50B7, 0x4F24}, /* 傷 伤 */
	{0x50F9, 0x4EF7}, /* 價 价 */ {0x5118, 0x5C3D}, /* 儘 尽 */ {0x511F, 0x507F}, /* 償 偿 */
	{0x5132, 0x50A8}, /* 儲 储 */ {0x5167, 0x5185}, /* 內 内 */ {0x51C8, 0x51C0}, /* 凈 净 */
	{0x5225, 0x522B}, /* 別 别 */ {0x522A, 0x5220}, /* 刪 删 */ {0x5247, 0x5219}, /* 則 则 */
	{0x5283, 0x5212}, /* 劃 划 */ {0x5287, 0x5267}, /* 劇 剧 */ {0x5291, 0x5242}, /* 劑 剂 */
	{0x52D5, 0x52A8}, /* 動 动 */ {0x52D9, 0x52A1}, /* 務 务 */ {0x5305, 0x5305}, /* 包 包 */
	{0x5340, 0x533A}, /* 區 区 */ {0x53AD, 0x538C}, /* 厭 厌 */ {0x53B2, 0x5389}, /* 厲 厉 */
	{0x53C3, 0x53C2}, /* 參 参 */ {0x54E1, 0x5458}, /* 員 员 */ {0x554F, 0x95EE}, /* 問 问 */
	{0x55AA, 0x4E27}, /* 喪 丧 */ {0x55AE, 0x5355}, /* 單 单 */ {0x55CE, 0x5417}, /* 嗎 吗 */
	{0x5617, 0x5C1D}, /* 嘗 尝 */ {0x5641, 0x6076}, /* 噁 恶 */ {0x5679, 0x5F53}, /* 噹 当 */
	{0x5687, 0x5413}, /* 嚇 吓 */ {0x570D, 0x56F4}, /* 圍 围 */ {0x5716, 0x56FE}, /* 圖 图 */
	{0x5718, 0x56E2}, /* 團 团 */ {0x5831, 0x62A5}, /* 報 报 */ {0x58D3, 0x538B}, /* 壓 压 */
	{0x58DE, 0x574F}, /* 壞 坏 */ {0x58FA, 0x58F6}, /* 壺 壶 */ {0x58FD, 0x5BFF}, /* 壽 寿 */
	{0x5920, 0x591F}, /* 夠 够 */ {0x5BE6, 0x5B9E}, /* 實 实 */ {0x5BEB, 0x5199}, /* 寫 写 */
	{0x5BEC, 0x5BBD}, /* 寬 宽 */ {0x5BF6, 0x5B9D}, /* 寶 宝 */ {0x5C07, 0x5C06}, /* 將 将 */
	{0x5C08, 0x4E13}, /* 專 专 */ {0x5C0D, 0x5BF9}, /* 對 对 */ {0x5C0E, 0x5BFC}, /* 導 导 */
	{0x5C46, 0x5C4A}, /* 屆 届 */ {0x5C4B, 0x5C4B}, /* 屋 屋 */ {0x5C64, 0x5C42}, /* 層 层 */
	{0x5C6C, 0x5C5E}, /* 屬 属 */ {0x5DEE, 0x5DEE}, /* 差 差 */ {0x5E2B, 0x5E08}, /* 師 师 */
	{0x5E33, 0x8D26}, /* 帳 账 */ {0x5E36, 0x5E26}, /* 帶 带 */ {0x5E6B, 0x5E2E}, /* 幫 帮 */
	{0x5E7E, 0x51E0}, /* 幾 几 */ {0x5EC1, 0x5395}, /* 廁 厕 */ {0x5EE2, 0x5E9F}, /* 廢 废 */
	{0x5EE3, 0x5E7F}, /* 廣 广 */ {0x5F35, 0x5F20}, /* 張 张 */ {0x5F48, 0x5F39}, /* 彈 弹 */
	{0x5F4E, 0x5F2F}, /* 彎 弯 */ {0x5F8C, 0x540E}, /* 後 后 */ {0x5FA9, 0x590D}, /* 復 复 */
	{0x60E1, 0x6076}, /* 惡 恶 */ {0x611B, 0x7231}, /* 愛 爱 */ {0x614B, 0x6001}, /* 態 态 */
	{0x6158, 0x60E8}, /* 慘 惨 */ {0x6163, 0x60EF}, /* 慣 惯 */ {0x6191, 0x51ED}, /* 憑 凭 */
	{0x61A4, 0x6124}, /* 憤 愤 */ {0x61C9, 0x5E94}, /* 應 应 */ {0x6232, 0x620F}, /* 戲 戏 */
	{0x6236, 0x6237}, /* 戶 户 */ {0x63DB, 0x6362}, /* 換 换 */ {0x640D, 0x635F}, /* 損 损 */
	{0x6469, 0x6469}, /* 摩 摩 */ {0x64CB, 0x6321}, /* 擋 挡 */ {0x64DA, 0x636E}, /* 據 据 */
	{0x64FA, 0x6446}, /* 擺 摆 */ {0x64FE, 0x6270}, /* 擾 扰 */ {0x6578, 0x6570}, /* 數 数 */
	{0x65B7, 0x65AD}, /* 斷 断 */ {0x65BC, 0x4E8E}, /* 於 于 */ {0x6642, 0x65F6}, /* 時 时 */
	{0x66F8, 0x4E66}, /* 書 书 */ {0x689D, 0x6761}, /* 條 条 */ {0x6975, 0x6781}, /* 極 极 */
	{0x6A19, 0x6807}, /* 標 标 */ {0x6A23, 0x6837}, /* 樣 样 */ {0x6A5F, 0x673A}, /* 機 机 */
	{0x6A94, 0x6863}, /* 檔 档 */ {0x6AA2, 0x68C0}, /* 檢 检 */ {0x6AC3, 0x67DC}, /* 櫃 柜 */
	{0x6B0A, 0x6743}, /* 權 权 */ {0x6B3E, 0x6B3E}, /* 款 款 */ {0x6B61, 0x6B22}, /* 歡 欢 */
	{0x6B77, 0x5386}, /* 歷 历 */ {0x6B98, 0x6B8B}, /* 殘 残 */ {0x6BBC, 0x58F3}, /* 殼 壳 */
	{0x6C23, 0x6C14}, /* 氣 气 */ {0x6C92, 0x6CA1}, /* 沒 没 */ {0x6DBC, 0x51C9}, /* 涼 凉 */
	{0x6DE8, 0x51C0}, /* 淨 净 */ {0x6E6F, 0x6C64}, /* 湯 汤 */ {0x6E96, 0x51C6}, /* 準 准 */
	{0x6EC5, 0x706D}, /* 滅 灭 */ {0x6EEF, 0x6EDE}, /* 滯 滞 */ {0x6EFF, 0x6EE1}, /* 滿 满 */
	{0x6F22, 0x6C49}, /* 漢 汉 */ {0x6F32, 0x6DA8}, /* 漲 涨 */ {0x6F3F, 0x6D46}, /* 漿 浆 */
	{0x6F54, 0x6D01}, /* 潔 洁 */ {0x6FC3, 0x6D53}, /* 濃 浓 */ {0x6FD5, 0x6E7F}, /* 濕 湿 */
	{0x6FFE, 0x6EE4}, /* 濾 滤 */ {0x7051, 0x6D12}, /* 灑 洒 */ {0x70BA, 0x4E3A}, /* 為 为 */
	{0x7121, 0x65E0}, /* 無 无 */ {0x7169, 0x70E6}, /* 煩 烦 */ {0x71B1, 0x70ED}, /* 熱 热 */
	{0x71C8, 0x706F}, /* 燈 灯 */ {0x71D2, 0x70E7}, /* 燒 烧 */ {0x71D9, 0x70EB}, /* 燙 烫 */
	{0x71DF, 0x8425}, /* 營 营 */ {0x7206, 0x7206}, /* 爆 爆 */ {0x721B, 0x70C2}, /* 爛 烂 */
	{0x734E, 0x5956}, /* 獎 奖 */ {0x7372, 0x83B7}, /* 獲 获 */ {0x7522, 0x4EA7}, /* 產 产 */
	{0x756B, 0x753B}, /* 畫 画 */ {0x7570, 0x5F02}, /* 異 异 */ {0x7576, 0x5F53}, /* 當 当 */
	{0x7662, 0x75D2}, /* 癢 痒 */ {0x766C, 0x7663}, /* 癬 癣 */ {0x767C, 0x53D1}, /* 發 发 */
	{0x76BA, 0x76B1}, /* 皺 皱 */ {0x76DC, 0x76D7}, /* 盜 盗 */ {0x76E1, 0x5C3D}, /* 盡 尽 */
	{0x76E4, 0x76D8}, /* 盤 盘 */ {0x78BA, 0x786E}, /* 確 确 */ {0x78BC, 0x7801}, /* 碼 码 */
	{0x79AE, 0x793C}, /* 禮 礼 */ {0x7A05, 0x7A0E}, /* 稅 税 */ {0x7A69, 0x7A33}, /* 穩 稳 */
	{0x7A6B, 0x83B7}, /* 穫 获 */ {0x7BC0, 0x8282}, /* 節 节 */ {0x7C64, 0x7B7E}, /* 籤 签 */
	{0x7CF0, 0x56E2}, /* 糰 团 */ {0x7D00, 0x7EAA}, /* 紀 纪 */ {0x7D05, 0x7EA2}, /* 紅 红 */
	{0x7D10, 0x7EBD}, /* 紐 纽 */ {0x7D19, 0x7EB8}, /* 紙 纸 */ {0x7D1A, 0x7EA7}, /* 級 级 */
	{0x7D50, 0x7ED3}, /* 結 结 */ {0x7D61, 0x7EDC}, /* 絡 络 */ {0x7D66, 0x7ED9}, /* 給 给 */
	{0x7D71, 0x7EDF}, /* 統 统 */ {0x7D72, 0x4E1D}, /* 絲 丝 */ {0x7D93, 0x7ECF}, /* 經 经 */
	{0x7DAB, 0x7EBF}, /* 綫 线 */ {0x7DAD, 0x7EF4}, /* 維 维 */ {0x7DB2, 0x7F51}, /* 網 网 */
	{0x7DCA, 0x7D27}, /* 緊 紧 */ {0x7DDA, 0x7EBF}, /* 線 线 */ {0x7DE9, 0x7F13}, /* 緩 缓 */
	{0x7E10, 0x76B1}, /* 縐 皱 */ {0x7E2B, 0x7F1D}, /* 縫 缝 */ {0x7E2E, 0x7F29}, /* 縮 缩 */
	{0x7E3D, 0x603B}, /* 總 总 */ {0x7E6B, 0x7CFB}, /* 繫 系 */ {0x7E8C, 0x7EED}, /* 續 续 */
	{0x7E96, 0x7EA4}, /* 纖 纤 */ {0x7F70, 0x7F5A}, /* 罰 罚 */ {0x7F77, 0x7F62}, /* 罷 罢 */
	{0x806F, 0x8054}, /* 聯 联 */ {0x8072, 0x58F0}, /* 聲 声 */ {0x8077, 0x804C}, /* 職 职 */
	{0x8166, 0x8111}, /* 腦 脑 */ {0x816B, 0x80BF}, /* 腫 肿 */ {0x819A, 0x80A4}, /* 膚 肤 */
	{0x81A0, 0x80F6}, /* 膠 胶 */ {0x8207, 0x4E0E}, /* 與 与 */ {0x820A, 0x65E7}, /* 舊 旧 */
	{0x8216, 0x94FA}, /* 舖 铺 */ {0x84BC, 0x82CD}, /* 蒼 苍 */ {0x85E5, 0x836F}, /* 藥 药 */
	{0x860B, 0x82F9}, /* 蘋 苹 */ {0x8655, 0x5904}, /* 處 处 */ {0x865F, 0x53F7}, /* 號 号 */
	{0x8667, 0x4E8F}, /* 虧 亏 */ {0x8766, 0x867E}, /* 蝦 虾 */ {0x87A2, 0x8367}, /* 螢 荧 */
	{0x87F2, 0x866B}, /* 蟲 虫 */ {0x8805, 0x8747}, /* 蠅 蝇 */ {0x885B, 0x536B}, /* 衛 卫 */
	{0x885D, 0x51B2}, /* 衝 冲 */ {0x88DC, 0x8865}, /* 補 补 */ {0x88DD, 0x88C5}, /* 裝 装 */
	{0x8932, 0x88E4}, /* 褲 裤 */ {0x896A, 0x889C}, /* 襪 袜 */ {0x896F, 0x886C}, /* 襯 衬 */
	{0x898F, 0x89C4}, /* 規 规 */ {0x89AA, 0x4EB2}, /* 親 亲 */ {0x89BA, 0x89C9}, /* 覺 觉 */
	{0x89F8, 0x89E6}, /* 觸 触 */ {0x8A02, 0x8BA2}, /* 訂 订 */ {0x8A08, 0x8BA1}, /* 計 计 */
	{0x8A0A, 0x8BAF}, /* 訊 讯 */ {0x8A2D, 0x8BBE}, /* 設 设 */ {0x8A34, 0x8BC9}, /* 訴 诉 */
	{0x8A55, 0x8BC4}, /* 評 评 */ {0x8A62, 0x8BE2}, /* 詢 询 */ {0x8A66, 0x8BD5}, /* 試 试 */
	{0x8A71, 0x8BDD}, /* 話 话 */ {0x8A72, 0x8BE5}, /* 該 该 */ {0x8A87, 0x5938}, /* 誇 夸 */
	{0x8A8C, 0x5FD7}, /* 誌 志 */ {0x8A8D, 0x8BA4}, /* 認 认 */ {0x8AA0, 0x8BDA}, /* 誠 诚 */
	{0x8AA4, 0x8BEF}, /* 誤 误 */ {0x8AAA, 0x8BF4}, /* 說 说 */ {0x8AC9, 0x8BFF}, /* 諉 诿 */
	{0x8ACB, 0x8BF7}, /* 請 请 */ {0x8B1D, 0x8C22}, /* 謝 谢 */ {0x8B49, 0x8BC1}, /* 證 证 */
	{0x8B6F, 0x8BD1}, /* 譯 译 */ {0x8B80, 0x8BFB}, /* 讀 读 */ {0x8B8A, 0x53D8}, /* 變 变 */
	{0x8B93, 0x8BA9}, /* 讓 让 */ {0x8C50, 0x4E30}, /* 豐 丰 */ {0x8CA0, 0x8D1F}, /* 負 负 */
	{0x8CA8, 0x8D27}, /* 貨 货 */ {0x8CA9, 0x8D29}, /* 販 贩 */ {0x8CAC, 0x8D23}, /* 責 责 */
	{0x8CB4, 0x8D35}, /* 貴 贵 */ {0x8CB7, 0x4E70}, /* 買 买 */ {0x8CBB, 0x8D39}, /* 費 费 */
	{0x8CBC, 0x8D34}, /* 貼 贴 */ {0x8CC0, 0x8D3A}, /* 賀 贺 */ {0x8CE0, 0x8D54}, /* 賠 赔 */
	{0x8CE3, 0x5356}, /* 賣 卖 */ {0x8CEA, 0x8D28}, /* 質 质 */ {0x8CEC, 0x8D26}, /* 賬 账 */
	{0x8CFA, 0x8D5A}, /* 賺 赚 */ {0x8D08, 0x8D60}, /* 贈 赠 */ {0x8D95, 0x8D76}, /* 趕 赶 */
	{0x8ECA, 0x8F66}, /* 車 车 */ {0x8EDF, 0x8F6F}, /* 軟 软 */ {0x8EF8, 0x8F74}, /* 軸 轴 */
	{0x8F09, 0x8F7D}, /* 載 载 */ {0x8F15, 0x8F7B}, /* 輕 轻 */ {0x8F2A, 0x8F6E}, /* 輪 轮 */
	{0x8F2F, 0x8F91}, /* 輯 辑 */ {0x9019, 0x8FD9}, /* 這 这 */ {0x9023, 0x8FDE}, /* 連 连 */
	{0x904B, 0x8FD0}, /* 運 运 */ {0x904E, 0x8FC7}, /* 過 过 */ {0x9054, 0x8FBE}, /* 達 达 */
	{0x9055, 0x8FDD}, /* 違 违 */ {0x905C, 0x900A}, /* 遜 逊 */ {0x905E, 0x9012}, /* 遞 递 */
	{0x9060, 0x8FDC}, /* 遠 远 */ {0x9069, 0x9002}, /* 適 适 */ {0x9072, 0x8FDF}, /* 遲 迟 */
	{0x9084, 0x8FD8}, /* 還 还 */ {0x908A, 0x8FB9}, /* 邊 边 */ {0x908F, 0x903B}, /* 邏 逻 */
	{0x9109, 0x4E61}, /* 鄉 乡 */ {0x9130, 0x90BB}, /* 鄰 邻 */ {0x91D8, 0x9489}, /* 釘 钉 */
	{0x9215, 0x94AE}, /* 鈕 钮 */ {0x92B9, 0x9508}, /* 銹 锈 */ {0x92EA, 0x94FA}, /* 鋪 铺 */
	{0x9304, 0x5F55}, /* 錄 录 */ {0x9322, 0x94B1}, /* 錢 钱 */ {0x932F, 0x9519}, /* 錯 错 */
	{0x9336, 0x8868}, /* 錶 表 */ {0x934A, 0x94FE}, /* 鍊 链 */ {0x9375, 0x952E}, /* 鍵 键 */
	{0x9396, 0x9501}, /* 鎖 锁 */ {0x93C8, 0x94FE}, /* 鏈 链 */ {0x93E1, 0x955C}, /* 鏡 镜 */
	{0x93FD, 0x9508}, /* 鏽 锈 */ {0x9418, 0x949F}, /* 鐘 钟 */ {0x9435, 0x94C1}, /* 鐵 铁 */
	{0x9577, 0x957F}, /* 長 长 */ {0x9580, 0x95E8}, /* 門 门 */ {0x9583, 0x95EA}, /* 閃 闪 */
	{0x9589, 0x95ED}, /* 閉 闭 */ {0x958B, 0x5F00}, /* 開 开 */ {0x9593, 0x95F4}, /* 間 间 */
	{0x95DC, 0x5173}, /* 關 关 */ {0x9670, 0x9634}, /* 陰 阴 */ {0x967D, 0x9633}, /* 陽 阳 */
	{0x969B, 0x9645}, /* 際 际 */ {0x96A8, 0x968F}, /* 隨 随 */ {0x96AA, 0x9669}, /* 險 险 */
	{0x96D9, 0x53CC}, /* 雙 双 */ {0x96DC, 0x6742}, /* 雜 杂 */ {0x96DE, 0x9E21}, /* 雞 鸡 */
	{0x96E3, 0x96BE}, /* 難 难 */ {0x96F2, 0x4E91}, /* 雲 云 */ {0x96FB, 0x7535}, /* 電 电 */
	{0x9760, 0x9760}, /* 靠 靠 */ {0x97D3, 0x97E9}, /* 韓 韩 */ {0x97FF, 0x54CD}, /* 響 响 */
	{0x9801, 0x9875}, /* 頁 页 */ {0x9813, 0x987F}, /* 頓 顿 */ {0x9818, 0x9886}, /* 領 领 */
	{0x982D, 0x5934}, /* 頭 头 */ {0x9846, 0x9897}, /* 顆 颗 */ {0x984C, 0x9898}, /* 題 题 */
	{0x984D, 0x989D}, /* 額 额 */ {0x984F, 0x989C}, /* 顏 颜 */ {0x9858, 0x613F}, /* 願 愿 */
	{0x985E, 0x7C7B}, /* 類 类 */ {0x9867, 0x987E}, /* 顧 顾 */ {0x986F, 0x663E}, /* 顯 显 */
	{0x98A8, 0x98CE}, /* 風 风 */ {0x98DF, 0x98DF}, /* 食 食 */ {0x98EF, 0x996D}, /* 飯 饭 */
	{0x990A, 0x517B}, /* 養 养 */ {0x9918, 0x4F59}, /* 餘 余 */ {0x993F, 0x998A}, /* 餿 馊 */
	{0x9A0E, 0x9A91}, /* 騎 骑 */ {0x9A19, 0x9A97}, /* 騙 骗 */ {0x9A37, 0x9A9A}, /* 騷 骚 */
	{0x9A57, 0x9A8C}, /* 驗 验 */ {0x9A5A, 0x60CA}, /* 驚 惊 */ {0x9AD2, 0x810F}, /* 髒 脏 */
	{0x9AD4, 0x4F53}, /* 體 体 */ {0x9AEE, 0x53D1}, /* 髮 发 */ {0x9B06, 0x677E}, /* 鬆 松 */
	{0x9B25, 0x6597}, /* 鬥 斗 */ {0x9B27, 0x95F9}, /* 鬧 闹 */ {0x9B5A, 0x9C7C}, /* 魚 鱼 */
	{0x9BAE, 0x9C9C}, /* 鮮 鲜 */ {0x9D28, 0x9E2D}, /* 鴨 鸭 */ {0x9E79, 0x54B8}, /* 鹹 咸 */
	{0x9EA5, 0x9EA6}, /* 麥 麦 */ {0x9EB5, 0x9762}, /* 麵 面 */ {0x9EBC, 0x4E48}, /* 麼 么 */
	{0x9EDE, 0x70B9}, /* 點 点 */ {0x9EF4, 0x9709}, /* 黴 霉 */ {0x9F4A, 0x9F50}, /* 齊 齐 */
	{0x9F52, 0x9F7F}, /* 齒 齿 */
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
	if (c == 0x2018 || c == 0x2019)
		return '\'';	/* typographic apostrophes: didn’t */
	if (c >= 0x4E00 && c <= 0x9FFF) {
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
