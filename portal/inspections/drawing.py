"""The draw (双随机一公开) as pure functions: canonical JSON, pool hashes, the seed, the deterministic selection.

Standard library only, no Flask, no database, no portal imports: the portal and ``verify.py`` (which anyone can
run on a draw's public JSON) compute with the same code. The algorithm is written out for people who would
rather re-implement it in docs/inspections-draw.md; change neither without the other, and never change
``FORMAT``'s algorithm in place (a new algorithm is a new format name).
"""

from __future__ import annotations

import hashlib
import json

FORMAT = "hx-draw-v1"
SEPARATOR = "|"


class DrawError(ValueError):
    """The pools cannot yield the draw the plan asks for (a Chinese message naming what is missing)."""


def canonical(value) -> bytes:
    """The bytes that are hashed: JSON with sorted keys, no spaces, UTF-8 (not \\u escapes)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def pool_hash(pool: list[dict]) -> str:
    """SHA-256 of a pool snapshot (a list of entries, sorted by id)."""
    return sha256_hex(canonical(pool))


def commitment(secret: str) -> str:
    """SHA-256 of the secret (64 lower-case hex characters) taken as its ASCII text."""
    return sha256_hex(secret)


def normalise_public_value(value: str) -> str:
    """The public value as hashed: leading and trailing white space removed, inner runs of it made one space."""
    return " ".join((value or "").split())


def seed(secret: str, public_value: str, objects_hash: str, inspectors_hash: str) -> str:
    """SHA-256(secret | public value | objects hash | inspectors hash), the four joined by "|"."""
    text = SEPARATOR.join([secret, normalise_public_value(public_value), objects_hash, inspectors_hash])
    return sha256_hex(text)


class Stream:
    """Uniform integers from the seed: block k is SHA-256(seed bytes ‖ k as 8 bytes big-endian), k = 0, 1, …"""

    def __init__(self, seed_hex: str):
        self.seed = bytes.fromhex(seed_hex)
        self.counter = 0

    def _block(self) -> int:
        block = hashlib.sha256(self.seed + self.counter.to_bytes(8, "big")).digest()
        self.counter += 1
        return int.from_bytes(block, "big")

    def below(self, n: int) -> int:
        """A uniform integer in [0, n): rejection sampling, so no index is favoured by the modulo."""
        if n <= 0:
            raise ValueError("n must be positive")
        limit = (1 << 256) - ((1 << 256) % n)
        while True:
            value = self._block()
            if value < limit:
                return value % n


def choose(stream: Stream, ids: list[int], count: int) -> list[int]:
    """The first ``count`` places of a Fisher-Yates shuffle of ``ids`` (sorted ascending first)."""
    pool = sorted(ids)
    for i in range(count):
        j = i + stream.below(len(pool) - i)
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:count]


def eligible_inspectors(inspectors: list[dict], period_start: str, period_end: str) -> list[dict]:
    """Inspectors whose certificate is valid on every day of the plan's period (ISO dates compare as text)."""
    return [i for i in inspectors if i["cert_valid_from"] <= period_start and i["cert_valid_until"] >= period_end]


def draw(seed_hex: str, objects: list[dict], inspectors: list[dict], object_count: int, per_object: int) -> list[dict]:
    """Draw ``object_count`` objects, then ``per_object`` inspectors for each in the order drawn.

    An inspector listed as recused from an object (``recuse`` holds object ids: 回避) is removed from that
    object's candidates before its inspectors are drawn. One stream serves the whole draw, in that order.
    """
    if object_count > len(objects):
        raise DrawError(f"名录库中只有 {len(objects)} 个检查对象，少于计划抽取的 {object_count} 个")
    stream = Stream(seed_hex)
    chosen = choose(stream, [o["id"] for o in objects], object_count)
    result = []
    for object_id in chosen:
        candidates = [i["id"] for i in inspectors if object_id not in i.get("recuse", [])]
        if len(candidates) < per_object:
            raise DrawError(
                f"检查对象 {object_id} 排除回避人员后只有 {len(candidates)} 名执法人员，少于每个对象 {per_object} 名"
            )
        result.append({"object_id": object_id, "inspector_ids": choose(stream, candidates, per_object)})
    return result


# Replacing a drawn inspector who cannot serve (leave, a 回避 found after publication, a certificate withdrawn).
# A rule of its own, beside the draw: it never changes the draw's result, only the teams after it.
SUBSTITUTION_RULE = "hx-substitute-v1"


def ranking(seed_hex: str, object_id: int, inspectors: list[dict]) -> list[int]:
    """An object's ranked order of the inspectors pool: every inspector not recused from the object, shuffled
    in full (``choose`` of all of them) with the stream of SHA-256(seed | "substitute" | object id)."""
    own_seed = sha256_hex(SEPARATOR.join([seed_hex, "substitute", str(object_id)]))
    candidates = [i["id"] for i in inspectors if object_id not in i.get("recuse", [])]
    return choose(Stream(own_seed), candidates, len(candidates))


def substitute(seed_hex: str, result: list[dict], inspectors: list[dict], substitutions: list[dict]):
    """Apply the substitutions ``[{"object_id", "out"}]`` in order; return (the teams after them in draw order,
    the replacement each one gets).

    The replacement is the first inspector in the object's ``ranking`` who is neither in the object's team now
    nor was ever substituted out of it. Raises ``DrawError`` naming the substitution (counted from 1) that
    names an object not drawn, an inspector not in that object's team, or finds nobody left.
    """
    teams = {r["object_id"]: list(r["inspector_ids"]) for r in result}
    gone: dict[int, set[int]] = {oid: set() for oid in teams}
    replacements = []
    for n, s in enumerate(substitutions, start=1):
        oid, out = s["object_id"], s["out"]
        if oid not in teams:
            raise DrawError(f"第 {n} 项替换：检查对象 {oid} 不是本次抽中的对象")
        if out not in teams[oid]:
            raise DrawError(f"第 {n} 项替换：执法人员 {out} 不是检查对象 {oid} 当前的检查人员")
        gone[oid].add(out)
        left = [i for i in ranking(seed_hex, oid, inspectors) if i not in teams[oid] and i not in gone[oid]]
        if not left:
            raise DrawError(f"第 {n} 项替换：检查对象 {oid} 已没有可替换的执法人员（其余人员均已抽中、被替换或需回避）")
        teams[oid][teams[oid].index(out)] = left[0]
        replacements.append(left[0])
    return [{"object_id": r["object_id"], "inspector_ids": teams[r["object_id"]]} for r in result], replacements
