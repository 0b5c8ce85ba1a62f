"""The SQLite FTS5 engine: character bigrams in an FTS5 table, in a file of its own under ``INDEX_DIR``.

Measured by bench/search.py, this engine keeps recall at 100% of a substring scan and its p95 latency within
the 20 ms target at 50,000 items, where the Whoosh engine's pure-Python phrase matching cannot. It works the
same whatever the portal's own database is (SQLite or PostgreSQL): the file is derived data like the Whoosh
folder, rebuilt from the database, swapped in whole, and written by one writer at a time.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from pathlib import Path

from . import relaxed as rel
from .analysis import ASCII_WORD, CJK_RUN, bigrams, normalize
from .base import IndexUnavailable, facet_counts, writer_lock
from .query import ParsedQuery

SCHEMA_VERSION = 5
FILENAME = "fts5.sqlite3"
TOKENS = re.compile(f"{CJK_RUN.pattern}|{ASCII_WORD.pattern}")
# A document's rowid carries its facet: (category, department) pair number << PAIR_SHIFT | sequence. Facet
# counts are then a GROUP BY over rowids the FTS5 doclists already hold, with no lookup per matched row.
PAIR_SHIFT = 20
# Results whose names match come first, ranked by bm25; the rest are ranked by bm25 too while there are at most
# this many of them, and otherwise follow in list order (ranking tens of thousands of rows costs more than the
# 20 ms a search may take, and beyond the name matches bm25 adds little a resident would notice).
RANK_WINDOW = 2000

DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE pairs (id INTEGER PRIMARY KEY, category TEXT NOT NULL, department TEXT NOT NULL,
                    UNIQUE (category, department));
CREATE TABLE docs (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
CREATE TABLE tags (doc INTEGER NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX tags_value ON tags (kind, value, doc);
CREATE INDEX tags_doc ON tags (doc);
CREATE VIRTUAL TABLE fts USING fts5(name, body, tokenize = 'unicode61');
CREATE VIRTUAL TABLE fts_name USING fts5(name, tokenize = 'unicode61');
CREATE VIRTUAL TABLE rel USING fts5(name, body, chars, tokenize = 'unicode61', detail = 'column');
CREATE VIRTUAL TABLE rel_vocab USING fts5vocab(rel, 'row');
CREATE TABLE rel_df (term TEXT PRIMARY KEY, doc INTEGER NOT NULL) WITHOUT ROWID;
"""
# The related tier's column weights for bm25(): name bigrams ~3×, name + own text 1×, name characters low.
REL_WEIGHTS = f"3.0, 1.0, {rel.NAME_CHAR_WEIGHT}"


def _quoted(tokens) -> str:
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens)


def index_text(text: str, tokens: re.Pattern = TOKENS) -> str:
    """Text as space-separated tokens: each CJK run's bigrams plus its last character, ASCII words whole.

    The trailing single character lets a one-character query (a prefix query) find a character that ends a
    run; phrases never cross runs because every run contributes its own tokens only. ``tokens`` says what a run
    is: this index keeps hyphenated words whole (FTS5's unicode61 splits them alike in text and query); the
    decision search (``penalties/textsearch.py``) passes its own pattern, which splits them in Python, because
    PostgreSQL's parser would otherwise index a hyphenated word and its parts.
    """
    out = []
    for run in tokens.findall(normalize(text)):
        if CJK_RUN.fullmatch(run):
            out += bigrams(run) + ([run[-1]] if len(run) > 1 else [])
        else:
            out.append(run)
    return " ".join(out)


def phrase_query(text: str, tokens: re.Pattern = TOKENS) -> str | None:
    """One alternative of a concept as an FTS5 query: every run of it, each a phrase of its bigrams (a
    one-character run a prefix query), all required; None when it has no run. The index must have been written
    by ``index_text`` with the same ``tokens``."""
    phrases = []
    for run in tokens.findall(normalize(text)):
        if CJK_RUN.fullmatch(run) and len(run) == 1:
            phrases.append(f'"{run}"*')
        elif CJK_RUN.fullmatch(run):
            phrases.append('"' + " ".join(bigrams(run)) + '"')
        else:
            phrases.append(f'"{run}"')
    return " AND ".join(phrases) if phrases else None


def strict_match(parsed: ParsedQuery, *columns: str) -> bool:
    """Whether indexed text (``index_text`` of each column) matches the strict query, as its MATCH would."""
    padded = [f" {c} " for c in columns]

    def phrase(part: str) -> bool:
        if len(part) == 1 and CJK_RUN.fullmatch(part):
            return any(f" {part}" in c for c in padded)  # a one-character prefix query
        needle = " " + (" ".join(bigrams(part)) if CJK_RUN.fullmatch(part) else part) + " "
        return any(needle in c for c in padded)

    for concept in parsed.concepts:
        if concept.is_code:
            return False
        if not any(
            all(phrase(run) for run in TOKENS.findall(normalize(alt)))
            for alt in concept.alternatives
            if TOKENS.search(normalize(alt))
        ):
            return False
    return True


def match_expression(parsed: ParsedQuery) -> tuple[str | None, list[str]]:
    """The FTS5 MATCH string for the text concepts and the item codes asked for (both must hold)."""
    clauses, codes = [], []
    for concept in parsed.concepts:
        if concept.is_code:
            codes.append(concept.alternatives[0])
            continue
        alternatives = [a for a in (phrase_query(alt) for alt in concept.alternatives) if a]
        if alternatives:
            clauses.append("(" + " OR ".join(f"({a})" for a in alternatives) + ")")
    return (" AND ".join(clauses) or None), codes


class Fts5Index:
    """The FTS5 engine; one object per app, connections per call (web workers only read)."""

    def __init__(self, path: str, lock_timeout: float = 120.0):
        self.dir = Path(path)
        self.path = self.dir / FILENAME
        self.lock_timeout = lock_timeout
        self._cache: dict = {}

    def writer_lock(self):
        return writer_lock(self.dir.with_name(self.dir.name + ".lock"), self.lock_timeout)

    # ---- writing -------------------------------------------------------------------------------------
    def rebuild(self, docs, vocabulary: dict) -> int:
        """Write a complete index file beside the live one, then swap it in. Caller holds the lock."""
        self.dir.mkdir(parents=True, exist_ok=True)
        fresh = self.path.with_name(FILENAME + ".new")
        fresh.unlink(missing_ok=True)
        conn = sqlite3.connect(fresh)
        try:
            conn.executescript(DDL)
            # List order (category, department, code) within the rowid space, so the unranked tail of a
            # large result reads like the list itself.
            ordered = sorted(docs, key=lambda d: (d["category"], d["department"], d["code"]))
            count = self._insert(conn, ordered)
            for table in ("fts", "fts_name", "rel"):
                conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
            # Document frequencies of the related tier's terms, read per search (fts5vocab counts them by
            # walking each term's doclist, which costs milliseconds for a common term in a large list).
            conn.execute("INSERT INTO rel_df (term, doc) SELECT term, doc FROM rel_vocab")
            self._write_meta(conn, vocabulary, count)
            conn.commit()
        finally:
            conn.close()
        os.replace(fresh, self.path)  # atomic: readers see the old file or the new one, never a mix
        return count

    def update(self, docs: list[dict], delete_codes: list[str], vocabulary: dict) -> None:
        """Replace or delete single documents in the live index. Caller holds the lock."""
        self.open().close()
        conn = sqlite3.connect(self.path, timeout=30)
        try:
            conn.execute("BEGIN IMMEDIATE")
            changed = set()  # the related tier's terms whose document frequency may change
            for code in [*delete_codes, *(d["code"] for d in docs)]:
                row = conn.execute("SELECT id FROM docs WHERE code = ?", (code,)).fetchone()
                if row:
                    text = conn.execute("SELECT name, body, chars FROM rel WHERE rowid = ?", row).fetchone()
                    changed |= set(" ".join(text or ()).split())
                    for sql in (
                        "DELETE FROM fts WHERE rowid = ?",
                        "DELETE FROM fts_name WHERE rowid = ?",
                        "DELETE FROM rel WHERE rowid = ?",
                        "DELETE FROM tags WHERE doc = ?",
                        "DELETE FROM docs WHERE id = ?",
                    ):
                        conn.execute(sql, row)
            self._insert(conn, docs)
            for doc in docs:
                changed |= set(
                    " ".join(
                        [
                            rel.related_text(doc["name"] + "\n" + doc.get("related", doc["body"])),
                            rel.char_tokens(doc["name"]),
                        ]
                    ).split()
                )
            for term in changed:
                row = conn.execute("SELECT doc FROM rel_vocab WHERE term = ?", (term,)).fetchone()
                if row:
                    conn.execute("INSERT OR REPLACE INTO rel_df (term, doc) VALUES (?, ?)", (term, row[0]))
                else:
                    conn.execute("DELETE FROM rel_df WHERE term = ?", (term,))
            count = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
            self._write_meta(conn, vocabulary, count)
            conn.commit()
        finally:
            conn.close()

    @staticmethod
    def _insert(conn, docs) -> int:
        count = 0
        for doc in docs:
            key = (doc["category"], doc["department"])
            row = conn.execute("SELECT id FROM pairs WHERE category = ? AND department = ?", key).fetchone()
            pair = (
                row[0] if row else conn.execute("INSERT INTO pairs (category, department) VALUES (?, ?)", key).lastrowid
            )
            low = pair << PAIR_SHIFT
            last = conn.execute(
                "SELECT max(id) FROM docs WHERE id BETWEEN ? AND ?", (low, low + (1 << PAIR_SHIFT) - 1)
            ).fetchone()[0]
            doc_id = low if last is None else last + 1
            if doc_id >> PAIR_SHIFT != pair:
                raise ValueError(f"more than {1 << PAIR_SHIFT} documents in one category and department")
            conn.execute("INSERT INTO docs (id, code) VALUES (?, ?)", (doc_id, doc["code"]))
            conn.execute(
                "INSERT INTO fts (rowid, name, body) VALUES (?, ?, ?)",
                (doc_id, index_text(doc["name"]), index_text(doc["body"])),
            )
            conn.execute("INSERT INTO fts_name (rowid, name) VALUES (?, ?)", (doc_id, index_text(doc["name"])))
            conn.execute(
                "INSERT INTO rel (rowid, name, body, chars) VALUES (?, ?, ?, ?)",
                (
                    doc_id,
                    rel.related_text(doc["name"]),
                    rel.related_text(doc["name"] + "\n" + doc.get("related", doc["body"])),
                    rel.char_tokens(doc["name"]),
                ),
            )
            conn.executemany(
                "INSERT INTO tags (doc, kind, value) VALUES (?, ?, ?)",
                [(doc_id, "law", v) for v in doc["laws"]] + [(doc_id, "article", v) for v in doc["articles"]],
            )
            count += 1
        return count

    @staticmethod
    def _write_meta(conn, vocabulary: dict, count: int) -> None:
        lengths = conn.execute(
            "SELECT "
            + ", ".join(
                f"avg(length({c}) - length(replace({c}, ' ', '')) + (length({c}) > 0))"
                for c in ("name", "body", "chars")
            )
            + " FROM rel"
        ).fetchone()
        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "documents": str(count),
            "rel_avg": json.dumps([x or 1.0 for x in lengths]),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "generation": f"{time.time_ns()}",
            "vocabulary": json.dumps(vocabulary, ensure_ascii=False),
        }
        conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", meta.items())

    # ---- reading -------------------------------------------------------------------------------------
    def open(self) -> sqlite3.Connection:
        """A read-only connection to a complete index of this schema version, or IndexUnavailable."""
        if not self.path.is_file():
            raise IndexUnavailable(f"no index file at {self.path}")
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=10, check_same_thread=False)
        except sqlite3.Error as err:
            raise IndexUnavailable(f"{type(err).__name__}: {err}") from err
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None or row[0] != str(SCHEMA_VERSION):
                raise IndexUnavailable(f"index schema {row and row[0]} != {SCHEMA_VERSION}")
        except sqlite3.Error as err:  # not a database, truncated, tables missing …
            conn.close()
            raise IndexUnavailable(f"{type(err).__name__}: {err}") from err
        except IndexUnavailable:
            conn.close()
            raise
        return conn

    def _cached(self, conn) -> dict:
        # The pinyin vocabulary and the facet pairs change only when the index does: read them once per
        # index generation, not per search.
        generation = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]
        if self._cache.get("generation") != generation:
            meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('vocabulary', 'rel_avg', 'documents')"))
            pairs = {pid: (c, d) for pid, c, d in conn.execute("SELECT id, category, department FROM pairs")}
            self._cache = {
                "generation": generation,
                "vocabulary": json.loads(meta["vocabulary"]),
                "pairs": pairs,
                "avg": tuple(json.loads(meta["rel_avg"])),
                "documents": int(meta["documents"]),
            }
        return self._cache

    def vocabulary(self) -> dict:
        try:
            conn = self.open()
        except IndexUnavailable:
            return {}
        try:
            return self._cached(conn)["vocabulary"]
        finally:
            conn.close()

    def doc_count(self) -> int:
        conn = self.open()
        try:
            return conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        finally:
            conn.close()

    def search(
        self, parsed: ParsedQuery, filters: dict, offset: int, limit: int, related: rel.RelaxedQuery | None = None
    ) -> dict:
        """Codes of the matching page (best first), the total, and facet counts by category/department.

        With ``related``, also ``related``: the best items outside the strict matches by the relaxed terms, on
        the page where the strict matches end (they come after all of them).
        """
        conn = self.open()
        try:
            pairs = self._cached(conn)["pairs"]
            out = self._search(conn, pairs, parsed, filters, offset, limit)
            out["related"] = []
            if related is not None and rel.last_page(offset, limit, out["total"]):
                out["related"] = self._related(conn, self._cached(conn), parsed, related, filters, out["total"])
            return out
        except sqlite3.Error as err:
            raise IndexUnavailable(f"{type(err).__name__}: {err}") from err
        finally:
            conn.close()

    @staticmethod
    def _search(conn, pairs: dict, parsed: ParsedQuery, filters: dict, offset: int, limit: int) -> dict:
        empty = {"total": 0, "hits": [], "facets": {"category": [], "department": []}}
        match, codes = match_expression(parsed)
        if not parsed.empty and match is None and not codes:
            return empty
        # Conditions on a rowid ("rid") that every query below shares: item codes typed, law/article filters.
        conds, args = [], []
        if codes:
            conds.append(f"rid IN (SELECT id FROM docs WHERE code IN ({','.join('?' * len(codes))}))")
            args += codes
        for kind in ("law", "article"):
            if filters.get(kind):
                conds.append("rid IN (SELECT doc FROM tags WHERE kind = ? AND value = ?)")
                args += [kind, filters[kind]]

        def where(table: str, extra=()):
            parts = ([f"{table} MATCH ?"] if table != "docs" else []) + conds + list(extra)
            params = ([match] if table != "docs" else []) + args
            rid = "id" if table == "docs" else "rowid"
            sql = " AND ".join(p.replace("rid", rid) for p in parts)
            return (" WHERE " + sql if sql else ""), params

        table = "fts" if match else "docs"
        clause, params = where(table)
        rid = "id" if table == "docs" else "rowid"
        counts = conn.execute(f"SELECT {rid} >> {PAIR_SHIFT}, count(*) FROM {table}{clause} GROUP BY 1", params)
        total, facets = facet_counts([(pairs[p], n) for p, n in counts if p in pairs], filters)
        allowed = [
            p
            for p, (c, d) in pairs.items()
            if (not filters.get("category") or c == filters["category"])
            and (not filters.get("department") or d == filters["department"])
        ]
        if offset >= total or not allowed:
            return {**empty, "total": total, "facets": facets}
        in_pairs = f"(rid >> {PAIR_SHIFT}) IN ({','.join(map(str, allowed))})"
        if not match:
            clause, params = where("docs", [in_pairs])
            rows = conn.execute(
                f"SELECT code, NULL FROM docs{clause} ORDER BY code LIMIT ? OFFSET ?", [*params, limit, offset]
            ).fetchall()
            return {"total": total, "hits": rows, "facets": facets}
        ranked = []
        clause, params = where("fts_name", [in_pairs])
        in_name = conn.execute(f"SELECT count(*) FROM fts_name{clause}", params).fetchone()[0]
        if offset < in_name:
            ranked += conn.execute(
                f"SELECT rowid, bm25(fts_name) AS s FROM fts_name{clause} ORDER BY s, rowid LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        rest = total - in_name
        if len(ranked) < limit and rest > 0:
            not_name = "rid NOT IN (SELECT rowid FROM fts_name WHERE fts_name MATCH ?)"
            clause, params = where("fts", [in_pairs, not_name])
            order = "bm25(fts, 0.0, 1.0)" if rest <= RANK_WINDOW else "NULL"
            ranked += conn.execute(
                f"SELECT rowid, {order} AS s FROM fts{clause} ORDER BY s, rowid LIMIT ? OFFSET ?",
                [*params, match, limit - len(ranked), max(0, offset - in_name)],
            ).fetchall()
        ids = [r for r, _ in ranked]
        code_of = dict(conn.execute(f"SELECT id, code FROM docs WHERE id IN ({','.join('?' * len(ids))})", ids))
        # bm25() is negative, lower is better; hits carry a positive score like Whoosh's, None when unranked.
        hits = [(code_of[r], -s if s is not None else None) for r, s in ranked]
        return {"total": total, "hits": hits, "facets": facets}

    @staticmethod
    def _related(conn, cache: dict, parsed: ParsedQuery, rq: rel.RelaxedQuery, filters: dict, total: int) -> list:
        """The related tier: BM25F over the relaxed terms, computed here for a bounded set of candidates.

        FTS5's bm25() would score every row an OR of common bigrams matches (tens of thousands in a large list)
        and has no per-term weights. Candidates are instead the best rows for the rarest terms (those carry
        most of any BM25 score), at most CANDIDATE_DOCS rows read; each candidate is then scored on every term.
        In a list of the office's size every matching row is a candidate, so the ranking is exact.
        """
        tokens = list(rq.terms) + rq.chars
        if not tokens:
            return []
        marks = ",".join("?" * len(tokens))
        freq = dict(conn.execute(f"SELECT term, doc FROM rel_df WHERE term IN ({marks})", tokens))
        n = cache["documents"]
        rel.prune(rq, freq, n)
        if rq.empty:
            return []
        pairs = cache["pairs"]
        conds, args = [], []
        allowed = [
            p
            for p, (c, d) in pairs.items()
            if (not filters.get("category") or c == filters["category"])
            and (not filters.get("department") or d == filters["department"])
        ]
        if not allowed:
            return []
        if len(allowed) < len(pairs):
            conds.append(f"(rowid >> {PAIR_SHIFT}) IN ({','.join(map(str, allowed))})")
        for kind in ("law", "article"):
            if filters.get(kind):
                conds.append("rowid IN (SELECT doc FROM tags WHERE kind = ? AND value = ?)")
                args += [kind, filters[kind]]
        extra = "".join(" AND " + c for c in conds)
        # The rarest terms whose rows add up to the budget (at least one term), bigrams before characters.
        ordered = sorted(rq.terms, key=lambda t: freq[t]) or sorted(rq.chars, key=lambda t: freq[t])
        chosen, rows = [], 0
        for term in ordered:
            if chosen and rows + freq[term] > CANDIDATE_DOCS:
                break
            chosen.append(term)
            rows += freq[term]
        column = "{name body}" if rq.terms else "chars"
        query = f"SELECT rowid FROM rel WHERE rel MATCH ?{extra} {{order}} LIMIT ?"
        if rows <= CANDIDATE_DOCS:
            # Few enough rows to rank them all by bm25 (always so in a list of the office's size); only rowids
            # go through the sort, reading every matched row's text would cost more than the search.
            ids = [
                r
                for (r,) in conn.execute(
                    query.format(order=f"ORDER BY bm25(rel, {REL_WEIGHTS})"),
                    [f"{column} : ({_quoted(chosen)})", *args, rel.CANDIDATES],
                )
            ]
        else:
            # Too many: the first rows whose name has a rarest term, then any; scored in full below.
            ids = [
                r
                for (r,) in conn.execute(
                    query.format(order=""),
                    [
                        f"name : ({_quoted(chosen)})" if rq.terms else f"chars : ({_quoted(chosen)})",
                        *args,
                        rel.CANDIDATES,
                    ],
                )
            ]
            if len(ids) < rel.CANDIDATES:
                ids += [
                    r
                    for (r,) in conn.execute(
                        query.format(order=""), [f"{column} : ({_quoted(chosen)})", *args, rel.CANDIDATES * 2]
                    )
                    if r not in ids
                ][: rel.CANDIDATES - len(ids)]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        candidates = conn.execute(f"SELECT rowid, name, body, chars FROM rel WHERE rowid IN ({marks})", ids).fetchall()
        scores = rel.bm25f(candidates, rq, freq, n, cache["avg"])
        ids = list(scores)
        marks = ",".join("?" * len(ids))
        strict = set()
        if total:  # the strict matches among the candidates, checked on their indexed text (as MATCH would)
            strict = {
                r
                for r, name, body in conn.execute(f"SELECT rowid, name, body FROM fts WHERE rowid IN ({marks})", ids)
                if strict_match(parsed, name, body)
            }
        code_of = dict(conn.execute(f"SELECT id, code FROM docs WHERE id IN ({marks})", ids))
        ranked = sorted(
            ((code_of[r], s) for r, s in scores.items() if r not in strict and r in code_of),
            key=lambda cs: (-cs[1], cs[0]),
        )
        return rel.keep(ranked, rq, total)


# How many rows the related tier reads for its rarest terms, and how many of the best it scores in full.
CANDIDATE_DOCS = 600
