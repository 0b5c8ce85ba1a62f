"""Generate tests/data/masking_corpus.jsonl: sentences in the style of 行政处罚决定书 with personal data planted.

Each line is {"text": ..., "planted": [...], "keep": [...]}: after ``masking.scrub(text)`` no planted string may
survive and every keep string must. The generator is deterministic (fixed seed), so the committed file can be
rebuilt and reviewed: ``python tests/data/make_masking_corpus.py`` rewrites it.

All persons, addresses and numbers are invented. Streets are fictional places of 华新街道; ID numbers carry a
valid check digit; phone numbers use real Chinese number ranges so ``phonenumbers`` accepts them.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).with_name("masking_corpus.jsonl")
SEED = 20261125
COUNT = 480

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温"
) + ["欧阳", "司马", "上官", "诸葛", "皇甫", "慕容", "东方", "令狐"]
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉玉兰萍红鹏飞宇浩凯鑫晨欣怡婷雪琳志海波斌春梅燕林峰亮宁颖慧晶丹博龙振昊涵思雨佳立新德福贵庆荣胜利成永长金宝"
)
STREETS = [
    "昌盛里",
    "丰盛里",
    "华新路",
    "华兴道",
    "和顺路",
    "公园西路",
    "新立路",
    "欣园里",
    "丽新里",
    "翠园里",
    "华明道",
    "跃进路",
    "东丽大道",
    "振华里",
    "金泰路",
]
ESTATES = ["华新家园", "昌盛园", "悦和园", "丽景苑", "新城花园", "翠湖公寓", "和顺家园", "金泰丽湾"]
FAR_PLACES = [
    "河北省沧州市献县淮镇刘庄村",
    "山东省德州市宁津县柴胡店镇王庄",
    "河南省周口市郸城县胡集乡李楼村",
    "天津市宁河区芦台镇西关村",
    "安徽省阜阳市临泉县长官镇张营村",
    "黑龙江省绥化市北林区太平川镇",
    "天津市滨海新区塘沽街道新港路",
    "河北省廊坊市香河县淑阳镇",
]
VIOLATIONS = [
    "占道经营",
    "露天烧烤食品",
    "擅自设置户外广告",
    "擅自占用城市道路堆放物料",
    "违规倾倒建筑垃圾",
    "在禁止区域内焚烧落叶",
    "擅自搭建棚亭",
    "车辆运输渣土沿途撒漏",
    "未按规定分类投放生活垃圾",
    "店外设摊经营",
    "在树木上悬挂横幅",
    "未取得许可擅自开挖道路",
]
LAWS = [
    ("《天津市市容和环境卫生管理条例》", "第三十四条"),
    ("《中华人民共和国大气污染防治法》", "第一百一十八条第三款"),
    ("《城市市容和环境卫生管理条例》", "第十四条"),
    ("《天津市生活垃圾管理条例》", "第四十二条"),
    ("《城市道路管理条例》", "第二十七条"),
]
COMPANIES = [
    "天津市东丽区宏达土石方工程有限公司",
    "天津华新兴业物业管理有限公司",
    "天津市鑫源建筑工程有限公司",
    "天津恒泰餐饮管理有限公司",
    "天津市东丽区顺通运输有限公司",
    "天津金诚装饰工程有限公司",
]
TRADES = [
    "天津市东丽区华新街道鑫源便利店",
    "东丽区华新街道老刘烧烤店",
    "东丽区华新街道美佳理发店",
    "天津市东丽区华新街道福满多超市",
    "东丽区华新街道兴旺五金商店",
    "东丽区华新街道小李早点铺",
]
OFFICIALS = ["王强", "李伟", "赵磊", "孙洁", "周涛", "吴敏"]
FULL = str.maketrans("0123456789-()", "０１２３４５６７８９－（）")
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
REGIONS = ["120110", "120101", "120104", "130922", "371427", "411625", "120116", "341221"]


class Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.used: set[str] = set(OFFICIALS)

    def pick(self, seq):
        return self.r.choice(seq)

    def name(self) -> str:
        # Distinct names per corpus line set, never an official's, so planted and kept names cannot collide.
        while True:
            n = self.pick(SURNAMES) + "".join(self.r.choices(GIVEN, k=self.r.choice([1, 2, 2])))
            if n not in self.used:
                self.used.add(n)
                return n

    def date(self, lo=2026, hi=2026) -> tuple[int, int, int]:
        return self.r.randint(lo, hi), self.r.randint(1, 12), self.r.randint(1, 28)

    def birth(self) -> tuple[tuple[int, int, int], str, str]:
        """(date, the phrase as written, the part that must not survive)."""
        y, m, d = self.date(1950, 2004)
        style = self.r.randrange(8)
        if style == 0:
            s = f"{y}年{m}月{d}日"
            return (y, m, d), f"{s}出生", s
        if style == 1:
            s = f"{y}-{m:02d}-{d:02d}"
            return (y, m, d), f"出生日期：{s}", s
        if style == 2:
            s = f"{y}年{m}月{d}日"
            return (y, m, d), f"生于{s}", s
        if style == 3:
            s = f"{y}年{m}月{d}日"
            return (y, m, d), f"{s}生", s
        if style == 4:
            s = f"{y}.{m:02d}.{d:02d}"
            return (y, m, d), f"出生于{s}", s
        if style == 5:
            s = f"{y}年{m}月"
            return (y, m, d), f"出生年月：{s}", s
        if style == 6:
            digits = "〇一二三四五六七八九"
            cy = "".join(digits[int(c)] for c in str(y))
            cm = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"][m]
            s = f"{cy}年{cm}月"
            return (y, m, d), f"{s}出生", s
        s = f"{y}年{m}月{d}日"
        return (y, m, d), f"出生日期为{s}", s

    def id_number(self, birth=None) -> tuple[str, str]:
        """(as written, the digits that must not survive): 18 digits in several notations or an old 15-digit one."""
        y, m, d = birth or self.date(1950, 2004)
        region = self.pick(REGIONS)
        if self.r.random() < 0.12:
            s = f"{region}{y % 100:02d}{m:02d}{d:02d}{self.r.randint(0, 999):03d}"
            return s, s
        body = f"{region}{y}{m:02d}{d:02d}{self.r.randint(0, 999):03d}"
        check = "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
        full = body + check
        style = self.r.randrange(6)
        written = [
            full,
            f"{full[:6]} {full[6:14]} {full[14:]}",
            f"{full[:6]}-{full[6:14]}-{full[14:]}",
            " ".join(full[i : i + 4] for i in range(0, 18, 4)),
            full.translate(FULL),
            full.lower(),
        ][style]
        return written, written

    def mobile(self) -> str:
        prefix = self.pick(
            [
                "130",
                "131",
                "132",
                "133",
                "135",
                "136",
                "137",
                "138",
                "139",
                "150",
                "151",
                "152",
                "155",
                "156",
                "158",
                "159",
                "176",
                "177",
                "180",
                "181",
                "186",
                "187",
                "188",
                "189",
                "199",
            ]
        )
        return prefix + f"{self.r.randint(0, 99999999):08d}"

    def phone(self) -> str:
        n = self.mobile()
        local = f"{self.r.choice('2568')}{self.r.randint(0, 9999999):07d}"
        return self.pick(
            [
                n,
                n,
                f"{n[:3]}-{n[3:7]}-{n[7:]}",
                f"{n[:3]} {n[3:7]} {n[7:]}",
                f"+86 {n[:3]} {n[3:7]} {n[7:]}",
                f"+86-{n}",
                f"86{n}",
                n.translate(FULL),
                f"(022){local}",
                f"022-{local}",
                f"022-{local[:4]} {local[4:]}",
                f"（022）{local}",
                f"022 {local[:4]} {local[4:]}",
                f"022{local}",
                f"+86 22 {local}",
            ]
        )

    def home(self) -> str:
        kind = self.r.randrange(5)
        street, ri = self.pick(STREETS), self.r.randint
        if kind == 0:
            return f"华新街道{street}{ri(1, 40)}号楼{ri(1, 6)}门{ri(1, 7)}0{ri(1, 4)}"
        if kind == 1:
            return f"天津市东丽区华新街道{self.pick(ESTATES)}{ri(1, 30)}-{ri(1, 6)}-{ri(101, 1802)}"
        if kind == 2:
            return f"东丽区{self.pick(ESTATES)}{ri(1, 30)}栋{ri(1, 4)}单元{ri(101, 1802)}室"
        if kind == 3:
            return self.pick(FAR_PLACES) + f"{ri(1, 200)}号"
        return f"{street}{ri(1, 40)}号楼{ri(1, 6)}门{ri(101, 702)}"

    def place(self) -> str:
        a, b = self.r.sample(STREETS, 2)
        return self.pick(
            [
                f"华新街道{a}{self.r.randint(1, 99)}号门前",
                f"{a}与{b}交口东南角",
                f"华新街道{a}{self.r.randint(1, 99)}号底商外",
                f"{self.pick(ESTATES)}北门外",
                f"{a}{self.r.randint(1, 99)}号对面人行道",
            ]
        )

    def plate(self) -> str:
        letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        base = f"{self.r.randint(0, 99999):05d}"
        prov = self.pick("津津津冀京鲁")
        return self.pick(
            [
                f"{prov}{self.pick(letters[:5])}{base}",
                f"{prov}A·D{base}",
                f"{prov}AD{base}",
                f"{prov}{self.pick(letters)}·{base}",
                f"{prov}A·F{base}",
                f"{prov}B{base[:4]}{self.pick(letters)}",
            ]
        )

    def card(self) -> str:
        digits = "62" + "".join(str(self.r.randint(0, 9)) for _ in range(self.r.choice([14, 16, 17])))
        return self.pick([digits, " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))])

    def email(self, name: str) -> str:
        user = self.pick(["zhang", "li", "wang", "liu", "chen", "zhao", "sun", "hx", "dl"]) + str(
            self.r.randint(1, 9999)
        )
        tail = self.pick(["", ".", "_"]) + self.pick(["tj", "a", "xin"])
        return f"{user}{tail}@{self.pick(['qq.com', '163.com', '126.com', 'sina.com', 'foxmail.com'])}"

    def wechat(self) -> str:
        return self.pick(
            [
                f"wxid_{self.r.randint(10**7, 10**9)}",
                f"hx{self.r.randint(1000, 99999)}_tj",
                f"zhang{self.r.randint(100, 9999)}",
                f"Lee_{self.r.randint(1970, 2004)}",
            ]
        )

    def uscc(self, sole=False) -> str:
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        body = "".join(self.r.choice(alphabet) for _ in range(8))
        return ("92" if sole else "91") + "120110" + "MA0" + body[:6] + self.r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY")

    def money(self) -> str:
        return self.pick(["200", "500", "1000", "2000", "3000", "5000", "10000", "20000", "50000"])

    def docno(self) -> str:
        return (
            self.pick(["东丽华新罚", "津东丽华新综执罚字", "华新街综合执法罚决字"])
            + f"〔2026〕{self.r.randint(1, 199)}号"
        )

    def when(self) -> str:
        _, m, d = self.date()
        return f"2026年{m}月{d}日"

    def sex(self) -> str:
        return self.pick(["男", "女"])

    def sep(self) -> str:
        return self.pick(["，", "，", ","])


def _law(g: Gen) -> tuple[str, str]:
    return g.pick(LAWS)


def t_party_intro(g: Gen) -> dict:
    name, place, when, fine = g.name(), g.place(), g.when(), g.money()
    _, bphrase, bsecret = g.birth()
    idw, ids = g.id_number()
    home, phone = g.home(), g.phone()
    id_label = g.pick(["身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证号码："])
    home_label = g.pick(
        [
            "住",
            "住",
            "住",
            "家住",
            "现住",
            "住址：",
            "住所地",
            "暂住",
            "居住于",
            "户籍地",
            "户籍所在地",
            "现住址：",
            "住所：",
            "户籍",
            "现居住于",
        ]
    )
    phone_label = g.pick(["联系电话", "电话", "手机", "联系电话：", "手机号码", "联系方式：", "电话："])
    s = g.sep()
    text = (
        f"当事人{name}{s}{g.sex()}{s}{bphrase}{s}{id_label}{idw}{s}{home_label}{home}{s}{phone_label}{phone}。"
        f"{when}，当事人在{place}{g.pick(VIOLATIONS)}，罚款{fine}元。"
    )
    return {"text": text, "planted": [name, bsecret, ids, home, phone], "keep": [place, when, f"罚款{fine}元"]}


def t_party_paren(g: Gen) -> dict:
    name, place, when, fine = g.name(), g.place(), g.when(), g.money()
    home, phone = g.home(), g.phone()
    law, art = _law(g)
    lp, rp = g.pick([("（", "）"), ("(", ")")])
    home_label = g.pick(["住", "住", "住", "家住", "现住", "住址", "暂住", "户籍地"])
    text = (
        f"当事人{name}{lp}{g.sex()}，{home_label}{home}，电话{phone}{rp}于{when}在{place}{g.pick(VIOLATIONS)}，"
        f"违反了{law}{art}的规定，决定给予罚款人民币{fine}元的行政处罚。"
    )
    return {"text": text, "planted": [name, home, phone], "keep": [place, when, law, art, f"{fine}元"]}


def t_witness(g: Gen) -> dict:
    party, witness, place, when = g.name(), g.name(), g.place(), g.when()
    role = g.pick(["证人", "证人", "证人：", "见证人", "在场人", "举报人", "目击者"])
    home, phone = g.home(), g.phone()
    style = g.r.randrange(3)
    if style == 0:
        text = f"{role}{witness}证实：{when}，当事人{party}在{place}{g.pick(VIOLATIONS)}。"
        planted = [witness, party]
    elif style == 1:
        text = (
            f"经询问{role}{witness}（{g.sex()}，住{home}，电话{phone}），其称{when}看见当事人{party}在{place}"
            f"{g.pick(VIOLATIONS)}。"
        )
        planted = [witness, party, home, phone]
    else:
        other = g.name()
        text = f"{role}{witness}、{other}均证明当事人{party}于{when}在{place}{g.pick(VIOLATIONS)}。"
        planted = [witness, other, party]
    return {"text": text, "planted": planted, "keep": [place, when]}


def t_family(g: Gen) -> dict:
    party, rel, place, when = g.name(), g.name(), g.place(), g.when()
    kin = g.pick(
        [
            "其妻",
            "其夫",
            "其子",
            "其女",
            "其父",
            "其母",
            "其妻子",
            "其儿子",
            "其女儿",
            "其丈夫",
            "其母亲",
            "其弟",
            "其兄",
            "其姐",
        ]
    )
    style = g.r.randrange(4)
    if style == 0:
        text = f"执法人员到达现场时，当事人{party}不在场，{kin}{rel}在摊位处经营，并代为签收了《责令改正通知书》。"
        planted, keep = [party, rel], ["《责令改正通知书》"]
    elif style == 1:
        phone = g.phone()
        text = f"{when}，当事人{party}与{kin}{rel}（联系电话{phone}）在{place}{g.pick(VIOLATIONS)}。"
        planted, keep = [party, rel, phone], [place, when]
    elif style == 2:
        rel2 = g.name()
        kin2 = g.pick(["其子", "其女", "其孙子", "其儿媳"])
        text = f"当事人{party}经营期间，{kin}{rel}、{kin2}{rel2}共同在{place}摆放货架。"
        planted, keep = [party, rel, rel2], [place]
    else:
        home = g.home()
        text = f"当事人{party}因病住院，由{kin}{rel}（住{home}）代为陈述申辩。"
        planted, keep = [party, rel, home], ["陈述申辩"]
    return {"text": text, "planted": planted, "keep": keep}


def t_neighbour(g: Gen) -> dict:
    party, nb, place, when = g.name(), g.name(), g.place(), g.when()
    phone = g.phone()
    role = g.pick(["邻居", "居民", "投诉人", "报案人", "住户"])
    text = (
        f"{when}，{role}{nb}（电话：{phone}）反映，当事人{party}长期在{place}{g.pick(VIOLATIONS)}，影响周边居民出行。"
    )
    return {"text": text, "planted": [nb, party, phone], "keep": [place, when, "影响周边居民出行"]}


def t_agent(g: Gen) -> dict:
    party, agent = g.name(), g.name()
    role = g.pick(["委托代理人", "法定代理人", "监护人", "代理人", "现场负责人", "委托代理人："])
    idw, ids = g.id_number()
    home, phone = g.home(), g.phone()
    style = g.r.randrange(3)
    if style == 0:
        text = f"当事人{party}，{role}{agent}，{g.sex()}，身份证号{idw}，住{home}。"
        planted = [party, agent, ids, home]
    elif style == 1:
        text = f"{role}{agent}（手机{phone}）在现场，对执法人员的检查予以配合。"
        planted = [agent, phone]
    else:
        text = f"{role}{agent}于{g.when()}到华新街道综合执法大队接受询问，并提交了身份证复印件。"
        planted = [agent]
    keep = ["华新街道综合执法大队", "身份证复印件"] if style == 2 else ["执法人员的检查"] if style == 1 else [role]
    return {"text": text, "planted": planted, "keep": keep}


def t_sole_trader(g: Gen) -> dict:
    trade, operator, fine = g.pick(TRADES), g.name(), g.money()
    uscc, phone = g.uscc(sole=True), g.phone()
    shop = f"华新街道{g.pick(STREETS)}{g.r.randint(1, 99)}号"
    role = g.pick(["经营者", "经营者：", "实际经营者", "经营者为"])
    text = (
        f"当事人{trade}（个体工商户），统一社会信用代码{uscc}，{role}{operator}，经营场所：{shop}，"
        f"联系电话{phone}。该店在店外设摊经营，罚款{fine}元。"
    )
    return {"text": text, "planted": [operator, phone], "keep": [trade, uscc, shop, f"罚款{fine}元"]}


def t_company(g: Gen) -> dict:
    company, rep = g.pick(COMPANIES), g.name()
    uscc = g.uscc()
    seat = f"天津市东丽区华新街道{g.pick(STREETS)}{g.r.randint(1, 99)}号"
    idw, ids = g.id_number()
    phone = g.phone()
    law, art = _law(g)
    doc = g.docno()
    style = g.r.randrange(3)
    if style == 0:
        text = f"{doc}\n当事人：{company}\n统一社会信用代码：{uscc}\n住所：{seat}\n法定代表人：{rep}\n"
        planted, keep = [], [company, uscc, seat, rep, doc]
    elif style == 1:
        text = (
            f"当事人{company}，统一社会信用代码{uscc}，住所{seat}，法定代表人{rep}（身份证号{idw}，电话{phone}）。"
            f"该公司违反了{law}{art}。"
        )
        planted, keep = [ids, phone], [company, uscc, seat, rep, law, art]
    else:
        worker, plate = g.name(), g.plate()
        text = (
            f"{company}（统一社会信用代码：{uscc}）的司机{worker}驾驶车牌号为{plate}的渣土车在"
            f"{g.pick(STREETS)}沿途撒漏，依据{law}{art}，{doc}决定罚款{g.money()}元。"
        )
        planted, keep = [worker, plate], [company, uscc, law, art, doc]
    return {"text": text, "planted": planted, "keep": keep}


def t_contacts(g: Gen) -> dict:
    party = g.name()
    wx, qq, mail = g.wechat(), str(g.r.randint(10**5, 10**10)), g.email(party)
    wx_label = g.pick(["微信号：", "微信号", "微信：", "微信 ", "微信号为"])
    qq_label = g.pick(["QQ号", "QQ：", "QQ号码", "ＱＱ号", "QQ "])
    mail_label = g.pick(["电子邮箱", "邮箱：", "电子邮件", "E-mail："])
    text = f"当事人{party}通过{wx_label}{wx}及{qq_label}{qq}发布招租信息，{mail_label}{mail}，未在规定期限内改正。"
    return {"text": text, "planted": [party, wx, qq, mail], "keep": ["发布招租信息", "未在规定期限内改正"]}


def t_vehicle(g: Gen) -> dict:
    party, plate, place, when = g.name(), g.plate(), g.place(), g.when()
    text = g.pick(
        [
            f"{when}，当事人{party}驾驶{plate}号小型货车在{place}违规倾倒建筑垃圾。",
            f"当事人{party}将车牌号为{plate}的三轮车停放在{place}经营水果。",
            f"{when}，执法人员发现车牌号{plate}车辆（车主{party}）在{place}沿途撒漏。",
        ]
    )
    return {"text": text, "planted": [party, plate], "keep": [place]}


def t_bank(g: Gen) -> dict:
    party, card, fine = g.name(), g.card(), g.money()
    text = g.pick(
        [
            f"当事人{party}已于{g.when()}通过银行卡{card}缴纳罚款{fine}元。",
            f"当事人{party}的收款账号{card}（中国工商银行华新支行）收取摊位费共计{fine}元。",
            f"当事人{party}称罚款从其卡号为{card}的银行卡转账缴纳，金额{fine}元。",
        ]
    )
    return {"text": text, "planted": [party, card], "keep": [f"{fine}元"]}


def t_header(g: Gen) -> dict:
    name, doc = g.name(), g.docno()
    _, bphrase, bsecret = g.birth()
    idw, ids = g.id_number()
    home, phone = g.home(), g.phone()
    text = f"{doc}\n当事人：{name}\n性别：{g.sex()}\n{bphrase}\n身份证号码：{idw}\n住址：{home}\n联系电话：{phone}\n"
    return {"text": text, "planted": [name, bsecret, ids, home, phone], "keep": [doc]}


def t_officials(g: Gen) -> dict:
    o1, o2 = g.r.sample(OFFICIALS, 2)
    c1, c2 = f"1201{g.r.randint(10**6, 10**7 - 1)}", f"1201{g.r.randint(10**6, 10**7 - 1)}"
    party, when = g.name(), g.when()
    home = g.home()
    text = (
        f"{when}，执法人员{o1}、{o2}（执法证号：{c1}、{c2}）向当事人{party}（住{home}）出示执法证件，"
        f"并制作了《现场检查笔录》。"
    )
    return {"text": text, "planted": [party, home], "keep": [o1, o2, c1, c2, when, "《现场检查笔录》"]}


def t_landlord(g: Gen) -> dict:
    party, owner, place = g.name(), g.name(), g.place()
    role = g.pick(["房东", "出租人", "房主", "业主"])
    home = g.home()
    text = f"当事人{party}租用{role}{owner}位于{place}的门脸房经营餐饮，{owner}户籍地为{home}。当事人对违法事实无异议。"
    return {"text": text, "planted": [party, owner, home], "keep": [place, "当事人对违法事实无异议"]}


def t_fact_dates(g: Gen) -> dict:
    party, place, when = g.name(), g.place(), g.when()
    _, bphrase, bsecret = g.birth()
    law, art = _law(g)
    doc = g.docno()
    text = (
        f"经查，当事人{party}（{bphrase}）于{when}在{place}{g.pick(VIOLATIONS)}。{doc}，依据{law}{art}，"
        f"责令当事人于2026年12月31日前改正。"
    )
    return {"text": text, "planted": [party, bsecret], "keep": [place, when, doc, law, art, "2026年12月31日"]}


def t_spaced(g: Gen) -> dict:
    # Typed in a hurry or pasted from a form: spaces, half-width colons, full-width digits in the address.
    name, place, when = g.name(), g.place(), g.when()
    home = g.home().translate(FULL) if g.r.random() < 0.5 else g.home()
    phone, (idw, ids) = g.phone(), g.id_number()
    sex = g.sex()
    text = g.pick(
        [
            f"当事人 : {name} , {sex} , 住 {home} , 电话 : {phone} 。",
            f"当事人：{name}　性别：{sex}　身份证号：{idw}　住址：{home}　联系电话：{phone}",
            f"姓名:{name};性别:{sex};证件号码:{idw};家庭住址:{home};手机:{phone}",
        ]
    )
    planted = [name, home, phone] + ([ids] if idw in text else [])
    text += ("" if text.endswith("。") else g.pick(["。", "；", "\n"])) + f"{when}在{place}{g.pick(VIOLATIONS)}。"
    return {"text": text, "planted": planted, "keep": [place, when]}


def t_described(g: Gen) -> dict:
    # A person described without any role word before the name.
    name, place, when = g.name(), g.place(), g.when()
    _, bphrase, bsecret = g.birth()
    home = g.home()
    text = g.pick(
        [
            f"经查，{name}，{g.sex()}，{bphrase}，家住{home}，于{when}在{place}{g.pick(VIOLATIONS)}。",
            f"{name}（{g.sex()}，{bphrase}，户籍地{home}）于{when}在{place}{g.pick(VIOLATIONS)}。",
        ]
    )
    return {"text": text, "planted": [name, bsecret, home], "keep": [place, when]}


def t_group(g: Gen) -> dict:
    a, b, place, when = g.name(), g.name(), g.place(), g.when()
    o1, o2 = g.r.sample(OFFICIALS, 2)
    n = g.pick(["", "2", "二", "两"])
    text = f"{when}，执法人员{o1}、{o2}巡查发现{a}、{b}等{n}人在{place}{g.pick(VIOLATIONS)}，当场责令改正。"
    return {"text": text, "planted": [a, b], "keep": [o1, o2, place, when, "当场责令改正"]}


def t_named(g: Gen) -> dict:
    # The party named with no role at all: only the decision's own party list (given to scrub) can find it.
    name, place, when, fine = g.name(), g.place(), g.when(), g.money()
    text = f"{when}，{name}在{place}{g.pick(VIOLATIONS)}，{name}对上述事实无异议，罚款{fine}元。"
    surname = name[:2] if name[:2] in SURNAMES else name[0]
    return {
        "text": text,
        "planted": [name],
        "keep": [place, when, f"罚款{fine}元"],
        "names": [[name, surname + "某某"]],
    }


TEMPLATES = [
    t_party_intro,
    t_party_intro,
    t_party_paren,
    t_party_paren,
    t_witness,
    t_witness,
    t_family,
    t_family,
    t_neighbour,
    t_agent,
    t_sole_trader,
    t_company,
    t_contacts,
    t_vehicle,
    t_bank,
    t_header,
    t_officials,
    t_landlord,
    t_fact_dates,
    t_spaced,
    t_described,
    t_group,
    t_named,
]


def generate(count: int = COUNT, seed: int = SEED) -> list[dict]:
    g = Gen(seed)
    return [g.pick(TEMPLATES)(g) for _ in range(count)]


def main() -> None:
    lines = [json.dumps(row, ensure_ascii=False) for row in generate()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} sentences written to {OUT}")


if __name__ == "__main__":
    main()
