"""The Whoosh search engine: one writer at a time under a file lock, any number of readers.

The index is derived data. A rebuild writes a complete new index beside the live one and swaps it in, so
readers never see a half-built index; a missing, unreadable or outdated index is reported as IndexUnavailable
and the caller rebuilds it from the database.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections import Counter
from pathlib import Path

from whoosh import index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.query import And, AndMaybe, Or, Phrase, Prefix, Term

from . import relaxed as rel
from .analysis import CJK_RUN, BigramTokenizer, JiebaTokenizer, jieba_words
from .base import IndexUnavailable, facet_counts, writer_lock
from .query import ParsedQuery

SCHEMA_VERSION = 5
MARKER = "portal-index.json"
VOCABULARY = "pinyin.json"


def make_schema() -> Schema:
    bigram, words = BigramTokenizer(), JiebaTokenizer()
    return Schema(
        code=ID(stored=True, unique=True, sortable=True),
        name=TEXT(analyzer=words, field_boost=3.0),
        name_bi=TEXT(analyzer=bigram, phrase=True, field_boost=2.0),
        body=TEXT(analyzer=words),
        body_bi=TEXT(analyzer=bigram, phrase=True),
        law=KEYWORD(commas=True, scorable=True, field_boost=2.0),
        article=KEYWORD(commas=True, scorable=True, field_boost=2.0),
        category=ID(sortable=True),
        department=ID(sortable=True),
        # The related tier: bigrams of the name (weighted ~3×) and of name + the item's own text, and the
        # name's single characters (weighted low).
        # Stored as their tokens: the candidates are scored with relaxed.bm25f, as the FTS5 engine does.
        rel_name=TEXT(analyzer=bigram, phrase=False, field_boost=3.0, stored=True),
        rel_body=TEXT(analyzer=bigram, phrase=False, stored=True),
        rel_chars=TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False, field_boost=rel.NAME_CHAR_WEIGHT, stored=True),
    )


def _whoosh_doc(doc: dict) -> dict:
    return {
        "code": doc["code"],
        "name": doc["name"],
        "name_bi": doc["name"],
        "body": doc["body"],
        "body_bi": doc["body"],
        "law": ",".join(doc["laws"]),
        "article": ",".join(doc["articles"]),
        "category": doc["category"],
        "department": doc["department"],
        "rel_name": rel.related_text(doc["name"]),
        "rel_body": rel.related_text(doc["name"] + "\n" + doc.get("related", doc["body"])),
        "rel_chars": rel.char_tokens(doc["name"]),
    }


def _text_query(field: str, text: str):
    tokens = [t.text for t in BigramTokenizer()(text)]
    if not tokens:
        return None
    if len(tokens) == 1:
        token = tokens[0]
        if len(token) == 1 and CJK_RUN.fullmatch(token):
            # A single character: the bigrams that start with it, or a one-character run.
            return Or([Prefix(field, token), Term(field, token)])
        return Term(field, token)
    return Phrase(field, tokens)


class WhooshIndex:
    def __init__(self, path: str, lock_timeout: float = 120.0):
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._columns: tuple | None = None

    # ---- writing -------------------------------------------------------------------------------------
    def writer_lock(self):
        """Hold the single-writer lock; a second writer waits (up to lock_timeout) instead of failing."""
        return writer_lock(Path(str(self.path) + ".lock"), self.lock_timeout)

    def rebuild(self, docs, vocabulary: dict) -> int:
        """Write a complete index from ``docs`` beside the live one, then swap it in. Caller holds the lock."""
        fresh = self.path.with_name(self.path.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        ix = index.create_in(str(fresh), make_schema())
        writer = ix.writer(limitmb=256)
        count = 0
        for doc in docs:
            writer.add_document(**_whoosh_doc(doc))
            count += 1
        writer.commit(optimize=True)
        ix.close()
        _write_json(fresh / VOCABULARY, vocabulary)
        _write_json(
            fresh / MARKER,
            {"schema_version": SCHEMA_VERSION, "documents": count, "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")},
        )
        old = self.path.with_name(self.path.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.path.exists():
            os.rename(self.path, old)
        os.rename(fresh, self.path)
        shutil.rmtree(old, ignore_errors=True)
        return count

    def update(self, docs: list[dict], delete_codes: list[str], vocabulary: dict) -> None:
        """Replace or delete single documents in the live index. Caller holds the lock."""
        ix = self.open()
        writer = ix.writer()
        for code in delete_codes:
            writer.delete_by_term("code", code)
        for doc in docs:
            writer.update_document(**_whoosh_doc(doc))
        writer.commit()
        _write_json(self.path / VOCABULARY, vocabulary)

    # ---- reading -------------------------------------------------------------------------------------
    def open(self):
        try:
            marker = json.loads((self.path / MARKER).read_text())
            if marker.get("schema_version") != SCHEMA_VERSION:
                raise IndexUnavailable(f"index schema {marker.get('schema_version')} != {SCHEMA_VERSION}")
            return index.open_dir(str(self.path))
        except IndexUnavailable:
            raise
        except Exception as err:  # missing files, a truncated TOC, unpicklable schema …
            raise IndexUnavailable(f"{type(err).__name__}: {err}") from err

    def vocabulary(self) -> dict:
        try:
            return json.loads((self.path / VOCABULARY).read_text())
        except (OSError, ValueError):
            return {}

    def doc_count(self) -> int:
        with self.open().searcher() as searcher:
            return searcher.doc_count()

    def search(
        self, parsed: ParsedQuery, filters: dict, offset: int, limit: int, related: rel.RelaxedQuery | None = None
    ) -> dict:
        """Codes of the matching page (best first), the total, and facet counts by category/department.

        With ``related``, also ``related``: the best items outside the strict matches by the relaxed terms, on
        the page where the strict matches end (they come after all of them).
        """
        try:
            ix = self.open()
            searcher = ix.searcher()
        except IndexUnavailable:
            raise
        except Exception as err:
            raise IndexUnavailable(str(err)) from err
        with searcher:
            columns = self._column_values(searcher)
            if parsed.empty:
                matched = list(searcher.reader().all_doc_ids())
            else:
                matched = list(searcher.docs_for_query(self._required(parsed)))
            for key in ("law", "article"):
                if filters.get(key):
                    allowed = set(searcher.docs_for_query(Term(key, filters[key])))
                    matched = [d for d in matched if d in allowed]

            cats, deps = columns["category"], columns["department"]
            total, facets = facet_counts(Counter((cats[d], deps[d]) for d in matched).items(), filters)
            final = [
                d
                for d in matched
                if all(columns[f][d] == filters[f] for f in ("category", "department") if filters.get(f))
            ]
            if parsed.empty:
                final.sort(key=lambda d: columns["code"][d])
                page = final[offset : offset + limit]
                scored = [(columns["code"][d], None) for d in page]
            elif offset >= len(final):
                scored = []
            else:
                results = searcher.search(self._ranking(parsed), filter=set(final), limit=offset + limit)
                scored = [(columns["code"][hit.docnum], hit.score) for hit in results[offset : offset + limit]]
            out = {"total": total, "hits": scored, "facets": facets, "related": []}
            if related is not None and rel.last_page(offset, limit, total):
                out["related"] = self._related(searcher, columns, related, filters, set(matched), total)
        return out

    @staticmethod
    def _related(searcher, columns, rq: rel.RelaxedQuery, filters: dict, strict: set, total: int) -> list:
        n = searcher.doc_count()
        freq = {t: searcher.doc_frequency("rel_body", t) for t in rq.terms}
        freq.update({c: searcher.doc_frequency("rel_chars", c) for c in rq.chars})
        rel.prune(rq, freq, n)
        if rq.empty:
            return []
        terms = [Term(f, t, boost=w) for t, w in rq.terms.items() for f in ("rel_name", "rel_body")]
        terms += [Term("rel_chars", c) for c in rq.chars]
        allowed = None
        if any(filters.get(f) for f in ("category", "department", "law", "article")):
            allowed = {
                d
                for d in range(len(columns["code"]))
                if all(columns[f][d] == filters[f] for f in ("category", "department") if filters.get(f))
            }
            for key in ("law", "article"):
                if filters.get(key):
                    allowed &= set(searcher.docs_for_query(Term(key, filters[key])))
        results = searcher.search(Or(terms), filter=allowed, mask=strict or None, limit=rel.CANDIDATES)
        rows = [(h.docnum, h["rel_name"], h["rel_body"], h["rel_chars"]) for h in results]
        reader = searcher.reader()
        avg = tuple(reader.field_length(f) / max(1, n) for f in ("rel_name", "rel_body", "rel_chars"))
        scores = rel.bm25f(rows, rq, freq, n, avg)
        ranked = sorted(((columns["code"][d], s) for d, s in scores.items()), key=lambda cs: (-cs[1], cs[0]))
        return rel.keep(ranked, rq, total)

    def _column_values(self, searcher) -> dict:
        # Column values by document number, cached per index generation: facet counting and filtering in
        # plain Python lists is cheap, re-reading the columns for every request is not.
        reader = searcher.reader()
        key = (str(self.path), reader.generation(), reader.doc_count_all())
        if self._columns is None or self._columns[0] != key:
            # An index of no documents has no column readers at all (Whoosh's empty reader raises).
            fields = ("code", "category", "department")
            values = {f: list(reader.column_reader(f)) if reader.doc_count_all() else [] for f in fields}
            self._columns = (key, values)
        return self._columns[1]

    @staticmethod
    def _required(parsed: ParsedQuery):
        parts = []
        for concept in parsed.concepts:
            if concept.is_code:
                parts.append(Term("code", concept.alternatives[0]))
                continue
            alternatives = [
                q
                for alt in concept.alternatives
                for q in (_text_query("name_bi", alt), _text_query("body_bi", alt))
                if q
            ]
            parts.append(Or(alternatives))
        return And(parts) if len(parts) > 1 else parts[0]

    @classmethod
    def _ranking(cls, parsed: ParsedQuery):
        words = {w for c in parsed.concepts for alt in c.alternatives for w in jieba_words(alt)}
        terms = [Term(field, w) for w in words for field in ("name", "body")]
        phrases = [
            q for c in parsed.concepts for alt in c.alternatives if (q := _text_query("name_bi", alt)) is not None
        ]
        return AndMaybe(cls._required(parsed), Or(terms + phrases)) if terms or phrases else cls._required(parsed)


def _write_json(path: Path, data) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False))
    os.replace(tmp, path)
