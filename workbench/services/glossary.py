"""Use cases on the term base: load, import, export, and the glossary check of a release.

Glossary changes are reviewed (docs/glossary.md): a person's change of a concept (from the UI or an
imported file) is *proposed* until a second reviewer or admin accepts it, and only accepted content
reaches the term base that drafting, the checks and the editors read. The shipped files loaded by
``init`` count as accepted, attributed to the shipped data (``shipped:<file>``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from sqlalchemy.orm import Session

from workbench.config import LANGUAGES as LANGUAGES  # re-exported, with the types below, for the interfaces
from workbench.domain import language_tags
from workbench.domain.glossary import CONCEPT_KINDS as CONCEPT_KINDS
from workbench.domain.glossary import Concept as Concept
from workbench.domain.glossary import Termbase as Termbase
from workbench.domain.glossary import differences, format_variants, parse_variants, same_content
from workbench.domain.glossary_checks import target_issues
from workbench.domain.glossary_match import Matcher as Matcher
from workbench.domain.translit import suggest_spellings
from workbench.domain.workflow import Actor
from workbench.errors import (
    ConflictError,
    FormatError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    StateError,
)
from workbench.files import write_file
from workbench.services import users
from workbench.services.app import App
from workbench.store import glossary_repo, reads, release_repo
from workbench.store.provenance_repo import aware
from workbench.store.tables import GlossaryChange

if TYPE_CHECKING:
    from workbench.services.qa import IssueJSON, SegmentIssueJSON


class TermJSON(TypedDict):
    """A glossary term of a source segment, for editors: the ``text`` matched at ``start:end``, its
    ``concept`` (ids joined by `` / `` when ``kind`` is ``ambiguous``), and the ``target_form`` it
    must take in the target language, ``verified`` or a fallback's."""

    text: str
    start: int
    end: int
    concept: str
    kind: str
    target_form: str
    verified: bool


class ProposalJSON(TypedDict):
    """What a proposal of concepts did (`glossary import --json`, the glossary screen).

    ``file`` names where the concepts came from; ``proposed`` holds the ids of the changes
    recorded, ``unchanged`` counts the concepts that said what stands already; ``accepted`` is
    True when they were accepted at once, and then ``added``/``updated`` count the term base's
    concepts (else 0).
    """

    file: str
    proposed: list[int]
    unchanged: int
    accepted: bool
    added: int
    updated: int


class ShippedFileJSON(TypedDict):
    """One shipped glossary file loaded by `init`: concepts ``added``, ``updated``, ``unchanged``, and
    ``kept`` (changed by people since: left as they decided)."""

    file: str
    added: int
    updated: int
    unchanged: int
    kept: int


class DifferenceJSON(TypedDict):
    """One change a proposal makes to a concept (``domain.glossary.Difference``)."""

    what: str
    lang: str
    before: str
    after: str


class ChangeJSON(TypedDict):
    """A glossary change as the interfaces show it (`glossary proposals --json`, `history`).

    The change: ``id``, ``concept`` (its id), ``kind``, ``new`` (no concept stood before), ``origin``.
    Its review: ``state``, ``proposed_by``/``proposed_at``, ``decided_by``/``decided_at`` (None while
    proposed; times in ISO 8601), ``comment``. What it says: ``forms`` (language -> preferred form)
    and ``changes``, the differences from what stood.
    """

    id: int
    concept: str
    kind: str
    new: bool
    origin: str
    state: str
    proposed_by: str
    proposed_at: str | None
    decided_by: str | None
    decided_at: str | None
    comment: str
    forms: dict[str, str]
    changes: list[DifferenceJSON]


class AcceptJSON(TypedDict):
    """`glossary accept --json`: the changes accepted, and the term base's concepts added and updated."""

    accepted: list[ChangeJSON]
    added: int
    updated: int


class GlossaryExportJSON(TypedDict):
    """`glossary export --json`: the file written and how many concepts it holds."""

    file: str
    concepts: int


class GlossaryCheckJSON(TypedDict):
    """`glossary check --json`: every glossary issue of a release's targets in ``lang``."""

    slug: str
    lang: str
    issues: list[SegmentIssueJSON]


# The file formats are imported when a file is read or written: the checks' term base and a
# segment's history need none of them.
def _read_csv(data: bytes, name: str) -> list[Concept]:
    from workbench.formats.glossary_csv import read_glossary_csv

    return read_glossary_csv(data, name)


def _write_csv(concepts: Iterable[Concept]) -> bytes:
    from workbench.formats.glossary_csv import write_glossary_csv

    return write_glossary_csv(concepts)


def _read_tbx(data: bytes, name: str) -> list[Concept]:
    from workbench.formats.tbx import read_tbx  # lxml: only for a TBX file, not for the checks' term base

    return read_tbx(data, name)


def _write_tbx(concepts: Iterable[Concept]) -> bytes:
    from workbench.formats.tbx import write_tbx

    return write_tbx(concepts)


READERS = {".csv": _read_csv, ".tbx": _read_tbx, ".xml": _read_tbx}
WRITERS = {".csv": _write_csv, ".tbx": _write_tbx, ".xml": _write_tbx}


#: How the shipped term-base files are named as the author of what they bring (``shipped:names.csv``).
SHIPPED = "shipped:"


def termbase(app: App) -> Termbase:
    """The current term base: accepted concepts only."""
    with app.db.read() as session:
        return glossary_repo.load_termbase(session)


def accepted(app: App) -> tuple[Termbase, dict[str, int | None]]:
    """The term base and, per concept, the accepted change its content comes from, read together."""
    with app.db.read() as session:
        return glossary_repo.load_termbase(session), glossary_repo.accepted_change_ids(session)


def termbase_stamp(app: App) -> str:
    """A cheap key that changes whenever the term base changes (one query; for caches keyed on it)."""
    with app.db.reader() as reader:  # through the driver: every rerun of the editor and the review screen asks
        return f"{app.db.url}|{reads.termbase_stamp(reader)}"


_MATCHERS: dict[tuple[str, str], Matcher] = {}


def matcher(app: App, tb: Termbase | None = None) -> Matcher:
    """A matcher over the current term base, rebuilt only when the term base changes."""
    tb = tb or termbase(app)
    key = (app.db.url, tb.version)
    if key not in _MATCHERS:
        _MATCHERS.clear()  # one term base per process is enough; never grow without bound
        _MATCHERS[key] = Matcher(tb)
    return _MATCHERS[key]


def terms_for(app: App, m: Matcher, source: str, source_lang: str, target: str) -> list[TermJSON]:
    """The glossary terms of a source segment, in text order, with where each is (``start``/``end``)
    and the form it must take in ``target`` (for editors)."""
    out: list[TermJSON] = []
    scan = m.scan(source, source_lang)
    for match in scan.matches:
        concept = m.termbase.concepts[match.concept_id]
        chosen = m.termbase.target_form(match.concept_id, target, concept.forms.get(source_lang) or match.text,
                                        app.settings.glossary_fallback)
        out.append({"text": match.text, "start": match.start, "end": match.end, "concept": match.concept_id,
                    "kind": concept.kind, "target_form": chosen.form, "verified": chosen.verified})
    for amb in scan.ambiguous:
        out.append({"text": amb.text, "start": amb.start, "end": amb.end, "concept": " / ".join(amb.concept_ids),
                    "kind": "ambiguous", "target_form": "", "verified": False})
    return sorted(out, key=lambda term: term["start"])


def suggest(cyrillic: str) -> dict[str, str]:
    """Spellings of a Cyrillic name per language from the romanisation conventions (suggestions only)."""
    return suggest_spellings(cyrillic)


def segment_issues(
    app: App, m: Matcher, source: str, target: str, source_lang: str, target_lang: str
) -> list[IssueJSON]:
    """The glossary issues of one segment's target, as contract dicts (check, severity, message, i18n)."""
    from workbench.services.qa import issue_dict  # qa loads the term base from this module

    return [
        issue_dict(i)
        for i in target_issues(source, target, source_lang, target_lang, m.termbase, m,
                               app.settings.glossary_fallback)
    ]


def _kind_of(name: str, table: dict[str, Any]) -> Any:
    try:
        return table[Path(name).suffix.lower()]
    except KeyError as exc:
        raise InputError("unknown glossary format; use .csv or .tbx", path=name) from exc


def _collisions(incoming: Iterable[Concept], existing: Iterable[Concept]) -> list[str]:
    """Forms that an incoming concept gives but another concept owns, in the same language.

    Two terms may share a preferred form in a language that does not make the distinction they
    make (en *prisoner of conscience* for fr *prisonnier* and *prisonnière d’opinion*, es *preso*
    and *presa de conciencia*); names, organisations and places never share one, nor a variant.
    """
    owner: dict[tuple[str, str], tuple[str, bool]] = {}  # (lang, form) -> (concept id, shareable)
    incoming = list(incoming)
    incoming_ids = {c.id for c in incoming}
    for concept in existing:
        if concept.id in incoming_ids:
            continue  # it is being replaced
        for lang, form, preferred in concept.all_forms():
            owner[(lang, form.casefold())] = (concept.id, concept.kind == "term" and preferred)
    problems = []
    for concept in incoming:
        for lang, form, preferred in concept.all_forms():
            shareable = concept.kind == "term" and preferred
            other, other_shareable = owner.setdefault((lang, form.casefold()), (concept.id, shareable))
            if other != concept.id and not (shareable and other_shareable):
                problems.append(f"{lang} {form!r} of {concept.id!r} is already a form of {other!r}")
    return problems


def read_data(data: bytes, name: str) -> list[Concept]:
    """The concepts of a glossary file's bytes, its format from ``name`` (.csv or .tbx); FormatError on
    anything malformed."""
    concepts: list[Concept] = _kind_of(name, READERS)(data, name)
    return concepts


def read_file(path: Path) -> list[Concept]:
    """Read a glossary file (.csv or .tbx) into concepts; FormatError on anything malformed."""
    _kind_of(str(path), READERS)  # an unknown format is refused before the file is read
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot read ({exc.strerror})", path=str(path)) from exc
    return read_data(data, str(path))


def check_editor(app: App, user: str) -> None:
    """Refuse (PermissionDeniedError) unless ``user`` is an enabled reviewer or admin (they change the term base)."""
    users.check_acting(app, user, "glossary")


def _refuse_collisions(concepts: list[Concept], existing: Iterable[Concept], origin: str, what: str) -> None:
    problems = _collisions(concepts, existing)
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise ConflictError(f"{origin}: {'; '.join(problems[:3])}{more}; nothing {what}")


def self_accept_allowed(app: App, role: str) -> bool:
    """Whether a person of ``role`` may accept their own change: an admin, where the setting allows it."""
    return role == "admin" and app.settings.glossary_self_accept


def _self_accept_allowed(app: App, actor: Actor) -> bool:
    return self_accept_allowed(app, actor.role)


def propose_concepts(
    app: App, concepts: list[Concept], user: str, origin: str, *, accept: bool = False
) -> ProposalJSON:
    """Propose ``user``'s changes of concepts (reviewers and admins); a colliding form refuses them all.

    A concept that says exactly what the term base says already is left alone (``unchanged``).
    ``user``'s earlier proposals of the same concepts still waiting are superseded. ``accept``
    accepts the changes at once: only an admin may, and only where WORKBENCH_GLOSSARY_SELF_ACCEPT
    is on (a one-person section); the change is then recorded as proposed and accepted by them.
    """
    with app.db.write() as session:
        actor = users.acting(session, user, "glossary")
        if accept and not _self_accept_allowed(app, actor):
            raise PermissionDeniedError(
                f"user {actor.name!r} cannot accept their own glossary change: another reviewer must "
                "(an admin may, in a one-person section where the setting allows it)"
            )
        if accept:  # it writes the term base: what stands is read once no other writer can change it
            glossary_repo.lock_term_base(session)
        stored = {c.id: c for c in glossary_repo.load_concepts(session)}
        _refuse_collisions(concepts, stored.values(), origin, "proposed")
        rows: list[GlossaryChange] = []
        unchanged = 0
        for concept in concepts:
            before = stored.get(concept.id)
            if before is not None and same_content(before, concept):
                unchanged += 1
                continue
            for older in glossary_repo.pending_of(session, concept.id, actor.name):
                glossary_repo.decide(session, older, "superseded", actor.name)
            rows.append(glossary_repo.add_change(session, concept, before, origin=origin, proposed_by=actor.name,
                                                 accepted_by=actor.name if accept else None))
        added = updated = 0
        if accept and rows:
            added, updated = glossary_repo.save_concepts(
                session, [c for c in concepts if c.id in {r.concept_id for r in rows}],
                {r.concept_id: r.id for r in rows})
    return {"file": origin, "proposed": [r.id for r in rows], "unchanged": unchanged, "accepted": accept,
            "added": added, "updated": updated}


def keep_exchange_data(edited: Concept, stored: Concept | None) -> Concept:
    """``edited`` with what a term base said about the stored concept that the edit leaves standing.

    An editor shows spellings, not TBX data: the statuses of variants that are still variants, and
    the fields of the concept, of its languages and of the terms still there, are carried over.
    """
    if stored is None or edited.statuses or edited.fields:
        return edited
    variants = set(edited.variants)
    terms = {(lang, form) for lang, form, _ in edited.all_forms()}
    langs = {lang for lang, _ in terms}
    statuses = tuple(s for s in stored.statuses if (s[0], s[1]) in variants)
    fields = tuple(f for f in stored.fields
                   if not f.lang or (f.lang in langs and (not f.form or (f.lang, f.form) in terms)))
    return replace(edited, statuses=statuses, fields=fields)


def save_concept(app: App, concept: Concept, user: str) -> ProposalJSON:
    """Propose one concept, added or edited by ``user`` (reviewers and admins); its TBX data is kept.

    The term base changes once a second reviewer accepts the proposal (``accept``).
    """
    stored = termbase(app).concepts.get(concept.id)
    return propose_concepts(app, [keep_exchange_data(concept, stored)], user, f"edited by {user}")


def variants_text(concept: Concept) -> str:
    """A concept's variants as the editor writes them: ``lang:form; lang:form`` (``parse_variants``
    reads it back, a ``;`` inside a form escaped as in a CSV file)."""
    return format_variants(concept.variants, "; ")


def edit_concept(
    app: App, concept_id: str, kind: str, forms: Mapping[str, str], variants: str, note: str, user: str
) -> ProposalJSON:
    """Propose a concept as the glossary editor gives it, as ``user`` (``save_concept``).

    ``forms`` maps a language to its form (an empty one is no form), ``variants`` is the editor's
    text (``variants_text``). A concept of the term base keeps its sources and its case rule.
    """
    cid = concept_id.strip()
    if not cid:
        raise InputError("the concept needs an id")
    if kind not in CONCEPT_KINDS:
        raise InputError(f"unknown kind {kind!r}: expected one of {', '.join(CONCEPT_KINDS)}")
    try:
        parsed = parse_variants(variants)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    stored = termbase(app).concepts.get(cid)
    concept = Concept(
        id=cid, kind=kind, note=note.strip(),
        forms={lang: form.strip() for lang, form in forms.items() if form.strip()}, variants=parsed,
        sources=stored.sources if stored else "", case_sensitive=stored.case_sensitive if stored else None,
    )
    return save_concept(app, concept, user)


def name_concept_id(name: str) -> str:
    """The id of a new concept for a name: its slug with underscores (``Nariman Dzhelyal`` -> ``nariman_dzhelyal``)."""
    from workbench.services.releases import slugify  # not at import: the checks' term base needs no segmenter

    return slugify(name).replace("-", "_")


def propose_name(app: App, name: str, lang: str, kind: str, user: str) -> str:
    """Propose, as ``user``, a concept for a name the glossary does not know (an ingest warning's
    ``unknown_name``), its one form the name in ``lang``; returns the concept's id."""
    if kind not in CONCEPT_KINDS:
        raise InputError(f"unknown kind {kind!r}: expected one of {', '.join(CONCEPT_KINDS)}")
    concept = Concept(id=name_concept_id(name), kind=kind, forms={lang: name})
    save_concept(app, concept, user)
    return concept.id


def import_data(app: App, data: bytes, name: str, user: str, *, accept: bool = False) -> ProposalJSON:
    """Propose every concept of a glossary file's bytes (``name`` says its format) that changes the term
    base, as ``user``; atomic. The file is read only for a reviewer or admin.

    ``accept``: accepted at once, for an admin of a one-person section (``propose_concepts``).
    """
    check_editor(app, user)
    return propose_concepts(app, read_data(data, name), user, Path(name).name, accept=accept)


def import_file(app: App, path: Path, user: str, *, accept: bool = False) -> ProposalJSON:
    """Propose every concept of one glossary file that changes the term base, as ``user``; atomic.

    ``accept``: accepted at once, for an admin of a one-person section (``propose_concepts``).
    """
    return propose_concepts(app, read_file(path), user, path.name, accept=accept)


def _load_shipped_file(app: App, path: Path, concepts: list[Concept]) -> ShippedFileJSON:
    """Accept one shipped file's concepts, attributed to it; a concept people changed since is kept."""
    author = f"{SHIPPED}{path.name}"
    with app.db.write() as session:
        glossary_repo.lock_term_base(session)  # a concurrent acceptance is seen (and kept), never written over
        stored = {c.id: c for c in glossary_repo.load_concepts(session)}
        _refuse_collisions(concepts, stored.values(), str(path), "imported")
        change_ids = glossary_repo.accepted_change_ids(session)
        shown = glossary_repo.changes(session, [i for i in change_ids.values() if i is not None])
        todo: list[Concept] = []
        new_ids: dict[str, int] = {}
        kept = unchanged = 0
        for concept in concepts:
            before = stored.get(concept.id)
            current = shown.get(change_ids.get(concept.id) or 0)
            if current is not None and not current.proposed_by.startswith(SHIPPED):
                kept += 1  # two people decided otherwise since: a newer shipped file does not undo it
                continue
            if before is not None and current is not None and same_content(before, concept):
                unchanged += 1
                continue
            row = glossary_repo.add_change(session, concept, before, origin="shipped", proposed_by=author,
                                           accepted_by=author)
            todo.append(concept)
            new_ids[concept.id] = row.id
        added, updated = glossary_repo.save_concepts(session, todo, new_ids)
    return {"file": str(path), "added": added, "updated": updated, "unchanged": unchanged, "kept": kept}


def load_shipped(app: App) -> list[ShippedFileJSON]:
    """Load every term-base file of the glossary directory (sorted by name) as accepted, shipped data."""
    folder = app.settings.glossary_dir
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in READERS)
    read = [(p, read_file(p)) for p in files]  # a malformed file refuses the load before any file is written
    return [_load_shipped_file(app, p, concepts) for p, concepts in read]


# --- reviewing proposals -----------------------------------------------------------------------


def _at(when: datetime | None) -> str | None:
    return aware(when).isoformat() if when is not None else None


def change_json(row: GlossaryChange) -> ChangeJSON:
    """A change as the interfaces show it: who, when, from where, and what it changes."""
    after = glossary_repo.concept_from_json(row.concept)
    assert after is not None
    before = glossary_repo.concept_from_json(row.before)
    return {
        "id": row.id, "concept": row.concept_id, "kind": after.kind, "new": before is None,
        "origin": row.origin, "state": row.state, "proposed_by": row.proposed_by,
        "proposed_at": _at(row.proposed_at), "decided_by": row.decided_by, "decided_at": _at(row.decided_at),
        "comment": row.comment, "forms": dict(after.forms),
        "changes": [{"what": d.what, "lang": d.lang, "before": d.before, "after": d.after}
                    for d in differences(before, after)],
    }


def proposals(app: App) -> list[ChangeJSON]:
    """Every glossary change waiting for a decision, oldest first."""
    with app.db.read() as session:
        return [change_json(row) for row in glossary_repo.pending(session)]


def _locked(session: Session, ids: list[int]) -> list[GlossaryChange]:
    if not ids:
        raise InputError("name the proposal(s) to decide on")
    rows = glossary_repo.lock_changes(session, ids)
    missing = [i for i in dict.fromkeys(ids) if i not in rows]
    if missing:
        raise NotFoundError(f"no glossary proposal {missing[0]} (see the list of proposals)")
    for row in rows.values():
        if row.state != "proposed":
            by = f" by {row.decided_by}" if row.decided_by else ""
            raise StateError(f"glossary change {row.id} ({row.concept_id}) is {row.state} already{by}")
    return [rows[i] for i in dict.fromkeys(ids)]


def _stale_message(session: Session, row: GlossaryChange) -> str:
    """Why ``row`` cannot be accepted: its concept changed since it was proposed, and what to do."""
    other = glossary_repo.accepted_change_of(session, row.concept_id)
    by = f" (change {other.id}, by {other.decided_by})" if other is not None and other.decided_by else ""
    return (f"glossary change {row.id}: {row.concept_id!r} changed since it was proposed: someone accepted "
            f"another change to it meanwhile{by}; reject this one and propose the change again on what "
            "stands now")


def accept(app: App, ids: list[int], user: str) -> AcceptJSON:
    """Accept proposals (all or nothing) on behalf of ``user``, a reviewer or admin who did not propose them.

    Refused when the concept changed since it was proposed (propose it again on what stands now), when a
    form collides, or when a proposal changes a language outside ``user``'s languages.
    """
    with app.db.write() as session:
        actor = users.acting(session, user, "glossary")
        # Read what stands only once it is ours: a concurrent writer of the term base commits first
        # (then the check of ``before`` below refuses a proposal it made stale).
        glossary_repo.lock_term_base(session)
        rows = _locked(session, ids)
        stored = {c.id: c for c in glossary_repo.load_concepts(session)}
        concepts: list[Concept] = []
        for row in rows:
            if row.proposed_by == actor.name and not _self_accept_allowed(app, actor):
                raise PermissionDeniedError(
                    f"glossary change {row.id} ({row.concept_id}) was proposed by {actor.name!r}: "
                    "the proposer cannot accept their own proposal; another reviewer must"
                )
            after = glossary_repo.concept_from_json(row.concept)
            assert after is not None
            outside = sorted({d.lang for d in differences(stored.get(row.concept_id), after)
                              if d.lang and not actor.covers(d.lang)})
            if outside:
                raise PermissionDeniedError(
                    f"glossary change {row.id} ({row.concept_id}) changes {', '.join(outside)}: user "
                    f"{actor.name!r} works on {', '.join(sorted(actor.langs))} only"
                )
            if glossary_repo.concept_json(stored.get(row.concept_id)) != row.before:
                raise ConflictError(_stale_message(session, row))
            if any(c.id == after.id for c in concepts):
                raise ConflictError(f"two of these proposals change {after.id!r}: accept one of them")
            concepts.append(after)
        _refuse_collisions(concepts, stored.values(), "accepting", "accepted")
        added, updated = glossary_repo.save_concepts(session, concepts, {r.concept_id: r.id for r in rows})
        for row in rows:
            glossary_repo.decide(session, row, "accepted", actor.name)
        return {"accepted": [change_json(r) for r in rows], "added": added, "updated": updated}


def reject(app: App, change_id: int, user: str, comment: str = "") -> ChangeJSON:
    """Reject a proposal (a reviewer or admin), or withdraw it (its proposer); the term base is unchanged."""
    with app.db.write() as session:
        actor = users.acting(session, user, "glossary")
        [row] = _locked(session, [change_id])
        state = "withdrawn" if row.proposed_by == actor.name else "rejected"
        glossary_repo.decide(session, row, state, actor.name, comment.strip())
        return change_json(row)


def applied_changes(session: Session, ids: Iterable[int]) -> list[ChangeJSON]:
    """The accepted changes a draft applied, as ``change_json`` gives them, in id order."""
    rows = glossary_repo.changes(session, ids)
    return [change_json(rows[i]) for i in sorted(rows)]


def _export(app: App, name: str) -> tuple[bytes, int]:
    writer = _kind_of(name, WRITERS)
    concepts = sorted(termbase(app).concepts.values(), key=lambda c: c.id)
    data: bytes = writer(concepts)
    return data, len(concepts)


def export_data(app: App, name: str) -> bytes:
    """The whole term base as the bytes of a file named ``name`` (.csv or .tbx), as ``export_file`` writes it."""
    return _export(app, name)[0]


def export_file(app: App, path: Path) -> GlossaryExportJSON:
    """Write the whole term base to a .csv or .tbx file, atomically (``workbench/files.py``)."""
    data, count = _export(app, str(path))
    write_file(path, data)
    return {"file": str(path), "concepts": count}


def check_release(app: App, slug: str, target: str) -> GlossaryCheckJSON:
    """Every glossary issue of a release's targets in ``target`` (the rules of docs/glossary.md)."""
    target = language_tags.check(target, "target language")
    m = matcher(app)
    with app.db.read() as session:
        release = release_repo.get_release(session, slug)
        language_tags.check_target(target, release.source_lang, slug)  # as qa does: no target in the source's language
        translations = release_repo.translations_by_segment(session, release, target)
        issues: list[SegmentIssueJSON] = []
        for seg in release_repo.current_segments(session, release):
            tr = translations.get(seg.id)
            if tr is None or not tr.target:
                continue
            for issue in segment_issues(app, m, seg.source, tr.target, release.source_lang, target):
                issues.append({"segment": seg.key, **issue})
    return {"slug": slug, "lang": target, "issues": issues}
