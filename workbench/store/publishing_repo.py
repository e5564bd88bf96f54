"""Publishing rows: release events, API tokens, webhooks and their queued deliveries (docs/publishing.md).

Deliveries are an outbox: an event is queued in the transaction that causes it (a sign-off, a
revocation, an embargo's end), one row per matching webhook, and sent later by
``services.webhooks.deliver_due``, so that a slow or dead receiver never holds a sign-off up.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.domain import language_tags
from workbench.store import event_details
from workbench.store.tables import Release, ReleaseEvent, Webhook, WebhookDelivery, utcnow

EVENTS = ("signoff", "published", "revoked")


def add_release_event(session: Session, release_id: int, actor: str, action: str,
                      before: str | None, after: str | None, details: Mapping[str, Any] | None = None) -> ReleaseEvent:
    """Record one change of a release as a whole; ``details`` ride with ``after`` (store.event_details)."""
    row = ReleaseEvent(release_id=release_id, actor=actor, action=action, before=before,
                       after=event_details.pack(after, details), at=utcnow())
    session.add(row)
    session.flush()
    return row


def release_events(session: Session, release_id: int) -> list[ReleaseEvent]:
    """A release's own events, oldest first."""
    return list(session.scalars(select(ReleaseEvent).where(ReleaseEvent.release_id == release_id)
                                .order_by(ReleaseEvent.id)))


def active_webhooks(session: Session) -> list[Webhook]:
    """Every webhook not removed."""
    return list(session.scalars(select(Webhook).where(Webhook.removed_at.is_(None)).order_by(Webhook.id)))


def _wants(hook: Webhook, event: str, lang: str) -> bool:
    langs = {code for code in hook.langs.split(",") if code}
    return event in hook.events.split(",") and (not langs or language_tags.in_scope(lang, langs))


def enqueue(session: Session, event: str, release: Release, lang: str, data: dict[str, Any],
            at: datetime | None = None) -> int:
    """Queue ``event`` about ``release`` in ``lang`` for every webhook that wants it; returns how many."""
    when = at or utcnow()
    count = 0
    for hook in active_webhooks(session):
        if not _wants(hook, event, lang):
            continue
        message_id = f"msg_{uuid.uuid4().hex}"
        body = {"type": f"release.{event}", "timestamp": when.isoformat(),
                "data": {"slug": release.slug, "lang": lang, "title": release.title, **data}}
        session.add(WebhookDelivery(
            webhook_id=hook.id, message_id=message_id, event=event, state="pending", attempts=0,
            payload=json.dumps(body, ensure_ascii=False, separators=(",", ":")), next_attempt_at=when,
            created_at=when,
        ))
        count += 1
    session.flush()
    return count
