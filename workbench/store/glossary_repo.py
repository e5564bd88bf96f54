"""Term-base rows <-> domain Concepts (a term's explicit status in its row, the concept's TBX data as JSON),
and the reviewed changes of concepts (proposed, accepted, rejected) with the concept they carry as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from workbench.domain.glossary import TERM_STATUSES, Concept, ConceptKind, Termbase, TermField, TermStatus
from workbench.store.tables import GlossaryChange, GlossaryConcept, GlossaryTerm, utcnow

_FIELD_KEYS = ("category", "value", "lang", "form", "element", "detail")


def _fields_json(fields: tuple[TermField, ...]) -> str:
    if not fields:
        return ""
    return json.dumps([[getattr(f, k) for k in _FIELD_KEYS] for f in fields], ensure_ascii=False,
                      separators=(",", ":"))


def _fields(text: str) -> tuple[TermField, ...]:
    try:
        raw: Any = json.loads(text) if text else []
    except ValueError:
        return ()
    return tuple(TermField(*(str(v) for v in item)) for item in raw
                 if isinstance(item, list) and len(item) == len(_FIELD_KEYS))


def _to_domain(row: GlossaryConcept) -> Concept:
    kind: ConceptKind = row.kind  # type: ignore[assignment]
    statuses: list[tuple[str, str, TermStatus]] = []
    for t in row.terms:
        if t.status is not None and t.status in TERM_STATUSES:
            statuses.append((t.lang, t.form, t.status))
    return Concept(
        id=row.id,
        kind=kind,
        forms={t.lang: t.form for t in row.terms if t.preferred},
        variants=tuple((t.lang, t.form) for t in row.terms if not t.preferred),
        note=row.note,
        sources=row.sources,
        case_sensitive=row.case_sensitive,
        statuses=tuple(statuses),
        fields=_fields(row.fields),
    )


def load_concepts(session: Session) -> list[Concept]:
    """Every concept, ordered by id."""
    rows = session.scalars(
        select(GlossaryConcept).options(selectinload(GlossaryConcept.terms)).order_by(GlossaryConcept.id)
    )
    return [_to_domain(r) for r in rows]


def load_termbase(session: Session) -> Termbase:
    """The whole term base as a domain object."""
    return Termbase.of(load_concepts(session))


def save_concepts(
    session: Session, concepts: Iterable[Concept], change_ids: Mapping[str, int] | None = None
) -> tuple[int, int]:
    """Merge concepts by id: new ones added, existing ones replaced. Returns (added, updated).

    ``change_ids`` (concept id -> the accepted GlossaryChange) records where each content comes from.
    """
    added = updated = 0
    for concept in concepts:
        row = session.get(GlossaryConcept, concept.id)
        if row is None:
            row = GlossaryConcept(id=concept.id)
            session.add(row)
            added += 1
        else:
            updated += 1
        row.kind = concept.kind
        row.note = concept.note
        row.sources = concept.sources
        row.case_sensitive = concept.case_sensitive
        row.fields = _fields_json(concept.fields)
        row.updated_at = utcnow()
        row.change_id = (change_ids or {}).get(concept.id)
        row.terms.clear()
        session.flush()  # the old spellings go before the new ones are inserted (unique constraint)
        explicit = {(lang, form): status for lang, form, status in concept.statuses}
        seen: set[tuple[str, str]] = set()
        for lang, form, preferred in concept.all_forms():
            if (lang, form) in seen:
                continue
            seen.add((lang, form))
            row.terms.append(GlossaryTerm(lang=lang, form=form, preferred=preferred,
                                          status=explicit.get((lang, form))))
    session.flush()
    return added, updated


# --- reviewed changes --------------------------------------------------------------------------


def concept_json(concept: Concept | None) -> str:
    """A concept as the JSON a change keeps ("" for None: no concept stood)."""
    if concept is None:
        return ""
    return json.dumps({
        "id": concept.id, "kind": concept.kind, "forms": concept.forms, "variants": concept.variants,
        "note": concept.note, "sources": concept.sources, "case_sensitive": concept.case_sensitive,
        "statuses": concept.statuses, "fields": _fields_json(concept.fields),
    }, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def concept_from_json(text: str) -> Concept | None:
    """The concept a change keeps (None for "")."""
    if not text:
        return None
    raw = json.loads(text)
    return Concept(
        id=raw["id"], kind=raw["kind"], forms=dict(raw["forms"]),
        variants=tuple((lang, form) for lang, form in raw["variants"]), note=raw["note"],
        sources=raw["sources"], case_sensitive=raw["case_sensitive"],
        statuses=tuple((lang, form, status) for lang, form, status in raw["statuses"]),
        fields=_fields(raw["fields"]),
    )


def accepted_change_ids(session: Session) -> dict[str, int | None]:
    """concept id -> the accepted change its content comes from (None: accepted before review existed)."""
    return {cid: change for cid, change in session.execute(select(GlossaryConcept.id, GlossaryConcept.change_id))}


def accepted_change_of(session: Session, concept_id: str) -> GlossaryChange | None:
    """The accepted change a concept's content comes from (None: no such concept, or from before review)."""
    concept = session.get(GlossaryConcept, concept_id)
    return session.get(GlossaryChange, concept.change_id) if concept is not None and concept.change_id else None


def add_change(
    session: Session, concept: Concept, before: Concept | None, *, origin: str, proposed_by: str,
    accepted_by: str | None = None, at: datetime | None = None,
) -> GlossaryChange:
    """Record a change of ``concept`` from ``before``: proposed, or accepted at once by ``accepted_by``."""
    at = at or utcnow()
    row = GlossaryChange(
        concept_id=concept.id, concept=concept_json(concept), before=concept_json(before), origin=origin,
        proposed_by=proposed_by, proposed_at=at, state="accepted" if accepted_by else "proposed",
        decided_by=accepted_by, decided_at=at if accepted_by else None, comment="",
    )
    session.add(row)
    session.flush()
    return row


def pending(session: Session) -> list[GlossaryChange]:
    """Every change still waiting for a decision, oldest first."""
    return list(session.scalars(select(GlossaryChange).where(GlossaryChange.state == "proposed")
                                .order_by(GlossaryChange.id)))


def pending_of(session: Session, concept_id: str, proposed_by: str) -> list[GlossaryChange]:
    """The changes of one concept that one person proposed and nobody decided yet."""
    return list(session.scalars(select(GlossaryChange).where(
        GlossaryChange.concept_id == concept_id, GlossaryChange.proposed_by == proposed_by,
        GlossaryChange.state == "proposed")))


def lock_changes(session: Session, ids: Iterable[int]) -> dict[int, GlossaryChange]:
    """The changes with these ids, row-locked for this transaction (a decision is taken once)."""
    wanted = sorted(set(ids))
    rows = session.scalars(select(GlossaryChange).where(GlossaryChange.id.in_(wanted))
                           .order_by(GlossaryChange.id).with_for_update())
    return {row.id: row for row in rows}


#: The key of the term base's PostgreSQL advisory lock (any number no other lock of the schema uses).
_TERM_BASE_LOCK = 0x7465726D  # "term"


def lock_term_base(session: Session) -> None:
    """Take the term base for this transaction: every writer of accepted concepts takes it first.

    Acceptances, self-accepted proposals and loads of the shipped glossary then take turns, and
    each reads what stands only once the one before it committed, so none writes over a change it
    did not see, a concept being created included (there is no row to lock then). SQLite's writers
    take turns already (``BEGIN IMMEDIATE``); on PostgreSQL it is a transaction's advisory lock,
    released at its commit or rollback.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_TERM_BASE_LOCK)))


def changes(session: Session, ids: Iterable[int]) -> dict[int, GlossaryChange]:
    """The changes with these ids (those that exist)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {row.id: row for row in session.scalars(select(GlossaryChange).where(GlossaryChange.id.in_(wanted)))}


def decide(session: Session, row: GlossaryChange, state: str, by: str, comment: str = "") -> None:
    """Record the decision on a change (accepted, rejected or superseded)."""
    row.state, row.decided_by, row.decided_at, row.comment = state, by, utcnow(), comment
    session.flush()
