"""Term-base rows <-> domain Concepts."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from workbench.domain.glossary import Concept, ConceptKind, Termbase
from workbench.store.tables import GlossaryConcept, GlossaryTerm, utcnow


def _to_domain(row: GlossaryConcept) -> Concept:
    kind: ConceptKind = row.kind  # type: ignore[assignment]
    return Concept(
        id=row.id,
        kind=kind,
        forms={t.lang: t.form for t in row.terms if t.preferred},
        variants=tuple((t.lang, t.form) for t in row.terms if not t.preferred),
        note=row.note,
        sources=row.sources,
        case_sensitive=row.case_sensitive,
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
        row.updated_at = utcnow()
        row.terms.clear()
        session.flush()  # the old spellings go before the new ones are inserted (unique constraint)
        seen: set[tuple[str, str]] = set()
        for lang, form, preferred in concept.all_forms():
            if (lang, form) in seen:
                continue
            seen.add((lang, form))
            row.terms.append(GlossaryTerm(lang=lang, form=form, preferred=preferred))
    session.flush()
    return added, updated
