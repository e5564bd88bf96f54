"""Webhooks per the Standard Webhooks specification: signed POSTs to the sections' sites, retried with backoff.

Events are queued in the transaction that causes them (store.publishing_repo); ``deliver_due``
sends what is due: from the loop inside `workbench api`, or from `workbench publish-due` (cron).
A delivery keeps its ``webhook-id`` on every attempt and gets a fresh timestamp and signature;
the schedule survives restarts because it is in the database. Targets are checked at ``add`` and
again before every attempt (the address DNS gives then is the one connected to): loopback,
private, link-local and other non-public addresses are refused unless WORKBENCH_WEBHOOK_ALLOW
names them, so the server cannot be turned against the internal network.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import ipaddress
import random
import secrets
import socket
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypedDict
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workbench import __version__
from workbench.errors import InputError, NotFoundError
from workbench.services import users
from workbench.services.app import App
from workbench.services.tokens import check_admin
from workbench.store.provenance_repo import aware
from workbench.store.publishing_repo import EVENTS
from workbench.store.tables import Webhook, WebhookAttempt, WebhookDelivery, utcnow

#: Seconds to wait after each failed attempt: 6 attempts over about an hour (0, 30 s, 2.5 min, 10.5, 30.5, 60.5 min).
BACKOFF = (30, 120, 480, 1200, 1800)
MAX_ATTEMPTS = len(BACKOFF) + 1
SECRET_PREFIX = "whsec_"
BATCH = 100  # deliveries one round sends at most


def new_secret() -> str:
    """A signing secret: ``whsec_`` and 24 random bytes in base64 (the Standard Webhooks form)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode("ascii")


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """``v1,<base64 HMAC-SHA256 of "id.timestamp.body">`` with the secret's decoded key."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")


def _allowed(host: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address, allow: Iterable[str]) -> bool:
    for item in allow:
        if item.lower() == host.lower():
            return True
        try:
            if address in ipaddress.ip_network(item, strict=False):
                return True
        except ValueError:
            continue  # a host name that is not this one
    return False


def resolve_target(url: str, allow: Iterable[str]) -> tuple[str, int, str]:
    """(scheme, port, address to connect to) of a webhook URL; InputError when it is not a public http(s) target.

    Every address the name resolves to must be public, or allowed by WORKBENCH_WEBHOOK_ALLOW.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{url!r}: a webhook URL is http:// or https:// with a host")
    if parts.username or parts.password:
        raise InputError(f"{url!r}: no credentials in a webhook URL (the signature authenticates us)")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, ValueError) as exc:
        raise InputError(f"{url!r}: cannot resolve {parts.hostname} ({exc})") from exc
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        mapped = getattr(address, "ipv4_mapped", None)
        address = mapped or address
        if not address.is_global and not _allowed(parts.hostname, address, allow):
            raise InputError(
                f"{url!r}: {parts.hostname} is {address}, not a public address; "
                "WORKBENCH_WEBHOOK_ALLOW may name it (docs/publishing.md)"
            )
        addresses.append(str(address))
    return parts.scheme, port, addresses[0]


@dataclass(frozen=True)
class Answer:
    """What one POST got: the HTTP status (None without an answer) and the error text."""

    status: int | None
    error: str = ""


Post = Callable[[str, dict[str, str], bytes, float, tuple[str, ...]], Answer]


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to the address we checked, with the certificate checked against the URL's host name."""

    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def http_post(url: str, headers: dict[str, str], body: bytes, timeout: float, allow: tuple[str, ...]) -> Answer:
    """POST ``body`` to ``url`` at the address checked just now; redirects are not followed."""
    try:
        scheme, port, address = resolve_target(url, allow)
    except InputError as exc:
        return Answer(None, str(exc))
    parts = urlsplit(url)
    host = parts.hostname or ""
    conn: http.client.HTTPConnection
    if scheme == "https":
        conn = _PinnedHTTPS(host, address, port, timeout)
    else:
        conn = http.client.HTTPConnection(address, port, timeout=timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request("POST", path, body=body, headers={**headers, "Host": parts.netloc.rpartition("@")[2]})
        response = conn.getresponse()
        response.read(4096)
        return Answer(response.status, "" if 200 <= response.status < 300 else (response.reason or ""))
    except (OSError, http.client.HTTPException) as exc:
        return Answer(None, f"{type(exc).__name__}: {exc}")
    finally:
        conn.close()


def _events(raw: str | Iterable[str]) -> list[str]:
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    chosen = list(dict.fromkeys(e.strip() for e in items if e.strip()))
    unknown = [e for e in chosen if e not in EVENTS]
    if unknown or not chosen:
        raise InputError(f"unknown webhook event {', '.join(unknown) or '(none)'}: choose from {', '.join(EVENTS)}")
    return chosen


class WebhookJSON(TypedDict):
    """A webhook as `webhook list --json` shows it (never its secret): ``id``, ``url``, the ``events``
    it is told of, the ``langs`` (empty: every language), who registered it and when."""

    id: int
    url: str
    events: list[str]
    langs: list[str]
    created_by: str
    created_at: str


class NewWebhookJSON(WebhookJSON):
    """A webhook just registered, with its signing ``secret``: shown this once."""

    secret: str


class DeliveryJSON(TypedDict):
    """One delivery of an event to a webhook, with its last attempt.

    The delivery: ``id``, ``webhook`` (its id), ``message_id`` (the webhook-id header), ``event``,
    ``state`` (pending, delivered, failed, cancelled), ``attempts``, ``created_at`` and, while
    pending, ``next_attempt_at`` (else None). The last attempt: ``last_status`` (the HTTP status,
    None without an answer or an attempt), ``last_error``, ``last_attempt_at``.
    """

    id: int
    webhook: int
    message_id: str
    event: str
    state: str
    attempts: int
    created_at: str
    next_attempt_at: str | None
    last_status: int | None
    last_error: str
    last_attempt_at: str | None


class WebhookDeliveriesJSON(WebhookJSON):
    """A webhook with its latest deliveries, newest first."""

    deliveries: list[DeliveryJSON]


class AttemptJSON(TypedDict):
    """One line of `webhook log --json`: when, to which webhook and URL, which event and message,
    the attempt's number, the HTTP ``status`` (None: no answer) or ``error``, how long it took, and
    the delivery's ``state`` now."""

    at: str
    webhook: int
    url: str
    event: str
    message_id: str
    attempt: int
    status: int | None
    error: str
    duration_ms: int
    state: str


class DeliveryCountsJSON(TypedDict):
    """What a round of `deliver_due` did: attempts made, deliveries made and deliveries given up."""

    attempted: int
    delivered: int
    failed: int


def _public(hook: Webhook) -> WebhookJSON:
    return {"id": hook.id, "url": hook.url, "events": hook.events.split(","),
            "langs": [c for c in hook.langs.split(",") if c], "created_by": hook.created_by,
            "created_at": aware(hook.created_at).isoformat()}


def add_webhook(app: App, url: str, events: str | Iterable[str], langs: str | Iterable[str], user: str
                ) -> NewWebhookJSON:
    """Register a site's endpoint; the result carries the signing secret, which is never shown again."""
    chosen = _events(events)
    codes = users.check_langs(langs)
    by = check_admin(app, user)
    resolve_target(url, app.settings.webhook_allow)
    secret = new_secret()
    with app.db.write() as session:
        hook = Webhook(url=url, events=",".join(chosen), langs=",".join(codes), secret=secret, created_by=by,
                       created_at=utcnow())
        session.add(hook)
        session.flush()
        return {**_public(hook), "secret": secret}


def remove_webhook(app: App, hook_id: int, user: str) -> WebhookJSON:
    """Remove a webhook: nothing more is queued or sent to it (its log is kept)."""
    check_admin(app, user)
    with app.db.write() as session:
        hook = session.get(Webhook, hook_id)
        if hook is None or hook.removed_at is not None:
            raise NotFoundError(f"no webhook {hook_id}")
        hook.removed_at = utcnow()
        session.execute(update(WebhookDelivery).where(WebhookDelivery.webhook_id == hook_id,
                                                      WebhookDelivery.state == "pending").values(state="cancelled"))
        return _public(hook)


def _delivery(d: WebhookDelivery, last: WebhookAttempt | None) -> DeliveryJSON:
    return {"id": d.id, "webhook": d.webhook_id, "message_id": d.message_id, "event": d.event, "state": d.state,
            "attempts": d.attempts, "created_at": aware(d.created_at).isoformat(),
            "next_attempt_at": aware(d.next_attempt_at).isoformat() if d.next_attempt_at and d.state == "pending"
            else None,
            "last_status": last.status if last else None, "last_error": last.error if last else "",
            "last_attempt_at": aware(last.at).isoformat() if last else None}


def list_webhooks(app: App, last: int = 3) -> list[WebhookDeliveriesJSON]:
    """Every active webhook with its ``last`` deliveries (newest first)."""
    out: list[WebhookDeliveriesJSON] = []
    with app.db.read() as session:
        for hook in session.scalars(select(Webhook).where(Webhook.removed_at.is_(None)).order_by(Webhook.id)):
            rows = session.scalars(select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id)
                                   .order_by(WebhookDelivery.id.desc()).limit(last))
            out.append({**_public(hook), "deliveries": [_delivery(d, _last_attempt(session, d.id)) for d in rows]})
    return out


def _last_attempt(session: Session, delivery_id: int) -> WebhookAttempt | None:
    return session.scalar(select(WebhookAttempt).where(WebhookAttempt.delivery_id == delivery_id)
                          .order_by(WebhookAttempt.id.desc()).limit(1))


def delivery_log(app: App, limit: int = 50) -> list[AttemptJSON]:
    """The latest attempts, newest first: when, which event to which URL, the status or the error."""
    with app.db.read() as session:
        rows = session.execute(
            select(WebhookAttempt, WebhookDelivery, Webhook)
            .join(WebhookDelivery, WebhookDelivery.id == WebhookAttempt.delivery_id)
            .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
            .order_by(WebhookAttempt.id.desc()).limit(limit)
        ).all()
        return [{"at": aware(a.at).isoformat(), "webhook": h.id, "url": h.url, "event": d.event,
                 "message_id": d.message_id, "attempt": n, "status": a.status, "error": a.error,
                 "duration_ms": a.duration_ms, "state": d.state}
                for a, d, h, n in ((a, d, h, _attempt_number(session, a)) for a, d, h in rows)]


def _attempt_number(session: Session, attempt: WebhookAttempt) -> int:
    return len(session.scalars(select(WebhookAttempt.id).where(WebhookAttempt.delivery_id == attempt.delivery_id,
                                                                 WebhookAttempt.id <= attempt.id)).all())


def next_delay(attempts: int) -> float | None:
    """Seconds before the next attempt after ``attempts`` failed ones (±10 % jitter), or None: give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return BACKOFF[attempts - 1] * random.uniform(0.9, 1.1)


def deliver_due(app: App, now: datetime | None = None, post: Post = http_post) -> DeliveryCountsJSON:
    """Send every delivery that is due; returns counts of attempts, deliveries made and deliveries given up."""
    moment = now or utcnow()
    timeout = app.settings.webhook_timeout
    counts: DeliveryCountsJSON = {"attempted": 0, "delivered": 0, "failed": 0}
    with app.db.read() as session:
        due = session.execute(
            select(WebhookDelivery.id, WebhookDelivery.attempts)
            .where(WebhookDelivery.state == "pending", WebhookDelivery.next_attempt_at <= moment)
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(BATCH)
        ).all()
    for delivery_id, seen in due:
        with app.db.write() as session:
            # Claimed by one process: the attempt count moves on and the row is leased for the attempt's length.
            claimed = session.execute(
                update(WebhookDelivery)
                .where(WebhookDelivery.id == delivery_id, WebhookDelivery.attempts == seen,
                       WebhookDelivery.state == "pending")
                .values(attempts=seen + 1, next_attempt_at=moment + timedelta(seconds=timeout + 60))
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                continue
            d = session.get(WebhookDelivery, delivery_id)
            hook = session.get(Webhook, d.webhook_id) if d else None
            if d is None or hook is None:
                continue
            url, secret, message_id, body = hook.url, hook.secret, d.message_id, d.payload.encode("utf-8")
        stamp = int(time.time())
        headers = {"content-type": "application/json", "user-agent": f"Workbench/{__version__}",
                   "webhook-id": message_id, "webhook-timestamp": str(stamp),
                   "webhook-signature": sign(secret, message_id, stamp, body)}
        started = time.monotonic()
        answer = post(url, headers, body, timeout, app.settings.webhook_allow)
        took = int((time.monotonic() - started) * 1000)
        ok = answer.status is not None and 200 <= answer.status < 300
        delay = None if ok else next_delay(seen + 1)
        with app.db.write() as session:
            session.add(WebhookAttempt(delivery_id=delivery_id, at=utcnow(), status=answer.status,
                                       error=answer.error[:1000], duration_ms=took))
            values: dict[str, Any] = {"state": "delivered" if ok else "pending" if delay is not None else "failed",
                                      "next_attempt_at": moment + timedelta(seconds=delay) if delay else None}
            # Only while the delivery is still this attempt's: a removal of the webhook meanwhile
            # cancelled it, and the answer must not put it back to pending (retries to a removed site).
            session.execute(update(WebhookDelivery)
                            .where(WebhookDelivery.id == delivery_id, WebhookDelivery.state == "pending",
                                   WebhookDelivery.attempts == seen + 1)
                            .values(**values).execution_options(synchronize_session=False))
        counts["attempted"] += 1
        if ok:
            counts["delivered"] += 1
        elif delay is None:
            counts["failed"] += 1
    return counts

