"""Publishing to the sections' sites: embargoes, what is public, the published files, publish-due.

A language of a release is *public* when it stands signed off (every current segment approved,
services.review) and the release has no embargo still to pass. Nothing else leaves the system
through the API or the webhooks: an unknown, unsigned or embargoed release looks the same from
outside (NotFoundError with one message). Embargoes are stored in UTC and shown in the user's zone.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any, NotRequired, TypedDict

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workbench.domain import language_tags
from workbench.errors import InputError, NotFoundError
from workbench.services import users
from workbench.services.app import App
from workbench.services.embargo import embargoed
from workbench.services.export import build_page, render_release
from workbench.services.export_data import ReleaseLang, collect
from workbench.store import event_details, publishing_repo, release_repo
from workbench.store.provenance_repo import aware
from workbench.store.tables import Release, ReleaseEvent, SignOff, utcnow

#: The one answer for anything a token may not see, so that nothing is revealed by the difference.
NOT_PUBLIC = "not found"
FILE_KINDS = ("po", "mo", "html", "json")


class PublishedLangJSON(TypedDict):
    """A language of a release that was just published."""

    slug: str
    lang: str


class EmbargoJSON(TypedDict):
    """A release's embargo (`embargo --json`): ``embargo_until`` (ISO 8601 in UTC; None: no embargo)
    and whether it is ``embargoed`` still (its time has not passed); lifting an embargo adds the
    languages it ``published`` at once (nothing else carries that key)."""

    slug: str
    embargo_until: str | None
    embargoed: bool
    published: NotRequired[list[PublishedLangJSON]]


class ReleaseEventJSON(TypedDict):
    """One event of a release's own history: when (ISO 8601), who, which ``action`` (ingest, update,
    translate, export, embargo, embargo_lift), the values ``before``/``after`` (an embargo's times)
    and its ``details`` (the source, the languages, the counts; the CLI's OS user)."""

    at: str
    actor: str
    action: str
    before: str | None
    after: str | None
    details: dict[str, Any]


class ReleaseHistoryJSON(EmbargoJSON):
    """A release's embargo and its own events, oldest first."""

    events: list[ReleaseEventJSON]


class PublishDueJSON(TypedDict):
    """What `publish-due` published: the languages whose embargo passed."""

    published: list[PublishedLangJSON]


class PublicReleaseJSON(TypedDict):
    """A public language of a release, as the API lists it: ``slug``, ``title`` (in ``lang``), when
    it was signed off and its ``last_change`` (ISO 8601)."""

    slug: str
    title: str
    lang: str
    signed_off_at: str
    last_change: str


class PublicReleasesJSON(TypedDict):
    """The API's `GET /api/v1/releases`: every public language a token may see."""

    releases: list[PublicReleaseJSON]


def _embargo_json(release: Release) -> EmbargoJSON:
    until = aware(release.embargo_until) if release.embargo_until else None
    return {"slug": release.slug, "embargo_until": until.isoformat() if until else None,
            "embargoed": embargoed(release)}


def set_embargo(app: App, slug: str, until: datetime | None, user: str) -> EmbargoJSON:
    """Set, change (``until``) or lift (None) a release's embargo, as ``user``; an event in the release's history.

    A new embargo on a language that was public already takes it out of the API, and its end
    announces ``published`` again.
    """
    if until is not None and until.tzinfo is None:
        raise InputError("an embargo needs a time with its UTC offset")
    with app.db.write() as session:
        name = users.acting(session, user, "embargo").name
        release = release_repo.get_release(session, slug)
        before = aware(release.embargo_until).isoformat() if release.embargo_until else None
        release.embargo_until = until.astimezone(UTC) if until else None
        after = release.embargo_until.isoformat() if release.embargo_until else None
        if before != after:
            publishing_repo.add_release_event(session, release.id, name, "embargo" if until else "embargo_lift",
                                              before, after, app.event_details())
        if until is not None and embargoed(release):
            session.execute(update(SignOff).where(SignOff.release_id == release.id, SignOff.revoked_at.is_(None))
                            .values(published_at=None))
        result = _embargo_json(release)
    if until is None:
        result["published"] = publish_due(app)["published"]  # lifting it publishes the signed-off languages now
    return result


def release_history(app: App, slug: str) -> ReleaseHistoryJSON:
    """A release's own events (ingested, updated, drafted, exported, embargoes set or lifted), oldest first."""
    with app.db.read() as session:
        release = release_repo.get_release(session, slug)
        events = [_release_event_json(e) for e in publishing_repo.release_events(session, release.id)]
        return {**_embargo_json(release), "events": events}


def _release_event_json(e: ReleaseEvent) -> ReleaseEventJSON:
    after, details = event_details.unpack(e.after)
    return {"at": aware(e.at).isoformat(), "actor": e.actor, "action": e.action, "before": e.before,
            "after": after or None, "details": details}


def _signoff_data(row: SignOff) -> dict[str, Any]:
    return {"reviewer": row.reviewer, "signed_off_at": aware(row.at).isoformat()}


def on_signoff(session: Session, release: Release, lang: str, row: SignOff) -> None:
    """Called in the sign-off's transaction: queue ``signoff`` and ``published`` unless an embargo holds them."""
    if embargoed(release):
        return  # nothing about the release leaves before its embargo: publish_due announces it then
    row.published_at = row.at
    publishing_repo.enqueue(session, "signoff", release, lang, _signoff_data(row))
    publishing_repo.enqueue(session, "published", release, lang, _published_data(release, lang, row))


def _published_data(release: Release, lang: str, row: SignOff) -> dict[str, Any]:
    base = f"/api/v1/releases/{release.slug}/{lang}"
    return {**_signoff_data(row), "files": {kind: f"{base}.{kind}" for kind in FILE_KINDS},
            "bundle": f"/api/v1/releases/{release.slug}/bundle.zip"}


def publish_due(app: App, now: datetime | None = None) -> PublishDueJSON:
    """Announce ``published`` for every signed-off language whose embargo has passed (cron: `publish-due`).

    Safe to run from several processes at once: a language is claimed by one conditional UPDATE.
    Its condition says again that the sign-off stands: on PostgreSQL a change that revoked it since
    it was read (and found nothing published to announce as revoked) makes the claim fail, instead
    of the sites being told ``published`` and never ``revoked``. The releases are read row-locked,
    so a new embargo set meanwhile is seen, or waits and then takes the language back.
    """
    moment = now or utcnow()
    published: list[PublishedLangJSON] = []
    with app.db.write() as session:
        rows = session.execute(
            select(SignOff, Release).join(Release, Release.id == SignOff.release_id)
            .where(SignOff.revoked_at.is_(None), SignOff.published_at.is_(None))
            .order_by(SignOff.id).with_for_update(of=Release)
        ).all()
        for row, release in rows:
            if embargoed(release, moment):
                continue
            claimed = session.execute(
                update(SignOff).where(SignOff.id == row.id, SignOff.published_at.is_(None),
                                      SignOff.revoked_at.is_(None))
                .values(published_at=moment).execution_options(synchronize_session=False)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                continue  # another process got there first, or a change revoked it meanwhile
            publishing_repo.enqueue(session, "published", release, row.lang, _published_data(release, row.lang, row),
                                    at=moment)
            published.append({"slug": release.slug, "lang": row.lang})
    return {"published": published}


def _public_langs(session: Session, release: Release, allowed: frozenset[str]) -> dict[str, SignOff]:
    """lang -> standing sign-off, for the release's public languages a token may see (empty = all)."""
    if embargoed(release):
        return {}
    rows = session.scalars(select(SignOff).where(SignOff.release_id == release.id, SignOff.revoked_at.is_(None))
                           .order_by(SignOff.id))
    return {r.lang: r for r in rows if not allowed or language_tags.in_scope(r.lang, allowed)}


def public_releases(app: App, allowed: frozenset[str] = frozenset()) -> PublicReleasesJSON:
    """The signed-off, released languages visible to a token: slug, title, language, sign-off time, last change."""
    out: list[PublicReleaseJSON] = []
    with app.db.read() as session:
        for release in session.scalars(select(Release).order_by(Release.slug)):
            for lang, row in sorted(_public_langs(session, release, allowed).items()):
                data = collect(session, release, lang)
                out.append({"slug": release.slug, "title": build_page(data).title, "lang": lang,
                            "signed_off_at": aware(row.at).isoformat(),
                            "last_change": _last_change(data, row).isoformat()})
    return {"releases": out}


def _last_change(data: ReleaseLang, row: SignOff) -> datetime:
    return max(data.revision_date, aware(row.at))


def http_date(when: datetime) -> str:
    """An RFC 9110 date (Last-Modified)."""
    return format_datetime(when.astimezone(UTC).replace(microsecond=0), usegmt=True)


def _json_file(data: ReleaseLang, row: SignOff) -> bytes:
    doc = {
        "slug": data.slug, "lang": data.lang, "source_lang": data.source_lang, "title": build_page(data).title,
        "signed_off_at": aware(row.at).isoformat(), "reviewer": row.reviewer,
        "segments": [{"id": s.key, "kind": s.kind, "block": s.block + 1, "source": s.source,
                      "target": s.target if s.approved else None} for s in data.segments],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def public_file(app: App, slug: str, name: str, allowed: frozenset[str] = frozenset()) -> tuple[bytes, datetime]:
    """The bytes of ``{lang}.po|.mo|.html|.json`` or ``bundle.zip`` of a public release, with its last change.

    NotFoundError (always the same message) for anything not public to this token.
    """
    lang, _, kind = name.rpartition(".")
    if kind not in (*FILE_KINDS, "zip") or (kind == "zip") != (lang == "bundle") or not lang:
        raise NotFoundError(NOT_PUBLIC)
    with app.db.read() as session:
        release = release_repo.find_release(session, slug)
        if release is None:
            raise NotFoundError(NOT_PUBLIC)
        public = _public_langs(session, release, allowed)
        langs = sorted(public) if kind == "zip" else [lang] if lang in public else []
        if not langs:
            raise NotFoundError(NOT_PUBLIC)
        datas = [collect(session, release, code) for code in langs]
        changed = max(_last_change(d, public[d.lang]) for d in datas)
        if kind == "json":
            return _json_file(datas[0], public[lang]), changed
    files = render_release(datas, frozenset({"bundle"} if kind == "zip" else {kind}), include_unapproved=False)
    wanted = {"po": f"{lang}/LC_MESSAGES/{slug}.po", "mo": f"{lang}/LC_MESSAGES/{slug}.mo",
              "html": f"{slug}.{lang}.html", "zip": f"{slug}.zip"}[kind]
    return files[wanted], changed
