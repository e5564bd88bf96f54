"""Use cases on releases: ingest a source, list releases (the segment listing is ``services.listing``)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, NotRequired, TypedDict

from sqlalchemy.orm import Session

from workbench.domain import language_tags
from workbench.domain.glossary_checks import source_spelling_warnings, unknown_name_candidates
from workbench.domain.models import Document
from workbench.domain.models import Segment as DomainSegment
from workbench.domain.segmentation import segment_document
from workbench.domain.tm import similarity
from workbench.domain.workflow import STATES
from workbench.errors import ConflictError, InputError, NotFoundError, SourceError
from workbench.services import users
from workbench.services.app import App
from workbench.services.embargo import embargoed

# Re-exported: the listing lived here, and the UI and tests call it as releases.list_segments(_page).
from workbench.services.listing import list_segments as list_segments
from workbench.services.listing import list_segments_page as list_segments_page
from workbench.store import publishing_repo, reads, release_repo, signoff_repo, translation_repo
from workbench.store.provenance_repo import aware
from workbench.store.tables import Block, Release, Segment, utcnow

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


class IngestSegmentJSON(TypedDict):
    """A segment cut from the source: its ``id``, ``block`` (0-based), ``kind`` and ``source`` text."""

    id: str
    block: int
    kind: str
    source: str


class ExcludedJSON(TypedDict):
    """A block of the source left out (site chrome, boilerplate), and why."""

    text: str
    reason: str


class IngestWarningJSON(TypedDict):
    """A warning about the source: ``check`` (``language``, ``spelling``, ``unknown_name``) and ``message``.

    A ``spelling`` warning names the ``concept``, the ``spellings`` found and the ``preferred`` one;
    an ``unknown_name`` names the ``text`` and how many times (``count``) it occurs.
    """

    check: str
    message: str
    concept: NotRequired[str]
    spellings: NotRequired[list[str]]
    preferred: NotRequired[str]
    text: NotRequired[str]
    count: NotRequired[int]


class ChangedSegmentJSON(TypedDict):
    """A segment whose source an update corrected: its new ``id`` and ``source``, and what they were."""

    id: str
    previous_id: str
    source: str
    previous_source: str | None


class IngestJSON(TypedDict):
    """`ingest --json` (keys of the contract, held by tests/cli): the release, its language (declared or
    detected, and ``detected_lang``), its title, whether it was ``created`` (False: it existed and
    nothing changed), its segments, the blocks ``excluded``, the ``warnings``; for an update, the
    segments ``changed`` and the languages whose sign-off it ``revoked``."""

    slug: str
    lang: str
    detected_lang: str | None
    title: str
    created: bool
    segments: list[IngestSegmentJSON]
    excluded: list[ExcludedJSON]
    warnings: list[IngestWarningJSON]
    changed: list[ChangedSegmentJSON]
    revoked: list[str]


class ReleaseJSON(TypedDict):
    """A release as the releases list shows it: ``slug``, ``title``, source ``lang``, how many
    ``segments``, ``progress`` (language -> state -> count), the languages it stands ``signed_off``
    in, when it was last updated, and its embargo (``embargo_until`` in UTC, None without one;
    ``embargoed``: not passed yet)."""

    slug: str
    title: str
    lang: str
    segments: int
    progress: dict[str, dict[str, int]]
    signed_off: list[str]
    updated_at: str
    embargo_until: str | None
    embargoed: bool


class SegmentCountsJSON(TypedDict):
    """How many of a release's current segments are in each state in ``lang`` (every state named)."""

    slug: str
    lang: str
    total: int
    states: dict[str, int]


@dataclass
class IngestReport:
    """What `ingest` did: the JSON keys docs/architecture.md holds stable, plus the title."""

    slug: str
    lang: str
    detected_lang: str | None
    title: str
    segments: list[IngestSegmentJSON]
    excluded: list[ExcludedJSON]
    warnings: list[IngestWarningJSON] = field(default_factory=list)
    created: bool = True
    changed: list[ChangedSegmentJSON] = field(default_factory=list)  # segments whose source an update corrected
    revoked: list[str] = field(default_factory=list)  # languages whose sign-off an added segment revoked

    def as_json(self) -> IngestJSON:
        """The JSON document `ingest --json` prints."""
        return {
            "slug": self.slug,
            "lang": self.lang,
            "detected_lang": self.detected_lang,
            "title": self.title,
            "created": self.created,
            "segments": self.segments,
            "excluded": self.excluded,
            "warnings": self.warnings,
            "changed": self.changed,
            "revoked": self.revoked,
        }


def slugify(title: str, limit: int = 60) -> str:
    """An ASCII slug from a title: `Russie. Il faut que…` -> `russie-il-faut-que…`."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "release"


def _check_slug(slug: str) -> str:
    if not SLUG_RE.match(slug):
        raise InputError(f"invalid slug {slug!r}: use a-z without accents, digits and '-' (at most 100)")
    return slug


def _warnings(
    app: App, texts: list[str], lang: str, detected: str | None, declared: str | None
) -> list[IngestWarningJSON]:
    """Ingest warnings: a language mismatch, spellings the glossary does not sanction, unknown names."""
    out: list[IngestWarningJSON] = []
    if declared and detected and declared != detected:
        out.append({
            "check": "language",
            "message": f"declared language {declared!r} but the text reads as {detected!r}",
        })
    from workbench.services import glossary

    matcher = glossary.matcher(app)
    for w in source_spelling_warnings(texts, matcher, lang):
        out.append({"check": "spelling", "message": w.message, "concept": w.concept_id,
                    "spellings": list(w.spellings), "preferred": w.preferred})
    for c in unknown_name_candidates(texts, matcher, lang):
        out.append({"check": "unknown_name", "message": f"{c.text!r} is not in the glossary ({c.reason}, "
                    f"{c.count}×): add it so every language spells it the same way", "text": c.text,
                    "count": c.count})
    return out


def prepare(app: App, data: bytes, *, name: str, lang: str | None = None) -> tuple[Document, str, str | None]:
    """Read a source and settle its language, without storing anything (for previews)."""
    # The readers (trafilatura, lxml, langdetect) load here, so that listing segments never pays for them.
    from workbench.ingest import detect_language, read_document

    if lang is not None:
        lang = language_tags.check(lang, "source language")
    doc = read_document(data, name=name, max_bytes=app.settings.max_source_bytes)
    detected = detect_language(doc.text)
    chosen = lang or detected
    if not chosen:
        raise SourceError("cannot tell the language of this text: name its source language",
                          path=name).with_remedy("choose_source_lang", path=name)
    return doc, chosen, detected


def ingest_release(
    app: App,
    data: bytes,
    *,
    name: str,
    user: str,
    lang: str | None = None,
    slug: str | None = None,
    update: str | None = None,
    if_new: bool = False,
    drop: Collection[int] = (),
) -> IngestReport:
    """Ingest a release source as ``user``: read, filter, detect the language, segment and store it atomically.

    Any enabled user may ingest a new release; updating one takes a reviewer or an admin (it sends
    changed segments back and can revoke sign-offs). The release's history records who did it.

    ``update`` names an existing release to replace with a corrected version: segments whose text
    and place are unchanged keep their id and translations; segments that left the release are
    kept (hidden), never deleted. Without ``update`` an existing slug is a conflict, unless
    ``if_new``, in which case nothing is done. ``drop`` lists kept blocks a person excluded in
    the preview (indices into the prepared document's blocks).
    """
    action = "update_release" if update else "ingest"
    users.check_acting(app, user, action)  # before the reading: a refused user costs no parse
    doc, chosen, detected = prepare(app, data, name=name, lang=lang)
    doc = doc.without(drop)
    segments = segment_document(doc.blocks, chosen)
    if not segments:
        raise SourceError("no text to translate was found", path=name)
    target_slug = _check_slug(update or slug or slugify(doc.title))
    report = IngestReport(
        slug=target_slug,
        lang=chosen,
        detected_lang=detected,
        title=doc.title,
        segments=[{"id": s.id, "block": s.block, "kind": s.kind, "source": s.source} for s in segments],
        excluded=[{"text": e.text, "reason": e.reason} for e in doc.excluded],
        warnings=_warnings(app, [s.source for s in segments], chosen, detected, lang),
    )
    with app.db.write() as session:
        actor = users.acting(session, user, action).name  # again in the transaction that writes
        release = release_repo.find_release(session, target_slug)
        if update and release is None:
            raise NotFoundError(f"no release {update!r} to update")
        if release is not None and not update:
            if if_new:
                report.created = False
                return report
            raise ConflictError(
                f"a release {target_slug!r} exists already: update it with this version, or choose another slug"
            ).with_remedy("update_or_rename", slug=target_slug)
        if release is None:
            release = Release(slug=target_slug)
            session.add(release)
        release.title = doc.title
        release.source_lang = chosen
        release.detected_lang = detected
        release.source_format = doc.source_format
        release.source_name = name
        release.published = doc.metadata.get("published")
        release.updated_at = utcnow()
        release.blocks.clear()
        session.flush()
        for pos, block in enumerate(doc.blocks):
            release.blocks.append(Block(position=pos, kind=block.kind, text=block.text))
        for pos, ex in enumerate(doc.excluded, start=len(doc.blocks)):
            release.blocks.append(Block(position=pos, kind="excluded", text=ex.text, reason=ex.reason))
        existing = {s.key: s for s in release.segments}
        changed = _changed_segments(release, segments) if update else {}
        added: list[str] = []
        for old in existing.values():
            old.position = None
        for pos, seg in enumerate(segments):
            row = existing.get(seg.id)
            if row is None and pos in changed:
                row = changed[pos]
                previous_id = _source_changed(session, row, seg.id, seg.source, name, actor, app.event_details())
                report.changed.append({"id": seg.id, "previous_id": previous_id, "source": seg.source,
                                       "previous_source": row.previous_source})
            elif row is None:
                row = Segment(key=seg.id, source=seg.source)
                release.segments.append(row)
                added.append(seg.source)
            row.position, row.block, row.kind = pos, seg.block, seg.kind
        if update and added:
            # A sign-off vouched for every segment of the release; a new one has no reviewed text yet.
            # (A corrected segment revokes through its needs_edit change; a removed one leaves only
            # reviewed text behind, so the sign-off stands.)
            reason = f"an update from {name} added {len(added)} segment(s): {added[0][:80]}"
            for signed_lang in signoff_repo.standing_languages(session, release.id).get(release.id, []):
                signoff_repo.revoke(session, release.id, signed_lang, reason)
                report.revoked.append(signed_lang)
        session.flush()
        publishing_repo.add_release_event(
            session, release.id, actor, "update" if update else "ingest", None, None,
            app.event_details(source=name, lang=chosen, segments=len(segments),
                              changed=len(report.changed) if update else None),
        )
    return report


#: A new sentence replaces an old one (same place, corrected) when they are at least this similar (0-100).
CHANGED_MIN_SIMILARITY = 60.0


def _changed_segments(release: Release, segments: list[DomainSegment]) -> dict[int, Segment]:
    """new position -> the old segment it is a corrected version of.

    The old and new sequences of segment ids are aligned (difflib); inside each replaced stretch a
    new segment is paired with the most similar unpaired old one there, if similar enough.
    Unchanged ids need nothing (they keep their rows); a new id that matches nobody is a new segment.
    """
    old = [s for s in release.segments if s.position is not None]
    old.sort(key=lambda s: s.position or 0)
    keys_now = {s.id for s in segments}
    known = {s.key for s in release.segments}
    matcher = difflib.SequenceMatcher(a=[s.key for s in old], b=[s.id for s in segments], autojunk=False)
    pairs: dict[int, Segment] = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace":
            continue
        free = [o for o in old[i1:i2] if o.key not in keys_now]
        for j in range(j1, j2):
            if segments[j].id in known or not free:
                continue
            best = max(free, key=lambda o: similarity(o.source, segments[j].source))
            if similarity(best.source, segments[j].source) >= CHANGED_MIN_SIMILARITY:
                pairs[j] = best
                free.remove(best)
    return pairs


def _source_changed(session: Session, row: Segment, key: str, source: str, name: str, actor: str,
                    details: dict[str, Any]) -> str:
    """A corrected source: the segment takes the new id and text, keeps the previous source, and every
    translation with text goes to ``needs_edit`` (an event says why; a sign-off is revoked). Returns the old id."""
    previous_id = row.key
    row.previous_source = row.source
    row.key, row.source = key, source
    session.flush()
    for tr in list(row.translations):
        if tr.target is None or tr.state == "new":
            continue
        translation_repo.change(
            session, tr, actor=actor, action="source_changed", target=tr.target, state="needs_edit",
            comment=f"the source changed in an update from {name}; was: {row.previous_source}", details=details,
        )
    return previous_id


def list_releases(app: App) -> list[ReleaseJSON]:
    """Every release with its segment count and per-language progress."""
    with app.db.read() as session:
        rows = release_repo.release_progress(session)
        signed = signoff_repo.standing_languages(session)
        out: list[ReleaseJSON] = []
        for release, n_segments, counts in rows:
            langs: dict[str, dict[str, int]] = {}
            for (lang, state), n in counts.items():
                langs.setdefault(lang, {})[state] = n
            out.append({
                "slug": release.slug,
                "title": release.title,
                "lang": release.source_lang,
                "segments": n_segments,
                "progress": langs,
                "signed_off": signed.get(release.id, []),
                "updated_at": release.updated_at.isoformat(),
                # Stored in UTC; None without one. "embargoed": it has not passed yet (services/embargo.py).
                "embargo_until": aware(release.embargo_until).isoformat() if release.embargo_until else None,
                "embargoed": embargoed(release),
            })
        return out


def slugs(app: App) -> list[str]:
    """Every release's slug, in ``list_releases``' order (newest first), without their progress.

    For choosers (the editor's and the review screen's, at every rerun): one query through the
    driver (``store.reads``), where ``list_releases`` counts every release's translations.
    """
    with app.db.reader() as reader:
        return reads.release_slugs(reader)


def segment_counts(app: App, slug: str, lang: str) -> SegmentCountsJSON:
    """How many of a release's current segments are in each state in ``lang``, without loading them.

    ``{"slug", "lang", "total": n, "states": {state: n for every state}}``: for the review progress,
    the sign-off button and the export warning, whose cost must not grow with QA or memory work.
    Segments without a translation count as ``new``; segments an update retired are not counted.
    """
    with app.db.reader() as reader:  # through the driver: the review screen asks at every rerun
        release = reads.get_release(reader, slug)
        counts = reads.state_counts(reader, release.id, lang)
        slug = release.slug
    states: dict[str, int] = {state: counts.get(state, 0) for state in STATES}
    for state, n in counts.items():  # a state the workflow does not know (never expected) still counts
        states.setdefault(state, n)
    return {"slug": slug, "lang": lang, "total": sum(states.values()), "states": states}
