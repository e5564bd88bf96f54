"""Quality checks of segments' targets: the one place that decides which checks run.

``segment_issues`` runs the glossary check (docs/glossary.md) and every check of
``workbench.domain.checks.segment_checks``; ``issues_of_segment`` adds a segment's release-level
``inconsistent`` issues, and ``issues_by_segment`` does so for a whole release. Every caller
(approval, `segments`, the editor's pages, `qa`) goes through these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict

from workbench.domain import language_tags
from workbench.domain.checks import ApprovedSegment, Check, Issue, inconsistent_issues, run_checks, segment_checks
from workbench.domain.glossary import Termbase
from workbench.domain.glossary_checks import GlossaryIssue, target_issues
from workbench.domain.glossary_match import Matcher
from workbench.ingest.language import language_probabilities
from workbench.services.app import App
from workbench.services.glossary import TermJSON, termbase, terms_for
from workbench.services.memo import Memo
from workbench.store import reads


class IssueJSON(TypedDict):
    """One issue of a target text, as every interface gets it (`qa --json`, `segments --json`, the UI).

    ``check`` names the check, ``severity`` is ``error`` (blocks an approval) or ``warning``,
    ``message`` says it in English; ``i18n`` is the same message as an id and its values
    (``Message.as_dict``: ``{"id", "plural", "params"}``) for the interface to translate, or None.
    """

    check: str
    severity: str
    message: str
    i18n: dict[str, Any] | None


class SegmentIssueJSON(IssueJSON):
    """An issue of a release's target, with the ``segment`` (its id) it is found in."""

    segment: str


class IssueCountsJSON(TypedDict):
    """How many issues of each severity a report holds."""

    error: int
    warning: int


class ReleaseIssuesJSON(TypedDict):
    """`qa --json`: the release and target language, how many segments were checked, the counts and every issue."""

    slug: str
    lang: str
    segments: int
    counts: IssueCountsJSON
    issues: list[SegmentIssueJSON]


@dataclass(frozen=True)
class Checks:
    """What the checks need, loaded once per command (the term base and its automaton).

    ``found`` keeps the issues of the texts checked with these checks, keyed by everything they
    depend on besides the term base (the texts, the languages, the engine's unknown words): the UI
    keeps one ``Checks`` per term-base version (``ui/resources.py``), so a rerun asks again for
    nothing already checked, and an edit (new text) or a glossary change (new ``Checks``) is checked afresh.
    ``terms`` keeps, the same way, the glossary terms found in a source (``terms_of``).
    """

    termbase: Termbase
    matcher: Matcher
    fallback: tuple[str, ...]
    segment_checks: tuple[Check, ...] = ()
    found: Memo[list[IssueJSON]] = field(default_factory=Memo, compare=False, repr=False)
    terms: Memo[tuple[TermJSON, ...]] = field(default_factory=Memo, compare=False, repr=False)


def load_checks(app: App) -> Checks:
    """Load the term base and build its matcher; do this before opening a write transaction."""
    tb = termbase(app)
    forms = [form for concept in tb.concepts.values() for _lang, form, _preferred in concept.all_forms()]
    return Checks(tb, Matcher(tb), tuple(app.settings.glossary_fallback),
                  segment_checks(language_probabilities, glossary_forms=forms))


def issue_dict(issue: Issue | GlossaryIssue) -> IssueJSON:
    """An issue as the services hand it on: ``{"check", "severity", "message"}`` (English), and
    ``i18n``, the message as an id and its values (``Message.as_dict``) for the interface to translate."""
    return {"check": issue.check, "severity": issue.severity, "message": issue.message,
            "i18n": issue.text.as_dict() if issue.text is not None else None}


def segment_issues(
    app: App, source: str, target: str, source_lang: str, target_lang: str, *, checks: Checks | None = None,
    unknown_words: Sequence[str] = (),
) -> list[IssueJSON]:
    """Every issue of one target text: [{"check", "severity", "message"}], errors first.

    ``unknown_words``: the words the drafting engine marked as untranslated (the translation's record).
    """
    loaded = checks or load_checks(app)

    def run() -> list[IssueJSON]:
        found: list[Any] = run_checks(loaded.segment_checks, source, target, source_lang, target_lang, unknown_words)
        if target.strip():
            found += target_issues(source, target, source_lang, target_lang, loaded.termbase, loaded.matcher,
                                   loaded.fallback)
        issues = [issue_dict(i) for i in found]
        return sorted(issues, key=lambda i: i["severity"] != "error")

    # A copy of each issue: callers add to and sort the lists they get.
    kept = loaded.found.get((source, target, source_lang, target_lang, tuple(unknown_words)), run)
    return [issue.copy() for issue in kept]


def terms_of(app: App, checks: Checks, source: str, source_lang: str, target_lang: str) -> list[TermJSON]:
    """``glossary.terms_for`` with these checks' matcher, kept per source and languages (the term base is the
    checks' own; the editor shows the same sources at every rerun). A copy of each term, as for the issues."""
    kept = checks.terms.get((source, source_lang, target_lang, tuple(app.settings.glossary_fallback)),
                            lambda: tuple(terms_for(app, checks.matcher, source, source_lang, target_lang)))
    return [term.copy() for term in kept]


@dataclass(frozen=True)
class SegmentText:
    """What the release-level QA needs of one segment: key, source, its target (None: none yet), state,
    and the words the drafting engine left untranslated."""

    key: str
    source: str
    target: str | None
    state: str
    unknown_words: tuple[str, ...] = ()


def release_level_issues(segments: Iterable[SegmentText]) -> dict[str, list[Issue]]:
    """Segment key -> its release-level issues (``inconsistent``), to pass to ``issues_of_segment``."""
    return inconsistent_issues(ApprovedSegment(s.key, s.source, s.target, s.state == "approved") for s in segments)


def issues_of_segment(
    app: App, seg: SegmentText, source_lang: str, target_lang: str, release_level: Mapping[str, list[Issue]], *,
    checks: Checks, untranslated: bool = False,
) -> list[IssueJSON]:
    """One segment's issues, errors first: its own checks when it has a target (without one, as
    ``untranslated`` only when ``untranslated`` is True), then its release-level ones."""
    found: list[IssueJSON] = [] if seg.target is None and not untranslated else segment_issues(
        app, seg.source, seg.target or "", source_lang, target_lang, checks=checks, unknown_words=seg.unknown_words)
    found += [issue_dict(i) for i in release_level.get(seg.key, [])]
    return sorted(found, key=lambda i: i["severity"] != "error")


def issues_by_segment(
    app: App, segments: list[SegmentText], source_lang: str, target_lang: str, *, checks: Checks | None = None,
    untranslated: bool = False,
) -> dict[str, list[IssueJSON]]:
    """Segment key -> every issue of its target, ``inconsistent`` included, errors first.

    A segment without a target is checked (as ``untranslated``) only when ``untranslated`` is True
    (the `qa` report); `segments` shows issues of texts that exist.
    """
    checks = checks or load_checks(app)
    release_level = release_level_issues(segments)
    return {seg.key: issues_of_segment(app, seg, source_lang, target_lang, release_level, checks=checks,
                                       untranslated=untranslated)
            for seg in segments if seg.target is not None or untranslated or seg.key in release_level}


def release_issues(app: App, slug: str, lang: str) -> ReleaseIssuesJSON:
    """Every QA issue of a release's targets in ``lang``: {"issues": [{"segment", "check", "severity", "message"}]}."""
    lang = language_tags.check(lang, "target language")
    checks = load_checks(app)
    with app.db.reader() as reader:
        release = reads.get_release(reader, slug)
        language_tags.check_target(lang, release.source_lang, slug)
        translations = reads.translations_by_segment(reader, release.id, lang)
        texts = []
        for seg in reads.current_segments(reader, release.id):
            tr = translations.get(seg.id)
            texts.append(SegmentText(seg.key, seg.source, tr.target if tr else None, tr.state if tr else "new",
                                     reads.unknown_words(tr)))
        source_lang = release.source_lang
    found = issues_by_segment(app, texts, source_lang, lang, checks=checks, untranslated=True)
    issues: list[SegmentIssueJSON] = [{"segment": t.key, **issue} for t in texts for issue in found.get(t.key, [])]
    counts: IssueCountsJSON = {"error": sum(i["severity"] == "error" for i in issues),
              "warning": sum(i["severity"] == "warning" for i in issues)}
    return {"slug": slug, "lang": lang, "segments": len(texts), "counts": counts, "issues": issues}


def errors_of(issues: list[IssueJSON]) -> list[IssueJSON]:
    """The error-level issues (those that block an approval without an override)."""
    return [i for i in issues if i["severity"] == "error"]
