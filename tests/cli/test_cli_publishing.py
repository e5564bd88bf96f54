"""embargo, token, webhook, publish-due through the command line: --json, exit codes 0/1/2, --as or WORKBENCH_USER."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from conftest import Run
from publishing_fixtures import approved_sample, receiver
from review_fixtures import cli_operator

from workbench.config import Settings
from workbench.services.app import App


@pytest.fixture
def ready(cli: Run, sample_bytes: bytes, monkeypatch: pytest.MonkeyPatch) -> Run:
    """The CLI on a database holding the approved sample; webhooks may reach loopback."""
    monkeypatch.setenv("WORKBENCH_WEBHOOK_ALLOW", "127.0.0.1")
    monkeypatch.delenv("WORKBENCH_USER", raising=False)
    assert cli("init")[0] == 0
    cli_operator(cli)
    app = App.open(Settings.from_env())
    approved_sample(app, sample_bytes)
    app.db.dispose()
    return cli


def test_embargo_commands(ready: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = ready("embargo", "sample", "--until", "2030-01-07T09:00", "--as", "rv")
    assert code == 1 and "no UTC offset" in err and "Traceback" not in err
    assert ready("embargo", "sample", "--as", "rv")[0] == 2  # neither --until nor --lift
    code, _, err = ready("embargo", "sample", "--until", "2030-01-07T09:00+01:00")
    assert code == 2 and "who is acting? give --as USER" in err
    monkeypatch.setenv("WORKBENCH_USER", "rv")
    code, out, _ = ready("embargo", "sample", "--until", "2030-01-07T09:00+01:00", "--json")
    assert code == 0 and json.loads(out)["embargo_until"] == "2030-01-07T08:00:00+00:00"
    code, _, err = ready("embargo", "sample", "--until", "2030-01-07T09:00+01:00", "--as", "tr")
    assert code == 1 and "only a reviewer or admin may set embargoes" in err
    code, _, err = ready("export", "sample", "--to", "es", "--format", "bundle")
    assert code == 1 and "under embargo" in err
    code, out, _ = ready("embargo", "sample", "--lift", "--json")
    assert code == 0 and json.loads(out)["embargo_until"] is None


def test_tokens_webhooks_and_publish_due(ready: Run) -> None:
    code, out, _ = ready("token", "add", "site-es", "--langs", "es", "--as", "ad", "--json")
    made = json.loads(out)
    assert code == 0 and made["token"].startswith("wbt_")
    code, _, err = ready("token", "add", "other", "--as", "rv")
    assert code == 1 and "only an admin" in err
    code, out, _ = ready("token", "list", "--json")
    assert [t["name"] for t in json.loads(out)["tokens"]] == ["site-es"] and made["token"] not in out
    with receiver() as site:
        code, out, _ = ready("webhook", "add", site.url, "--events", "published", "--as", "ad", "--json")
        hook = json.loads(out)
        assert code == 0 and hook["secret"].startswith("whsec_")
        code, _, err = ready("webhook", "add", "http://10.0.0.1/x", "--events", "published", "--as", "ad")
        assert code == 1 and "not a public address" in err
        assert ready("signoff", "sample", "--to", "es", "--as", "rv")[0] == 0
        code, out, _ = ready("publish-due", "--json")
        assert code == 0 and json.loads(out)["deliveries"]["delivered"] == 1
        assert [e["type"] for e in site.events()] == ["release.published"]
    code, out, _ = ready("webhook", "log", "--json")
    assert code == 0 and [a["status"] for a in json.loads(out)["attempts"]] == [204]
    code, out, _ = ready("webhook", "list", "--json")
    assert json.loads(out)["webhooks"][0]["deliveries"][0]["state"] == "delivered"
    assert ready("webhook", "remove", str(hook["id"]), "--as", "ad")[0] == 0
    assert ready("webhook", "remove", str(hook["id"]), "--as", "ad")[0] == 1
    assert ready("token", "revoke", "site-es", "--as", "ad", "--json")[0] == 0
    code, out, _ = ready("token", "list", "--json")
    assert json.loads(out)["tokens"][0]["revoked_at"] is not None


def test_embargo_end_through_publish_due(ready: Run) -> None:
    with receiver() as site:
        ready("webhook", "add", site.url, "--events", "published", "--as", "ad")
        # Five seconds: enough for the sign-off and the first publish-due on a loaded machine (one
        # second was not, and the release came out "early"), short enough to wait for.
        until = datetime.now(UTC) + timedelta(seconds=5)
        assert ready("embargo", "sample", "--until", until.isoformat(), "--as", "rv")[0] == 0
        ready("signoff", "sample", "--to", "es", "--as", "rv")
        assert json.loads(ready("publish-due", "--json")[1])["published"] == []
        import time

        time.sleep(max(0.0, (until - datetime.now(UTC)).total_seconds()) + 0.2)
        r = json.loads(ready("publish-due", "--json")[1])
        assert r["published"] == [{"slug": "sample", "lang": "es"}] and r["deliveries"]["delivered"] == 1


def test_workbench_api_serves_in_its_own_process(ready: Run, tmp_path: object) -> None:
    import os
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    from servers import free_port

    port = free_port()
    exe = Path(sys.executable).with_name("workbench")
    proc = subprocess.Popen([str(exe), "api", "--port", str(port)], env=dict(os.environ),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=2) as r:
                    assert json.loads(r.read())["openapi"].startswith("3.1")
                    break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.stderr else ""
                time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
