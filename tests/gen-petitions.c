/*
 * gen-petitions: write a large, realistic, deterministic petition CSV to
 * stdout, for benchmarks (tests/bench.sh) and load tests.
 *
 *	gen-petitions [-n ROWS] [-s SEED] [--history]
 *
 * Every row is a function of (SEED, row number) alone: the same arguments
 * always give the same bytes, and nothing is kept in memory between rows.
 *
 * What the data looks like:
 *   - received_at runs from 2023-01-01 to 2026-10-31 in row order (office
 *     hours), except that a few letters are registered 1-3 days late;
 *   - petitioners have common Chinese names, valid GB 11643-1999 ID
 *     numbers (area code of a real district, real birth date, sex digit
 *     matching the name, check character computed), mobile numbers
 *     1[3-9]xxxxxxxxx and addresses 省 市 区 街道 路 号;
 *   - content is 20-120 characters of Chinese about police matters, with
 *     the odd ASCII comma, double quote or line break, quoted per RFC 4180;
 *   - about 8% of rows repeat an earlier matter 5-180 days later: same
 *     person, same category, nearly the same content (a word added or the
 *     demand reworded), so xf-intake's repeat check finds them;
 *   - about 3% of matters are group petitions (persons 5-60), the others
 *     have 1-3 persons;
 *   - with --history, each row carries a consistent handling history as of
 *     2026-11-24: status closed, terminated, review, assigned or accepted,
 *     accepted_at >= received_at, replied_at and closed_at after
 *     accepted_at and not after 2026-11-24, resolved, satisfaction.
 *     Status review needs review_requested_at, so --history adds that
 *     column and terminated_at after the ones in the header list.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"

#define ASOF_Y	2026
#define ASOF_M	11
#define ASOF_D	24

/* ---- random numbers ---------------------------------------------------- */

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* splitmix64: one stream per (seed, row, purpose). */
struct rng {
	uint64_t s;
};

static void
rng_init(struct rng *r, uint64_t seed, uint64_t row, uint64_t purpose)
{
	r->s = mix64(seed * 0x9e3779b97f4a7c15ULL ^ mix64(row * 4 + purpose));
}

static uint64_t
rnext(struct rng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	return mix64(r->s);
}

/* Uniform in [0, n). */
static uint32_t
rbelow(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rnext(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int
rrange(struct rng *r, int lo, int hi)
{
	return lo + (int)rbelow(r, (uint32_t)(hi - lo + 1));
}

/* 1 with probability per/1000. */
static int
rper(struct rng *r, int per)
{
	return (int)rbelow(r, 1000) < per;
}

#define PICK(r, a) ((a)[rbelow((r), sizeof(a) / sizeof((a)[0]))])

/* ---- output ------------------------------------------------------------ */

static char obuf[1 << 20];
static size_t olen;

static void
oflush(void)
{
	if (olen && fwrite(obuf, 1, olen, stdout) != olen) {
		perror("gen-petitions: stdout");
		exit(1);
	}
	olen = 0;
}

static void
oput(const char *s, size_t n)
{
	if (olen + n > sizeof(obuf))
		oflush();
	memcpy(obuf + olen, s, n);
	olen += n;
}

static void
oputs(const char *s)
{
	oput(s, strlen(s));
}

static void
oputc(char c)
{
	if (olen == sizeof(obuf))
		oflush();
	obuf[olen++] = c;
}

/* One CSV field, quoted if it holds a comma, quote or line break. */
static void
ofield(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			break;
	if (i == n) {
		oput(s, n);
		return;
	}
	oputc('"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			oputc('"');
		oputc(s[i]);
	}
	oputc('"');
}

/* A small string builder for one field. */
struct sb {
	char s[1024];
	size_t n;
};

static void
sb_add(struct sb *b, const char *s)
{
	size_t n = strlen(s);

	if (b->n + n >= sizeof(b->s))
		n = sizeof(b->s) - 1 - b->n;
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void
sb_int(struct sb *b, long v)
{
	char t[24];
	int k = 0;

	if (v < 0) {
		sb_add(b, "-");
		v = -v;
	}
	do
		t[k++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while (k > 0 && b->n + 1 < sizeof(b->s))
		b->s[b->n++] = t[--k];
	b->s[b->n] = '\0';
}

/* Characters (code points) in s. */
static size_t
nchars(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* ---- dates ------------------------------------------------------------- */

static long day_first, day_last, day_asof;	/* 2023-01-01 .. 2026-10-31 */
static long tab_lo;				/* first day in the tables */
static char (*datetab)[11];			/* "YYYY-MM-DD" */
static long ntab;
static long birth_lo, birth_hi;

static void
dates_init(void)
{
	day_first = xf_date_days(2023, 1, 1);
	day_last = xf_date_days(2026, 10, 31);
	day_asof = xf_date_days(ASOF_Y, ASOF_M, ASOF_D);
	birth_lo = xf_date_days(1940, 1, 1);
	birth_hi = xf_date_days(2006, 12, 31);
	tab_lo = birth_lo;
	ntab = day_asof + 400 - tab_lo;
	if ((datetab = malloc((size_t)ntab * sizeof(*datetab))) == NULL) {
		perror("gen-petitions");
		exit(1);
	}
	for (long i = 0; i < ntab; i++)
		xf_date_fmt(tab_lo + i, datetab[i]);
}

static const char *
dstr(long day)
{
	if (day < tab_lo || day >= tab_lo + ntab) {
		fprintf(stderr, "gen-petitions: day %ld out of range\n", day);
		exit(1);
	}
	return datetab[day - tab_lo];
}

/* ---- vocabulary -------------------------------------------------------- */

/* The hundred commonest surnames, roughly in order of frequency. */
static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
	"徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
	"郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
	"彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
	"余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈",
	"姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
	"石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟",
	"熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
	"龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
	"万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤",
};
static const char *const rare_surnames[] = {
	"欧阳", "诸葛", "司马", "上官", "东方", "皇甫", "令狐", "慕容",
};
static const char *const male_chars[] = {
	"伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚",
	"平", "辉", "鹏", "华", "飞", "鑫", "波", "斌", "宇", "浩",
	"凯", "健", "俊", "帆", "旭", "宁", "龙", "林", "建", "国",
	"志", "文", "海", "东", "峰", "亮", "成", "红", "德", "永",
	"福", "生", "春", "庆", "兵", "新", "利", "清", "金", "光",
};
static const char *const female_chars[] = {
	"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "英",
	"玲", "桂", "兰", "燕", "萍", "红", "梅", "琳", "雪", "婷",
	"慧", "莉", "洁", "颖", "倩", "月", "佳", "欣", "晶", "丹",
	"琴", "云", "凤", "华", "珍", "玉", "春", "霞", "秋", "爱",
};

/* Districts: the code is the real 6-digit administrative code. */
static const struct district {
	const char *prov, *city, *name, *code;
} districts[] = {
	{ "", "北京市", "东城区", "110101" },
	{ "", "北京市", "西城区", "110102" },
	{ "", "北京市", "朝阳区", "110105" },
	{ "", "北京市", "丰台区", "110106" },
	{ "", "北京市", "海淀区", "110108" },
	{ "", "上海市", "黄浦区", "310101" },
	{ "", "上海市", "徐汇区", "310104" },
	{ "", "上海市", "闵行区", "310112" },
	{ "", "上海市", "浦东新区", "310115" },
	{ "", "天津市", "和平区", "120101" },
	{ "", "天津市", "南开区", "120104" },
	{ "", "重庆市", "渝中区", "500103" },
	{ "", "重庆市", "江北区", "500105" },
	{ "广东省", "广州市", "越秀区", "440104" },
	{ "广东省", "广州市", "海珠区", "440105" },
	{ "广东省", "广州市", "天河区", "440106" },
	{ "广东省", "广州市", "白云区", "440111" },
	{ "广东省", "深圳市", "福田区", "440304" },
	{ "广东省", "深圳市", "南山区", "440305" },
	{ "广东省", "深圳市", "宝安区", "440306" },
	{ "广东省", "深圳市", "龙岗区", "440307" },
	{ "江苏省", "南京市", "玄武区", "320102" },
	{ "江苏省", "南京市", "鼓楼区", "320106" },
	{ "江苏省", "南京市", "江宁区", "320115" },
	{ "江苏省", "苏州市", "吴中区", "320506" },
	{ "江苏省", "苏州市", "姑苏区", "320508" },
	{ "浙江省", "杭州市", "上城区", "330102" },
	{ "浙江省", "杭州市", "西湖区", "330106" },
	{ "浙江省", "杭州市", "余杭区", "330110" },
	{ "四川省", "成都市", "锦江区", "510104" },
	{ "四川省", "成都市", "青羊区", "510105" },
	{ "四川省", "成都市", "武侯区", "510107" },
	{ "四川省", "成都市", "成华区", "510108" },
	{ "湖北省", "武汉市", "江岸区", "420102" },
	{ "湖北省", "武汉市", "武昌区", "420106" },
	{ "湖北省", "武汉市", "洪山区", "420111" },
	{ "河南省", "郑州市", "中原区", "410102" },
	{ "河南省", "郑州市", "二七区", "410103" },
	{ "河南省", "郑州市", "金水区", "410105" },
	{ "山东省", "济南市", "历下区", "370102" },
	{ "山东省", "济南市", "市中区", "370103" },
	{ "山东省", "青岛市", "市南区", "370202" },
	{ "山东省", "青岛市", "崂山区", "370212" },
	{ "陕西省", "西安市", "新城区", "610102" },
	{ "陕西省", "西安市", "碑林区", "610103" },
	{ "陕西省", "西安市", "雁塔区", "610113" },
	{ "湖南省", "长沙市", "芙蓉区", "430102" },
	{ "湖南省", "长沙市", "天心区", "430103" },
	{ "湖南省", "长沙市", "岳麓区", "430104" },
	{ "辽宁省", "沈阳市", "和平区", "210102" },
	{ "辽宁省", "沈阳市", "沈河区", "210103" },
	{ "福建省", "福州市", "鼓楼区", "350102" },
	{ "福建省", "福州市", "台江区", "350103" },
	{ "福建省", "厦门市", "思明区", "350203" },
	{ "河北省", "石家庄市", "长安区", "130102" },
	{ "河北省", "石家庄市", "桥西区", "130104" },
	{ "安徽省", "合肥市", "蜀山区", "340104" },
	{ "安徽省", "合肥市", "包河区", "340111" },
	{ "江西省", "南昌市", "东湖区", "360102" },
	{ "云南省", "昆明市", "五华区", "530102" },
	{ "广西壮族自治区", "南宁市", "青秀区", "450103" },
	{ "黑龙江省", "哈尔滨市", "道里区", "230102" },
	{ "吉林省", "长春市", "朝阳区", "220104" },
	{ "山西省", "太原市", "小店区", "140105" },
};
#define NDISTRICT (sizeof(districts) / sizeof(districts[0]))

static const char *const streets[] = {
	"新华街道", "人民街道", "城关街道", "中山街道", "解放街道",
	"和平街道", "建设街道", "胜利街道", "长安街道", "花园街道",
	"南湖街道", "东湖街道", "西关街道", "北苑街道", "望江街道",
	"桂花街道", "金桥街道", "龙泉街道", "清水河街道", "朝阳门街道",
};
static const char *const roads[] = {
	"人民路", "解放路", "建设路", "中山路", "和平路", "新华路",
	"文化路", "学府路", "滨江路", "长江路", "黄河路", "友谊路",
	"光明路", "胜利街", "青年路", "工农路", "迎宾大道", "创业大道",
	"红旗路", "东风路", "幸福路", "复兴路", "北京路", "南京路",
};
static const char *const estates[] = {
	"阳光花园", "幸福家园", "锦绣华庭", "金色家园", "翠苑小区",
	"和谐家园", "华府名苑", "书香门第", "碧水蓝天", "绿城花园",
	"铁路宿舍", "教师新村", "电力小区", "滨江花园", "御景湾",
};
static const char *const phone_prefix[] = {
	"130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
	"150", "151", "152", "153", "155", "156", "157", "158", "159",
	"166", "173", "175", "176", "177", "178",
	"180", "181", "182", "183", "185", "186", "187", "188", "189",
	"191", "193", "195", "198", "199",
};

/* The bureau's own units. */
static const char *const branches[] = {
	"城东分局", "城西分局", "城南分局", "城北分局", "高新分局",
	"经开分局", "江北分局", "新区分局",
};
static const char *const stations[] = {
	"东关派出所", "西门派出所", "人民路派出所", "火车站派出所",
	"南湖派出所", "新华派出所", "城关派出所", "金桥派出所",
	"滨江派出所", "长安派出所",
};

/* ---- content ----------------------------------------------------------- */

/*
 * Each category has situations (A), details (B) and demands (C).  {ym} is
 * a year and month before the petition, {money} an amount, {n} a small
 * number, {item} a stolen thing, {place} a place, {unit} a police unit.
 * Categories are those of examples/rules.csv; their texts avoid the
 * keywords of the other rules so the rules and the category agree.
 */
struct category {
	const char *code;
	int weight;
	const char *const *a;
	size_t na;
	const char *const *b;
	size_t nb;
	const char *const *c;
	size_t nc;
	const char *const *d;	/* more about the harm done */
	size_t nd;
	int unit_kind;	/* see unit_for() */
};

#define ARR(x) x, sizeof(x) / sizeof(x[0])

static const char *const cp_a[] = {
	"本人于{ym}在{place}被盗{item}，当天就报了警，",
	"我家{rel}于{ym}在{place}被人打伤，已向{unit}报案，",
	"{ym}我放在{place}的{item}被盗，报案后",
	"我于{ym}被人骗走{money}，向{unit}报案，",
	"{ym}我在{place}被人抢走{item}，报警后民警做了笔录，",
	"我家{rel}于{ym}失踪，向{unit}报案后，",
	"{ym}有人深夜砸坏我家的门窗，报案后",
};
static const char *const cp_b[] = {
	"至今已过去{n}个月，案件没有任何进展，",
	"办案民警一直说在侦查，迟迟不给答复，",
	"多次打电话询问均无结果，",
	"民警说\"等通知\"，之后再没有消息，",
	"到现在没有立案，也没有任何书面答复，",
	"嫌疑人就住在附近，却一直没有抓获，",
};
static const char *const cp_c[] = {
	"请求尽快破案。",
	"要求公安机关依法立案侦查并告知进展。",
	"请领导督促办理。",
	"请求给个说法。",
	"希望早日抓获嫌疑人，追回损失。",
};

static const char *const tf_a[] = {
	"{ym}接到自称{fake}的电话，被骗转账{money}，",
	"{ym}在网上刷单被骗{money}，",
	"{ym}我母亲被冒充客服的人骗走养老钱{money}，",
	"{ym}通过网上贷款平台被诈骗{money}，",
	"{ym}在交友软件上认识一人，被以投资为名骗走{money}，",
};
static const char *const tf_b[] = {
	"已向{unit}报案，至今没有消息，",
	"报案后民警说资金已被转移，",
	"反诈中心只做了登记，",
	"对方账户信息我都已提供，",
};
static const char *const tf_c[] = {
	"请求追回被骗款项。",
	"请求尽快侦破此案，挽回损失。",
	"请求冻结对方账户。",
	"希望公安机关加大打击力度。",
};

static const char *const tr_a[] = {
	"{ym}我在{road}发生交通事故，对{unit}作出的事故认定书不服，",
	"{ym}我家{rel}在{road}被车撞伤，肇事司机逃逸，",
	"{ym}我的车辆因事故被扣押，",
	"{ym}驾驶证被暂扣，",
	"{ym}在{road}与一辆货车相撞，",
};
static const char *const tr_b[] = {
	"认为对方车辆应负主要责任，认定明显不公，",
	"至今已{n}个月，交警一直没有结果，",
	"多次到交警大队询问，都说还在处理，",
	"对方拒不赔偿医疗费{money}，",
};
static const char *const tr_c[] = {
	"请求依法处理。",
	"请求给个说法。",
	"请求上级交警部门督促处理。",
	"请求依法公正处理。",
};

static const char *const hk_a[] = {
	"孩子户口迁移手续办理了{n}个月仍未办好，",
	"身份证丢失后补办，{unit}一直说系统有问题，",
	"因户籍信息登记错误，无法办理{biz}，",
	"我们一家从外地迁来多年，落户申请被退回{n}次，",
	"居住证到期后续办，窗口要求提供的材料前后不一，",
	"父亲户口本上的出生日期登记错误，",
};
static const char *const hk_b[] = {
	"来回跑了{n}趟还是没办成，",
	"窗口工作人员态度冷淡，",
	"每次都说需要补充材料，",
	"影响孩子上学，",
};
static const char *const hk_c[] = {
	"请求尽快办理。",
	"请求一次性告知所需材料。",
	"请求依法依规办理。",
	"请求给个明确答复。",
};

static const char *const po_a[] = {
	"邻居夜间噪音扰民，",
	"小区附近有人聚众赌博，",
	"与邻居因{dispute}发生纠纷，对方多次上门滋事，",
	"楼下烧烤店每天经营到凌晨，酒后打架斗殴不断，",
	"有人长期在{place}寻衅滋事，",
	"邻居饲养大型犬不拴绳，多次咬伤路人，",
};
static const char *const po_b[] = {
	"多次报警未解决，",
	"民警来了只是口头警告，",
	"已经影响到全家人的正常生活，",
	"居委会调解了{n}次都没有用，",
};
static const char *const po_c[] = {
	"请求派出所依法处理。",
	"请求加强巡逻。",
	"请求依法查处。",
	"希望公安机关管一管。",
};

static const char *const le_a[] = {
	"{ym}因{dispute}纠纷被民警带走，民警态度粗暴，",
	"交警执法时乱罚款，",
	"认为办案民警执法不公，偏袒对方，",
	"{ym}我报警后出警民警不作为，",
	"{ym}我被{unit}行政拘留{n}日，认为事实不清，",
};
static const char *const le_b[] = {
	"还当众辱骂我，",
	"没有出示任何证件，",
	"事后多次找{unit}反映均无回音，",
	"对方与民警是亲戚关系，",
};
static const char *const le_c[] = {
	"要求调查处理相关民警。",
	"要求公开道歉。",
	"请求纠正错误做法。",
	"请求上级公安机关督查。",
};

static const char *const ud_a[] = {
	"{unit}作出的处罚决定对方至今未执行，",
	"在派出所主持下签订的调解协议，对方拒不履行，",
	"对方应赔偿我{money}，",
};
static const char *const ud_b[] = {
	"已过去{n}个月，",
	"多次催促，对方避而不见，",
	"办案民警说管不了，",
};
static const char *const ud_c[] = {
	"请求督促执行。",
	"请求依法处理。",
	"请求公安机关督促对方履行。",
};

static const char *const ee_a[] = {
	"申请办理护照已{n}个月未拿到，",
	"港澳通行证续签被拒，",
	"{ym}在出入境窗口办理签注，",
};
static const char *const ee_b[] = {
	"窗口说审批还在流程中，",
	"没有说明理由，",
	"急着出国看病，",
};
static const char *const ee_c[] = {
	"请求尽快办理。",
	"请求说明不予办理的理由。",
};

/* Two matters for other organs, forwarded by examples/rules.csv. */
static const char *const lb_a[] = {
	"公司拖欠工资{money}，老板失联，",
	"在工地干了{n}个月，包工头拖欠工资不给，",
};
static const char *const lb_b[] = {
	"到劳动部门反映过，",
	"我们{n}个工友都没拿到钱，",
};
static const char *const lb_c[] = {
	"请求帮助讨薪。",
	"请求依法处理欠薪问题。",
};

static const char *const ld_a[] = {
	"村里征地补偿款被村干部截留，",
	"宅基地被邻居强占，",
};
static const char *const ld_b[] = {
	"每户少发{money}，",
	"多次找村委会无果，",
};
static const char *const ld_c[] = {
	"请求查处。",
	"请求依法解决。",
};


static const char *const loss_d[] = {
	"此事给我家造成很大损失，",
	"家中老人因此病倒住院，生活十分困难，",
	"此前已到{unit}反映过{n}次，",
	"相关证据材料我已全部提交，",
};
static const char *const money_d[] = {
	"我是低保户，这笔钱是全家的生活费，",
	"这笔钱是给孩子看病的钱，",
	"此前已到{unit}反映过{n}次，",
	"转账记录和聊天记录我已全部提交，",
};
static const char *const fear_d[] = {
	"对方扬言还要报复，全家人整天提心吊胆，",
	"此前已到{unit}反映过{n}次，",
	"家中老人因此病倒住院，",
};
static const char *const paper_d[] = {
	"此前已到{unit}反映过{n}次，",
	"相关证明材料我已全部提交，",
	"耽误了很多事情，",
};

static const struct category cats[] = {
	{ "case-progress", 220, ARR(cp_a), ARR(cp_b), ARR(cp_c), ARR(loss_d),
	    0 },
	{ "telecom-fraud", 170, ARR(tf_a), ARR(tf_b), ARR(tf_c), ARR(money_d),
	    1 },
	{ "traffic", 150, ARR(tr_a), ARR(tr_b), ARR(tr_c), ARR(loss_d), 2 },
	{ "household-registration", 130, ARR(hk_a), ARR(hk_b), ARR(hk_c),
	    ARR(paper_d), 3 },
	{ "public-order", 150, ARR(po_a), ARR(po_b), ARR(po_c), ARR(fear_d),
	    3 },
	{ "law-enforcement", 100, ARR(le_a), ARR(le_b), ARR(le_c),
	    ARR(paper_d), 4 },
	{ "unenforced-decision", 40, ARR(ud_a), ARR(ud_b), ARR(ud_c),
	    ARR(fear_d), 3 },
	{ "exit-entry", 20, ARR(ee_a), ARR(ee_b), ARR(ee_c), ARR(paper_d),
	    5 },
	{ "labour", 12, ARR(lb_a), ARR(lb_b), ARR(lb_c), ARR(money_d), 4 },
	{ "land", 8, ARR(ld_a), ARR(ld_b), ARR(ld_c), ARR(paper_d), 4 },
};
#define NCAT (sizeof(cats) / sizeof(cats[0]))
static int cat_total;

static const char *const places[] = {
	"小区停车场", "家中", "菜市场", "地铁站", "公交车上", "商场",
	"单位楼下", "学校门口", "火车站", "网吧",
};
static const char *const items[] = {
	"电动车", "手机", "现金{money}", "摩托车", "笔记本电脑",
	"金项链", "自行车", "钱包",
};
static const char *const rels[] = {
	"儿子", "女儿", "父亲", "母亲", "丈夫", "妻子", "弟弟", "哥哥",
};
static const char *const fakes[] = {
	"公安局民警", "快递客服", "银行工作人员", "电商客服", "检察院工作人员",
	"医保局工作人员",
};
static const char *const disputes[] = {
	"宅前通道", "停车位", "楼道堆物", "装修漏水", "噪音", "借款",
};
static const char *const bizs[] = {
	"房产过户", "医保", "子女入学", "结婚登记", "银行开户",
};
static const char *const cnnum[] = {
	"两", "三", "四", "五", "六", "七", "八", "十",
};

static const char *const prefixes[] = {
	"再次反映：", "多次反映，", "此前已反映过，", "我还是反映这件事，",
	"第二次来信：",
};
static const char *const suffixes[] = {
	"至今没有结果。", "至今无人答复。", "请求上级督办。",
};

/* A unit of the bureau that handles a category. */
static void
unit_for(struct rng *r, int kind, struct sb *u)
{
	const char *br = PICK(r, branches);

	switch (kind) {
	case 1:
		if (rper(r, 500))
			sb_add(u, "市局反诈中心");
		else {
			sb_add(u, br);
			sb_add(u, "刑侦大队");
		}
		break;
	case 2:
		sb_add(u, "交警支队");
		sb_add(u, PICK(r, ((const char *const[]){ "一大队", "二大队",
		    "三大队", "四大队", "高速大队", "事故处理大队" })));
		break;
	case 3:
		sb_add(u, br);
		sb_add(u, PICK(r, stations));
		break;
	case 4:
		sb_add(u, br);
		break;
	case 5:
		sb_add(u, "出入境管理支队");
		break;
	default:
		sb_add(u, br);
		if (rper(r, 500))
			sb_add(u, "刑侦大队");
		else
			sb_add(u, PICK(r, stations));
	}
}

static void
money(struct rng *r, struct sb *b)
{
	switch (rbelow(r, 3)) {
	case 0:
		sb_int(b, rrange(r, 2, 99) * 100);
		sb_add(b, "元");
		break;
	case 1:
		sb_int(b, rrange(r, 1, 30));
		sb_add(b, "万元");
		break;
	default:
		sb_int(b, rrange(r, 1, 99));
		sb_add(b, ".");
		sb_int(b, rrange(r, 1, 9));
		sb_add(b, "万元");
	}
}

/* Expand template t into b. */
static void
expand(struct rng *r, const char *t, long recv_day, const char *unit,
    struct sb *b)
{
	while (*t) {
		const char *p = strchr(t, '{'), *q;
		char key[16];

		if (p == NULL) {
			sb_add(b, t);
			return;
		}
		if (p > t) {
			char tmp[512];
			size_t n = (size_t)(p - t);

			memcpy(tmp, t, n);
			tmp[n] = '\0';
			sb_add(b, tmp);
		}
		q = strchr(p, '}');
		snprintf(key, sizeof(key), "%.*s", (int)(q - p - 1), p + 1);
		t = q + 1;
		if (strcmp(key, "ym") == 0) {
			long d = recv_day - rrange(r, 10, 400);
			const char *s = dstr(d);
			int m = (s[5] - '0') * 10 + (s[6] - '0');
			char y[5];

			memcpy(y, s, 4);
			y[4] = '\0';
			sb_add(b, y);
			sb_add(b, "年");
			sb_int(b, m);
			sb_add(b, "月");
		} else if (strcmp(key, "money") == 0)
			money(r, b);
		else if (strcmp(key, "n") == 0)
			sb_add(b, PICK(r, cnnum));
		else if (strcmp(key, "item") == 0)
			expand(r, PICK(r, items), recv_day, unit, b);
		else if (strcmp(key, "place") == 0)
			sb_add(b, PICK(r, places));
		else if (strcmp(key, "rel") == 0)
			sb_add(b, PICK(r, rels));
		else if (strcmp(key, "unit") == 0)
			sb_add(b, unit);
		else if (strcmp(key, "fake") == 0)
			sb_add(b, PICK(r, fakes));
		else if (strcmp(key, "road") == 0)
			sb_add(b, PICK(r, roads));
		else if (strcmp(key, "dispute") == 0)
			sb_add(b, PICK(r, disputes));
		else if (strcmp(key, "biz") == 0)
			sb_add(b, PICK(r, bizs));
	}
}

/* ---- rows ---------------------------------------------------------------- */

static long nrows;
static uint64_t seed;
static long rep_min, rep_span;	/* repeat distance in rows */

enum { P_ROW, P_REPEAT, P_PERSON, P_MATTER };

/* If row i repeats an earlier matter, the row it repeats; else -1. */
static long
repeat_src(long i)
{
	struct rng r;

	if (i < rep_min)
		return -1;
	rng_init(&r, seed, (uint64_t)i, P_REPEAT);
	if (!rper(&r, 80))
		return -1;
	return i - rep_min - (long)rbelow(&r, (uint32_t)(rep_span < i -
	    rep_min + 1 ? rep_span : i - rep_min + 1));
}

/* The row that first petitioned the matter of row i. */
static long
first_row(long i)
{
	long s;

	while ((s = repeat_src(i)) >= 0)
		i = s;
	return i;
}

/* Receiving time of row i: day and seconds, monotone in i. */
static void
recv_time(long i, long *day, long *sec)
{
	long ndays = day_last - day_first + 1;
	/* 36000 office seconds (08:00-18:00) per day. */
	long double pos = (long double)i * ndays / (nrows > 0 ? nrows : 1);
	long d = (long)pos;

	*day = day_first + d;
	*sec = 8 * 3600 + (long)((pos - d) * 36000);
}

struct person {
	struct sb name, id, phone, addr;
};

static void
make_person(long base, struct person *p)
{
	struct rng r;
	const struct district *dist;
	int male, n;
	long birth;
	char id[19];

	rng_init(&r, seed, (uint64_t)base, P_PERSON);
	memset(p, 0, sizeof(*p));
	male = rper(&r, 560);
	/* Surnames: squared uniform favours the common ones. */
	if (rper(&r, 4))
		sb_add(&p->name, PICK(&r, rare_surnames));
	else {
		uint32_t u = rbelow(&r, 1000);

		sb_add(&p->name, surnames[(u * u / 1000) *
		    (sizeof(surnames) / sizeof(surnames[0])) / 1000]);
	}
	n = rper(&r, 330) ? 1 : 2;
	for (int k = 0; k < n; k++)
		sb_add(&p->name, male ? PICK(&r, male_chars) :
		    PICK(&r, female_chars));

	dist = &districts[rbelow(&r, NDISTRICT)];
	/* People born before the petition, aged at least 18 in 2023. */
	birth = birth_lo + (long)rbelow(&r, (uint32_t)(birth_hi - birth_lo));
	if (!rper(&r, 30)) {		/* 3% gave no ID number */
		const char *b = dstr(birth);
		int seq = rrange(&r, 0, 499) * 2 + (male ? 1 : 0);

		memcpy(id, rper(&r, 850) ? dist->code :
		    districts[rbelow(&r, NDISTRICT)].code, 6);
		memcpy(id + 6, b, 4);
		memcpy(id + 10, b + 5, 2);
		memcpy(id + 12, b + 8, 2);
		id[14] = (char)('0' + seq / 100);
		id[15] = (char)('0' + seq / 10 % 10);
		id[16] = (char)('0' + seq % 10);
		id[17] = xf_idno_checkchar(id);
		id[18] = '\0';
		sb_add(&p->id, id);
		if (rper(&r, 3) && id[17] == 'X')
			p->id.s[17] = 'x';	/* as typed */
	}
	/* Everyone without an ID number left a phone number. */
	if (p->id.n == 0 || !rper(&r, 40)) {
		sb_add(&p->phone, PICK(&r, phone_prefix));
		for (int k = 0; k < 8; k++) {
			char c[2] = { (char)('0' + rbelow(&r, 10)), 0 };

			sb_add(&p->phone, c);
		}
	}
	if (!rper(&r, 20)) {
		sb_add(&p->addr, dist->prov);
		sb_add(&p->addr, dist->city);
		sb_add(&p->addr, dist->name);
		sb_add(&p->addr, PICK(&r, streets));
		sb_add(&p->addr, PICK(&r, roads));
		sb_int(&p->addr, rrange(&r, 1, 399));
		sb_add(&p->addr, "号");
		if (rper(&r, 600)) {
			sb_add(&p->addr, PICK(&r, estates));
			sb_int(&p->addr, rrange(&r, 1, 30));
			sb_add(&p->addr, "栋");
			sb_int(&p->addr, rrange(&r, 1, 4));
			sb_add(&p->addr, "单元");
			sb_int(&p->addr, rrange(&r, 1, 28) * 100 +
			    rrange(&r, 1, 4));
			sb_add(&p->addr, "室");
		}
	}
}

struct matter {
	int cat;
	int group;		/* a group matter: persons 5..60 */
	struct sb unit;
	struct sb content;
	size_t demand;		/* byte offset of the demand sentence */
};

static size_t
sb_chars(const struct sb *b)
{
	return nchars(b->s, b->n);
}

static void
make_matter(long base, struct matter *m)
{
	struct rng r;
	const struct category *c;
	long day, sec;
	int w, skip_b;
	struct sb a, b, d, g;
	const char *dem;

	rng_init(&r, seed, (uint64_t)base, P_MATTER);
	memset(m, 0, sizeof(*m));
	w = (int)rbelow(&r, (uint32_t)cat_total);
	for (m->cat = 0; w >= cats[m->cat].weight; m->cat++)
		w -= cats[m->cat].weight;
	c = &cats[m->cat];
	m->group = rper(&r, 30);
	unit_for(&r, c->unit_kind, &m->unit);
	recv_time(base, &day, &sec);

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&d, 0, sizeof(d));
	memset(&g, 0, sizeof(g));
	if (m->group) {
		sb_add(&g, "我们");
		sb_int(&g, rrange(&r, 5, 60));
		sb_add(&g, PICK(&r, ((const char *const[]){ "户居民",
		    "名受害人", "名车主", "名业主", "名群众" })));
		sb_add(&g, "联名反映：");
	}
	expand(&r, c->a[rbelow(&r, (uint32_t)c->na)], day, m->unit.s, &a);
	expand(&r, c->b[rbelow(&r, (uint32_t)c->nb)], day, m->unit.s, &b);
	skip_b = rper(&r, 200);
	/* A third of the texts say more about the harm done. */
	if (rper(&r, 330))
		expand(&r, c->d[rbelow(&r, (uint32_t)c->nd)], day, m->unit.s,
		    &d);

	sb_add(&m->content, g.s);
	sb_add(&m->content, a.s);
	/*
	 * Leave room for a repeat's added words (at most 9 characters): at
	 * most 110 characters here.  At least 20: short texts keep B.
	 */
	dem = c->c[rbelow(&r, (uint32_t)c->nc)];
	if (skip_b && sb_chars(&m->content) + nchars(d.s, d.n) +
	    nchars(dem, strlen(dem)) < 20)
		skip_b = 0;
	if (sb_chars(&m->content) + (skip_b ? 0 : nchars(b.s, b.n)) +
	    nchars(d.s, d.n) + nchars(dem, strlen(dem)) <= 110)
		sb_add(&m->content, d.s);
	if (!skip_b && sb_chars(&m->content) + nchars(b.s, b.n) +
	    nchars(dem, strlen(dem)) <= 110)
		sb_add(&m->content, b.s);
	/* Now and then an ASCII comma, as typed on a phone. */
	if (rper(&r, 20)) {
		char *p = strstr(m->content.s, "，");

		if (p != NULL) {
			memmove(p + 1, p + 3, strlen(p + 3) + 1);
			*p = ',';
			m->content.n -= 2;
		}
	}
	m->demand = m->content.n;
	sb_add(&m->content, dem);
	/* An occasional line break before the demand, as in a letter. */
	if (rper(&r, 8)) {
		memmove(m->content.s + m->demand + 1,
		    m->content.s + m->demand, m->content.n - m->demand + 1);
		m->content.s[m->demand] = '\n';
		m->content.n++;
		m->demand++;
	}
}

static const char *const channels[] = {
	"letter", "letter", "来信", "来信", "visit", "visit", "来访",
	"phone", "phone", "来电", "online", "online", "网上", "网上",
	"12345", "12345", "12345", "12345",
};
static const char *const levels[] = {
	"派出所", "派出所", "派出所", "station", "分局", "分局", "分局", "分局",
	"district", "district", "市局", "city",
};

static void
name_only(struct rng *r, struct sb *b)
{
	uint32_t u = rbelow(r, 1000);
	int male = rper(r, 700);

	sb_add(b, surnames[(u * u / 1000) *
	    (sizeof(surnames) / sizeof(surnames[0])) / 1000]);
	for (int k = rper(r, 400) ? 1 : 2; k > 0; k--)
		sb_add(b, male ? PICK(r, male_chars) : PICK(r, female_chars));
}

/* " HH:MM" or " HH:MM:SS" for sec seconds into the day. */
static void
put_hms(long sec, int with_sec)
{
	char t[10];
	int h = (int)(sec / 3600 % 24), m = (int)(sec / 60 % 60),
	    s = (int)(sec % 60);

	t[0] = ' ';
	t[1] = (char)('0' + h / 10);
	t[2] = (char)('0' + h % 10);
	t[3] = ':';
	t[4] = (char)('0' + m / 10);
	t[5] = (char)('0' + m % 10);
	t[6] = ':';
	t[7] = (char)('0' + s / 10);
	t[8] = (char)('0' + s % 10);
	oput(t, with_sec ? 9 : 6);
}

static void
put_date(long day)
{
	oput(dstr(day), 10);
}

/* The history columns of row i. */
static void
history(struct rng *r, long recv_day, const struct matter *m, int repeat,
    long persons)
{
	long acc, repl = -1, closed = -1, rvq = -1, term = -1, dl;
	const char *status, *outcome = "", *resolved = "", *sat = "";
	struct sb leader = { .n = 0 }, officer = { .n = 0 };
	static struct xf_cal *cal;

	if (cal == NULL && (cal = xf_cal_new()) == NULL) {
		fprintf(stderr, "gen-petitions: out of memory\n");
		exit(1);
	}
	acc = recv_day + (rper(r, 600) ? rrange(r, 0, 3) : rrange(r, 4, 14));
	dl = xf_cal_deadline(cal, acc, 60);
	if (rper(r, 920))
		repl = acc + rrange(r, 5, 58);
	else
		repl = acc + rrange(r, 59, 95);	/* late replies */
	closed = repl + (rper(r, 700) ? 0 : rrange(r, 1, 3));
	if (closed > day_asof || rper(r, 30)) {
		/* Still being handled (or backlog). */
		status = rper(r, 800) ? "assigned" : "accepted";
		repl = closed = -1;
	} else {
		int k = (int)rbelow(r, 1000);

		status = "closed";
		if (k < 70) {
			rvq = closed + rrange(r, 3, 30);
			if (rvq <= day_asof)
				status = "review";
			else
				rvq = -1;
		} else if (k < 130) {
			rvq = closed + rrange(r, 3, 30);
			term = rvq + rrange(r, 60, 120);
			if (term <= day_asof)
				status = "terminated";
			else
				rvq = term = -1;
		}
		k = (int)rbelow(r, 1000);
		outcome = k < 300 ? "支持" : k < 750 ? "解释" : "不予支持";
		resolved = rper(r, strcmp(outcome, "支持") == 0 ? 900 : 600) ?
		    (rper(r, 500) ? "是" : "yes") : (rper(r, 500) ? "否" : "no");
		if (strcmp(status, "terminated") == 0)
			resolved = "否";
		if (rper(r, 880)) {
			int s = (int)rbelow(r, 1000);

			if (strcmp(outcome, "不予支持") == 0)
				s += 250;
			sat = s < 600 ? "满意" : s < 850 ? "基本满意" :
			    "不满意";
		} else
			sat = rper(r, 500) ? "未评价" : "";
	}
	/* Leaders own groups, repeats and a share of the rest. */
	if (m->group || repeat || persons >= 5 || rper(r, 300)) {
		name_only(r, &leader);
		sb_add(&leader, PICK(r, ((const char *const[]){ "（副局长）",
		    "（局长）", "（政委）", "（副政委）", "（大队长）" })));
	}
	name_only(r, &officer);

	oputs(status);
	oputc(',');
	ofield(leader.s, leader.n);
	oputc(',');
	ofield(officer.s, officer.n);
	oputc(',');
	put_date(acc);
	oputc(',');
	if (rper(r, 900))
		put_date(dl);
	oputc(',');
	if (repl >= 0)
		put_date(repl);
	oputc(',');
	if (closed >= 0)
		put_date(closed);
	oputc(',');
	oputs(outcome);
	oputc(',');
	oputs(resolved);
	oputc(',');
	oputs(sat);
	oputc(',');
	if (rvq >= 0)
		put_date(rvq);
	oputc(',');
	if (term >= 0)
		put_date(term);
}

static void
row(long i, int hist)
{
	struct rng r;
	long base = first_row(i), day, sec;
	int repeat = base != i;
	struct person p;
	struct matter m;
	long persons;
	char num[24];
	int late;

	rng_init(&r, seed, (uint64_t)i, P_ROW);
	make_person(base, &p);
	make_matter(base, &m);
	recv_time(i, &day, &sec);
	/* A few letters are registered 1-3 days after they are dated. */
	late = rper(&r, 20);
	if (late)
		day -= rrange(&r, 1, 3);
	if (day < day_first)
		day = day_first;

	/* source_ref */
	oputs("SRC-");
	snprintf(num, sizeof(num), "%08ld", i + 1);
	oputs(num);
	oputc(',');
	/* received_at: mostly date and time, some forms as typed. */
	{
		const char *d = dstr(day);
		char t[20];
		int k = (int)rbelow(&r, 100);

		if (k < 8 || late) {
			oput(d, 10);
		} else if (k < 12) {
			memcpy(t, d, 10);
			t[4] = t[7] = '/';
			oput(t, 10);
			put_hms(sec, 0);
		} else {
			oput(d, 10);
			put_hms(sec, 1);
		}
	}
	oputc(',');
	/* channel: groups walk in. */
	oputs(m.group && rper(&r, 700) ? (rper(&r, 500) ? "visit" : "来访") :
	    PICK(&r, channels));
	oputc(',');
	ofield(p.name.s, p.name.n);
	oputc(',');
	oput(p.id.s, p.id.n);
	oputc(',');
	oput(p.phone.s, p.phone.n);
	oputc(',');
	ofield(p.addr.s, p.addr.n);
	oputc(',');
	/* persons */
	if (m.group)
		persons = rrange(&r, 5, 60);
	else {
		int k = (int)rbelow(&r, 100);

		persons = k < 85 ? 1 : k < 95 ? 2 : 3;
	}
	snprintf(num, sizeof(num), "%ld", persons);
	oputs(num);
	oputc(',');
	/* category */
	oputs(cats[m.cat].code);
	oputc(',');
	/* content: a repeat says it again, nearly the same way. */
	if (repeat) {
		struct sb c = { .n = 0 };
		int k = (int)rbelow(&r, 3);
		const char *suf = PICK(&r, suffixes);

		/*
		 * Another demand only after 30 characters of facts: the text
		 * stays at least 20 characters and clearly the same matter.
		 */
		if (k == 2 && nchars(m.content.s, m.demand) < 30)
			k = 0;
		if (k == 0) {
			sb_add(&c, PICK(&r, prefixes));
			sb_add(&c, m.content.s);
		} else if (k == 1) {
			sb_add(&c, m.content.s);
			sb_add(&c, suf);
		} else {
			/* The same facts, another demand. */
			memcpy(c.s, m.content.s, m.demand);
			c.n = m.demand;
			c.s[c.n] = '\0';
			sb_add(&c, suf);
		}
		ofield(c.s, c.n);
	} else
		ofield(m.content.s, m.content.n);
	oputc(',');
	ofield(m.unit.s, m.unit.n);
	oputc(',');
	/* level_received: mostly here; a few went to the province or the
	 * ministry (leapfrog). */
	{
		int k = (int)rbelow(&r, 1000);

		oputs(k < 30 ? (k < 8 ? "公安部" : "省厅") : PICK(&r, levels));
	}
	if (hist) {
		oputc(',');
		history(&r, day, &m, repeat, persons);
	}
	oputc('\n');
}

static void
usage(void)
{
	fprintf(stderr, "usage: gen-petitions [-n ROWS] [-s SEED] "
	    "[--history]\n");
	exit(2);
}

static long
number(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0)
		usage();
	return v;
}

int
main(int argc, char *argv[])
{
	int hist = 0;
	long ndays;
	double per_day;

	nrows = 1000000;
	seed = 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--history") == 0)
			hist = 1;
		else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			nrows = number(argv[++i]);
		else if (strncmp(argv[i], "-n", 2) == 0 && argv[i][2])
			nrows = number(argv[i] + 2);
		else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
			seed = (uint64_t)number(argv[++i]);
		else if (strncmp(argv[i], "-s", 2) == 0 && argv[i][2])
			seed = (uint64_t)number(argv[i] + 2);
		else
			usage();
	}
	dates_init();
	for (size_t k = 0; k < NCAT; k++)
		cat_total += cats[k].weight;
	/* Repeats come 5 to 180 days after the row they repeat. */
	ndays = day_last - day_first + 1;
	per_day = (double)nrows / (double)ndays;
	rep_min = (long)(per_day * 5) + 1;
	rep_span = (long)(per_day * 175) + 1;

	oputs("source_ref,received_at,channel,petitioner_name,id_number,phone,"
	    "address,persons,category,content,unit,level_received");
	if (hist)
		oputs(",status,leader,officer,accepted_at,deadline,replied_at,"
		    "closed_at,outcome,resolved,satisfaction,"
		    "review_requested_at,terminated_at");
	oputc('\n');
	for (long i = 0; i < nrows; i++)
		row(i, hist);
	oflush();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen-petitions: stdout");
		return 1;
	}
	return 0;
}
