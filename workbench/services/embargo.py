"""Embargoes: a release says nothing to the outside before its time (stored in UTC; docs/publishing.md)."""

from __future__ import annotations

from datetime import UTC, datetime

from workbench.errors import InputError, PermissionDeniedError
from workbench.store.provenance_repo import aware
from workbench.store.tables import Release, utcnow


def parse_until(raw: str) -> datetime:
    """``2026-12-08T09:00+01:00`` -> the moment in UTC; an ISO 8601 time without its offset is refused."""
    try:
        when = datetime.fromisoformat(raw.strip())
    except ValueError as exc:
        raise InputError(f"{raw!r} is not an ISO 8601 time (e.g. 2026-12-08T09:00+01:00)") from exc
    if when.tzinfo is None or when.utcoffset() is None:
        raise InputError(f"{raw!r} has no UTC offset: write it as e.g. {raw.strip()}+01:00 (CET) or {raw.strip()}Z")
    try:
        return when.astimezone(UTC)
    except OverflowError as exc:  # 0001-01-01T00:00+14:00 is before the first moment UTC can write
        raise InputError(f"{raw!r} is out of range: give a time between the years 1 and 9999 in UTC") from exc


def embargoed(release: Release, now: datetime | None = None) -> bool:
    """Whether the release's embargo has yet to pass."""
    until = aware(release.embargo_until) if release.embargo_until else None
    return until is not None and until > (now or utcnow())


def refuse_if_embargoed(release: Release, what: str) -> None:
    """PermissionDeniedError when ``what`` (the page, the bundle) of an embargoed release would leave the system."""
    if embargoed(release):
        until = aware(release.embargo_until).isoformat() if release.embargo_until else ""
        raise PermissionDeniedError(
            f"{release.slug!r} is under embargo until {until}: {what} cannot be exported before then "
            "(the .po work files can)"
        )
