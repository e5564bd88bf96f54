"""The admin screen lists the sites' tokens (never the tokens themselves) and webhooks with their last deliveries."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from publishing_fixtures import approved_sample, receiver
from streamlit.testing.v1 import AppTest

from workbench.services import review, signin, tokens, webhooks
from workbench.services.app import App

TIMEOUT = 60


@pytest.fixture
def admin_app(sqlite_app: App, sample_bytes: bytes, monkeypatch: pytest.MonkeyPatch) -> App:
    """The approved sample with the review team; the UI reads the same database."""
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", sqlite_app.settings.database_url)
    monkeypatch.setenv("WORKBENCH_WEBHOOK_ALLOW", "127.0.0.1")
    approved_sample(sqlite_app, sample_bytes)
    return App(dataclasses.replace(sqlite_app.settings, webhook_allow=("127.0.0.1",)), sqlite_app.db)


def _admin_screen(user: dict[str, Any]) -> AppTest:
    at = AppTest.from_string("from workbench.ui.pages import admin\nadmin.render()\n", default_timeout=TIMEOUT)
    at.session_state["user"] = user
    return at.run()


def test_tokens_and_webhooks_with_their_last_deliveries(admin_app: App) -> None:
    made = tokens.add_token(admin_app, "section-es", "es", "ad")
    with receiver() as site:
        webhooks.add_webhook(admin_app, site.url, "published", "es", "ad")
        review.signoff(admin_app, "sample", "es", "rv")
        webhooks.deliver_due(admin_app)
        at = _admin_screen(signin.sign_in(admin_app, "ad", "pw-ad"))
    assert not at.exception and not at.error, [e.value for e in at.error]
    token_rows, hooks = at.dataframe[2].value, at.dataframe[3].value  # after the users and the engines
    assert list(token_rows["name"]) == ["section-es"]
    assert made["token"] not in token_rows.to_string()
    assert list(hooks["url"]) == [site.url] and list(hooks["state"]) == ["delivered"]
    assert list(hooks["last_status"]) == [204]
