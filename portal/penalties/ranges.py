"""The amounts the law allows for each 行政处罚 item, and a decision checked against them.

The legal ranges are data, not code: ``seed_data/penalty_ranges.json`` gives, per 权责清单 item, the article that
sets the penalty, the fine bands in yuan (for 个人, 单位 or anyone, with the circumstance a band applies to),
whether a fine, a 警告 or a confiscation is mandatory, optional or one of two, the clause that holds the amount,
where the national article sets no amount the Tianjin provision that would, facts the article does not cover, the
office's 裁量基准 (none exists yet, so every list is empty), and for each value its source and quality
(``law-text`` read in ``law-articles.jsonl``; ``secondary``; ``unverified``).

A check gives findings of three levels: ``refuse`` (outside a range the law text confirms, a mandatory 警告 or
fine missing), ``warn`` (the same against an unconfirmed range, a basis that differs from the item's, facts the
article does not cover) and ``info`` (the article sets no amount, so nothing can be checked). The staff form
and ``penalties import`` refuse on ``refuse`` and show ``warn``; tests read every seed decision through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .. import datafiles
from ..numerals import to_chinese

QUALITIES = ("law-text", "secondary", "unverified")
MODES = ("mandatory", "optional", "alternative", "none")
CONFISCATION = ("mandatory", "if_any", "optional", "none")
PARTIES = ("个人", "单位", "any")
CONFISCATION_CATEGORIES = frozenset({"没收违法所得", "没收非法财物"})


class RangesError(ValueError):
    """The ranges file is missing or malformed."""


@dataclass(frozen=True)
class Band:
    party: str  # 个人, 单位 or any
    min_yuan: Decimal | None
    max_yuan: Decimal | None
    condition: str
    quality: str

    def holds(self, amount: Decimal) -> bool:
        return (self.min_yuan is None or self.min_yuan <= amount) and (self.max_yuan is None or amount <= self.max_yuan)

    @property
    def text(self) -> str:
        lo, hi = (f"{v:,.0f}" if v is not None else None for v in (self.min_yuan, self.max_yuan))
        if lo == hi and lo is not None:
            amount = f"{lo} 元"
        elif not self.min_yuan:
            amount = f"{hi} 元以下"
        elif hi is None:
            amount = f"{lo} 元以上"
        else:
            amount = f"{lo}–{hi} 元"
        who = "" if self.party == "any" else f"{self.party} "
        return f"{who}{amount}" + (f"（{self.condition}）" if self.condition else "")


@dataclass(frozen=True)
class Provision:
    """An article and the bands it sets, with where they come from."""

    law: str
    article: int | None
    clause: str
    bands: tuple[Band, ...]
    quality: str
    source: str
    note: str

    @property
    def citation(self) -> str:
        article = f"第{to_chinese(self.article)}条" if self.article else "（条款序号未核实）"
        return f"《{self.law}》{article}{self.clause}"


@dataclass(frozen=True)
class ItemRange:
    code: str
    provision: Provision
    penalty_clause: str
    fine: str
    warning: str
    confiscation: str
    local: Provision | None
    excludes: tuple[dict, ...]
    benchmark: tuple[dict, ...]


@dataclass(frozen=True)
class PartyClass:
    name: str  # 个人 or 单位
    quality: str
    source: str
    note: str


@dataclass(frozen=True)
class Ranges:
    items: dict
    parties: dict

    def get(self, code: str | None) -> ItemRange | None:
        return self.items.get(code) if code else None


@dataclass(frozen=True)
class Finding:
    level: str  # refuse, warn or info
    field: str  # the decision's field: fine_yuan, categories, basis, facts
    message: str


def _yuan(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _provision(row: dict, where: str) -> Provision:
    quality = row.get("quality", "")
    if quality not in QUALITIES:
        raise RangesError(f"{where}: quality 应为 {'、'.join(QUALITIES)}")
    bands = []
    for b in row.get("bands", ()):
        band = Band(
            party=b["party"],
            min_yuan=_yuan(b.get("min_yuan")),
            max_yuan=_yuan(b.get("max_yuan")),
            condition=b.get("condition", ""),
            quality=b.get("quality", quality),
        )
        if band.party not in PARTIES or band.quality not in QUALITIES:
            raise RangesError(f"{where}: 幅度的 party 应为 {'、'.join(PARTIES)}，quality 应为 {'、'.join(QUALITIES)}")
        if band.min_yuan is not None and band.max_yuan is not None and band.min_yuan > band.max_yuan:
            raise RangesError(f"{where}: 幅度下限大于上限")
        bands.append(band)
    return Provision(
        law=row["law"],
        article=row.get("article"),
        clause=row.get("clause", ""),
        bands=tuple(bands),
        quality=quality,
        source=row.get("source", ""),
        note=row.get("note", ""),
    )


def parse(data: dict) -> Ranges:
    """The ranges of a parsed ranges file, checked (known qualities and modes, bands in order)."""
    items = {}
    for code, row in data.get("items", {}).items():
        try:
            item = ItemRange(
                code=code,
                provision=_provision(row, code),
                penalty_clause=row.get("penalty_clause", ""),
                fine=row.get("fine", "optional"),
                warning=row.get("warning", "none"),
                confiscation=row.get("confiscation", "none"),
                local=_provision(row["local_provision"], f"{code} local_provision")
                if row.get("local_provision")
                else None,
                excludes=tuple(row.get("excludes", ())),
                benchmark=tuple(row.get("benchmark", ())),
            )
        except (KeyError, TypeError, ValueError, ArithmeticError) as err:
            if isinstance(err, RangesError):
                raise
            raise RangesError(f"罚款幅度 {code} 格式有误：{err}") from None
        if item.fine not in MODES or item.warning not in MODES or item.confiscation not in CONFISCATION:
            raise RangesError(
                f"罚款幅度 {code}: fine/warning 应为 {'、'.join(MODES)}，confiscation 应为 {'、'.join(CONFISCATION)}"
            )
        items[code] = item
    parties = {
        name: PartyClass(row["class"], row["quality"], row.get("source", ""), row.get("note", ""))
        for name, row in data.get("party_classes", {}).items()
    }
    return Ranges(items, parties)


def load(path: str | Path) -> Ranges:
    """The ranges of ``path``, read again whenever the file changes."""
    return datafiles.load_json(path, parse, lambda p: RangesError(f"找不到罚款幅度文件 {p}"))


def from_config(config) -> Ranges:
    return load(config["PENALTY_RANGES_FILE"])


def current() -> Ranges:
    """The ranges the running app is configured with."""
    from flask import current_app

    return from_config(current_app.config)


def applicable(item: ItemRange, party: PartyClass | None) -> tuple[Provision | None, tuple[Band, ...]]:
    """The provision whose bands apply to the party (the item's own, else the Tianjin one) and those bands."""
    for provision in (item.provision, item.local):
        if provision is None:
            continue
        bands = tuple(b for b in provision.bands if b.party == "any" or (party and b.party == party.name))
        if bands:
            return provision, bands
    return None, ()


def _confirmed(bands, party: PartyClass | None) -> bool:
    """A range is confirmed when every band was read in the law text and, where the law splits by party, the
    party's class (个人 or 单位) is certain too."""
    split = any(b.party != "any" for b in bands)
    return all(b.quality == "law-text" for b in bands) and (not split or (party and party.quality == "law-text"))


def check(
    ranges: Ranges,
    code: str | None,
    *,
    party_type: str,
    fine_yuan: Decimal | None,
    categories: list[str] | tuple[str, ...],
    basis: str = "",
    law: str | None = None,
    article: int | None = None,
    facts: str = "",
) -> list[Finding]:
    """What the item's legal range says of a decision: refusals, warnings and notes (none when all agree)."""
    item = ranges.get(code)
    if item is None:
        return []
    out: list[Finding] = []
    own = item.provision
    certain = own.quality == "law-text"
    level = "refuse" if certain else "warn"
    suffix = "" if certain else "（依据未核实，仅提示）"
    cats = set(categories)
    party = ranges.parties.get(party_type)
    provision, bands = applicable(item, party)
    # No amount at all is the credit format's to report (罚款金额 required with 罚款), not a range's.
    if fine_yuan is not None and ("罚款" in cats or fine_yuan):
        amount = Decimal(fine_yuan)
        if not bands:
            out.append(Finding("info", "fine_yuan", f"{own.citation}未规定罚款数额，本平台无法核对金额"))
        elif not any(b.holds(amount) for b in bands):
            sure = _confirmed(bands, party)
            allowed = "；".join(b.text for b in bands)
            message = f"罚款 {amount:,.2f} 元超出{provision.citation}规定的幅度（{allowed}）"
            if not sure:
                why = "个体工商户按个人还是单位处罚未确认" if party and party.quality != "law-text" else "幅度未核实"
                message += f"（{why}，仅提示）"
            out.append(Finding("refuse" if sure else "warn", "fine_yuan", message))
    if item.fine == "mandatory" and "罚款" not in cats:
        out.append(Finding(level, "categories", f"{own.citation}规定应当处以罚款，处罚类别缺少“罚款”{suffix}"))
    if item.warning == "mandatory" and "警告" not in cats:
        out.append(Finding(level, "categories", f"{own.citation}规定应当给予警告，处罚类别缺少“警告”{suffix}"))
    if item.warning == "alternative" and not cats & {"警告", "罚款"}:
        out.append(Finding(level, "categories", f"{own.citation}规定处警告或者罚款，二者至少其一{suffix}"))
    if item.confiscation == "mandatory" and not cats & CONFISCATION_CATEGORIES:
        out.append(Finding(level, "categories", f"{own.citation}规定应当没收，处罚类别缺少没收{suffix}"))
    if law and (law != own.law or (own.article and article and article != own.article)):
        out.append(Finding("warn", "basis", f"处罚依据与权责清单事项 {item.code} 的设定依据{own.citation}不一致"))
    if item.penalty_clause and basis and item.penalty_clause not in basis:
        out.append(Finding("warn", "basis", f"处罚依据未引用规定罚款数额的{item.penalty_clause}（{own.citation}）"))
    for rule in item.excludes:
        hit = next((w for w in rule["words"] if w in facts), None)
        if hit:
            out.append(Finding("warn", "facts", f"违法事实提到“{hit}”：{rule['reason']}"))
    return out


def check_decision(ranges: Ranges, d) -> list[Finding]:
    """``check`` for anything with a decision's fields as attributes or keys (a Penalty, a seed or import row):
    power_code, party_type, fine_yuan, categories (list or "a;b"), basis, law (name), article_number, violation,
    facts."""

    def get(name):
        return d.get(name) if isinstance(d, dict) else getattr(d, name, None)

    categories = get("categories") or ""
    law = get("law")
    fine = get("fine_yuan")
    return check(
        ranges,
        get("power_code"),
        party_type=get("party_type") or "",
        fine_yuan=Decimal(str(fine)) if fine not in (None, "") else None,
        categories=categories.split(";") if isinstance(categories, str) else list(categories),
        basis=get("basis") or "",
        law=getattr(law, "name", law),
        article=get("article_number"),
        facts=f"{get('violation') or ''}\n{get('facts') or ''}",
    )


def refusals(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == "refuse"]


def warnings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == "warn"]


def view(ranges: Ranges, code: str | None, party_type: str) -> dict | None:
    """What 法制审核 sees of an item's range: the article, each band with its quality and source, the Tianjin
    provision where the national article sets no amount, the mandatory penalties and the 裁量基准 (if any)."""
    item = ranges.get(code)
    if item is None:
        return None
    party = ranges.parties.get(party_type)
    provision, bands = applicable(item, party)

    def prov(p: Provision | None) -> dict | None:
        if p is None:
            return None
        return {
            "citation": p.citation,
            "bands": [{"text": b.text, "quality": b.quality} for b in p.bands],
            "quality": p.quality,
            "source": p.source,
            "note": p.note,
        }

    return {
        "code": item.code,
        "own": prov(item.provision),
        "local": prov(item.local),
        "applies": provision.citation if provision else None,
        "bands": [b.text for b in bands],
        "confirmed": bool(bands) and _confirmed(bands, party),
        "party": {"class": party.name, "quality": party.quality, "note": party.note} if party else None,
        "fine": item.fine,
        "warning": item.warning,
        "confiscation": item.confiscation,
        "benchmark": [
            {
                "circumstances": b["circumstances"],
                "range": Band("any", _yuan(b.get("min_yuan")), _yuan(b.get("max_yuan")), "", "").text,
                "source": b.get("source", ""),
            }
            for b in item.benchmark
        ],
    }
