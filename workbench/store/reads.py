"""Read-only listings through the database driver itself (sqlite3, psycopg), without SQLAlchemy.

Importing SQLAlchemy costs a `workbench` process about ten times the bare interpreter's start-up,
its ORM half as much again (benchmarks/cli_startup.py); listing a release's segments needs a
handful of SELECTs. So the segment listing (`workbench segments`, the editor and the review queue,
``services.listing``), the small reads every rerun of those screens makes (the releases' slugs, the
state counts, the sign-offs, the term base's and the memory's stamps, whether the user is enabled) and the
schema-revision check that every command makes read here, with plain SQL on the same tables
(``store.tables`` defines them; these queries name only their columns). Writes, and reads that
feed a write, stay on the ORM.

A ``Reader`` is one read transaction (``Database.reader()`` opens it); its rows are the small
frozen records below, with the attribute names of the ORM rows they stand for, so that the code
turning a row into JSON is the same for both.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict

from workbench.domain.mentions import find_mentions
from workbench.errors import NotFoundError

CHUNK = 500  # ids per IN list: within SQLite's limit of bound parameters


class Reader:
    """One read transaction on a DB-API connection; SQL is written with ``?`` placeholders."""

    def __init__(self, connection: Any, *, sqlite: bool) -> None:
        self._connection = connection
        self.sqlite = sqlite

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Every row of a SELECT."""
        cursor = self._connection.cursor()
        try:
            cursor.execute(sql if self.sqlite else sql.replace("?", "%s"), tuple(params))
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def timestamp(self, value: Any) -> datetime:
        """A DateTime column's value as SQLAlchemy reads it (SQLite keeps text: naive, as stored)."""
        return datetime.fromisoformat(value) if isinstance(value, str) else value


def _in(ids: Sequence[int]) -> str:
    """The placeholders of an IN list (only these are put into SQL text; values are always bound)."""
    return ",".join("?" * len(ids))


def revision(reader: Reader, table: str) -> str | None:
    """The schema revision in Alembic's version table, or None when the table does not exist."""
    if reader.sqlite:
        exists = reader.rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
    else:
        exists = reader.rows("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
                             "AND table_name = ?", (table,))
    if not exists:
        return None
    rows = reader.rows(f"SELECT version_num FROM {table}")
    return str(rows[0][0]) if rows else None


@dataclass(frozen=True)
class ReleaseRow:
    id: int
    slug: str
    title: str
    source_lang: str


@dataclass(frozen=True)
class SegmentRow:
    id: int
    key: str
    position: int | None
    block: int
    kind: str
    source: str
    previous_source: str | None


@dataclass(frozen=True)
class TranslationRow:
    id: int
    segment_id: int
    lang: str
    target: str | None
    state: str
    origin: str
    version: int
    failure: str
    unknown_words: str | None
    updated_by: str | None


@dataclass(frozen=True)
class CommentRow:
    segment_id: int
    author: str
    at: datetime
    text: str
    kind: str


def no_release(slug: str, known: Sequence[str]) -> NotFoundError:
    """The error for an unknown slug, naming (up to ten of) the known ones."""
    hint = f" (known: {', '.join(known)})" if known else " (no release ingested yet)"
    return NotFoundError(f"no release {slug!r}{hint}")


def release_slugs(reader: Reader) -> list[str]:
    """Every release's slug, newest first (as release_repo.release_progress orders them), and nothing else."""
    return [r[0] for r in reader.rows("SELECT slug FROM releases ORDER BY created_at DESC, id DESC")]


def get_release(reader: Reader, slug: str) -> ReleaseRow:
    """The release with this slug; NotFoundError naming the known ones otherwise (as release_repo.get_release)."""
    rows = reader.rows("SELECT id, slug, title, source_lang FROM releases WHERE slug = ?", (slug,))
    if not rows:
        known = [r[0] for r in reader.rows("SELECT slug FROM releases ORDER BY slug LIMIT 10")]
        raise no_release(slug, known)
    return ReleaseRow(*rows[0])


def current_segments(reader: Reader, release_id: int) -> list[SegmentRow]:
    """The segments of the release's current version, in document order (as release_repo.current_segments)."""
    return [SegmentRow(*r) for r in reader.rows(
        "SELECT id, key, position, block, kind, source, previous_source FROM segments "
        "WHERE release_id = ? AND position IS NOT NULL ORDER BY position", (release_id,))]


def translations_by_segment(reader: Reader, release_id: int, lang: str) -> dict[int, TranslationRow]:
    """segment id -> its translation into ``lang``, for every segment of the release that has one."""
    rows = reader.rows(
        "SELECT t.id, t.segment_id, t.lang, t.target, t.state, t.origin, t.version, t.failure, t.unknown_words, "
        "t.updated_by FROM translations t JOIN segments s ON s.id = t.segment_id "
        "WHERE s.release_id = ? AND t.lang = ?", (release_id, lang))
    return {r[1]: TranslationRow(*r) for r in rows}


def state_counts(reader: Reader, release_id: int, lang: str) -> dict[str, int]:
    """state -> number of the release's current segments in that state in ``lang``: one grouped query, no rows
    loaded; segments without a translation into ``lang`` count as ``new``, retired ones (no position) not at all."""
    counts: dict[str, int] = {}
    for state, n in reader.rows(
            "SELECT t.state, COUNT(s.id) FROM segments s LEFT OUTER JOIN translations t "
            "ON t.segment_id = s.id AND t.lang = ? WHERE s.release_id = ? AND s.position IS NOT NULL "
            "GROUP BY t.state", (lang, release_id)):
        key = state or "new"  # NULL: no translation row
        counts[key] = counts.get(key, 0) + n
    return counts


@dataclass(frozen=True)
class SignOffRow:
    reviewer: str
    at: datetime
    revoked_at: datetime | None
    revoked_reason: str


def signoffs(reader: Reader, release_id: int, lang: str) -> list[SignOffRow]:
    """Every sign-off of the release in ``lang``, oldest first (revoked ones too, with why)."""
    return [SignOffRow(reviewer, reader.timestamp(at), reader.timestamp(revoked) if revoked is not None else None,
                       reason)
            for reviewer, at, revoked, reason in reader.rows(
                "SELECT reviewer, at, revoked_at, revoked_reason FROM signoffs WHERE release_id = ? AND lang = ? "
                "ORDER BY id", (release_id, lang))]


def termbase_stamp(reader: Reader) -> str:
    """What changes whenever the term base does, from one cheap query (no concept is loaded).

    A save replaces a concept's terms and sets its ``updated_at``; nothing deletes concepts. So the
    concepts' count and latest change, with the terms' count and highest id, differ after any save
    (the timestamp even when SQLite reuses the ids of terms it just deleted).
    """
    concepts = "(SELECT COUNT(id) FROM glossary_concepts), (SELECT MAX(updated_at) FROM glossary_concepts)"
    row = reader.rows(f"SELECT {concepts}, "
                      "(SELECT COUNT(id) FROM glossary_terms), (SELECT MAX(id) FROM glossary_terms)")[0]
    return "|".join(str(value) for value in row)


def memory_stamp(reader: Reader) -> str:
    """What changes whenever the translation memory does, from one cheap query (no unit is loaded).

    Units are only ever added or withdrawn, never changed in place, and no id is ever given twice
    (SQLite's AUTOINCREMENT, migration 0011; PostgreSQL's sequence): an addition raises the highest
    id, a withdrawal lowers the count. The same state the memory's indexes are kept by
    (``tm_repo.table_state``).
    """
    row = reader.rows("SELECT COALESCE(MAX(id), 0), COUNT(id) FROM tm_entries")[0]
    return "|".join(str(value) for value in row)


def threads(reader: Reader, segment_ids: Collection[int], lang: str) -> dict[int, list[CommentRow]]:
    """segment id -> its comment thread in ``lang``, oldest first (segments without a message are absent)."""
    out: dict[int, list[CommentRow]] = {}
    ids = list(segment_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for sid, author, at, text, kind in reader.rows(
            f"SELECT segment_id, author, at, text, kind FROM comments WHERE segment_id IN ({_in(chunk)}) "
            "AND lang = ? ORDER BY id", (*chunk, lang)):
            out.setdefault(sid, []).append(CommentRow(sid, author, reader.timestamp(at), text, kind))
    return out


def last_texts(reader: Reader, translation_ids: Sequence[int], action: str) -> dict[int, str]:
    """translation id -> the text its newest ``action`` event left (the machine draft for "draft")."""
    out: dict[int, str] = {}
    ids = list(translation_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for tid, after in reader.rows(
            f"SELECT translation_id, after FROM events WHERE translation_id IN ({_in(chunk)}) "
            "AND action = ? ORDER BY id", (*chunk, action)):
            if after:
                out[tid] = after  # rows come oldest first: the newest wins
    return out


def previous_texts(reader: Reader, translation_ids: Sequence[int]) -> dict[int, str]:
    """translation id -> the text it had before its newest change of text (none when it never had one)."""
    out: dict[int, str] = {}
    ids = list(translation_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for tid, before, after in reader.rows(
            f"SELECT translation_id, before, after FROM events WHERE translation_id IN ({_in(chunk)}) "
            "ORDER BY id", tuple(chunk)):
            if before != after:  # an approval or a rejection leaves the text as it was
                if before:
                    out[tid] = before  # rows come oldest first: the newest change wins
                else:
                    out.pop(tid, None)  # the first text of all: nothing before it
    return out


def user_enabled(reader: Reader, name: str) -> bool:
    """Whether ``name`` is a user who is not disabled (False for an unknown name)."""
    rows = reader.rows("SELECT disabled FROM users WHERE name = ?", (name,))
    return bool(rows) and not rows[0][0]


def user_names(reader: Reader) -> list[str]:
    """Every user's name: who may be mentioned in a comment."""
    return [name for (name,) in reader.rows("SELECT name FROM users")]


def unknown_words(tr: Any) -> tuple[str, ...]:
    """The words the engine that drafted ``tr`` marked as untranslated, as recorded (none: ``()``).

    ``tr`` is a translation row of either kind (ORM or ``TranslationRow``), or None. Kept through
    later edits: callers report those still in the current text (unknown_words.words_in).
    """
    return tuple(tr.unknown_words.split(",")) if tr is not None and tr.unknown_words else ()


class MentionJSON(TypedDict):
    """A user named in a comment: ``@name`` stands at ``start:end`` of its text."""

    name: str
    start: int
    end: int


class CommentJSON(TypedDict):
    """A comment of a segment's thread: who wrote it and when (ISO 8601), its text, its ``kind``
    (``comment``, ``rejection``, ``unapproval``) and the users it mentions."""

    author: str
    at: str
    text: str
    kind: str
    mentions: list[MentionJSON]


def comment_json(row: Any, users: Collection[str] = ()) -> CommentJSON:
    """A comment (ORM row or ``CommentRow``) as `segments --json` carries it (docs/review.md), with the
    ``users`` it mentions (``mentions``: ``[{"name", "start", "end"}]``, where ``@name`` stands in the text)."""
    return {"author": row.author, "at": row.at.isoformat(), "text": row.text, "kind": row.kind,
            "mentions": [{"name": m.name, "start": m.start, "end": m.end} for m in find_mentions(row.text, users)]}
