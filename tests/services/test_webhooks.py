"""Webhooks: a local receiver gets `published` with a valid Standard Webhooks signature at sign-off and at the
embargo's end; failed attempts are retried with backoff and logged; private targets refused unless allowed."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import time
from datetime import UTC, datetime, timedelta

import pytest
from api_fixtures import api_server
from publishing_fixtures import approved_sample, receiver

from workbench.errors import InputError, PermissionDeniedError
from workbench.services import publishing, review, webhooks
from workbench.services.app import App

LOCAL = ("127.0.0.1",)


def local(app: App) -> App:
    """The app with loopback allowed as a webhook target (the tests' receiver)."""
    return App(dataclasses.replace(app.settings, webhook_allow=LOCAL, publish_interval=0.2), app.db)


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """A receiver's check, written from the Standard Webhooks specification (not from our code)."""
    key = base64.b64decode(secret.split("_", 1)[1])
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    given = [s.split(",", 1)[1] for s in headers["webhook-signature"].split() if s.startswith("v1,")]
    fresh = abs(time.time() - int(headers["webhook-timestamp"])) < 300  # the specification's replay window
    return fresh and any(hmac.compare_digest(expected, g) for g in given)


def test_published_at_signoff_with_a_valid_signature(app: App, sample_bytes: bytes) -> None:
    wb = local(app)
    approved_sample(wb, sample_bytes)
    with receiver() as site:
        hook = webhooks.add_webhook(wb, site.url, "signoff,published,revoked", "es", "ad")
        assert hook["secret"].startswith("whsec_")
        review.signoff(wb, "sample", "es", "rv")
        assert site.received == []  # queued: the sign-off waited for no receiver
        assert webhooks.deliver_due(wb) == {"attempted": 2, "delivered": 2, "failed": 0}
        types = [e["type"] for e in site.events()]
        assert types == ["release.signoff", "release.published"]
        for headers, body in site.received:
            assert verify(hook["secret"], headers, body)
            assert not verify(hook["secret"], headers, body + b" ")
        published = site.events()[1]["data"]
        assert published["slug"] == "sample" and published["lang"] == "es"
        assert published["files"]["po"] == "/api/v1/releases/sample/es.po"
        # A change withdraws it: `revoked`.
        review.unapprove(wb, "sample", _first_key(wb), "es", "rv", "a name is misspelt")
        webhooks.deliver_due(wb)
        assert site.events()[-1]["type"] == "release.revoked"
        assert "unapprove" in site.events()[-1]["data"]["reason"]
    log = webhooks.delivery_log(wb)
    assert [(r["event"], r["status"]) for r in log] == [("revoked", 204), ("published", 204), ("signoff", 204)]


def _first_key(app: App) -> str:
    from workbench.services import releases

    return str(releases.list_segments(app, "sample", "es")["segments"][0]["id"])


def test_published_when_the_embargo_passes_inside_workbench_api(app: App, sample_bytes: bytes) -> None:
    wb = local(app)
    approved_sample(wb, sample_bytes)
    with receiver() as site:
        hook = webhooks.add_webhook(wb, site.url, "published", "", "ad")
        publishing.set_embargo(wb, "sample", datetime.now(UTC) + timedelta(seconds=2), "rv")
        review.signoff(wb, "sample", "es", "rv")
        webhooks.deliver_due(wb)
        assert site.received == []  # nothing before the embargo
        with api_server(wb, background=True):  # its loop runs every 0.2 s here
            deadline = time.monotonic() + 20
            while not site.received and time.monotonic() < deadline:
                time.sleep(0.1)
        assert [e["type"] for e in site.events()] == ["release.published"]
        assert verify(hook["secret"], *site.received[0])


def test_failed_deliveries_are_retried_with_backoff_then_given_up(app: App, sample_bytes: bytes) -> None:
    wb = local(app)
    approved_sample(wb, sample_bytes)
    with receiver() as site:
        site.status = 503
        webhooks.add_webhook(wb, site.url, "published", "", "ad")
        review.signoff(wb, "sample", "es", "rv")
        now = datetime.now(UTC)
        assert webhooks.deliver_due(wb, now=now)["attempted"] == 1
        assert webhooks.deliver_due(wb, now=now)["attempted"] == 0  # not due yet
        elapsed = 0.0
        for _ in range(10):
            rows = webhooks.list_webhooks(wb)[0]["deliveries"]
            if rows[0]["state"] != "pending":
                break
            due = datetime.fromisoformat(rows[0]["next_attempt_at"])
            elapsed = (due - now).total_seconds()
            webhooks.deliver_due(wb, now=due)
        assert rows[0]["state"] == "failed" and rows[0]["attempts"] == webhooks.MAX_ATTEMPTS >= 5
        assert 45 * 60 < elapsed < 75 * 60  # about an hour from the first attempt to the last
        assert len(site.received) == webhooks.MAX_ATTEMPTS
        assert len({h["webhook-id"] for h, _ in site.received}) == 1  # one message, retried
    log = webhooks.delivery_log(wb)
    assert [r["status"] for r in log] == [503] * webhooks.MAX_ATTEMPTS
    assert [r["attempt"] for r in log] == list(range(webhooks.MAX_ATTEMPTS, 0, -1))


def test_a_dead_receiver_never_blocks_the_signoff(app: App, sample_bytes: bytes) -> None:
    wb = local(app)
    approved_sample(wb, sample_bytes)
    with receiver() as site:
        url = site.url
    webhooks.add_webhook(wb, url, "published", "", "ad")  # the receiver is gone now
    started = time.monotonic()
    review.signoff(wb, "sample", "es", "rv")
    assert time.monotonic() - started < 5
    webhooks.deliver_due(wb)
    assert webhooks.delivery_log(wb)[0]["status"] is None and webhooks.delivery_log(wb)[0]["error"]


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x", "http://localhost/x", "http://10.1.2.3/x",
                                 "http://169.254.169.254/latest", "http://[::1]/x", "ftp://example.org/x",
                                 "http://user:pw@example.org/x"])
def test_private_targets_are_refused_unless_allowed(app: App, url: str) -> None:
    from review_fixtures import add_team

    add_team(app, ("ad",))
    with pytest.raises(InputError):
        webhooks.add_webhook(app, url, "published", "", "ad")


def test_allow_list_names_hosts_and_networks(app: App) -> None:
    from review_fixtures import add_team

    add_team(app, ("ad", "rv"))
    wb = App(dataclasses.replace(app.settings, webhook_allow=("10.0.0.0/8", "127.0.0.1")), app.db)
    assert webhooks.add_webhook(wb, "http://10.1.2.3/hook", "published", "", "ad")["url"] == "http://10.1.2.3/hook"
    with pytest.raises(InputError):
        webhooks.add_webhook(wb, "http://192.168.1.1/hook", "published", "", "ad")
    with pytest.raises(PermissionDeniedError):
        webhooks.add_webhook(wb, "http://10.1.2.3/hook", "published", "", "rv")
    with pytest.raises(InputError, match="unknown webhook event"):
        webhooks.add_webhook(wb, "http://10.1.2.3/hook", "approved", "", "ad")


def test_signature_matches_the_specification_example() -> None:
    # The test vector of the Standard Webhooks reference libraries (the body is signed byte for byte, space included).
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    assert webhooks.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body) == (
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_the_python_example_of_the_docs_verifies_our_signatures() -> None:
    from conftest import ROOT

    text = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    assert len(code.strip().splitlines()) <= 12  # the web teams' "10-line example"
    scope: dict[str, object] = {}
    exec(code, scope)
    verify_example = scope["verify"]
    secret = webhooks.new_secret()
    stamp = int(time.time())
    body = b'{"type":"release.published","data":{"slug":"sample","lang":"es"}}'
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(stamp),
               "webhook-signature": "v1,bm9wZQ== " + webhooks.sign(secret, "msg_1", stamp, body)}
    assert verify_example(secret, headers, body)  # type: ignore[operator]
    assert not verify_example(secret, headers, body.replace(b"es", b"en"))  # type: ignore[operator]
    assert not verify_example(webhooks.new_secret(), headers, body)  # type: ignore[operator]
    old = {**headers, "webhook-timestamp": str(stamp - 3600)}
    old["webhook-signature"] = webhooks.sign(secret, "msg_1", stamp - 3600, body)
    assert not verify_example(secret, old, body)  # type: ignore[operator]


def test_a_scope_written_pt_br_sees_and_is_told_about_pt_br(app: App, sample_bytes: bytes) -> None:
    """Scopes are stored lower-cased (pt-br) and a target keeps its region's case (pt-BR): one language."""
    from export_fixtures import SPANISH, approve, load_sample, set_target
    from review_fixtures import add_team

    wb = local(app)
    add_team(wb)
    keys = load_sample(wb, sample_bytes, "sample")
    for key, text in zip(keys, SPANISH, strict=True):  # Spanish words will do as Brazilian Portuguese here
        set_target(wb, "sample", key, "pt-BR", text, actor="tr")
        approve(wb, "sample", key, "pt-BR", reviewer="rv")
    with receiver() as site:
        webhooks.add_webhook(wb, site.url, "published", "pt-BR", "ad")
        review.signoff(wb, "sample", "pt-BR", "rv")
        webhooks.deliver_due(wb)
        assert [(e["type"], e["data"]["lang"]) for e in site.events()] == [("release.published", "pt-BR")]
    seen = publishing.public_releases(wb, frozenset({"pt-br"}))  # a token made with --langs pt-BR
    assert [(r["slug"], r["lang"]) for r in seen["releases"]] == [("sample", "pt-BR")]
