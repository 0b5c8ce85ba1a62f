"""Write seed_data/penalties.jsonl: the office's fictional penalty decisions (deterministic; run to regenerate).

The 2022 set matches the office's annual report (立案处罚77起，罚款共27100元). Every case, name and number is
fictional; facts, basis and fine agree with the item's legal range (seed_data/penalty_ranges.json, checked by
tests/penalties/test_legal_ranges.py). Identifiers carry valid check
characters so the credit format accepts them, but belong to nobody: ID numbers use birth dates and sequence
numbers drawn at random, companies' codes are computed from random bodies.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "seed_data" / "penalties.jsonl"
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "建国 秀英 志强 桂兰 文华 海燕 立新 春梅 德明 玉珍 国庆 丽娟 振华 淑芬 宝山 红霞 永刚 金凤 树林 雪梅".split()

# (power item, violation, basis, categories, content template, party kinds, fines) per kind of case.
CASES = {
    "spit": (
        "HX-CF-017",
        "随地吐痰、乱扔烟头等废弃物",
        "《城市市容和环境卫生管理条例》第三十四条第一项",
        "在{place}随地乱扔烟头，经执法人员当场指出后仍未清理",
        ["自然人"],
    ),
    "flyer": (
        "HX-CF-018",
        "未经批准张贴宣传品",
        "《城市市容和环境卫生管理条例》第三十四条第二项",
        "未经批准在{place}的电线杆、墙面上张贴小广告共计{n}处",
        ["自然人", "个体工商户"],
    ),
    "dump": (
        "HX-CF-020",
        "不按规定的时间、地点、方式倾倒垃圾",
        "《城市市容和环境卫生管理条例》第三十四条第四项",
        "在{place}非指定地点倾倒经营垃圾",
        ["个体工商户"],
    ),
    "frontage": (
        "HX-CF-021",
        "不履行卫生责任区清扫保洁义务",
        "《城市市容和环境卫生管理条例》第三十四条第五项",
        "未履行门前三包责任，门前{place}路段堆放杂物、垃圾未清扫，经责令改正后仍未改正",
        ["个体工商户"],
    ),
    "spill": (
        "HX-CF-022",
        "运输散装货物不作密封、覆盖造成遗撒",
        "《城市市容和环境卫生管理条例》第三十四条第六项",
        "所属渣土运输车辆未采取密闭覆盖措施，在{place}沿途遗撒渣土约{n}米",
        ["法人及非法人组织"],
    ),
    "bbq": (
        "HX-CF-031",
        "在禁止的时段和区域内露天烧烤食品",
        "《中华人民共和国大气污染防治法》第一百一十八条第三款",
        "在{place}人行道上露天烧烤食品，属于区人民政府禁止露天烧烤的区域",
        ["个体工商户", "自然人"],
    ),
    "waste": (
        "HX-CF-036",
        "个人随意倾倒生活垃圾",
        "《中华人民共和国固体废物污染环境防治法》第一百一十一条第一款第一项、第二款",
        "将袋装生活垃圾随意倾倒在{place}绿地内",
        ["自然人"],
    ),
    "fire": (
        "HX-CF-016",
        "个人占用、堵塞消防车通道",
        "《中华人民共和国消防法》第六十条第二款",
        "将私家车长时间停放在{place}小区消防车通道内，经劝导仍不驶离，妨碍消防车通行",
        ["自然人"],
    ),
    "noise": (
        "HX-CF-039",
        "对已竣工交付使用的建筑物进行室内装修活动，未按照规定在限定的作业时间内进行",
        "《中华人民共和国噪声污染防治法》第八十二条第三项",
        "在{place}居民楼底层商铺进行室内装修，未按照规定在限定的作业时间内作业，夜间装修噪声影响周边居民休息，"
        "经说服教育、责令改正后拒不改正",
        ["个体工商户"],
    ),
    "tree": (
        "HX-CF-042",
        "损坏城市树木花草",
        "《城市绿化条例》第二十六条第一项",
        "在{place}绿化带内擅自踩踏、毁坏草坪约{n}平方米",
        ["自然人"],
    ),
}
# The provision a case's facts say was broken, where it is not the penalty article itself.
VIOLATED = {"waste": "《中华人民共和国固体废物污染环境防治法》第四十九条第二款"}
LAW_OF = {
    "HX-CF-017": ("城市市容和环境卫生管理条例", 34),
    "HX-CF-018": ("城市市容和环境卫生管理条例", 34),
    "HX-CF-020": ("城市市容和环境卫生管理条例", 34),
    "HX-CF-021": ("城市市容和环境卫生管理条例", 34),
    "HX-CF-022": ("城市市容和环境卫生管理条例", 34),
    "HX-CF-031": ("大气污染防治法", 118),
    "HX-CF-036": ("固体废物污染环境防治法", 111),
    "HX-CF-016": ("消防法", 60),
    "HX-CF-039": ("噪声污染防治法", 82),
    "HX-CF-042": ("城市绿化条例", 26),
}
PLACES = [
    "华新街道某小区南门外",
    "华新街道某路与某道交口",
    "华新街道某菜市场东侧",
    "华新街道某公园西侧",
    "华新街道某商业街",
    "华新街道某社区东侧路段",
    "华新街道某地铁站出口附近",
    "华新街道某学校北侧",
]
SHOPS = [
    "鑫源便利店",
    "老味道烧烤店",
    "福满楼饭庄",
    "兴隆五金店",
    "百姓家常菜馆",
    "晨光水果店",
    "美佳理发店",
    "顺达汽修部",
    "惠民超市",
    "嘉禾粮油店",
    "好运来小吃店",
    "金鼎烟酒店",
]
COMPANIES = ["宏达土石方工程有限公司", "顺通渣土运输有限公司", "恒基建筑工程有限公司", "鑫泰物流有限公司"]

# The 2022 fines in yuan by kind (0 = 警告 only): 77 cases, 27,100 yuan in all.
PLAN_2022 = {
    "spit": [50] * 16 + [0] * 4,
    "flyer": [200] * 10,  # 文明行为促进条例 art 65 (secondary): 100-200, or 2,000 where it harms the city's look
    "dump": [200] * 6,
    "frontage": [100] * 6 + [200] * 6,
    "spill": [2000, 3000, 2500, 2700],
    "bbq": [500] * 4 + [1000] * 4,
    "waste": [400] * 5,  # 固废法 art 111 second paragraph: 个人 100-500
    "fire": [300] * 5 + [0] * 2,
    "noise": [200, 200, 600],
    "tree": [300, 300],
}


def uscc(rng: random.Random) -> str:
    """92 (工商: 个体工商户) + 东丽区 120110 + a 组织机构代码 + the GB 32100 check character."""
    return with_class("92", "120110" + _org_code(rng))


def with_class(klass: str, rest: str) -> str:
    """A 统一社会信用代码 of the given 登记管理部门+机构类别 (91 企业, 92 个体工商户) with its check character."""
    body = klass + rest[:16]
    weights = [pow(3, i, 31) for i in range(17)]
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body, weights, strict=True))
    return body + USCC_CHARS[(31 - total % 31) % 31]


def _org_code(rng: random.Random) -> str:
    digits = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(int(d) * w for d, w in zip(digits, [3, 7, 9, 10, 5, 8, 4, 2], strict=True))
    r = 11 - total % 11
    return digits + ("X" if r == 10 else "0" if r == 11 else str(r))


def id_number(rng: random.Random) -> str:
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 40))
    body = "120110" + birth.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def person(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def case(rng, kind, fine, decided_on, seq):
    item, violation, basis, facts, parties = CASES[kind]
    party_type = rng.choice(parties)
    name = person(rng)
    row = {
        "document_number": f"华新街道综合执法罚决字〔{decided_on.year}〕{seq}号",
        "party_type": party_type,
        "violation": violation,
        "basis": basis,
        "power_code": item,
        "law": LAW_OF[item][0],
        "article_number": LAW_OF[item][1],
        "decided_on": decided_on.isoformat(),
    }
    if party_type == "自然人":
        row.update(party_name=name, id_type="身份证", id_number=id_number(rng))
        subject = "当事人"
    elif party_type == "个体工商户":
        trade = rng.random() < 0.75
        row.update(
            party_name=f"天津市东丽区华新街道{rng.choice(SHOPS)}" if trade else name, uscc=uscc(rng), legal_rep=name
        )
        subject = "当事人"
    else:
        row.update(party_name=f"天津市东丽区{rng.choice(COMPANIES)}", uscc=uscc(rng), legal_rep=person(rng))
        subject = "当事人"
    place = rng.choice(PLACES)
    row["facts"] = (
        f"{decided_on - dt.timedelta(days=rng.randint(5, 20)):%Y年%m月%d日}，{subject}"
        + facts.format(place=place, n=rng.randint(3, 30))
        + "，违反了"
        + VIOLATED.get(kind, basis)
        + "的规定。"
    )
    if fine == 0:
        cats = ["警告"]
    elif kind == "bbq":
        cats = ["罚款", "没收非法财物"]
    elif kind in ("spit", "noise"):
        # 噪声法 art 82 requires the 警告 (the draw is kept so every other case stays as it was).
        cats = ["警告", "罚款"] if rng.random() < 0.5 or kind == "noise" else ["罚款"]
    else:
        cats = ["罚款"]
    row["categories"] = ";".join(cats)
    parts = []
    if "警告" in cats:
        parts.append("警告")
    if fine:
        parts.append(f"罚款人民币{fine}元")
        row["fine_yuan"] = f"{fine}.00"
    if "没收非法财物" in cats:
        parts.append("没收烧烤工具一批")
        row["confiscated_yuan"] = f"{rng.choice([150, 200, 300])}.00"
    row["content"] = "；".join(parts)
    row["valid_until"] = (decided_on + dt.timedelta(days=15)).isoformat() if fine else decided_on.isoformat()
    return row


def main():
    rng = random.Random(20221231)
    rows = []
    plan = []
    for kind, fines in PLAN_2022.items():
        for fine in fines:
            # 噪声污染防治法 took effect on 2022-06-05: no noise case is decided under it before then.
            first = dt.date(2022, 6, 10) if kind == "noise" else dt.date(2022, 1, 4)
            plan.append((first + dt.timedelta(days=rng.randrange((dt.date(2022, 12, 29) - first).days)), kind, fine))
    plan.sort()
    for seq, (day, kind, fine) in enumerate(plan, start=1):
        rows.append(case(rng, kind, fine, day, seq))
    assert len(rows) == 77 and sum(int(r.get("fine_yuan", "0")[:-3] or 0) for r in rows) == 27100
    # Later years: a smaller set with one corrected, one withdrawn, one expired and one 警告-only decision.
    later = [
        ("spill", 3000, dt.date(2025, 3, 12)),
        ("bbq", 800, dt.date(2025, 6, 20)),
        ("frontage", 200, dt.date(2026, 2, 9)),
        ("spill", 5000, dt.date(2026, 4, 15)),
        ("flyer", 200, dt.date(2026, 8, 31)),
        ("fire", 0, dt.date(2026, 9, 3)),
        ("bbq", 1000, dt.date(2026, 9, 18)),
        ("waste", 200, dt.date(2026, 10, 10)),
        ("noise", 600, dt.date(2026, 10, 27)),
        ("dump", 200, dt.date(2026, 11, 6)),
        ("spill", 2000, dt.date(2026, 11, 12)),
        ("tree", 300, dt.date(2026, 11, 18)),
    ]
    # More of this autumn's cases, so the public list (3-month periods for low fines) is not empty.
    kinds = ["flyer", "frontage", "bbq", "dump", "spit", "waste", "fire", "spill", "tree", "noise"]
    for n in range(14):
        kind = kinds[n % len(kinds)]
        fine = {"spill": 2500, "bbq": 600, "spit": 50, "frontage": 150, "flyer": 200}.get(kind, 200 + 100 * (n % 3))
        later.append((kind, fine, dt.date(2026, 9, 1) + dt.timedelta(days=6 * n + rng.randrange(5))))
    later.sort(key=lambda c: c[2])
    seqs: dict[int, int] = {}
    for kind, fine, day in later:
        seqs[day.year] = seqs.get(day.year, 0) + 1
        rows.append(case(rng, kind, fine, day, seqs[day.year]))
    # A company (有限公司) is a 企业: class 91, not the 个体工商户 class 92; one company keeps one code and one legal
    # representative across its decisions (the first drawn), without drawing more from the generator.
    companies: dict[str, tuple[str, str]] = {}
    for r in rows:
        if r["party_type"] == "法人及非法人组织":
            code, rep = companies.setdefault(r["party_name"], (with_class("91", r["uscc"][2:17]), r["legal_rep"]))
            r["uscc"], r["legal_rep"] = code, rep
    by_date = {(r["decided_on"], r["power_code"]): r for r in rows}
    # Changing the amount is a change of the decision, not a clerical correction: the 2,000-yuan decision is
    # withdrawn (变更) within 3 working days and a new decision of 1,500 yuan is made and published.
    changed = by_date[("2026-11-12", "HX-CF-022")]
    changed["withdrawal"] = {
        "at": "2026-11-17T10:00:00+08:00",
        "event": "变更",
        "event_on": "2026-11-16",
        "reason": "原决定罚款数额认定有误，已变更为罚款1500元并重新作出处罚决定",
    }
    seqs[2026] += 1
    replacement = {
        **{k: v for k, v in changed.items() if k != "withdrawal"},
        "document_number": f"华新街道综合执法罚决字〔2026〕{seqs[2026]}号",
        "decided_on": "2026-11-16",
        "valid_until": "2026-12-01",
        "fine_yuan": "1500.00",
        "content": "罚款人民币1500元",
        "remarks": f"本决定变更{changed['document_number']}（已撤回）",
    }
    rows.append(replacement)
    # A clerical correction proper: the text of the decision, not the penalty.
    typo = by_date[("2026-11-22", "HX-CF-020")]
    typo["correction"] = {
        "at": "2026-11-24T10:00:00+08:00",
        "note": "处罚内容文字笔误",
        "changes": {"content": typo["content"] + "（限十五日内缴纳）"},
    }
    by_date[("2026-10-10", "HX-CF-036")]["withdrawal"] = {
        "at": "2026-10-20T15:30:00+08:00",
        "event": "撤销",
        "event_on": "2026-10-16",
        "reason": "当事人申请行政复议，复议机关以事实认定不清为由撤销原处罚决定",
    }
    with OUT.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} decisions to {OUT}")


if __name__ == "__main__":
    main()
