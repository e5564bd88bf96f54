"""Translation import: a PO catalog or an XLIFF file translated offline (Poedit, another CAT tool) comes back
into the review workflow.

Entries match segments by msgctxt (a segment id; an XLIFF unit's id is read as one) or, without one,
by msgid (the source). The version each entry was exported at (``#. segment KEY (...), version N``)
tells whether the segment changed since: if it did, the entry is reported as a conflict, not
applied. A missing version counts as 0 (the catalog knew no translation). The workflow's rules
decide who may change what (``domain.workflow``); the whole import is one transaction, and a
malformed file writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

from sqlalchemy.orm import Session

from workbench.domain import control_chars, language_tags
from workbench.domain.language_tags import base, canonical
from workbench.domain.workflow import Actor, Current, decide, role_may
from workbench.errors import InputError, PermissionDeniedError, StaleVersionError
from workbench.formats.po import PoCatalog, PoEntry, gettext_language, read_po
from workbench.formats.xliff import XliffUnit, read_xliff
from workbench.services import users
from workbench.services.app import App
from workbench.services.export_data import SEGMENT_NOTE_RE
from workbench.store import release_repo, translation_repo
from workbench.store.tables import Segment, Translation

IMPORT_ACTION = "import"  # counts as writing the text for the four-eyes rule (domain.workflow.TEXT_ACTIONS)
#: States in which a segment has no human text, so a fuzzy entry may become its draft.
DRAFTABLE = frozenset({"new", "draft"})
#: XLIFF 1.2 states whose target is not yet a person's translation: read as fuzzy (a draft).
XLIFF12_UNFINISHED = frozenset({"new", "needs-translation", "needs-l10n", "needs-adaptation"})
#: XLIFF 1.2 state qualifiers saying a machine or a memory wrote the target: read as fuzzy.
XLIFF12_LEVERAGED = frozenset({"mt-suggestion", "leveraged-mt", "leveraged-tm", "leveraged-inherited",
                               "leveraged-glossary", "fuzzy-match", "exact-match", "id-match"})


class UnknownEntryJSON(TypedDict):
    """An entry of the file that matches no segment: its ``line``, ``msgid``, ``msgctxt`` and why."""

    line: int
    msgid: str
    msgctxt: str | None
    reason: str


class ConflictJSON(TypedDict):
    """An entry not applied: the ``segment`` it is for (None: several match), its ``line``, ``msgid`` and why."""

    segment: str | None
    line: int
    msgid: str
    reason: str


class ImportJSON(TypedDict):
    """`import-po --json`: the release, language and file; the segments whose text was ``applied``
    or became ``drafts`` (fuzzy entries), how many entries changed nothing (``unchanged``), and the
    entries ``unknown`` or in ``conflicts`` (nothing of them written)."""

    slug: str
    lang: str
    file: str
    applied: list[str]
    drafts: list[str]
    unchanged: int
    unknown: list[UnknownEntryJSON]
    conflicts: list[ConflictJSON]


@dataclass(frozen=True)
class Incoming:
    """An entry to bring back, with what its file says beyond a PO entry.

    ``by_source`` marks an id from another tool's XLIFF: it is a segment id only when one has that
    id and that source, otherwise the entry is matched by its source like a PO entry without msgctxt.
    ``claims_approval``: the file says a reviewer approved it (XLIFF ``approved="yes"``).
    """

    entry: PoEntry
    by_source: bool = False
    claims_approval: bool = False


def _read_limited(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except FileNotFoundError as exc:
        raise InputError("no such file", path=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", path=str(path)) from exc
    if len(data) > limit:
        raise InputError(f"larger than {limit} bytes (WORKBENCH_MAX_SOURCE_BYTES)", path=str(path))
    return data


def _check_catalog(catalog: PoCatalog, slug: str, lang: str) -> None:
    declared = catalog.lang
    if declared and declared.replace("-", "_").lower() != gettext_language(lang).lower():
        raise InputError(f"the catalog is in {declared!r}, not {lang!r}: check --to", path=catalog.path).with_remedy(
            "check_target_lang", path=catalog.path, declared=declared, lang=lang)
    release = catalog.headers.get("X-Workbench-Release")
    if release and release != slug:
        raise InputError(f"the catalog was exported from release {release!r}, not {slug!r}", path=catalog.path)


def exported_version(entry: PoEntry, key: str) -> int:
    """The version of segment ``key`` the entry was exported at; 0 when the entry does not say."""
    for note in entry.extracted:
        match = SEGMENT_NOTE_RE.match(note)
        if match and match.group("key") == key:
            return int(match.group("version"))
    return 0


class _Import:
    """One import's bookkeeping: what was applied, drafted, left, unknown or in conflict."""

    def __init__(self, session: Session, actor: Actor, lang: str, origin: str, details: dict[str, Any]) -> None:
        self.session, self.actor, self.lang, self.origin, self.details = session, actor, lang, origin, details
        self.applied: list[str] = []
        self.drafts: list[str] = []
        self.unchanged = 0
        self.unknown: list[UnknownEntryJSON] = []
        self.conflicts: list[ConflictJSON] = []
        self.done: set[str] = set()

    def conflict(self, entry: PoEntry, segment: Segment | None, reason: str) -> None:
        self.conflicts.append({"segment": segment.key if segment else None, "line": entry.line,
                               "msgid": entry.msgid, "reason": reason})

    def apply(self, incoming: Incoming, segment: Segment, tr: Translation | None) -> None:
        entry = incoming.entry
        text = entry.msgstr
        current = tr.target if tr else None
        state = tr.state if tr else "new"
        version = tr.version if tr else 0
        if not text or text == current:
            self.unchanged += 1
            return
        unwritable = control_chars.first_unwritable(text)
        if unwritable is not None:  # an edit refuses it too: no XML export could carry it
            self.conflict(entry, segment, f"the translation holds an invisible control character ({unwritable})")
            return
        if incoming.claims_approval:
            # Another tool's approval is a claim the workbench cannot check: only its reviewers approve.
            self.conflict(entry, segment, "the file marks this translation approved; approval is given in the "
                                          "workbench by a reviewer: not applied (import it without approved=\"yes\", "
                                          "then have it reviewed)")
            return
        if exported_version(entry, segment.key) != version:
            who = tr.updated_by if tr else None
            self.conflict(entry, segment, f"the segment changed since the export (now version {version}, "
                                          f"{state}, by {who or 'nobody'}): not applied")
            return
        if entry.fuzzy:
            if state not in DRAFTABLE:
                self.conflict(entry, segment, f"fuzzy entry not applied: the segment has human text ({state})")
                return
            self._write(segment, tr, text, "draft", "import")
            self.drafts.append(segment.key)
            return
        if state == "approved" and not role_may(self.actor.role, "approve"):
            self.conflict(entry, segment, f"the segment is approved: only a reviewer may change it "
                                          f"({self.actor.name} is a {self.actor.role})")
            return
        decide(self.actor, "edit", self.lang, Current(state, current, version))  # type: ignore[arg-type]
        self._write(segment, tr, text, "translated", "human")
        self.applied.append(segment.key)

    def _write(self, segment: Segment, tr: Translation | None, text: str, state: str, origin: str) -> None:
        tr = translation_repo.to_change(self.session, segment, self.lang, tr)
        translation_repo.change(self.session, tr, actor=self.actor.name, action=IMPORT_ACTION, target=text,
                                state=state, origin=origin, comment=f"PO import from {self.origin}",
                                details=self.details)


def _segment_for(incoming: Incoming, by_key: dict[str, Segment], by_source: dict[str, list[Segment]],
                 job: _Import) -> Segment | None:
    entry = incoming.entry
    if entry.msgid_plural is not None:
        job.unknown.append({"line": entry.line, "msgid": entry.msgid, "msgctxt": entry.msgctxt,
                            "reason": "a plural entry: releases have none"})
        return None
    if entry.msgctxt is not None:
        seg = by_key.get(entry.msgctxt)
        if seg is not None and seg.source == entry.msgid:
            return seg
    if entry.msgctxt is None or incoming.by_source:
        found = by_source.get(entry.msgid, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            job.conflict(entry, None, f"this source occurs {len(found)} times in the release: "
                                      "the entry needs the msgctxt of the export")
            return None
    job.unknown.append({"line": entry.line, "msgid": entry.msgid, "msgctxt": entry.msgctxt,
                        "reason": "no segment of the release has this source"})
    return None


#: File name endings the import takes: gettext catalogs and XLIFF (1.2 or 2.1).
PO_SUFFIXES = (".po",)
XLIFF_SUFFIXES = (".xlf", ".xliff")


def import_po(app: App, slug: str, path: Path, lang: str, user: str) -> ImportJSON:
    """Bring a translated catalog back: see the module docstring for the rules.

    A ``.xlf``/``.xliff`` file is taken too, under the same rules: XLIFF 2.1 from our export (unit
    ids are segment ids, notes carry the exported version; state ``initial`` reads as fuzzy) and
    XLIFF 1.2 from any tool (see ``_xliff12_incoming``).
    """
    data = _read_limited(Path(path), app.settings.max_source_bytes)
    return import_data(app, slug, data, str(path), lang, user,
                       xliff=Path(path).suffix.lower() in XLIFF_SUFFIXES)


def import_upload(app: App, slug: str, data: bytes, name: str, lang: str, user: str) -> ImportJSON:
    """``import_po`` for a file uploaded in the UI: its bytes and its name (which says PO or XLIFF)."""
    suffix = Path(name).suffix.lower()
    if suffix not in PO_SUFFIXES + XLIFF_SUFFIXES:
        raise InputError("not a translated catalog: choose a .po, .xlf or .xliff file", path=name)
    if len(data) > app.settings.max_source_bytes:
        raise InputError(f"larger than {app.settings.max_source_bytes} bytes (WORKBENCH_MAX_SOURCE_BYTES)", path=name)
    return import_data(app, slug, data, name, lang, user, xliff=suffix in XLIFF_SUFFIXES)


def import_data(app: App, slug: str, data: bytes, name: str, lang: str, user: str, *, xliff: bool) -> ImportJSON:
    """The import of a file's bytes (``name`` in messages): read and checked whole before anything is written."""
    lang = language_tags.check(lang, "target language")
    if xliff:
        return _apply(app, slug, lang, user, name, _xliff_entries(data, name, slug, lang))
    catalog = read_po(data, name)
    _check_catalog(catalog, slug, lang)
    return _apply(app, slug, lang, user, name, [Incoming(e) for e in catalog.entries])


def _same_language(file_lang: str, lang: str) -> bool:
    """``es-ES`` is the language of an ``es`` release (and ``es`` of an ``es-ES`` one); ``pt-BR`` not of ``pt-PT``."""
    a, b = canonical(file_lang), canonical(lang)
    return a == b or (base(a) == base(b) and ("-" not in a or "-" not in b))


def _xliff12_incoming(unit: XliffUnit, ours: bool) -> Incoming:
    """An XLIFF 1.2 unit as an entry: states and qualifiers of unfinished or machine work read as fuzzy.

    ``translated``, ``needs-review-*``, ``final``, ``signed-off`` (and ``x-`` states) are a person's
    text: the segment becomes ``translated``, never approved. ``approved="yes"`` is a claim.
    """
    fuzzy = unit.state in XLIFF12_UNFINISHED or unit.state_qualifier in XLIFF12_LEVERAGED
    entry = PoEntry(msgid=unit.source, msgstr=unit.target or "", msgctxt=unit.id, extracted=(unit.note,),
                    fuzzy=fuzzy)
    return Incoming(entry, by_source=not ours, claims_approval=unit.approved)


def _xliff_entries(data: bytes, name: str, slug: str, lang: str) -> list[Incoming]:
    """The units of an XLIFF file as entries (id as msgctxt, our note as the version comment)."""
    doc = read_xliff(data, name)
    if doc.target_lang and not _same_language(doc.target_lang, lang):
        raise InputError(f"the file is in {doc.target_lang!r}, not {lang!r}: check --to", path=name).with_remedy(
            "check_target_lang", path=name, declared=doc.target_lang, lang=lang)
    if doc.version != "1.2":
        if doc.file_id and doc.file_id != slug:
            raise InputError(f"the file was exported from release {doc.file_id!r}, not {slug!r}", path=name)
        return [Incoming(PoEntry(msgid=u.source, msgstr=u.target or "", msgctxt=u.id, extracted=(u.note,),
                                 fuzzy=u.state == "initial")) for u in doc.units]
    # An XLIFF 1.2 file of our own export names the release in <file original> and notes each version;
    # another tool's names its own source file, and its ids are its own.
    ours = any(u.note for u in doc.units)
    if ours and doc.file_id and doc.file_id != slug:
        raise InputError(f"the file was exported from release {doc.file_id!r}, not {slug!r}", path=name)
    return [_xliff12_incoming(u, ours) for u in doc.units]


def _apply(app: App, slug: str, lang: str, user: str, name: str, entries: Sequence[Incoming]) -> ImportJSON:
    with app.db.write() as session:
        actor = users.acting(session, user, "import", lang)  # a user who may not edit the language imports nothing
        release = release_repo.get_release(session, slug)
        language_tags.check_target(lang, release.source_lang, slug)
        segments = release_repo.current_segments(session, release)
        translations = release_repo.translations_by_segment(session, release, lang)
        by_key = {s.key: s for s in segments}
        by_source: dict[str, list[Segment]] = defaultdict(list)
        for seg in segments:
            by_source[seg.source].append(seg)
        job = _Import(session, actor, lang, Path(name).name, app.event_details())
        for incoming in entries:
            found = _segment_for(incoming, by_key, by_source, job)
            if found is None:
                continue
            seg = found
            if seg.key in job.done:
                job.conflict(incoming.entry, seg, "a second entry for the same segment")
                continue
            job.done.add(seg.key)
            try:
                with session.begin_nested():  # a refused change leaves the others in place
                    job.apply(incoming, seg, translations.get(seg.id))
            except StaleVersionError as exc:
                job.conflict(incoming.entry, seg, str(exc))
            except PermissionDeniedError as exc:
                job.conflict(incoming.entry, seg, str(exc))
    return {"slug": slug, "lang": lang, "file": name, "applied": job.applied, "drafts": job.drafts,
            "unchanged": job.unchanged, "unknown": job.unknown, "conflicts": job.conflicts}
