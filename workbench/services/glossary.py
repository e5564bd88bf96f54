"""Use cases on the term base: load, import, export, and the glossary check of a release."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from workbench.domain.glossary import Concept, Termbase
from workbench.domain.glossary_checks import target_issues
from workbench.domain.glossary_match import Matcher
from workbench.domain.translit import suggest_spellings
from workbench.errors import ConflictError, FormatError, PermissionDeniedError, WorkbenchError
from workbench.formats.glossary_csv import read_glossary_csv, write_glossary_csv
from workbench.formats.tbx import read_tbx, write_tbx
from workbench.services.app import App
from workbench.store import glossary_repo, release_repo, user_repo

READERS = {".csv": read_glossary_csv, ".tbx": read_tbx, ".xml": read_tbx}
WRITERS = {".csv": write_glossary_csv, ".tbx": write_tbx, ".xml": write_tbx}


def termbase(app: App) -> Termbase:
    """The current term base."""
    with app.db.read() as session:
        return glossary_repo.load_termbase(session)


_MATCHERS: dict[tuple[str, str], Matcher] = {}


def matcher(app: App, tb: Termbase | None = None) -> Matcher:
    """A matcher over the current term base, rebuilt only when the term base changes."""
    tb = tb or termbase(app)
    key = (app.db.url, tb.version)
    if key not in _MATCHERS:
        _MATCHERS.clear()  # one term base per process is enough; never grow without bound
        _MATCHERS[key] = Matcher(tb)
    return _MATCHERS[key]


def terms_for(app: App, m: Matcher, source: str, source_lang: str, target: str) -> list[dict[str, Any]]:
    """The glossary terms of a source segment, in text order, with where each is (``start``/``end``)
    and the form it must take in ``target`` (for editors)."""
    out = []
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
) -> list[dict[str, Any]]:
    """The glossary issues of one segment's target, as contract dicts (check, severity, message, i18n)."""
    from workbench.services.qa import issue_dict  # qa loads the term base from this module

    return [
        issue_dict(i)
        for i in target_issues(source, target, source_lang, target_lang, m.termbase, m,
                               app.settings.glossary_fallback)
    ]


def _kind_of(path: Path, table: dict[str, Any]) -> Any:
    try:
        return table[path.suffix.lower()]
    except KeyError:
        raise WorkbenchError(f"{path}: unknown glossary format; use .csv or .tbx") from None


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


def read_file(path: Path) -> list[Concept]:
    """Read a glossary file (.csv or .tbx) into concepts; FormatError on anything malformed."""
    reader = _kind_of(path, READERS)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot read ({exc.strerror})", path=str(path)) from None
    concepts: list[Concept] = reader(data, str(path))
    return concepts


def import_concepts(app: App, concepts: list[Concept], origin: str) -> dict[str, Any]:
    """Merge concepts by id (new ones added, existing ones updated); a colliding form refuses all."""
    with app.db.write() as session:
        problems = _collisions(concepts, glossary_repo.load_concepts(session))
        if problems:
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            raise ConflictError(f"{origin}: {'; '.join(problems[:3])}{more}; nothing imported")
        added, updated = glossary_repo.save_concepts(session, concepts)
    return {"file": origin, "added": added, "updated": updated}


#: Who may change the term base from the UI: it decides every language's spelling.
GLOSSARY_EDITORS = frozenset({"reviewer", "admin"})


def check_editor(app: App, user: str) -> None:
    """Refuse (PermissionDeniedError) unless ``user`` is an enabled reviewer or admin."""
    with app.db.read() as session:
        actor = user_repo.actor(session, user)
    if actor.disabled or actor.role not in GLOSSARY_EDITORS:
        raise PermissionDeniedError(
            f"user {user!r} is a {actor.role}: only a reviewer or admin may change the glossary"
        )


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


def save_concept(app: App, concept: Concept, user: str) -> dict[str, Any]:
    """Add or replace one concept on behalf of ``user`` (reviewers and admins); its TBX data is kept."""
    check_editor(app, user)
    stored = termbase(app).concepts.get(concept.id)
    return import_concepts(app, [keep_exchange_data(concept, stored)], f"edited by {user}")


def import_file(app: App, path: Path) -> dict[str, Any]:
    """Import one glossary file atomically."""
    return import_concepts(app, read_file(path), str(path))


def load_shipped(app: App) -> list[dict[str, Any]]:
    """Import every term-base file of the glossary directory (sorted by name)."""
    folder = app.settings.glossary_dir
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in READERS)
    return [import_file(app, p) for p in files]


def export_file(app: App, path: Path) -> dict[str, Any]:
    """Write the whole term base to a .csv or .tbx file, atomically (a temporary file renamed into place)."""
    writer = _kind_of(path, WRITERS)
    concepts = sorted(termbase(app).concepts.values(), key=lambda c: c.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            writer(concepts, stream)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return {"file": str(path), "concepts": len(concepts)}


def check_release(app: App, slug: str, target: str) -> dict[str, Any]:
    """Every glossary issue of a release's targets in ``target`` (DESIGN §4)."""
    m = matcher(app)
    with app.db.read() as session:
        release = release_repo.get_release(session, slug)
        translations = release_repo.translations_by_segment(session, release, target)
        issues = []
        for seg in release_repo.current_segments(session, release):
            tr = translations.get(seg.id)
            if tr is None or not tr.target:
                continue
            for issue in segment_issues(app, m, seg.source, tr.target, release.source_lang, target):
                issues.append({"segment": seg.key, **issue})
    return {"slug": slug, "lang": target, "issues": issues}
