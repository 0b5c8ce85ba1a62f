"""事前公开 (行政处罚法 第三十九条: 实施机关、立案依据、实施程序和救济渠道等信息应当公示): the enforcement bodies,
the inspector roster, the random-inspection items, the procedure and the remedies, for /enforcement and for the
remedies block on every decision page.

Articles are quoted from the database copy of the reference texts (seed_data/law-articles.jsonl) and only
those: an article not held is never quoted. 行政复议法 and 行政诉讼法 are not among the held texts: their articles
are cited by number only, from seed_data/remedies.json, marked with their quality (secondary: not checked against
a held text).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from .. import datafiles
from ..extensions import db
from ..models import Article, Inspector, Law
from . import plans

PENALTY_LAW = "行政处罚法"
UNHELD = "本平台参考文本未收录该法条文，条号待核"


def article(law: str, number: int) -> dict | None:
    """{"law", "label", "text"} of a held article, or None."""
    row = db.session.execute(
        select(Article.label, Article.text)
        .join(Law, Article.law_id == Law.id)
        .where(Law.name == law, Article.number == number)
    ).first()
    return {"law": law, "label": row.label, "text": row.text} if row else None


def cited(numbers: tuple[int, ...]) -> list[dict]:
    return [a for a in (article(PENALTY_LAW, n) for n in numbers) if a]


REMEDIES_FILE = "remedies.json"


def remedies(seed_dir: str | Path) -> dict:
    """The 救济渠道 block: the right to 复议 and 诉讼 as 行政处罚法 第七条 states it, and the periods with the
    articles cited from seed_data/remedies.json, each with its quality (those laws' texts are not held, so no
    wording is quoted). Without that file the periods are shown with no article and marked 条号待核."""
    try:
        channels = datafiles.load_json(Path(seed_dir) / REMEDIES_FILE, _channels, _Missing)
    except _Missing:
        channels = _UNCITED
    return {"basis": article(PENALTY_LAW, 7), "channels": channels}


class _Missing(Exception):
    """seed_data/ holds no remedies.json."""


def _channels(data: dict) -> list[dict]:
    return data["channels"]


# What the page says when seed_data/ holds no citations: the periods only, marked unconfirmed.
_UNCITED = [
    {
        "name": "行政复议",
        "how": "自知道该行政处罚决定之日起六十日内，向有管辖权的行政复议机关申请行政复议",
        "law": "中华人民共和国行政复议法",
        "quality": "unverified",
        "note": UNHELD,
    },
    {
        "name": "行政诉讼",
        "how": "自知道或者应当知道作出行政处罚决定之日起六个月内，向有管辖权的人民法院提起行政诉讼",
        "law": "中华人民共和国行政诉讼法",
        "quality": "unverified",
        "note": UNHELD,
    },
]


def subjects(host_org: str) -> list[dict]:
    """The office and its 综合行政执法大队, each with the held articles on which its competence rests; what the
    reference data does not hold is marked 待确认 rather than filled in."""
    return [
        {
            "name": host_org,
            "role": "行政执法主体，以本机关名义作出行政处罚决定",
            "basis": cited((24,)),
            "unconfirmed": "天津市将区级行政处罚权交由街道办事处行使的决定及其事项范围：本平台参考数据未收录，待确认",
        },
        {
            "name": "华新街道综合行政执法大队",
            "role": "承办街道的综合行政执法、日常巡查和双随机抽查",
            "basis": cited((18,)),
            "unconfirmed": "设立文件及其以何名义执法：本平台参考数据未收录，待确认",
        },
    ]


def roster(today: dt.date) -> list[dict]:
    """执法人员名录: name, 执法证号, 执法类别/区域, validity; never an ID number, phone or photo."""
    out = []
    for i in db.session.scalars(select(Inspector).where(Inspector.active.is_(True)).order_by(Inspector.id)):
        if i.user.active:
            out.append(
                {
                    "name": i.name,
                    "cert_number": i.cert_number,
                    "category": i.category,
                    "valid_until": i.cert_valid_until.isoformat(),
                    "valid": i.valid_on(today),
                }
            )
    return out


# The procedure as 行政处罚法 describes it: (step, article numbers); a step's article is shown only if held.
SIMPLE = (
    ("出示执法证件", (52,)),
    ("告知拟处罚的事实、理由、依据及陈述、申辩权", (44,)),
    ("听取陈述和申辩", (45,)),
    ("当场填写行政处罚决定书并交付当事人", (51, 52)),
    ("报所属行政机关备案", (52,)),
)
ORDINARY = (
    ("立案", (54,)),
    ("调查取证（执法人员不少于两人，出示执法证件）", (42, 55)),
    ("告知拟处罚的内容及事实、理由、依据和权利", (44,)),
    ("陈述、申辩；符合条件的组织听证", (45, 63)),
    ("法制审核（法定情形）", (58,)),
    ("行政机关负责人审查，作出决定（情节复杂或重大的集体讨论）", (57,)),
    ("制作行政处罚决定书", (59,)),
    ("送达", (61,)),
    ("公示与执行", (48, 66)),
)


def procedure() -> dict:
    held = {n for steps in (SIMPLE, ORDINARY) for _, ns in steps for n in ns if article(PENALTY_LAW, n)}

    def steps(rows):
        return [{"name": name, "articles": [n for n in ns if n in held]} for name, ns in rows]

    return {
        "simple": steps(SIMPLE),
        "ordinary": steps(ORDINARY),
        "simple_basis": article(PENALTY_LAW, 51),
    }


def inspection_items() -> list:
    return plans.inspection_items()
