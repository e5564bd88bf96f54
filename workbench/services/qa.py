"""Quality checks of segments' targets: the one place that decides which checks run.

``segment_issues`` runs the glossary check (docs/glossary.md) and every check of
``workbench.domain.checks.segment_checks``; ``issues_by_segment`` adds the release-level
``inconsistent`` check. Every caller (approval, `segments`, `qa`) goes through these two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.domain import language_tags
from workbench.domain.checks import ApprovedSegment, Check, Issue, inconsistent_issues, run_checks, segment_checks
from workbench.domain.glossary import Termbase
from workbench.domain.glossary_checks import GlossaryIssue, target_issues
from workbench.domain.glossary_match import Matcher
from workbench.errors import InputError
from workbench.ingest.language import language_probabilities
from workbench.services.app import App
from workbench.services.glossary import termbase
from workbench.services.memo import Memo
from workbench.store import reads


@dataclass(frozen=True)
class Checks:
    """What the checks need, loaded once per command (the term base and its automaton).

    ``found`` keeps the issues of the texts checked with these checks, keyed by everything they
    depend on besides the term base (the texts, the languages, the engine's unknown words): the UI
    keeps one ``Checks`` per term-base version (``ui/resources.py``), so a rerun asks again for
    nothing already checked, and an edit (new text) or a glossary change (new ``Checks``) is checked afresh.
    """

    termbase: Termbase
    matcher: Matcher
    fallback: tuple[str, ...]
    segment_checks: tuple[Check, ...] = ()
    found: Memo[list[dict[str, Any]]] = field(default_factory=Memo, compare=False, repr=False)


def load_checks(app: App) -> Checks:
    """Load the term base and build its matcher; do this before opening a write transaction."""
    tb = termbase(app)
    forms = [form for concept in tb.concepts.values() for _lang, form, _preferred in concept.all_forms()]
    return Checks(tb, Matcher(tb), tuple(app.settings.glossary_fallback),
                  segment_checks(language_probabilities, glossary_forms=forms))


def issue_dict(issue: Issue | GlossaryIssue) -> dict[str, Any]:
    """An issue as the services hand it on: ``{"check", "severity", "message"}`` (English), and
    ``i18n``, the message as an id and its values (``Message.as_dict``) for the interface to translate."""
    return {"check": issue.check, "severity": issue.severity, "message": issue.message,
            "i18n": issue.text.as_dict() if issue.text is not None else None}


def segment_issues(
    app: App, source: str, target: str, source_lang: str, target_lang: str, *, checks: Checks | None = None,
    unknown_words: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Every issue of one target text: [{"check", "severity", "message"}], errors first.

    ``unknown_words``: the words the drafting engine marked as untranslated (the translation's record).
    """
    loaded = checks or load_checks(app)

    def run() -> list[dict[str, Any]]:
        found: list[Any] = run_checks(loaded.segment_checks, source, target, source_lang, target_lang, unknown_words)
        if target.strip():
            found += target_issues(source, target, source_lang, target_lang, loaded.termbase, loaded.matcher,
                                   loaded.fallback)
        issues = [issue_dict(i) for i in found]
        return sorted(issues, key=lambda i: i["severity"] != "error")

    # A copy of each issue: callers add to and sort the lists they get.
    kept = loaded.found.get((source, target, source_lang, target_lang, tuple(unknown_words)), run)
    return [dict(issue) for issue in kept]


@dataclass(frozen=True)
class SegmentText:
    """What the release-level QA needs of one segment: key, source, its target (None: none yet), state,
    and the words the drafting engine left untranslated."""

    key: str
    source: str
    target: str | None
    state: str
    unknown_words: tuple[str, ...] = ()


def issues_by_segment(
    app: App, segments: list[SegmentText], source_lang: str, target_lang: str, *, checks: Checks | None = None,
    untranslated: bool = False,
) -> dict[str, list[dict[str, Any]]]:
    """Segment key -> every issue of its target, ``inconsistent`` included, errors first.

    A segment without a target is checked (as ``untranslated``) only when ``untranslated`` is True
    (the `qa` report); `segments` shows issues of texts that exist.
    """
    checks = checks or load_checks(app)
    out: dict[str, list[dict[str, Any]]] = {}
    for seg in segments:
        if seg.target is None and not untranslated:
            continue
        out[seg.key] = segment_issues(app, seg.source, seg.target or "", source_lang, target_lang, checks=checks,
                                      unknown_words=seg.unknown_words)
    release_level = inconsistent_issues(
        ApprovedSegment(s.key, s.source, s.target, s.state == "approved") for s in segments
    )
    for key, found in release_level.items():
        out.setdefault(key, []).extend(issue_dict(i) for i in found)
        out[key].sort(key=lambda i: i["severity"] != "error")
    return out


def release_issues(app: App, slug: str, lang: str) -> dict[str, Any]:
    """Every QA issue of a release's targets in ``lang``: {"issues": [{"segment", "check", "severity", "message"}]}."""
    language_tags.check(lang, "target language")
    checks = load_checks(app)
    with app.db.reader() as reader:
        release = reads.get_release(reader, slug)
        if lang == release.source_lang:
            raise InputError(f"{slug!r} is written in {lang!r}: choose another target language")
        translations = reads.translations_by_segment(reader, release.id, lang)
        texts = []
        for seg in reads.current_segments(reader, release.id):
            tr = translations.get(seg.id)
            texts.append(SegmentText(seg.key, seg.source, tr.target if tr else None, tr.state if tr else "new",
                                     reads.unknown_words(tr)))
        source_lang = release.source_lang
    found = issues_by_segment(app, texts, source_lang, lang, checks=checks, untranslated=True)
    issues = [{"segment": t.key, **issue} for t in texts for issue in found.get(t.key, [])]
    counts = {"error": sum(i["severity"] == "error" for i in issues),
              "warning": sum(i["severity"] == "warning" for i in issues)}
    return {"slug": slug, "lang": lang, "segments": len(texts), "counts": counts, "issues": issues}


def errors_of(issues: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The error-level issues (those that block an approval without an override)."""
    return [i for i in issues if i["severity"] == "error"]
