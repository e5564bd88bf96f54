"""Term-base rows <-> domain Concepts (a term's explicit status in its row, the concept's TBX data as JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from workbench.domain.glossary import TERM_STATUSES, Concept, ConceptKind, Termbase, TermField, TermStatus
from workbench.store.tables import GlossaryConcept, GlossaryTerm, utcnow

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


def stamp(session: Session) -> str:
    """What changes whenever the term base does, from one cheap query (no concept is loaded).

    A save replaces a concept's terms and sets its ``updated_at``; nothing deletes concepts. So the
    concepts' count and latest change, with the terms' count and highest id, differ after any save
    (the timestamp even when SQLite reuses the ids of terms it just deleted).
    """
    row = session.execute(select(
        select(func.count(GlossaryConcept.id)).scalar_subquery(),
        select(func.max(GlossaryConcept.updated_at)).scalar_subquery(),
        select(func.count(GlossaryTerm.id)).scalar_subquery(),
        select(func.max(GlossaryTerm.id)).scalar_subquery(),
    )).one()
    return "|".join(str(value) for value in row)


def save_concepts(session: Session, concepts: Iterable[Concept]) -> tuple[int, int]:
    """Merge concepts by id: new ones added, existing ones replaced. Returns (added, updated)."""
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
