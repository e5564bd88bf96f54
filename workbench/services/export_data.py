"""What an export of one release in one language needs, read from the store into plain records."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from workbench.store import provenance_repo, release_repo, signoff_repo
from workbench.store.provenance_repo import Provenance, aware
from workbench.store.tables import Release


@dataclass(frozen=True)
class SegmentRecord:
    """One current segment with its translation into the exported language (state ``new`` when none)."""

    key: str
    position: int
    block: int
    kind: str
    source: str
    target: str | None
    state: str
    version: int
    origin: str
    updated_at: datetime | None
    provenance: Provenance
    repeated: bool  # the same source occurs elsewhere in the release: needs a msgctxt

    @property
    def approved(self) -> bool:
        """Whether the target may be published as final."""
        return self.state == "approved" and bool(self.target)


@dataclass(frozen=True)
class ReleaseLang:
    """A release and its segments as seen in one target language."""

    slug: str
    title: str
    source_lang: str
    lang: str
    published: date | None
    created_at: datetime
    updated_at: datetime
    segments: tuple[SegmentRecord, ...]
    signoff: dict[str, str] | None

    @property
    def revision_date(self) -> datetime:
        """The newest change among the release and its translations: PO-Revision-Date comes from data, not now()."""
        times = [self.updated_at, *(s.updated_at for s in self.segments if s.updated_at is not None)]
        return max(times)


def _published(raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        return None  # a date the reader could not make sense of is left off the page, not guessed


def collect(session: Session, release: Release, lang: str) -> ReleaseLang:
    """The release's current segments with their translation, provenance and the language's sign-off."""
    segments = release_repo.current_segments(session, release)
    translations = release_repo.translations_by_segment(session, release, lang)
    prov = provenance_repo.provenance(session, [t.id for t in translations.values()])
    counts = Counter(s.source for s in segments)
    records = []
    for seg in segments:
        tr = translations.get(seg.id)
        assert seg.position is not None  # current_segments returns placed segments only
        records.append(SegmentRecord(
            key=seg.key, position=seg.position, block=seg.block, kind=seg.kind, source=seg.source,
            target=tr.target if tr else None, state=tr.state if tr else "new", version=tr.version if tr else 0,
            origin=tr.origin if tr else "", updated_at=aware(tr.updated_at) if tr else None,
            provenance=prov.get(tr.id, Provenance()) if tr else Provenance(), repeated=counts[seg.source] > 1,
        ))
    standing = signoff_repo.active(session, release.id, lang)
    signoff = {"reviewer": standing.reviewer, "at": aware(standing.at).isoformat()} if standing else None
    return ReleaseLang(
        slug=release.slug, title=release.title, source_lang=release.source_lang, lang=lang,
        published=_published(release.published), created_at=aware(release.created_at),
        updated_at=aware(release.updated_at), segments=tuple(records), signoff=signoff,
    )


#: The extracted comment that carries a segment's id and the version exported; PO import reads it back.
SEGMENT_NOTE_RE = re.compile(
    r"^segment (?P<key>\S+) \((?P<kind>[a-z_]+), block (?P<block>\d+)\), version (?P<version>\d+)$"
)


def segment_note(seg: SegmentRecord) -> str:
    """``segment 4f81034501 (title, block 1), version 3``: where the entry comes from, and which version."""
    return f"segment {seg.key} ({seg.kind}, block {seg.block + 1}), version {seg.version}"
