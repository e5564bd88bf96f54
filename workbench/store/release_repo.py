"""Releases, their blocks and segments, and per-language translations."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.store.reads import no_release
from workbench.store.tables import Release, Segment, Translation


def find_release(session: Session, slug: str) -> Release | None:
    """The release with this slug, or None."""
    return session.scalar(select(Release).where(Release.slug == slug))


def get_release(session: Session, slug: str) -> Release:
    """The release with this slug; NotFoundError naming the known ones otherwise."""
    release = find_release(session, slug)
    if release is None:
        raise no_release(slug, session.scalars(select(Release.slug).order_by(Release.slug).limit(10)).all())
    return release


def current_segments(session: Session, release: Release) -> list[Segment]:
    """The segments of the release's current version, in document order."""
    return list(
        session.scalars(
            select(Segment)
            .where(Segment.release_id == release.id, Segment.position.is_not(None))
            .order_by(Segment.position)
        )
    )


def neighbours(session: Session, segment: Segment) -> tuple[str | None, str | None]:
    """The sources just before and after a current segment in its release (None at an edge or when retired)."""
    if segment.position is None:
        return None, None
    near = (segment.position - 1, segment.position + 1)
    rows: dict[int | None, str] = {
        position: source for position, source in session.execute(
            select(Segment.position, Segment.source)
            .where(Segment.release_id == segment.release_id, Segment.position.in_(near))
        )
    }
    return rows.get(segment.position - 1), rows.get(segment.position + 1)


def translations_by_segment(session: Session, release: Release, lang: str) -> dict[int, Translation]:
    """segment id -> its translation into ``lang``, for every segment that has one."""
    rows = session.scalars(
        select(Translation)
        .join(Segment)
        .where(Segment.release_id == release.id, Translation.lang == lang)
    )
    return {t.segment_id: t for t in rows}


def release_progress(session: Session) -> list[tuple[Release, int, dict[tuple[str, str], int]]]:
    """Every release with its segment count and counts of translations per (language, state)."""
    releases = session.scalars(select(Release).order_by(Release.created_at.desc(), Release.id.desc())).all()
    counts: dict[int, dict[tuple[str, str], int]] = {r.id: {} for r in releases}
    seg_counts = dict(
        session.execute(
            select(Segment.release_id, func.count())
            .where(Segment.position.is_not(None))
            .group_by(Segment.release_id)
        ).all()
    )
    for release_id, lang, state, n in session.execute(
        select(Segment.release_id, Translation.lang, Translation.state, func.count())
        .join(Translation)
        .where(Segment.position.is_not(None))
        .group_by(Segment.release_id, Translation.lang, Translation.state)
    ):
        counts[release_id][(lang, state)] = n
    return [(r, seg_counts.get(r.id, 0), counts[r.id]) for r in releases]
