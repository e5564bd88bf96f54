"""Use cases on releases: ingest a source, list releases, list segments with their translations."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from workbench.domain.glossary_checks import source_spelling_warnings, unknown_name_candidates
from workbench.domain.models import Document
from workbench.domain.segmentation import segment_document
from workbench.errors import ConflictError, NotFoundError, SourceError, WorkbenchError
from workbench.ingest import detect_language, read_document
from workbench.services import glossary
from workbench.services.app import App
from workbench.store import release_repo
from workbench.store.tables import Block, Release, Segment, utcnow

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
    doc = read_document(data, name=name, max_bytes=app.settings.max_source_bytes)
    detected = detect_language(doc.text)
    chosen = lang or detected
    if not chosen:
        raise SourceError("cannot tell the language of this text: pass --lang", path=name)
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
            raise ConflictError(f"a release {target_slug!r} exists already: use --update {target_slug} or --slug NEW")
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
        for seg in existing.values():
            seg.position = None
        for pos, seg in enumerate(segments):
            row = existing.get(seg.id)
            if row is None:
                row = Segment(key=seg.id, source=seg.source)
                release.segments.append(row)
            row.position, row.block, row.kind = pos, seg.block, seg.kind
    return report


def list_releases(app: App) -> list[dict[str, Any]]:
    """Every release with its segment count and per-language progress."""
    with app.db.read() as session:
        rows = release_repo.release_progress(session)
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
                "updated_at": release.updated_at.isoformat(),
            })
        return out


def list_segments(app: App, slug: str, lang: str | None = None) -> dict[str, Any]:
    """The segments of a release in order, with their translation into ``lang`` when given."""
    with app.db.read() as session:
        release = release_repo.get_release(session, slug)
        segments = release_repo.current_segments(session, release)
        translations = release_repo.translations_by_segment(session, release, lang) if lang else {}
        m = glossary.matcher(app) if lang else None
        rows = []
        for seg in segments:
            tr = translations.get(seg.id)
            issues = (
                glossary.segment_issues(app, m, seg.source, tr.target, release.source_lang, tr.lang)
                if m is not None and tr is not None and tr.target
                else []
            )
            rows.append({
                "id": seg.key,
                "block": seg.block,
                "kind": seg.kind,
                "source": seg.source,
                "previous_source": seg.previous_source,
                "target": tr.target if tr else None,
                "state": tr.state if tr else "new",
                "origin": tr.origin if tr else "",
                "version": tr.version if tr else 0,
                "updated_by": tr.updated_by if tr else None,
                "issues": issues,
            })
        return {"slug": release.slug, "lang": lang, "source_lang": release.source_lang,
                "title": release.title, "segments": rows}
