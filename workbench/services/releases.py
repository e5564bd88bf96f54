"""Use cases on releases: ingest a source, list releases, list segments with their translations."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from workbench.domain.checks import ApprovedSegment, inconsistent_issues
from workbench.domain.concordance import matches as text_matches
from workbench.domain.glossary_checks import source_spelling_warnings, unknown_name_candidates
from workbench.domain.models import Document
from workbench.domain.models import Segment as DomainSegment
from workbench.domain.segmentation import segment_document
from workbench.domain.tm import diff, similarity
from workbench.domain.unknown_words import words_in
from workbench.domain.workflow import STATES
from workbench.errors import ConflictError, InputError, NotFoundError, SourceError, WorkbenchError
from workbench.services.app import App
from workbench.services.embargo import embargoed
from workbench.store import comment_repo, release_repo, signoff_repo, translation_repo
from workbench.store.provenance_repo import aware
from workbench.store.tables import Block, Comment, Release, Segment, Translation, utcnow

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


@dataclass
class IngestReport:
    """What `ingest` did: the contract's JSON keys (DESIGN §3) plus the title."""

    slug: str
    lang: str
    detected_lang: str | None
    title: str
    segments: list[dict[str, Any]]
    excluded: list[dict[str, str]]
    warnings: list[dict[str, Any]] = field(default_factory=list)
    created: bool = True
    changed: list[dict[str, Any]] = field(default_factory=list)  # segments whose source an update corrected
    revoked: list[str] = field(default_factory=list)  # languages whose sign-off an added segment revoked

    def as_json(self) -> dict[str, Any]:
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
        raise WorkbenchError(f"invalid slug {slug!r}: use lowercase letters, digits and '-' (at most 100)")
    return slug


def _warnings(
    app: App, texts: list[str], lang: str, detected: str | None, declared: str | None
) -> list[dict[str, Any]]:
    """Ingest warnings: a language mismatch, spellings the glossary does not sanction, unknown names."""
    out: list[dict[str, Any]] = []
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
    lang: str | None = None,
    slug: str | None = None,
    update: str | None = None,
    if_new: bool = False,
    drop: Collection[int] = (),
) -> IngestReport:
    """Ingest a release source: read, filter, detect the language, segment and store it atomically.

    ``update`` names an existing release to replace with a corrected version: segments whose text
    and place are unchanged keep their id and translations; segments that left the release are
    kept (hidden), never deleted. Without ``update`` an existing slug is a conflict, unless
    ``if_new``, in which case nothing is done. ``drop`` lists kept blocks a person excluded in
    the preview (indices into the prepared document's blocks).
    """
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
        for seg in existing.values():
            seg.position = None
        for pos, seg in enumerate(segments):
            row = existing.get(seg.id)
            if row is None and pos in changed:
                row = changed[pos]
                previous_id = _source_changed(session, row, seg.id, seg.source, name)
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


def _source_changed(session: Session, row: Segment, key: str, source: str, name: str) -> str:
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
            session, tr, actor="ingest", action="source_changed", target=tr.target, state="needs_edit",
            comment=f"the source changed in an update from {name}; was: {row.previous_source}",
        )
    return previous_id


def list_releases(app: App) -> list[dict[str, Any]]:
    """Every release with its segment count and per-language progress."""
    with app.db.read() as session:
        rows = release_repo.release_progress(session)
        signed = signoff_repo.standing_languages(session)
        out = []
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


def segment_counts(app: App, slug: str, lang: str) -> dict[str, Any]:
    """How many of a release's current segments are in each state in ``lang``, without loading them.

    ``{"slug", "lang", "total": n, "states": {state: n for every state}}``: for the review progress,
    the sign-off button and the export warning, whose cost must not grow with QA or memory work.
    Segments without a translation count as ``new``; segments an update retired are not counted.
    """
    with app.db.read() as session:
        release = release_repo.get_release(session, slug)
        counts = release_repo.state_counts(session, release, lang)
        slug = release.slug
    states = {state: counts.get(state, 0) for state in STATES}
    for state, n in counts.items():  # a state the workflow does not know (never expected) still counts
        states.setdefault(state, n)
    return {"slug": slug, "lang": lang, "total": sum(states.values()), "states": states}


def _segment_row(
    seg: Segment, tr: Translation | None, issues: list[dict[str, Any]], matches: list[dict[str, Any]],
    comments: list[Comment] | None = None, machine_draft: str | None = None, previous_target: str | None = None,
    users: Collection[str] = (),
) -> dict[str, Any]:
    """One segment as `segments --json` and the UI show it."""
    return {
        "id": seg.key,
        "block": seg.block,
        "kind": seg.kind,
        "source": seg.source,
        "previous_source": seg.previous_source,
        "source_diff": diff(seg.previous_source, seg.source) if seg.previous_source else [],
        "target": tr.target if tr else None,
        "state": tr.state if tr else "new",
        "origin": tr.origin if tr else "",
        "version": tr.version if tr else 0,
        "updated_by": tr.updated_by if tr else None,
        "failure": tr.failure if tr else "",  # why the last machine drafting of it failed
        # The drafting engine's untranslated words still in the text (a person's edit may have replaced some).
        "unknown_words": list(words_in(translation_repo.unknown_words(tr), tr.target or "")) if tr else [],
        "issues": issues,
        "matches": matches,
        # The segment's thread in the target language (DESIGN §8); empty without a target language.
        "comments": [comment_repo.as_json(c, users) for c in comments or ()],
        # The engine's last draft of it, kept through later edits (the editor can insert it again).
        "machine_draft": machine_draft,
        # The text before its newest change (who changed it: `history`), and the change as a word diff.
        "previous_target": previous_target,
        "target_diff": diff(previous_target, tr.target or "") if tr and previous_target else [],
    }


def list_segments(app: App, slug: str, lang: str | None = None) -> dict[str, Any]:
    """The segments of a release in order, with their translation into ``lang`` when given."""
    with app.db.read() as session:
        release = release_repo.get_release(session, slug)
        segments = release_repo.current_segments(session, release)
        translations = release_repo.translations_by_segment(session, release, lang) if lang else {}
        issues_of: dict[str, list[dict[str, Any]]] = {}
        matches: dict[int, list[dict[str, Any]]] = {}
        if lang and lang != release.source_lang:
            from workbench.services import memory, qa  # checks and memory: only with a target

            texts = [qa.SegmentText(s.key, s.source, translations[s.id].target if s.id in translations else None,
                                    translations[s.id].state if s.id in translations else "new",
                                    translation_repo.unknown_words(translations.get(s.id))) for s in segments]
            issues_of = qa.issues_by_segment(app, texts, release.source_lang, lang)
            matches = memory.segment_matches(app, session, release.source_lang, lang,
                                             memory.queries(release, segments))
        threads = comment_repo.threads(session, [s.id for s in segments], lang) if lang else {}
        users = comment_repo.user_names(session) if threads else []
        drafts = translation_repo.last_texts(session, [t.id for t in translations.values()], "draft")
        previous = translation_repo.previous_texts(session, [t.id for t in translations.values()])
        rows = [_segment_row(seg, tr := translations.get(seg.id), issues_of.get(seg.key, []), matches.get(seg.id, []),
                             threads.get(seg.id), drafts.get(tr.id) if tr else None,
                             previous.get(tr.id) if tr else None, users) for seg in segments]
        return {"slug": release.slug, "lang": lang, "source_lang": release.source_lang,
                "title": release.title, "segments": rows}


def list_segments_page(
    app: App, slug: str, lang: str, offset: int = 0, limit: int = 20, *,
    states: Collection[str] | None = None, with_issues: bool = False, with_target: bool = False, query: str = "",
) -> dict[str, Any]:
    """One page of a release's segments in ``lang`` (rows as in `list_segments`): the editor, the review queue.

    QA issues and memory matches, the costly part of a row (language detection, fuzzy lookups and
    character diffs), are computed for the page's segments only, so a page costs about the same in
    a 30- and a 1,000-segment release. ``states`` keeps segments in those states (from the
    translations table: cheap); ``with_target`` keeps segments that have a target text (cheap too: the
    review queue). ``with_issues`` keeps segments with at least one issue: that filter
    must check every candidate segment that has a target (a segment without one has no issue), so
    it costs in proportion to the translated part of the release, still without memory matches.
    Release-level issues (``inconsistent``) are decided over the whole release. ``total`` is the
    number of segments that pass the filters (for the page count). ``query`` keeps segments whose
    source or target contains it, without regard to case or accents (``domain.concordance.matches``).
    """
    if offset < 0 or limit < 1:
        raise InputError(f"invalid page: offset {offset}, limit {limit}")
    from workbench.services import memory, qa

    wanted = set(states or ())
    checks = qa.load_checks(app)
    with app.db.read() as session:
        release = release_repo.get_release(session, slug)
        segments = release_repo.current_segments(session, release)
        translations = release_repo.translations_by_segment(session, release, lang)

        def state_of(seg: Segment) -> str:
            tr = translations.get(seg.id)
            return tr.state if tr else "new"

        def target_of(seg: Segment) -> str | None:
            tr = translations.get(seg.id)
            return tr.target if tr else None

        translating = lang != release.source_lang
        release_level = inconsistent_issues(
            ApprovedSegment(s.key, s.source, target_of(s), state_of(s) == "approved") for s in segments
        ) if translating else {}
        known: dict[int, list[dict[str, Any]]] = {}

        def issues_of(seg: Segment) -> list[dict[str, Any]]:
            # As qa.issues_by_segment: a segment's own checks when it has a target, then the release-level ones.
            if seg.id not in known:
                target = target_of(seg)
                found = [] if not translating or target is None else qa.segment_issues(
                    app, seg.source, target, release.source_lang, lang, checks=checks,
                    unknown_words=translation_repo.unknown_words(translations.get(seg.id)))
                found += [qa.issue_dict(i) for i in release_level.get(seg.key, [])]
                known[seg.id] = sorted(found, key=lambda i: i["severity"] != "error")
            return known[seg.id]

        chosen = [s for s in segments if (not wanted or state_of(s) in wanted) and (not with_target or target_of(s))
                  and (not query or text_matches(query, s.source, target_of(s)))]
        if with_issues:
            chosen = [s for s in chosen if issues_of(s)]
        page = chosen[offset: offset + limit]
        matches: dict[int, list[dict[str, Any]]] = {}
        if translating and page:
            # The page's queries, each with its neighbours in the whole release as context.
            page_queries = memory.queries(release, segments, only={s.id for s in page})
            matches = memory.segment_matches(app, session, release.source_lang, lang, page_queries)
        threads = comment_repo.threads(session, [s.id for s in page], lang)
        users = comment_repo.user_names(session) if threads else []
        shown = [translations[s.id].id for s in page if s.id in translations]
        drafts = translation_repo.last_texts(session, shown, "draft")
        previous = translation_repo.previous_texts(session, shown)
        rows = [_segment_row(seg, tr := translations.get(seg.id), issues_of(seg), matches.get(seg.id, []),
                             threads.get(seg.id), drafts.get(tr.id) if tr else None,
                             previous.get(tr.id) if tr else None, users) for seg in page]
        return {"slug": release.slug, "lang": lang, "source_lang": release.source_lang, "title": release.title,
                "total": len(chosen), "offset": offset, "limit": limit, "segments": rows}
