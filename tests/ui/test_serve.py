"""`workbench serve` runs the UI for real: the health check answers and the page is served."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
from servers import serving

from workbench.services.app import App


@pytest.mark.slow
def test_serve_answers_health_check(sqlite_app: App, tmp_path: Path) -> None:
    with serving(sqlite_app.settings.database_url, tmp_path) as (url,):
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as r:
            assert r.read() == b"ok"
        with urllib.request.urlopen(f"{url}/", timeout=5) as r:
            assert r.status == 200


SECURITY_HEADERS = {"x-frame-options": "DENY", "content-security-policy": "frame-ancestors 'none'",
                    "referrer-policy": "same-origin", "x-content-type-options": "nosniff"}


def answer(url: str) -> tuple[int, dict[str, str]]:
    """The status and headers (lower-case names) ``url`` answers with, errors included."""
    import urllib.error

    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}


@pytest.mark.slow
def test_serve_sends_the_security_headers_and_keeps_the_metrics_closed(sqlite_app: App, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKBENCH_UI_METRICS", raising=False)
    with serving(sqlite_app.settings.database_url, tmp_path) as (url,):
        for path, status in (("/", 200), ("/_stcore/health", 200), ("/_stcore/host-config", 200),
                             ("/favicon.png", 200), ("/static/nothing-here.js", 200), ("/_stcore/metrics", 404),
                             ("/_stcore/metrics/", 404)):
            got, headers = answer(f"{url}{path}")
            assert got == status, (path, got)
            assert {k: headers.get(k) for k in SECURITY_HEADERS} == SECURITY_HEADERS, (path, headers)
    monkeypatch.setenv("WORKBENCH_UI_METRICS", "on")  # an operator's monitoring system may read them
    (tmp_path / "serve-0").rename(tmp_path / "serve-closed")
    with serving(sqlite_app.settings.database_url, tmp_path) as (url,):
        got, headers = answer(f"{url}/_stcore/metrics")
        assert got == 200 and headers["x-frame-options"] == "DENY"


@pytest.mark.slow
def test_serve_sends_streamlits_bundles_compressed_with_the_same_bytes(sqlite_app: App, tmp_path: Path) -> None:
    import gzip
    import re

    with serving(sqlite_app.settings.database_url, tmp_path) as (url,):
        with urllib.request.urlopen(f"{url}/", timeout=10) as r:
            entry = re.search(r'src="\./(static/js/[^"]+\.js)"', r.read().decode()).group(1)
        request = urllib.request.Request(f"{url}/{entry}", headers={"Accept-Encoding": "gzip, deflate"})
        with urllib.request.urlopen(request, timeout=10) as r:
            packed, headers = r.read(), {k.lower(): v for k, v in r.headers.items()}
    assert headers["content-encoding"] == "gzip" and headers["cache-control"].startswith("public, immutable")
    assert {k: headers.get(k) for k in SECURITY_HEADERS} == SECURITY_HEADERS
    from workbench.ui.static_assets import static_dir

    assert gzip.decompress(packed) == (static_dir() / entry).read_bytes()
