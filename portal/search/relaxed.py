"""The second search tier: related items for a query that is not found word for word.

The strict tier (``query.py``) finds items that contain every Chinese run of the query unbroken. Residents type
sentences, colloquial words and near-misses, so the related tier asks for much less: any of the query's
character bigrams, ranked by BM25 with the item name weighted ~3×, plus single characters of the item name at a
low weight. Synonyms add their official term's bigrams at half weight (word level, never rewriting the text), so
a generic rule (扰民 → 噪声) cannot rank its specific meaning above the literal words. Function words and
question endings (怎么办, 在, 里, 给 …) are dropped first. Each engine runs the weighted terms its own way
(``related`` in ``search``); this module only decides what they are.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import jieba
from pypinyin import Style
from pypinyin import pinyin as readings

from . import pinyin
from .analysis import ASCII_WORD, CJK_RUN, bigrams, init_jieba, normalize

# Weights of the kinds of terms; the item name's own weight (~3×) is the engines' field weight.
LITERAL, SYNONYM = 1.0, 0.5
NAME_CHAR_WEIGHT = 0.3
# At most this many related items; when hardly any of the query is known to the list, at most FEW of them.
LIMIT, FEW = 10, 3
# Related items scoring under this fraction of the best one are left out (they match a stray bigram only).
RELATIVE_CUTOFF = 0.3
# A bigram occurring in more than this share of the items ranks nothing (处罚, 违法 in a list of 处罚 items).
COMMON_SHARE = 0.4
MAX_TERMS = 40
# The related tier scores at most this many candidates in full, with BM25F: name ×3, name + own text ×1, the
# name's characters low.
CANDIDATES = 60
K1, B = 1.2, 0.75
COLUMN_WEIGHTS = (3.0, 1.0, NAME_CHAR_WEIGHT)
MAX_SPELLINGS = 8

# Function words, pronouns and question endings a resident's sentence carries; dropped as whole jieba words,
# so 对面 or 在建 stay (only the word 对 or 在 goes).
STOP_WORDS = frozenset(
    """
怎么办 怎么样 怎么 咋办 咋 如何 能不能 可不可以 可以 是不是 有没有 会不会 要不要 该 应该 哪里 哪儿 哪 什么 啥
为什么 为啥 谁 吗 呢 吧 啊 呀 嘛 哦 了 的 地 得 着 过 在 里 里面 上面 下面 给 被 把 让 叫 往 从 向 到 对 跟 和
与 及 或 或者 还 还是 也 都 就 又 再 才 很 太 非常 特别 有 没 没有 是 不 我 我们 我家 你 你们 他 她 它 他们 人 有人
别人 谁家 这 那 这个 那个 这些 那些 这里 那里 一个 一家 一些 一直 总是 经常 老是 每天 天天 好几 好多 很多 请问 想 想问
问 一下 能 会 要 去 来 呢 怎样 多少 几 个 家 吵得 弄得 搞得
""".split()
)


@dataclass
class RelaxedQuery:
    """Weighted bigram terms (token → weight) and the single characters matched against item names."""

    terms: dict[str, float] = field(default_factory=dict)
    chars: list[str] = field(default_factory=list)
    known: float = 1.0  # share of the literal weight whose bigrams occur in the list (set by the engine)

    @property
    def empty(self) -> bool:
        return not self.terms and not self.chars

    def add(self, token: str, weight: float) -> None:
        if len(self.terms) < MAX_TERMS and weight > self.terms.get(token, 0.0):
            self.terms[token] = weight

    def literal(self) -> list[str]:
        return [t for t, w in self.terms.items() if w >= LITERAL]


def pieces(run: str) -> list[str]:
    """A CJK run without its function words: the stretches of content words between them."""
    init_jieba()
    out, current = [], ""
    for word in jieba.cut(run):
        if word in STOP_WORDS:
            if current:
                out.append(current)
            current = ""
        else:
            current += word
    if current:
        out.append(current)
    return out


def _add_text(rq: RelaxedQuery, text: str, weight: float, chars: bool) -> None:
    for run in CJK_RUN.findall(text):
        for piece in pieces(run):
            if len(piece) > 1:
                for gram in bigrams(piece):
                    rq.add(gram, weight)
            if chars:
                rq.chars += [ch for ch in piece if ch not in STOP_WORDS and ch not in rq.chars]


def build(text: str, synonyms: list[tuple[str, str]], vocabulary: dict | None) -> RelaxedQuery:
    """The related tier's terms for ``text`` (already normalised by ``query.prepare``)."""
    rq = RelaxedQuery()
    chinese = []
    for token in re.findall(f"{CJK_RUN.pattern}|{ASCII_WORD.pattern}", text):
        if CJK_RUN.fullmatch(token):
            chinese.append(token)
        else:
            chinese += pinyin.candidates(token, vocabulary or {}, limit=3)
    for run in chinese:
        _add_text(rq, run, LITERAL, chars=True)
    joined = "\n".join(chinese)
    for term, canonical in synonyms:
        if term and term in joined:
            _add_text(rq, canonical, SYNONYM, chars=False)
    rq.chars = rq.chars[:MAX_TERMS]
    return rq


def prune(rq: RelaxedQuery, doc_freq: dict[str, int], doc_count: int) -> RelaxedQuery:
    """Drop terms no item contains or nearly every item does; note how much of the literal query is known."""
    limit = max(3, COMMON_SHARE * doc_count)
    literal = rq.literal()
    known = [t for t in literal if doc_freq.get(t, 0) > 0]
    rq.known = len(known) / len(literal) if literal else (1.0 if rq.terms else 0.0)
    rq.terms = {t: w for t, w in rq.terms.items() if 0 < doc_freq.get(t, 0) <= limit}
    rq.chars = [c for c in rq.chars if 0 < doc_freq.get(c, 0) <= limit]
    return rq


def last_page(offset: int, limit: int, total: int) -> bool:
    """Whether the page at ``offset`` is where the strict matches end (the first page when there are none):
    related items come after every strict match, so they are shown there and nowhere else."""
    return offset + limit >= total and (offset < total or offset == 0)


def keep(scored: list[tuple[str, float]], rq: RelaxedQuery, strict_total: int, limit: int = LIMIT):
    """The related items to show: never padding a query the list has little to do with."""
    scored = [(c, s) for c, s in scored if s and s > 0]
    if not scored:
        return []
    best = scored[0][1]
    kept = [(c, s) for c, s in scored if s >= RELATIVE_CUTOFF * best]
    if strict_total == 0 and rq.known < 0.5:
        limit = min(limit, FEW)
    return kept[:limit]


def same_sound(text: str, vocabulary: dict, limit: int = 3) -> list[str]:
    """Words of the vocabulary read like ``text`` (占到经营 → 占道经营): typos and homophones."""
    runs = CJK_RUN.findall(text)
    if len(runs) != 1 or not 2 <= len(runs[0]) <= 12 or not vocabulary:
        return []
    # Every reading of a character with several (桔 ju/jie): a resident typing 桔杆 meant 秸秆 (jiegan).
    spellings = [""]
    for options in readings(runs[0], style=Style.NORMAL, heteronym=True, errors="ignore"):
        spellings = [s + o for s in spellings for o in dict.fromkeys(options[:3])][:MAX_SPELLINGS]
    found: list[str] = []
    for spelled in spellings:
        found += [w for w in pinyin.candidates(spelled, vocabulary, limit=limit + 1) if w != runs[0] and w not in found]
    return found[:limit]


def char_tokens(text: str) -> str:
    """The single characters of a text, space-separated: what name characters are matched against."""
    return " ".join(dict.fromkeys(ch for run in CJK_RUN.findall(normalize(text)) for ch in run))


def related_text(text: str) -> str:
    """The related tier's tokens of a text, space-separated: bigrams only (a one-character run as itself)."""
    out = []
    for match in re.finditer(f"{CJK_RUN.pattern}|{ASCII_WORD.pattern}", normalize(text)):
        run = match.group()
        out += bigrams(run) if CJK_RUN.fullmatch(run) else [run]
    return " ".join(out)


def bm25f(rows, rq: RelaxedQuery, freq: dict, n: int, avg: tuple) -> dict:
    """BM25F with per-term weights over (key, name, body, chars) rows of ``related_text``/``char_tokens``.

    Both engines rank their candidates with this, so the related tier ranks alike whichever engine runs.
    """
    idf = {t: math.log(1 + (n - freq[t] + 0.5) / (freq[t] + 0.5)) for t in [*rq.terms, *rq.chars]}
    chars = set(rq.chars)
    scores = {}
    for key, *columns in rows:
        tf: dict[str, float] = {}
        for text, weight, mean in zip(columns, COLUMN_WEIGHTS, avg, strict=True):
            tokens = text.split()
            norm = weight / (1 - B + B * len(tokens) / (mean or 1))
            for token in tokens:
                if token in rq.terms or token in chars:
                    tf[token] = tf.get(token, 0.0) + norm
        score = sum(rq.terms.get(t, 1.0) * idf[t] * f * (K1 + 1) / (f + K1) for t, f in tf.items())
        if score > 0:
            scores[key] = score
    return scores
