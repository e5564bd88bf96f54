"""A release's segments with their translations, as `workbench segments`, the editor and the review queue list them.

The rows are read through the driver (``store.reads``, no SQLAlchemy), so that `segments SLUG`
starts fast; with a target language the QA checks (``services.qa``) and the translation memory
(``services.memory``, on the ORM) are loaded for the issues and matches of each row.
``services.releases`` re-exports both functions under their old names.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, TypedDict

from workbench.domain.concordance import matches as text_matches
from workbench.domain.tm import diff
from workbench.domain.unknown_words import words_in
from workbench.errors import InputError
from workbench.services.app import App
from workbench.store import reads
from workbench.store.reads import CommentJSON, CommentRow, ReleaseRow, SegmentRow, TranslationRow

if TYPE_CHECKING:  # the checks load langdetect and the term base: imported where they run
    from workbench.services.memory import Lookups, MatchJSON
    from workbench.services.qa import Checks, IssueJSON


class SegmentRowJSON(TypedDict):
    """One segment as `segments --json` and the UI show it.

    The segment: ``id``, ``block`` (0-based), ``kind``, ``source``; after an update that corrected
    it, ``previous_source`` and ``source_diff`` (``[{"op", "text"}]``; else None and empty).
    Its translation (none yet: state ``new``, version 0): ``target``, ``state``, ``origin``,
    ``version``, ``updated_by``, ``failure`` (why the last machine drafting failed) and
    ``unknown_words`` (the engine's untranslated words still in the text).
    What the target language brings: ``issues`` (QA), ``matches`` (memory), ``comments`` (the
    thread), ``machine_draft`` (the engine's last draft), ``previous_target`` and ``target_diff``
    (the text before its newest change, and the change).
    """

    id: str
    block: int
    kind: str
    source: str
    previous_source: str | None
    source_diff: list[dict[str, str]]
    target: str | None
    state: str
    origin: str
    version: int
    updated_by: str | None
    failure: str
    unknown_words: list[str]
    issues: list[IssueJSON]
    matches: list[MatchJSON]
    comments: list[CommentJSON]
    machine_draft: str | None
    previous_target: str | None
    target_diff: list[dict[str, str]]


class SegmentListJSON(TypedDict):
    """`segments --json`: the release (``slug``, ``title``, ``source_lang``), the target ``lang``
    (None: the sources only) and every current segment in order."""

    slug: str
    lang: str | None
    source_lang: str
    title: str
    segments: list[SegmentRowJSON]


class SegmentPageJSON(TypedDict):
    """One page of segments (the editor, the review queue): the release, the target ``lang``,
    ``total`` (segments passing the filters), the page's ``offset`` and ``limit``, and its rows."""

    slug: str
    lang: str
    source_lang: str
    title: str
    total: int
    offset: int
    limit: int
    segments: list[SegmentRowJSON]


def segment_row(
    seg: SegmentRow, tr: TranslationRow | None, issues: list[IssueJSON], matches: list[MatchJSON],
    comments: list[CommentRow] | None = None, machine_draft: str | None = None, previous_target: str | None = None,
    users: Collection[str] = (),
) -> SegmentRowJSON:
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
        "unknown_words": list(words_in(reads.unknown_words(tr), tr.target or "")) if tr else [],
        "issues": issues,
        "matches": matches,
        # The segment's thread in the target language (docs/review.md, "Comments"); empty without a target language.
        "comments": [reads.comment_json(c, users) for c in comments or ()],
        # The engine's last draft of it, kept through later edits (the editor can insert it again).
        "machine_draft": machine_draft,
        # The text before its newest change (who changed it: `history`), and the change as a word diff.
        "previous_target": previous_target,
        "target_diff": diff(previous_target, tr.target or "") if tr and previous_target else [],
    }


def _matches(app: App, release: ReleaseRow, segments: list[SegmentRow], lang: str,
             only: Collection[int] | None = None, lookups: Lookups | None = None) -> dict[int, list[MatchJSON]]:
    """segment id -> its memory matches (of the segments in ``only``, default all), with their neighbours' context."""
    from workbench.services import memory

    queries = memory.queries(release, segments, only=only)  # type: ignore[arg-type]  # the rows have the ORM's names
    return memory.segment_matches(app, release.source_lang, lang, queries, lookups=lookups)


def list_segments(app: App, slug: str, lang: str | None = None) -> SegmentListJSON:
    """The segments of a release in order, with their translation into ``lang`` when given."""
    with app.db.reader() as reader:
        release = reads.get_release(reader, slug)
        segments = reads.current_segments(reader, release.id)
        translations = reads.translations_by_segment(reader, release.id, lang) if lang else {}
        threads = reads.threads(reader, [s.id for s in segments], lang) if lang else {}
        users = reads.user_names(reader) if threads else []
        drafts = reads.last_texts(reader, [t.id for t in translations.values()], "draft")
        previous = reads.previous_texts(reader, [t.id for t in translations.values()])
    issues_of: dict[str, list[IssueJSON]] = {}
    matches: dict[int, list[MatchJSON]] = {}
    if lang and lang != release.source_lang:
        from workbench.services import qa  # checks and memory: only with a target

        texts = [qa.SegmentText(s.key, s.source, translations[s.id].target if s.id in translations else None,
                                translations[s.id].state if s.id in translations else "new",
                                reads.unknown_words(translations.get(s.id))) for s in segments]
        issues_of = qa.issues_by_segment(app, texts, release.source_lang, lang)
        matches = _matches(app, release, segments, lang)
    rows = [segment_row(seg, tr := translations.get(seg.id), issues_of.get(seg.key, []), matches.get(seg.id, []),
                        threads.get(seg.id), drafts.get(tr.id) if tr else None, previous.get(tr.id) if tr else None,
                        users) for seg in segments]
    return {"slug": release.slug, "lang": lang, "source_lang": release.source_lang,
            "title": release.title, "segments": rows}


def list_segments_page(
    app: App, slug: str, lang: str, offset: int = 0, limit: int = 20, *,
    states: Collection[str] | None = None, with_issues: bool = False, with_target: bool = False, query: str = "",
    with_matches: bool = True, checks: Checks | None = None, keys: Collection[str] | None = None,
    lookups: Lookups | None = None,
) -> SegmentPageJSON:
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
    ``with_matches=False`` leaves the memory out (rows get no ``matches``: a screen that does not show
    them). ``checks``: a ``qa.Checks`` the caller keeps for the current term base (the UI's, whose
    memo answers for texts already checked); by default the checks are loaded for this call.
    ``lookups``: a ``memory.Lookups`` the caller keeps for the memory's current stamp (the UI's, whose
    memo answers for sources already looked up); by default this call's own.
    ``keys`` keeps the segments with those ids (the editor reading one segment again after its save).
    """
    if offset < 0 or limit < 1:
        raise InputError(f"invalid page: offset {offset}, limit {limit}")
    from workbench.services import qa

    wanted = set(states or ())
    checks = checks or qa.load_checks(app)
    with app.db.reader() as reader:
        release = reads.get_release(reader, slug)
        segments = reads.current_segments(reader, release.id)
        translations = reads.translations_by_segment(reader, release.id, lang)

        def state_of(seg: SegmentRow) -> str:
            tr = translations.get(seg.id)
            return tr.state if tr else "new"

        def target_of(seg: SegmentRow) -> str | None:
            tr = translations.get(seg.id)
            return tr.target if tr else None

        translating = lang != release.source_lang
        texts = {s.id: qa.SegmentText(s.key, s.source, target_of(s), state_of(s),
                                      reads.unknown_words(translations.get(s.id))) for s in segments}
        release_level = qa.release_level_issues(texts.values()) if translating else {}
        known: dict[int, list[IssueJSON]] = {}

        def issues_of(seg: SegmentRow) -> list[IssueJSON]:
            if seg.id not in known:
                known[seg.id] = qa.issues_of_segment(app, texts[seg.id], release.source_lang, lang, release_level,
                                                     checks=checks) if translating else []
            return known[seg.id]

        chosen = [s for s in segments if (not wanted or state_of(s) in wanted) and (not with_target or target_of(s))
                  and (not query or text_matches(query, s.source, target_of(s))) and (keys is None or s.key in keys)]
        if with_issues:
            chosen = [s for s in chosen if issues_of(s)]
        page = chosen[offset: offset + limit]
        # The page's queries, each with its neighbours in the whole release as context.
        matches = (_matches(app, release, segments, lang, only={s.id for s in page}, lookups=lookups)
                   if translating and page and with_matches else {})
        threads = reads.threads(reader, [s.id for s in page], lang)
        users = reads.user_names(reader) if threads else []
        shown = [translations[s.id].id for s in page if s.id in translations]
        drafts = reads.last_texts(reader, shown, "draft")
        previous = reads.previous_texts(reader, shown)
        rows = [segment_row(seg, tr := translations.get(seg.id), issues_of(seg), matches.get(seg.id, []),
                            threads.get(seg.id), drafts.get(tr.id) if tr else None,
                            previous.get(tr.id) if tr else None, users) for seg in page]
    return {"slug": release.slug, "lang": lang, "source_lang": release.source_lang, "title": release.title,
            "total": len(chosen), "offset": offset, "limit": limit, "segments": rows}
