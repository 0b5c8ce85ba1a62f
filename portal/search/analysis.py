"""Text analysis for Chinese search: jieba words for ranking, character bigrams for recall.

jieba alone loses records because it segments the same characters differently in context (measured: a query
占路 found 0 of 566 records containing it), so every CJK run is also indexed as overlapping bigrams: a query of
two or more characters then matches exactly the records that contain it (a phrase of its bigrams).
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata

import jieba
from whoosh.analysis import Token, Tokenizer

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
ASCII_WORD = re.compile(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*")
_jieba_lock = threading.Lock()
_jieba_ready = False


def init_jieba(userdict: str | None = None) -> None:
    """Load jieba's dictionary (and our user dictionary) once per process, before workers fork."""
    global _jieba_ready
    with _jieba_lock:
        if _jieba_ready:
            return
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        if userdict:
            jieba.load_userdict(userdict)
        _jieba_ready = True


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits to ASCII), lower-case, control characters dropped."""
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t").lower()


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]


def jieba_words(text: str) -> list[str]:
    """Search-mode segmentation: long words and their shorter parts, CJK and ASCII words only."""
    init_jieba()
    return [w for w in jieba.cut_for_search(text) if CJK_RUN.fullmatch(w) or ASCII_WORD.fullmatch(w)]


class _Base(Tokenizer):
    def _tokens(self, value, positions, chars, removestops, mode, **kw):
        raise NotImplementedError

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kw,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kw)
        for pos, text in self._tokens(normalize(value)):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            yield token


class BigramTokenizer(_Base):
    """Each CJK run as overlapping character bigrams (a one-character run as itself), ASCII words whole.

    Positions jump between runs so a phrase never matches across punctuation or a field boundary.
    """

    def _tokens(self, value, *args, **kw):
        pos = 0
        for match in re.finditer(f"{CJK_RUN.pattern}|{ASCII_WORD.pattern}", value):
            run = match.group()
            grams = bigrams(run) if CJK_RUN.fullmatch(run) else [run]
            for gram in grams:
                yield pos, gram
                pos += 1
            pos += 2


class JiebaTokenizer(_Base):
    def _tokens(self, value, *args, **kw):
        yield from enumerate(jieba_words(value))
