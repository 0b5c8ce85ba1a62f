"""What of a penalty decision may be public: names masked, identifiers never shown (rules.md, 行政处罚法 art. 50).

A natural person keeps only the surname (张某某). A 个体工商户 named after its operator (no trade name) is masked
the same way on public pages; the credit platform gets the full name through publish/, never through here.

``scrub`` removes from free text, wherever it was typed, everything that identifies or reaches a private person:

- ID numbers (18 and old 15 digits, with or without spaces and dashes) and other identity documents (passport,
  permits, driving licence, social security card) after their label;
- bank card and account numbers: any run of 15 or more digits, and any number after 账号/卡号/账户…;
- phone numbers in any national or international notation (the ``phonenumbers`` library plus patterns for what it
  does not see: numbers after 电话/手机…, mobile numbers split by dots or dashes);
- e-mail addresses, WeChat ids, QQ numbers, 支付宝/抖音 handles, licence plates (津A12345, 津A·D12345);
- birth dates (1985年3月12日出生, 出生日期：…, 生于…);
- home addresses: an address introduced as a person's home (住, 家住, 住址, 住所地, 现住, 暂住, 居住于, 户籍…);
- names of private persons: introduced by their role (证人, 其妻, 邻居, 委托代理人, 监护人, 现场负责人, 当事人…) or
  a form's "…人：" label, followed by a description only a person has (张三，男，… / 李四（身份证号…）), or listed
  before 等人; masked like the party's own name, and so is every other mention of the same name.

Decisions recorded here (they are policy, so tests pin them):

- The place of a violation ("在华新街道华新路12号门前") is public: a place is only removed when a word introduces it
  as somebody's home. An organisation's 住所/地址 (the registered seat of a company, written right after the
  company's name) and any 经营场所/营业场所/注册地址/办公地址 stay public: they are public registration facts.
- 统一社会信用代码 (also a 个体工商户's: 92…), registration, permit and certificate numbers, document numbers (文号),
  case and work-order numbers and article numbers stay public.
- Names of 执法人员 stay: officials act in public, show their certificates to the party (行政处罚法 art. 55) and
  行政执法公示 publishes who enforces (国办发〔2018〕118号); the words that introduce officials (执法人员, 承办人,
  询问人…) are not among the third-party roles. An organisation's 法定代表人 and 负责人 stay public too; only a
  现场负责人 (a private employee) is masked.
- Every bank account is removed, the office's own collection account included: rules.md never publishes a legal
  person's account either, and the account is no part of the decision's public content.
- A name is only found where the text shows a person; a bare name with no role, description or party list
  (张三在华新路摆摊) is not guessed: the caller passes the party's names, which are masked everywhere.

``scrub`` is idempotent (scrubbing its output changes nothing) and never raises, whatever the string.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import phonenumbers

MARK = "某某"
PERSON = "自然人"
SOLE_TRADER = "个体工商户"
ORGANISATION = "法人及非法人组织"
PARTY_TYPES = (ORGANISATION, PERSON, SOLE_TRADER)

COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕 端木 独孤 南宫 西门 百里 呼延 澹台 "
    "公冶 太史 申屠 闻人 万俟 赫连 钟离 宗政 濮阳 淳于 单于 公羊 拓跋 左丘 东郭 第五".split()
)
# What makes a 个体工商户's name a trade name rather than its operator's personal name.
TRADE_WORDS = re.compile(
    r"(店|铺|部|厂|行|馆|社|坊|中心|商贸|超市|餐厅|饭庄|酒家|工作室|经营|门市|公司|摊|场|所|站|园|堂|阁|轩|屋|吧)"
)

# Placeholders: no digits, letters or CJK name characters, so no rule below can match them again (idempotency).
ID_MASK = "[身份证号已隐去]"
PHONE_MASK = "[电话已隐去]"
ACCOUNT_MASK = "[账号已隐去]"
ADDRESS_MASK = "[住址已隐去]"
DOCUMENT_MASK = "[证件号已隐去]"
EMAIL_MASK = "[邮箱已隐去]"
WECHAT_MASK = "[微信号已隐去]"
QQ_MASK = "[QQ号已隐去]"
PLATE_MASK = "[车牌号已隐去]"
BIRTH_MASK = "[出生日期已隐去]"


def mask_person(name: str) -> str:
    """张三 → 张某某, 欧阳娜娜 → 欧阳某某; a name not in Chinese keeps its first letter."""
    name = (name or "").strip()
    if not name:
        return ""
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[0]
    return surname + MARK


def is_personal(party_type: str, name: str, operator: str | None = None) -> bool:
    """Whether the party's public name is a person's name: a natural person, or a sole trader without a trade
    name (named after its operator)."""
    if party_type == PERSON:
        return True
    if party_type != SOLE_TRADER:
        return False
    name = (name or "").strip()
    if operator and name == operator.strip():
        return True
    return not TRADE_WORDS.search(name)


def public_party(party_type: str, name: str, operator: str | None) -> tuple[str, bool]:
    """The party's name as published and whether it was masked."""
    if is_personal(party_type, name, operator):
        return mask_person(name), True
    return name, False


def public_operator(party_type: str, operator: str | None) -> tuple[str, bool]:
    """法定代表人/经营者 as published: an organisation's representative is public; a sole trader's operator and
    anything about a natural person is a private individual, masked."""
    if not operator:
        return "", False
    if party_type == ORGANISATION:
        return operator, False
    return mask_person(operator), True


# ---- text folding --------------------------------------------------------------------------------------------
# Staff type full-width digits and letters (１３８…, ＱＱ) as often as ASCII. Every rule runs on a folded copy of
# the same length, and replacements are cut out of the original, so text that is not masked keeps its characters.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20}


_FOLDABLE = re.compile("[\uff01-\uff5e\u3000\u00a0\u2002\u2003]")


_last_fold: tuple[str, str] = ("", "")


def _fold(text: str) -> str:
    # The rules fold the same unchanged text many times in a row: the last result is reused (same object only,
    # so threads sharing it can at worst miss).
    global _last_fold
    last = _last_fold
    if last[0] is text:
        return last[1]
    folded = text.translate(_FOLD) if _FOLDABLE.search(text) else text
    _last_fold = (text, folded)
    return folded


# Protected spans are swapped for private-use characters while the rules run, so a long digit run inside a credit
# code or a 文号 can never be taken for an account or a phone number. The input's own private-use characters are
# dropped first (they display as nothing), so a marker can never be confused with typed text.
_PRIVATE = re.compile("[\ue000-\uf8ff]")
_MARK_BASE = 0xE000

SEP = r"[ \-–—]"  # what people put between digit groups (after folding: spaces and dashes)
_ASSIGN = r"[：:\s]*(?:为|是)?[：:\s]*"  # between a label and its value: "电话：", "电话为", "电话 "

_CREDIT_CODE = re.compile(
    # 统一社会信用代码 (GB 32100-2015): 18 characters, letters from a fixed alphabet. An ID number also has 18
    # characters and may end in X, so a code is taken on shape alone when it has a letter before the last place or
    # starts with 9 (9 is the 工商 registration authority's code; no ID number starts with 9, province codes end
    # at 8x); any other all-digit code is kept when a label names it (below).
    r"(?<![0-9A-Za-z])(?:(?=[0-9A-HJ-NPQRTUWXY]{0,16}[A-HJ-NPQRTUWXY])|(?=9))[0-9A-HJ-NPQRTUWXY]{17}"
    r"[0-9A-HJ-NPQRTUWXY](?![0-9A-Za-z])"
)
_LABELLED_PUBLIC = re.compile(
    # Numbers that are public because of what they are: a company's codes and registrations, permits, the
    # officials' enforcement certificates, document and case numbers.
    r"(?:统一社会信用代码|社会信用代码|信用代码|注册号|组织机构代码|许可证号|许可证编号|执法证号|执法证件号码?|"
    r"执法证编号|执法证|执业证号|执业证编号|许可证件?编号|营业执照号码?|文号|案号|工单号|凭证号|流水号|(?<![身份件卡照])编号)"
    + _ASSIGN
    + r"[0-9A-Za-z](?:[0-9A-Za-z\- ]*[0-9A-Za-z])?"
)
_DOCUMENT_NUMBER = re.compile(r"[〔\[(（【]\s*(?:19|20)\d{2}\s*[〕\])）】]\s*(?:第\s*)?\d{1,6}\s*号")


# ---- identifiers ---------------------------------------------------------------------------------------------
_EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_WECHAT = re.compile(
    r"(?i)(?:微信|威信|V信|薇信|wechat|weixin|vx|wx)(?:\s?(?:号码|号|账号|帐号|名|id))?"
    + _ASSIGN
    + r"([A-Za-z0-9][A-Za-z0-9_\-]{4,24})(?![A-Za-z0-9_\-])(?!\s*元)"
)
_WXID = re.compile(r"(?i)(?<![A-Za-z0-9_])wxid_[A-Za-z0-9_\-]{4,30}")  # WeChat's own ids, with or without a label
# Other personal accounts people are reached by; an e-mail or phone given as their value is caught anyway.
_HANDLE = re.compile(
    r"(?:支付宝账号|支付宝帐号|支付宝|抖音号|快手号|微博账号|微博)"
    + _ASSIGN
    + r"([A-Za-z0-9][A-Za-z0-9_\-]{4,24})(?![A-Za-z0-9_\-@.])(?!\s*元)"
)
_QQ = re.compile(r"(?i)(?:QQ号码|QQ号|QQ)" + _ASSIGN + r"([1-9]\d{4,11})(?!\d)")
# A run of 15 or more digits, single spaces or dashes allowed between them: ID numbers (15/18), bank cards (16-19)
# and company accounts (up to 25). Nothing public in a decision is that long (codes and 文号 are protected).
_LONG_DIGITS = re.compile(r"(?<![0-9A-Za-z])\d(?:" + SEP + r"?\d){14,24}(?:" + SEP + r"?[Xx])?(?![0-9A-Za-z])")
_ID_LABELLED = re.compile(
    # Identity documents of a person: ID card, passport, permits, residence permit, driving licence, social
    # security card. Their numbers are never public (rules.md), whatever their format.
    r"(?:公民身份号码|身份证号码|身份证件号码|身份证号|身份证|(?<!执法)证件号码|(?<!执法)证件号|护照号码|护照号|护照|港澳通行证号?|"
    r"台湾居民来往大陆通行证号?|台胞证号?|回乡证号?|居住证号码?|驾驶证号码?|驾驶证|社会保障卡号|社保卡号|医保卡号)"
    + _ASSIGN
    + r"([0-9A-Za-z](?:[ \-]?[0-9A-Za-z*×])+)"
)
_ACCOUNT_LABELLED = re.compile(
    r"(?:银行卡号|银行账号|银行帐号|银行账户|银行卡|账号|帐号|卡号|账户|帐户)"
    + _ASSIGN
    + r"(\d(?:"
    + SEP
    + r"?\d){5,29})"
)
_PHONE_LABELLED = re.compile(
    r"(?i)(?:电话号码|联系电话|联系方式|电话|手机号码|手机号|手机|座机|固话|移动电话|tel|mobile)"
    + _ASSIGN
    + r"((?:\+|00)?[\d(（][\d ()（）\-–—.]{5,22}\d)"
)
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:(?:\+|00)?86[ \-–—.]?)?1[3-9]\d(?:[ \-–—.]?\d){8}(?!\d)")
_LANDLINE = re.compile(
    r"(?<![0-9A-Za-z])(?:(?:\+|00)?86[ \-–—]?)?(?:\(0?\d{2,3}\)|0\d{2,3})" + SEP + r"?\d{3,4}" + SEP + r"?\d{4}(?!\d)"
)
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE = re.compile(
    # 津A12345, 津A·12345, 津A D12345 (new-energy: 6 characters), 津A1234学; I and O are never used on plates.
    r"[" + _PROVINCES + r"] ?[A-HJ-NP-Z] ?[·•・.\-]? ?[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳领]{1,2}(?![A-Za-z0-9])",
    re.I,
)

# ---- birth dates ---------------------------------------------------------------------------------------------
_CN_NUM = r"[0-9一二三四五六七八九十〇零○]"
_DATE = (
    r"(?:(?:19|20)\d{2}|[一二][〇零○一二三四五六七八九]{3})\s*年(?:\s*"
    + _CN_NUM
    + r"{1,2}\s*月(?:\s*"
    + _CN_NUM
    + r"{1,3}\s*[日号])?)?|(?:19|20)\d{2}[-./](?:1[0-2]|0?[1-9])(?:[-./](?:3[01]|[12]\d|0?[1-9]))?|"
    r"(?:19|20)\d{2}(?:1[0-2]|0[1-9])(?:3[01]|[12]\d|0[1-9])"
)
_BIRTH_BEFORE = re.compile(
    r"(?:出生日期|出生年月日|出生年月|出生时间|出生于|出生在|出生|生日|(?<![发产派衍诞滋])生于)"
    + _ASSIGN
    + r"("
    + _DATE
    + r"|"
    + _CN_NUM
    + r"{1,2}\s*月\s*"
    + _CN_NUM
    + r"{1,3}\s*[日号]?)"
)
_BIRTH_AFTER = re.compile(
    r"(?<!\d)(?:" + _DATE + r"|\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?)\s*(?:出生|生人|生(?=[，,。；;）)\s、]|$))"
)

# ---- addresses -----------------------------------------------------------------------------------------------
# Words that introduce somebody's home, longest first. 地址/住所 also introduce a company's seat: see _is_organisation.
_HOME_WORDS = (
    "户籍所在地|户口所在地|户籍地址|户籍地|户籍|户口|家庭住址|家庭地址|现住址|现住所|现住地|现住|现居住地|现居住于|"
    "现居住在|现居住|现居于|现居地|现居|暂住地址|暂住地|暂住|居住地址|居住地|居住于|居住在|住所地|住所|住址|"
    "住处|家住|通讯地址|通信地址|联系地址|送达地址|户籍住址|住宅地址|常住地址|常住地|常住|租住于|租住在|租住|借住|寄住|"
    "老家|籍贯|(?<![经营业册办公站户点注铺店司位])地址"
)
# What follows a home word when the text speaks of a place near the home, not of the address (在其住所附近的华新路
# 12号门前摆摊): the place of the violation stays.
# Single characters (前, 内…) are not enough: they also begin street names (前进路, 内江路).
_NEAR = r"(?!附近|旁边|门前|门口|楼下|楼道|周边|周围|对面|内的|外的|处的|的)"
_HOME = re.compile(r"(" + _HOME_WORDS + r")(" + _ASSIGN + r"(?:在|于)?[：:\s]*)" + _NEAR)
# A bare 住 ("郑某（住华新街道…）"): only right after a boundary or a (masked) name, so 堵住/记住/入住 never count.
_BARE_HOME = re.compile(
    r"(?:(?<=^)|(?<=[，,（(、：:；;\s某\]其均都也仍同]))(住)((?:在|于)?[：:\s]*)(?![宿院房宅户所址处建])"
)
_ADDRESS_END = re.compile(
    r"\s+[\u4e00-\u9fff]{1,6}[：:]|[，,。；;）)\]\[\n、]|联系|电话|手机|身份|证件|微信|QQ|邮箱|户籍|出生|籍贯|工作单位|(?<=\d)系|系[男女]|于\d|因|现为|经营|从事|"
    r"[，,]?[男女][，,]"
)
_PLACE_MARK = re.compile(
    r"[路街道里号楼村区市县镇乡园苑庄巷室门单元厦寓省屯城院舍湾坊院段排栋组弄]|小区|胡同|家园|公寓|宿舍"
)
_ORG_END = re.compile(
    r"(?:有限责任公司|股份有限公司|有限公司|公司|厂|合作社|中心|事务所|协会|学校|医院|诊所|超市|商店|便利店|门市部|"
    r"经营部|饭店|餐厅|酒店|宾馆|物业|机关|办事处|政府|委员会|大队|中队|局|店|部|馆|行)"
)
_PERSON_CUE = re.compile(
    r"男|女|出生|身份|法定代表人|负责人|经营者|代理人|某|监护人|证人|之[妻夫子女父母]|其[妻夫子女父母]"
)

# ---- third parties -------------------------------------------------------------------------------------------
# Roles that introduce a private person by name, longest first so 其妻子 wins over 其妻. Officials (执法人员) and an
# organisation's 法定代表人/负责人 are deliberately absent: their names are public.
_ROLES = sorted(
    set(
        (
            "证人 见证人 在场人 在场人员 目击者 举报人 投诉人 报案人 报警人 受害人 被害人 被侵害人 受伤人员 "
            "委托代理人 代理人 法定代理人 监护人 现场负责人 现场管理人员 现场人员 实际经营者 经营者 经营户 个体经营者 "
            "实际控制人 店主 摊主 车主 户主 房主 房东 业主 租户 承租人 出租人 转租人 承包人 雇主 雇员 员工 店员 营业员 "
            "收银员 服务员 厨师 司机 驾驶员 驾驶人 邻居 住户 居民 村民 群众 亲属 家属 亲戚 朋友 同事 合伙人 配偶 爱人 "
            "妻子 丈夫 儿子 女儿 父亲 母亲 哥哥 姐姐 弟弟 妹妹 儿媳 女婿 孙子 孙女 外孙 侄子 外甥 岳父 岳母 公公 婆婆 "
            "老板 老板娘 店长 经理 被处罚人 违法行为人 行为人 被检查人 被询问人 询问对象 处罚对象 "
            "经营人 实际经营人 雇工 帮工 伙计 租客 同伙 同行人员 陪同人员 第三人 利害关系人 受托人 前妻 前夫 女友 男友 "
            "未婚妻 未婚夫 嫂子 姐夫 妹夫 舅舅 叔叔 婶婶 表哥 表弟 表姐 表妹 堂兄 堂弟 "
            "当事人 签收人 代收人 收件人 受送达人 申请人 被申请人 联系人 担保人 姓名 "
            "其妻子 其丈夫 其儿子 其女儿 其父亲 其母亲 其哥哥 其姐姐 其弟弟 其妹妹 其儿媳 其女婿 其孙子 其孙女 其侄子 "
            "其外甥 其岳父 其岳母 其配偶 其爱人 其亲属 其家属 其亲戚 其朋友 其同事 其雇员 其员工 其店员 其邻居 "
            "其妻 其夫 其子 其女 其父 其母 其兄 其弟 其姐 其妹 其孙 之妻 之夫 之子 之女 之父 之母"
        ).split()
    ),
    key=len,
    reverse=True,
)
# A bare 住 right after a person's role (当事人住华新街道…, 房东住…): the role says whose home follows.
_ROLE_HOME = re.compile(
    "(?:本人|我|" + "|".join(map(re.escape, _ROLES)) + r")(住)((?:在|于)?[：:\s]*)(?![宿院房宅户所址处建])"
)
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温"
    "康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成"
    "苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项芦麦褚娄窦戚岑景党宫费卜冷晏"
    "席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝封谈匡鞠惠荆乐冀郁胥南"
    "班储栗燕楚鄢劳谌奚皮粟冼蔺楼满闻厉伊仝区郜阚权强帅屠豆朴盖练廉禹井祖漆巴丰支卿狄索宣晋芮普阙浦戈伏鹿薄邸"
    "雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危银亢嵇哈湛宾戎勾茅尉束檀展阴昝智幸奉衡富尧"
)
# Two characters after a role that look like surname + given name but are ordinary words in decisions.
_NOT_NAMES = re.compile(
    r"^(?:于[当是同次本上今案该其此前近现]|向[执其本我华该有]|将[其该车货物]|当[日天场即时]|陈述|陈列|申辩|申请|"
    r"经营|管理|查处|查获|查阅|查看|查询|强烈|文化|毕业|夏季|冬季|秋季|春季|任意|任何|方法|方向|成为|成功|关系|许多|那|农业|农民|农村|劳动|解决|项目|左右|商品|程度|权利|权力|普通|金融|展开|宣布|尤其|查封|查扣|查验|索要|司机|查明|查实|车辆|房屋|房间|华新|商户|高空|方式|方面|常年|安全|金额|石子|田间|江边|花坛|"
    r"关于|路边|全部|明知|连续|时任|林地|黄色|白色|马路|余额|包括|曾经|曾多|程序|严重|严格|范围|毛坯|武装|"
    r"施工|温度|宁可|齐全|谈话|左侧|右侧|甘愿|应当|许可|卫生|包装|柏油|尚未|苏醒|冷库|冷藏|强行|强制|成立|"
    r"宫内|师傅|司法|单位|单独|国家|文明|文件|文书|米左|井盖|宣传|汤锅|龙头|史上|燕郊|区域|康复|伍佰|万元|钱款|"
    r"薄膜|戴口|支付|支持|费用|蒙受|米处|解释|水泥|雷达|章程|简易|易燃|时间|余下|房产|段内)"
)
# Characters common in given names. When nothing in the text shows where a name ends, a guessed name must be made
# of these, so that words after a role (监护人严加看管, 经营者向大气排放) are not taken for names.
_GIVEN_CHARS = frozenset(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉玉兰萍红鹏飞宇浩凯鑫晨欣怡婷雪琳志海波斌春梅燕林"
    "峰亮宁颖慧晶丹博龙振昊涵思雨佳立新德福贵庆荣胜利成永长金宝俊轩梓诺然萱紫诗可馨琪语嫣晓东小兵大淑珍凤素"
    "一二三四五六芬美玲翠花彩云冬秋菊月娥铁柱山学天佑翔子豪墨嘉乐家熙雅梦瑶洁彤心妍若曦汐依鸣帆皓阳泽楷航辰程瑞祥生全寿"
    "喜连芝亚男楠娅莉倩继承光耀荣华富贵清河江湖洪涌源泉松柏竹茂盛兴旺发达昌隆安康健民福禄寿喜财田君臣仁义礼"
    "智信忠孝廉耻勤俭恒毅刚正方圆红旗卫东向前跃进胜利解放援朝抗美万里长城黎晴彬斐婕媛嫱琼瑾璐琦瑜璇珊琴蕾蓉"
    "蕊薇萌菲芸茜荷莲芙蓓姗娴婉娇媚姣妮娣婵婧婕嫦嬿宏弘强毅峻崇岩磊森炎焱鹤鸿鹰鹏凤麟骏驰腾飞越超群杰英豪雄"
    "武彪虎豹龙威猛勋功铭钧锋锐钢铎镇锦绣纯纹纬维绮缘耀辉煌炜烨灿焕然熙照晖晗昕旭晟晋晨曜朗望朝期"
    "修远达宪政治理道顺谐协通畅启翼羽雁鸥鹭莺杨桃杏梨枫桐梓桦樱蓝青紫绿银铜钰铮镜琛琮璋璟环瑛苗莎藻霖霏露雯"
    "雷电星宙川滨渊潭溪沛沁泓渝沐津浚岚岭嵩巍峡坚彦聪捷睿哲念怀意恩情爱悦好优卓凡广阔久常夏曦昱景暮岁世代邦"
    "中南西北书画棋词歌舞声音韵律培植树木本根叶果丰收裕余盈满端庄肃敬恭谦让仪首元初七八九十百千守护保定稳固"
    "业绩凯旋宗族众兆亿斐翠蝶蓝萱莹滢潇湘娥嫣媛妃姝婷娉妙婕钟铃玎璞琰琅鑫淼森垚焱犇骅骁骐骥驹奇峥嵘振宸"
)
# Characters that are frequent in ordinary words and rare in given names (from jieba's dictionary: frequency in words
# against frequency in its person names, plus place and direction words): a name read from weak evidence must not
# contain them. A character in neither list is accepted, so uncommon given names (虞允文) still count.
_NOT_GIVEN_CHARS = frozenset(
    "上下不与专且两丧个为么之乎乏也乱了事于互些亡交产亩什仅今仍从他以们件价份企会伤似但位低住体何作你使例供侧促俘俱倒"
    "倘候借值假偏做偷像免党共关具内再冒写决况准减几凭凶出击分划创判别到制刷券刺刻剉剧剩副割办加务动助包区半单卖危即却"
    "厂厅压去县又及反受变句另只叫右号吃各吗否吧吨吸告员呢味咱品响哪哭售啊啦因团困在地场址坏坐块型垸埋域填境墓处外多够"
    "央失奋套她始委婚媒孩它完实审室害宿对导就局层届展属工左差己已币市帐席幅年并床应底店度弹当形影役往待很得忘快态怎怕"
    "急恨息悄患您惯想感愤愿慌慢戏我戒或战截所扇手扑打扩扫批找技把抓投报抬抵抽担拒拟括持挂指按挑挡捕据掉排接控推描插握"
    "揭搞摄摆撤播支故效敌救敢数整料斤断旁旅既日昨是晚暂更替最术机杀杂村条构析架染样核案桌械检楼概模次款止此殑殖段毁每"
    "毒比毫气污汽没油泪活流测浓消涉涓液游湿激灾炸点烈烤烧热煤熟爆爬爸片版牌物犯狠现用由界疗症痛的盗目省看着睡瞧短码研"
    "础确碍碰磁示社票私种租积称稍税究穷空穿突第等签算管篇类粗糊系紝紧级纵纷纸纺组织终经结给络绝综编缩罚罪署者而职肚肠"
    "股肿胞能脏脑脚脸腐腰舍般苦获落葬虽血行街表被裂装要规视角触警计订认讨议讯讲许论设访证评识诉试话该误说请读课谁谈负"
    "责货质贫购贷贸贼资走赶起趋跌跑距跟跨跪路身车较辆辈辑输辖边迅过近返还这违迫追退送逃选透逐途速造逼遍遗遣遭避那部都"
    "配酸量銆鐨铺销锛门闭问间阅队防附际限院除险陷随隔障难需靠面革页顶项预题食餐饭饮驻骂验"
)


# Characters that often follow a name (verbs, particles, 男/女…): a 3rd character among them ends a 2-character name.
_AFTER_NAME = frozenset(
    "称说证讲在于的到对等向和及与也均系是为已将因所作提签供出同报反陈承当从自无未不并即又曾把被让由经拒阻了先"
    "住指确亦听看见答坦述辩驾开拿持携帮负代来去回前夫妻之户男女年家现共仍再还屡随乱私擅违占堆摆倾焚搭"
)
# Words that often follow a name: stronger evidence of where a name ends than a single character.
_AFTER_WORDS = frozenset(
    (
        "长期 通过 租用 位于 驾驶 经营 从事 擅自 私自 违规 违法 承认 拒绝 拒不 未经 未按 没有 曾经 多次 随意 所在 "
        "居住 现住 家住 户籍 住在 表示 陈述 申辩 签字 签收 到场 在场 介绍 证实 证明 反映 投诉 举报 报警 发现 看见 "
        "看到 辩称 承诺 同意 自行 自愿 负责 驾车 骑车 开车 使用 利用 租赁 承租 出租 雇佣 雇用 购买 销售 出售 售卖 "
        "收取 收购 堆放 摆放 设置 搭建 占用 倾倒 焚烧 露天 等人 一家 夫妇 父子 母子 共同 一起 作为 联系 电话 手机 "
        "身份 出生 系该 男性 女性 持有 持续 于是 接受 配合 提交 提供 委托 代为 因病 生于 户口 家中 名下 个人 本人 "
        "在其 将其 对其 帮助 协助 一同 一并 随后 当即 立即 已经 仍然 仍在 继续 私搭 乱堆 乱放 占道 店外 门前 门口 "
        "违反 阻碍 妨碍 微信 邮箱 一人 一名 二人 两人 三人 夫妻 请求 申请 要求 缴纳 交纳 支付 转账 收到 领取 口述 书面 "
        "现场 到达 来到 离开 返回"
    ).split()
)
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff]")
_MASKED_NAME = re.compile(r"某|×|＊|\*|ｘ|X")
# How an organisation's name looks when it follows 当事人: up to the first punctuation it ends with an org word.
_ORG_NAME = re.compile(r"[\u4e00-\u9fff]{1,40}?" + _ORG_END.pattern + r"(?=$|[（(，,。；;：:\s、])")


def _is_cjk(c: str) -> bool:
    return bool(c) and bool(_NAME_CHAR.match(c))


def _name_at(text: str, i: int, sure: bool, strict: bool = False) -> str:
    """The person's name starting at ``i`` (surname + one or two characters), or "" if none is there.

    Where a name ends is read from what follows it: punctuation or a digit, a word that usually follows a name
    (长期, 位于, 通过…) or such a character (称, 在…). When nothing tells, a role that always introduces a person
    (``sure``: 证人, 其妻…) still takes the name, three characters long unless the third ends a name; 当事人 may
    introduce an organisation, so it does so only when no organisation's name follows.
    """
    if _ROLE_AT.match(text, i):
        return ""  # 当事人母亲…: a role, whose own name follows it
    if text[i : i + 2] in COMPOUND_SURNAMES:
        surname = 2
    elif i < len(text) and text[i] in SURNAMES:
        surname = 1
    else:
        return ""
    w2, w3 = text[i : i + surname + 1], text[i : i + surname + 2]
    if len(w2) < surname + 1 or not all(_is_cjk(c) for c in w2) or _MASKED_NAME.search(w2):
        return ""
    if not (len(w3) == surname + 2 and _is_cjk(w3[-1]) and not _MASKED_NAME.search(w3)):
        w3 = ""
    after2, after3 = text[i + len(w2) : i + len(w2) + 2], text[i + len(w3) : i + len(w3) + 2] if w3 else ""

    def ends(after: str) -> bool:  # the text after a candidate shows a name ended there
        return not _is_cjk(after[:1]) or after in _AFTER_WORDS

    def given_like(word: str) -> bool:
        return all(c in _GIVEN_CHARS or c not in _NOT_GIVEN_CHARS for c in word[surname:])

    # Strong evidence: a word or punctuation after the name. Weak: a single character that often follows a name,
    # or nothing at all (a guess); a name read from weak evidence must be made of given-name characters.
    if after2 in _AFTER_WORDS:
        word, strong = w2, True
    elif w3 and ends(after3) and w3[-1] not in _AFTER_NAME:
        word, strong = w3, True
    elif w3 and after3[:1] in _AFTER_NAME and w3[-1] not in _AFTER_NAME:
        word, strong = w3, False
    elif ends(after2):
        word, strong = w2, True
    elif after2[:1] in _AFTER_NAME:
        word, strong = w2, False
    elif w3 and w3[-1] not in _AFTER_NAME and sure and given_like(w3):
        word, strong = w3, False
    else:
        return ""
    if not strong and not (given_like(word) or sure and any(c in _GIVEN_CHARS for c in word[surname:])):
        return ""
    if not sure and not given_like(word):
        return ""  # 当事人应该, 当事人关系: after 当事人 a word is as likely as a name
    if strict and not given_like(word):
        return ""  # 居民区内, 员工宿舍, 居民楼顶: the role word is part of a longer noun
    return "" if _NOT_NAMES.match(word) else word


# Roles that are also the first half of longer nouns (居民区, 居民楼, 员工宿舍, 亲属关系, 业主商铺): right after them, a
# name must be made of given-name characters.
_NOUN_ROLES = frozenset(
    "居民 住户 村民 群众 员工 雇员 亲属 家属 亲戚 业主 邻居 朋友 同事 店员 营业员 服务员 收银员 司机 驾驶员 驾驶人 "
    "经营户 租户 房东 房主 户主 车主 店主 摊主 老板 经理 店长 厨师 雇主 合伙人 配偶 爱人 在场人员 现场人员".split()
)
# Roles after which a name is not certain: 当事人 is often an organisation; 姓名 may be followed by a company.
_UNSURE_ROLES = frozenset({"当事人", "姓名", "申请人", "被申请人", "联系人", "签收人", "代收人", "收件人", "受送达人"})
_ROLE = re.compile(r"(" + "|".join(_ROLES) + r")(?:[：:\s）)]*(?:为|是|系|叫)?[：:\s]*)")
_LIST_SEP = re.compile(r"、|和|及|与|以及")
_ROLE_AT = re.compile("|".join(_ROLES))


def third_party_names(text: str) -> list[str]:
    """Full names of private persons introduced by a role (证人李明, 其妻王芳、其子王小明, 当事人张三)."""
    found: list[str] = []
    for m in _ROLE.finditer(text):
        pos, sure = m.end(), m.group(1) not in _UNSURE_ROLES
        strict = m.group(1) in _NOUN_ROLES and m.end() == m.end(1)  # no colon or space set the name off
        while True:
            name = _name_at(text, pos, sure, strict)
            if not name:
                break
            found.append(name)
            pos += len(name)
            # A list of names after one role: 证人李明、王芳和赵强.
            sep = _LIST_SEP.match(text, pos)
            if not sep:
                break
            pos = sep.end()
    for m in _LABELLED_PERSON.finditer(text):
        if not _PUBLIC_LABEL.search(m.group(1)):
            name = _name_at(text, m.end(), False)
            found += [name] if name else []
    for m in _GROUP.finditer(text):
        if "执法" in text[max(0, m.start() - 6) : m.end()]:
            continue  # 执法人员王强、李伟等2人: officials' names are public
        found += [n for n in map(_described_name, m.group(1).split("、")) if n]
    for m in _DESCRIBED.finditer(text):
        name = _described_name(m.group(1))
        if name and not _PUBLIC_ROLE_BEFORE.search(text, 0, m.start(1) + len(m.group(1)) - len(name)):
            found.append(name)
    return found


# A name followed by what only describes a person (张三，男，… / 李四（身份证号…）/ 王五，1985年3月12日出生) is a
# person's name whatever introduced it, or nothing did.
_DESCRIBED = re.compile(
    # The description is set off by punctuation (张三，男 / 张三（身份证号…）), so 查验身份证 is no name.
    r"([\u4e00-\u9fff]{2,4})(?=[，,（(、\s]+(?:性别[：:]?)?(?:[男女](?=[，,。；;）)\s、]|$)|身份证|公民身份|出生|生于|"
    r"家住|现住|户籍|(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?(?:出生|生)|"
    # 李四（系当事人之妻）/ 王五，系当事人的邻居: a relation to the party.
    r"系(?:当事人|其)(?:之|的)?[妻夫子女父母兄弟姐妹儿孙亲邻朋同雇员]))"
)
# Any "…人：" label of a form (被告知人：, 被询问人：, 陪同人：) is followed by a person; those of officials and of an
# organisation's representative are public.
_LABELLED_PERSON = re.compile(r"([\u4e00-\u9fff]{0,5}人)[：:]\s*")
_PUBLIC_LABEL = re.compile(
    r"(?:法定代表人|负责人|执法人|承办人|经办人|审核人|审批人|批准人|记录人|检查人|(?<!被)询问人|送达人|制作人|签发人|"
    r"主办人|协办人|复核人|见证机关人)$"
)
# People named before 等人/等3人: 张三、李四等人在华新路摆摊.
_GROUP = re.compile(r"((?:[\u4e00-\u9fff]{2,4}、)*[\u4e00-\u9fff]{2,4})等(?:\d+|[一二三四五六七八九十两]+)?[人名]")
# Names that stay public even when described: an organisation's representative or principal, an official.
_PUBLIC_ROLE_BEFORE = re.compile(r"(?:法定代表人|负责人|执法人员|执法员)[：:\s]*\Z")


def _described_name(chars: str) -> str:
    """The name at the end of ``chars`` (2-4 characters before a description), or ""."""
    if _MASKED_NAME.search(chars[-2:]):
        return ""
    for size in (4, 3):
        if len(chars) >= size and chars[-size:][:2] in COMPOUND_SURNAMES:
            return chars[-size:]
    if len(chars) >= 3 and chars[-3] in SURNAMES and not _MASKED_NAME.search(chars[-3:]):
        return "" if _NOT_NAMES.match(chars[-3:]) else chars[-3:]
    if chars[-2] in SURNAMES:
        return "" if _NOT_NAMES.match(chars[-2:]) else chars[-2:]
    return ""


# ---- the pipeline --------------------------------------------------------------------------------------------
# What each placeholder stands for, as staff read it when they check what was masked.
KINDS = {
    ID_MASK: "身份证号",
    PHONE_MASK: "电话",
    ACCOUNT_MASK: "账号",
    ADDRESS_MASK: "住址",
    DOCUMENT_MASK: "证件号",
    EMAIL_MASK: "邮箱",
    WECHAT_MASK: "微信号",
    QQ_MASK: "QQ号",
    PLATE_MASK: "车牌号",
    BIRTH_MASK: "出生日期",
}
NAME = "姓名"


@dataclass(frozen=True)
class Span:
    """One masked place: ``start``/``end`` in the masked text (which reads ``text[start:end]`` there), what kind
    of thing was hidden (姓名, 电话, 身份证号, 住址, …) and the original words.

    Staff only: ``original`` is the private text itself and never goes into a public view."""

    start: int
    end: int
    kind: str
    original: str


@dataclass(frozen=True)
class Masked:
    """A text as published and every span masking put in it."""

    text: str
    spans: tuple[Span, ...] = ()


class _Doc:
    """The text being masked and the spans masked so far, kept in step: every rule hands its replacements to
    ``apply``, which moves the spans after them and folds a span a later rule swallows into the new one."""

    def __init__(self, text: str):
        self.text, self.spans = text, []

    def apply(self, edits: list[tuple[int, int, str, str | None]]) -> None:
        """Replace each (start, end) of the current text by its replacement; a kind makes it a masked span
        (None: a bookkeeping edit, such as setting a public number aside). Edits must not overlap."""
        if not edits:
            return
        text, pieces, placed, last, delta = self.text, [], [], 0, 0
        for start, end, replacement, kind in sorted(edits):
            pieces += [text[last:start], replacement]
            placed.append((start, end, start + delta, replacement, kind))
            delta += len(replacement) - (end - start)
            last = end
        pieces.append(text[last:])
        spans, inside = [], [[] for _ in placed]
        for span in self.spans:
            hit = next((i for i, (s, e, *_) in enumerate(placed) if span.start < e and span.end > s), None)
            if hit is not None:
                inside[hit].append(span)
                continue
            shift = sum(len(r) - (e - s) for s, e, _, r, _ in placed if e <= span.start)
            spans.append(Span(span.start + shift, span.end + shift, span.kind, span.original))
        for (start, end, new_start, replacement, kind), swallowed in zip(placed, inside, strict=True):
            if kind is None or replacement == text[start:end]:
                continue
            original = text[start:end]
            for span in sorted(swallowed, key=lambda sp: -sp.start):  # what earlier masks hid, put back
                if span.start >= start and span.end <= end:
                    original = original[: span.start - start] + span.original + original[span.end - start :]
            spans.append(Span(new_start, new_start + len(replacement), kind, original))
        self.text, self.spans = "".join(pieces), sorted(spans, key=lambda sp: sp.start)


def _replace(doc: _Doc, pattern: re.Pattern, make: Callable[[re.Match, str], str], group: int = 0) -> None:
    """Replace matches of ``pattern`` found in the folded text; ``make(match, original piece)`` gives the
    replacement of ``group``'s span. Spans are cut from the original so unmatched text keeps its characters;
    a placeholder replacement is recorded as a span of its kind."""
    text = doc.text
    edits, last = [], 0
    for m in pattern.finditer(_fold(text)):
        start, end = m.span(group)
        if start < 0 or start < last:
            continue
        replacement = make(m, text[start:end])
        edits.append((start, end, replacement, KINDS.get(replacement)))
        last = end
    doc.apply(edits)


def _const(value: str) -> Callable[[re.Match, str], str]:
    return lambda m, piece: value


def _digits(piece: str) -> str:
    return re.sub(r"\D", "", _fold(piece))


def _plausible_birth(digits: str, year_digits: int) -> bool:
    """Whether the digits hold a birth date (YYYYMMDD or, in 15-digit IDs, YYMMDD): tells an ID from an account."""
    try:
        year = int(digits[:year_digits])
        month, day = int(digits[year_digits : year_digits + 2]), int(digits[year_digits + 2 : year_digits + 4])
    except ValueError:
        return False
    good_year = 1900 <= year <= 2099 if year_digits == 4 else True
    return good_year and 1 <= month <= 12 and 1 <= day <= 31


def _long_number(m: re.Match, piece: str) -> str:
    digits = _digits(piece)
    if piece[-1:] in "Xx" or (len(digits) == 18 and _plausible_birth(digits[6:], 4)):
        return ID_MASK
    if len(digits) == 15 and _plausible_birth(digits[6:], 2):
        return ID_MASK
    return ACCOUNT_MASK


_SEVEN_DIGITS = re.compile(r"\d(?:[ \-–—.()]{0,2}\d){6}")


def _phones_by_library(doc: _Doc) -> None:
    """Every number ``phonenumbers`` accepts as a valid Chinese or international phone number."""
    folded = _fold(doc.text)
    if not _SEVEN_DIGITS.search(folded):
        return  # no phone number has fewer than seven digits; the library is the slowest rule
    try:
        matches = [
            (m.start, m.end)
            for m in phonenumbers.PhoneNumberMatcher(folded, "CN", leniency=phonenumbers.Leniency.VALID)
        ]
    except Exception:  # noqa: BLE001 - the library must never stop publication; the patterns below still run
        return
    edits, last = [], 0
    for start, end in matches:
        # The library takes an opening bracket into the number even when the bracket opens the sentence's aside.
        if folded[start] == "(" and ")" not in folded[start:end]:
            start += 1
        if start >= last:
            edits.append((start, end, PHONE_MASK, KINDS[PHONE_MASK]))
            last = end
    doc.apply(edits)


def _is_organisation(text: str, start: int) -> bool:
    """Whether the address word at ``start`` belongs to an organisation named just before it in the same clause
    (天津市某某有限公司，住所：…): an organisation's registered seat is public."""
    window = text[max(0, start - 60) : start]
    window = re.split(r"[。；;]", window)[-1]
    ends = [m.end() for m in _ORG_END.finditer(window)]
    return bool(ends) and not _PERSON_CUE.search(window[ends[-1] :])


def _address_value(text: str, start: int) -> int:
    """Where the address starting at ``start`` ends (its length is capped), or ``start`` if it is no address."""
    chunk = text[start : start + 60]
    end = _ADDRESS_END.search(chunk)
    value = chunk[: end.start()] if end else chunk
    value = value.rstrip()
    if len(value) < 2 or not _PLACE_MARK.search(value):
        return start
    return start + len(value)


def _mask_addresses(doc: _Doc) -> None:
    folded = _fold(doc.text)
    spans = []
    for pattern in (_HOME, _BARE_HOME, _ROLE_HOME):
        for m in pattern.finditer(folded):
            word = m.group(1)
            if word in ("住所", "住所地", "地址") and _is_organisation(folded, m.start()):
                continue
            end = _address_value(folded, m.end())
            if end > m.end():
                spans.append((m.end(), end))
    edits, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        edits.append((start, end, ADDRESS_MASK, KINDS[ADDRESS_MASK]))
        last = end
    doc.apply(edits)


def _replace_name(doc: _Doc, full: str, masked: str) -> None:
    """Every mention of ``full`` replaced by ``masked``, except inside a mask already there: a name may be part of
    its own mask (a one-character name, a name typed as 张某), and scrubbing twice must change nothing."""
    text = doc.text
    if not full.strip() or full not in text:
        return
    taken = set()
    for m in re.finditer(re.escape(masked), text):
        taken.update(range(m.start(), m.end()))
    edits, last, start = [], 0, text.find(full)
    while start >= 0:
        end = start + len(full)
        if not taken.intersection(range(start, end)):
            edits.append((start, end, masked, NAME))
            last = end
        start = text.find(full, end if last == end else start + 1)
    doc.apply(edits)


def _scrub_once(doc: _Doc, names: list[tuple[str, str]]) -> None:
    # Names first: the party's (given) and the third parties' (found by their role), then every other mention.
    pairs = [(full, masked) for full, masked in names if full and full != masked]
    pairs += [(n, mask_person(n)) for n in third_party_names(doc.text)]
    for full, masked in sorted(set(pairs), key=lambda p: -len(p[0])):
        _replace_name(doc, full, masked)

    # Public numbers are set aside so that no rule below can take them for a private one.
    kept: list[str] = []

    def keep(m: re.Match, piece: str) -> str:
        kept.append(piece)
        return chr(_MARK_BASE + len(kept) - 1) if len(kept) <= 0x18FF else piece

    for pattern in (_LABELLED_PUBLIC, _DOCUMENT_NUMBER, _CREDIT_CODE):
        _replace(doc, pattern, keep)

    _replace(doc, _EMAIL, _const(EMAIL_MASK))
    _replace(doc, _WXID, _const(WECHAT_MASK))
    _replace(doc, _WECHAT, _const(WECHAT_MASK), 1)
    _replace(doc, _QQ, _const(QQ_MASK), 1)
    _replace(doc, _HANDLE, _const(ACCOUNT_MASK), 1)
    _replace(doc, _ID_LABELLED, lambda m, piece: ID_MASK if "身份" in m.group(0) else DOCUMENT_MASK, 1)
    _replace(doc, _ACCOUNT_LABELLED, _const(ACCOUNT_MASK), 1)
    _replace(doc, _LONG_DIGITS, _long_number)
    _replace(doc, _PHONE_LABELLED, _const(PHONE_MASK), 1)
    _phones_by_library(doc)
    _replace(doc, _MOBILE, _const(PHONE_MASK))
    _replace(doc, _LANDLINE, _const(PHONE_MASK))
    _replace(doc, _PLATE, _const(PLATE_MASK))
    _replace(doc, _BIRTH_BEFORE, _const(BIRTH_MASK), 1)
    _replace(doc, _BIRTH_AFTER, _const(BIRTH_MASK))
    _mask_addresses(doc)

    if kept:

        def restore(c: str) -> str:
            return kept[ord(c) - _MARK_BASE] if ord(c) - _MARK_BASE < len(kept) else ""

        doc.apply([(m.start(), m.end(), restore(m.group()), None) for m in _PRIVATE.finditer(doc.text)])
        # A public number a mask swallowed reads as itself in that span's original words.
        doc.spans = [
            Span(sp.start, sp.end, sp.kind, _PRIVATE.sub(lambda m: restore(m.group()), sp.original)) for sp in doc.spans
        ]


def scrub(text: str, names: Iterable[tuple[str, str]] = ()) -> tuple[str, bool]:
    """``text`` with each private name replaced by its mask and every identifier removed; True if changed.

    ``names`` pairs a full name with its public form (the party, its operator), or gives a bare full name to be
    masked the standard way; a full name wins over its parts.
    Third parties named after their role are found here. The rules run until nothing changes (at most a few
    rounds), so the result is a fixed point: scrubbing it again changes nothing. ``mask`` is the same with the
    masked spans reported.
    """
    original = text if isinstance(text, str) else ""
    out = mask(original, names).text
    return out, out != original


def mask(text: str, names: Iterable[tuple[str, str]] = ()) -> Masked:
    """``scrub``'s text together with each span it masked (kind and original words), for staff to confirm."""
    original = text if isinstance(text, str) else ""
    return _mask_cached(original, tuple(_name_pair(n) for n in names or ()))


def _name_pair(item) -> tuple[str, str]:
    # A bare full name is masked the standard way; anything else must be a (full, masked) pair.
    if isinstance(item, str):
        return item, mask_person(item)
    full, masked = item
    return str(full or ""), str(masked or "")


@functools.lru_cache(maxsize=8192)
def _mask_cached(original: str, names: tuple[tuple[str, str], ...]) -> Masked:
    # Lists, feeds and downloads show the same decisions again and again: each text is masked once per process.
    doc = _Doc(original)
    doc.apply([(m.start(), m.end(), "", None) for m in _PRIVATE.finditer(original)])
    for _ in range(4):
        before = doc.text
        _scrub_once(doc, list(names))
        if doc.text == before:
            break
    return Masked(doc.text, tuple(doc.spans))
