"""Check a draw from its public JSON alone: ``python -m portal.inspections.verify URL_OR_FILE``.

No database, no configuration, no Flask: only the standard library and ``drawing.py``. It recomputes the pool
hashes, the commitment, the seed and the selection from what the JSON itself contains, prints each check and
"一致" (exit 0), or names every check that differs (exit 1). Input that cannot be read is one line, exit 2.
"""

from __future__ import annotations

import json
import sys
import urllib.request

from . import drawing


def load(source: str) -> dict:
    """The draw's JSON from an http(s) URL or a file."""
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the user names the URL
            raw = response.read()
    else:
        with open(source, "rb") as fh:
            raw = fh.read()
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("内容不是一个 JSON 对象")
    return data


def check(data: dict) -> tuple[list[str], list[str]]:
    """(checks passed, differences), each a line of Chinese."""
    ok, bad = [], []

    def compare(label: str, stated, computed) -> None:
        if stated == computed:
            ok.append(f"{label}：一致")
        else:
            bad.append(f"{label}不一致：公布值 {stated}，重新计算得 {computed}")

    if data.get("format") != drawing.FORMAT:
        bad.append(f"格式不一致：应为 {drawing.FORMAT}，实际为 {data.get('format')}")
        return ok, bad
    plan, pools, hashes, draw = data["plan"], data["pools"], data["hashes"], data["draw"]
    if draw is None:
        bad.append("该计划尚未抽取：只能核对名录库快照")
        draw = {"secret": "", "public_value": "", "seed": "", "result": []}
    objects, inspectors = pools["objects"], pools["inspectors"]
    compare("检查对象名录库快照 SHA-256", hashes["objects"], drawing.pool_hash(objects))
    compare("执法检查人员名录库快照 SHA-256", hashes["inspectors"], drawing.pool_hash(inspectors))
    compare("密钥承诺值 SHA-256(密钥)", data["commitment"], drawing.commitment(draw["secret"]))

    if not plan["published_on"] < plan["public_value_on"]:
        bad.append(
            f"公开随机值应在计划公布之后产生：计划公布于 {plan['published_on']}，随机值产生于 {plan['public_value_on']}"
        )
    else:
        ok.append(f"公开随机值产生日期 {plan['public_value_on']} 晚于计划公布日期 {plan['published_on']}")
    kinds = set(plan["object_types"])
    strays = [o["id"] for o in objects if o["type"] not in kinds]
    if strays:
        bad.append(f"名录库快照中有计划范围外类型的对象：{strays}")
    lapsed = [i["id"] for i in inspectors if i not in drawing.eligible_inspectors([i], *plan["period"])]
    if lapsed:
        bad.append(f"名录库快照中有执法证在检查期内无效的人员：{lapsed}")
    if plan["inspectors_per_object"] < 2:
        bad.append(f"每个对象的执法人员应不少于 2 名，计划为 {plan['inspectors_per_object']} 名")

    seed = drawing.seed(draw["secret"], draw["public_value"], hashes["objects"], hashes["inspectors"])
    compare("随机种子", draw["seed"], seed)
    try:
        result = drawing.draw(seed, objects, inspectors, plan["object_count"], plan["inspectors_per_object"])
    except drawing.DrawError as err:
        bad.append(f"按公布的名录库无法完成抽取：{err}")
    else:
        stated = [{"object_id": r["object_id"], "inspector_ids": r["inspector_ids"]} for r in draw["result"]]
        compare("抽取结果", stated, result)
        check_substitutions(draw, seed, result, inspectors, ok, bad)
    return ok, bad


def check_substitutions(draw: dict, seed: str, result: list[dict], inspectors: list[dict], ok, bad) -> None:
    """Re-compute every substitution's replacement and the teams after them (documents from before
    substitutions existed have neither member: nothing to check)."""
    subs = draw.get("substitutions")
    if subs is None:
        return
    if draw.get("substitution_rule") != drawing.SUBSTITUTION_RULE:
        bad.append(f"替换规则不一致：应为 {drawing.SUBSTITUTION_RULE}，实际为 {draw.get('substitution_rule')}")
        return
    try:
        teams, replacements = drawing.substitute(seed, result, inspectors, subs)
    except drawing.DrawError as err:
        bad.append(f"按公布的抽取结果无法完成替换：{err}")
        return
    for n, (s, computed) in enumerate(zip(subs, replacements, strict=True), start=1):
        label = f"第 {n} 项替换（检查对象 {s['object_id']}，替换执法人员 {s['out']}）的替补人员"
        if s.get("in") == computed:
            ok.append(f"{label}：一致")
        else:
            bad.append(f"{label}不一致：公布为 {s.get('in')}，按替换规则应为 {computed}")
    stated = [{"object_id": t["object_id"], "inspector_ids": t["inspector_ids"]} for t in draw.get("teams") or []]
    if stated != teams:
        bad.append(f"替换后的检查人员不一致：公布值 {stated}，重新计算得 {teams}")
    elif subs:
        ok.append(f"替换后的检查人员（{len(subs)} 项替换）：一致")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print("用法：python -m portal.inspections.verify 抽查结果JSON的网址或文件", file=sys.stderr)
        return 2
    try:
        data = load(argv[0])
        ok, bad = check(data)
    except (OSError, ValueError) as err:
        print(f"无法读取 {argv[0]}：{err}", file=sys.stderr)
        return 2
    except (KeyError, TypeError, IndexError) as err:
        print(f"{argv[0]} 缺少字段或字段类型不对：{err}", file=sys.stderr)
        return 2
    for line in ok:
        print(line)
    for line in bad:
        print(line)
    if bad:
        print(f"不一致（{len(bad)} 项）")
        return 1
    print("一致")
    return 0


if __name__ == "__main__":
    sys.exit(main())
