"""Write seed_data/inspections.json: fictional 2022 inspection records and 普法 activities (deterministic).

The totals match the figures of the office's 2022 report as given in the issue: 100余次 inspections (104 here),
300 人次 of inspectors, 300余处 problem points corrected (312 here); 普法: 5000余份 leaflets (5,200 here), 160 legal
consultations, 30 lawyer duty sessions, 15 lawyer office sessions. Referrals are not given there, so none are
invented. Every object, inspector, certificate number and text is fictional (names say 示例; companies' codes
carry valid check characters computed from invented bodies and belong to nobody).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "seed_data" / "inspections.json"
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
INSPECTIONS, PERSON_TIMES, CORRECTED = 104, 300, 312
LEAFLETS, CONSULTATIONS, DUTY, OFFICE = 5200, 160, 30, 15

FINDINGS = {
    "HX-JC-001": ("油烟净化设施清洗记录不全，门前有油污", "清洗油烟净化设施并清理门前油污"),
    "HX-JC-002": ("门前三包责任区有杂物堆放", "清理责任区杂物，落实门前三包"),
    "HX-JC-005": ("垃圾分类投放点标识缺失，混投", "补设分类标识，分类投放"),
    "HX-JC-007": ("店外摆放商品占用人行道", "将商品收回店内经营"),
    "HX-JC-008": ("楼道堆放杂物，电动自行车在楼道充电", "清理楼道杂物，停止楼道充电"),
}
KINDS = {
    "HX-JC-001": "七小行业",
    "HX-JC-002": "沿街商户",
    "HX-JC-005": "社区",
    "HX-JC-007": "沿街商户",
    "HX-JC-008": "社区",
}


def org_check(body: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    r = 11 - total % 11
    return "X" if r == 10 else "0" if r == 11 else str(r)


def uscc(serial: int) -> str:
    org = f"MA0{serial:05d}"
    body = "92120110" + org + org_check(org)
    total = sum(USCC_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return body + USCC_CHARS[(31 - total % 31) % 31]


def working_days(year: int) -> list[dt.date]:
    day, out = dt.date(year, 1, 4), []
    while day.year == year:
        if day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def add_weekdays(day: dt.date, n: int) -> dt.date:
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def main() -> None:
    rng = random.Random(2022)
    objects = []
    for n in range(1, 25):
        objects.append(
            {
                "key": f"2022-O{n:02d}",
                "name": f"华新街道示例{n}号商店",
                "party_type": "个体工商户",
                "credit_code": uscc(n),
                "address": f"华新街道某路{n}号",
                "type": "七小行业" if n <= 12 else "沿街商户",
            }
        )
    for n in range(1, 7):
        objects.append(
            {
                "key": f"2022-C{n:02d}",
                "name": f"示例社区{n}号楼院",
                "party_type": "法人及非法人组织",
                "credit_code": uscc(100 + n),
                "address": f"华新街道某小区{n}号",
                "type": "社区",
            }
        )
    by_type: dict[str, list[str]] = {}
    for o in objects:
        by_type.setdefault(o["type"], []).append(o["key"])
    inspectors = [{"name": f"示例队员{n}", "cert_number": f"示例证-{n:03d}"} for n in range(1, 9)]

    days = sorted(rng.sample(working_days(2022), INSPECTIONS))
    three = PERSON_TIMES - 2 * INSPECTIONS  # records with a third inspector
    corrected = [3] * INSPECTIONS
    for _ in range(200):  # move points between records, keeping the total
        a, b = rng.randrange(INSPECTIONS), rng.randrange(INSPECTIONS)
        if corrected[a] > 0 and corrected[b] < 6:
            corrected[a] -= 1
            corrected[b] += 1
    records = []
    for n, day in enumerate(days):
        code = rng.choice(sorted(FINDINGS))
        finding, demand = FINDINGS[code]
        points = corrected[n]
        team = rng.sample(inspectors, 3 if n < three else 2)
        record = {
            "key": f"2022-R{n + 1:03d}",
            "object": rng.choice(by_type[KINDS[code]]),
            "inspected_on": day.isoformat(),
            "inspectors": team,
            "power_codes": [code],
            "findings": f"{finding}，发现问题点位{points}处" if points else "现场检查未发现问题",
            "problems": points,
            "corrected": points,
            "published_on": add_weekdays(day, 5).isoformat(),
        }
        if points:
            due = add_weekdays(day, 3)
            record.update(
                rectification=demand,
                rectify_days=3,
                rectify_due=due.isoformat(),
                recheck_on=add_weekdays(due, 1).isoformat(),
                recheck_result="复查时已整改完毕",
            )
        records.append(record)

    education = []
    for kind, total, events in (
        ("leaflets", LEAFLETS, 26),
        ("consultations", CONSULTATIONS, 16),
        ("lawyer_duty", DUTY, DUTY),
        ("lawyer_office", OFFICE, OFFICE),
    ):
        for n, day in enumerate(sorted(rng.sample(working_days(2022), events))):
            education.append(
                {
                    "key": f"2022-{kind}-{n + 1:02d}",
                    "held_on": day.isoformat(),
                    "kind": kind,
                    "quantity": total // events,
                    "note": "示例活动（虚构）",
                }
            )
    data = {"fictional": True, "objects": objects, "records": records, "legal_education": education}
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {len(objects)} objects, {len(records)} records, {len(education)} 普法 activities")


if __name__ == "__main__":
    main()
