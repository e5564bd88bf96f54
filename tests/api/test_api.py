"""The read-only API: a site's token pulls the signed-off sample; before sign-off, during an embargo, for another
language or an unknown release it gets the same 404; without a token or with a revoked one, 401."""

from __future__ import annotations

import gettext
import io
import json
import subprocess
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from api_fixtures import api_server, get
from export_fixtures import SPANISH, needs_msgfmt
from publishing_fixtures import approved_sample

from workbench.services import publishing, review, tokens
from workbench.services.app import App
from workbench.store import release_repo


def _not_found(status: int, body: bytes) -> None:
    assert (status, json.loads(body)) == (404, {"error": "not found"})


@needs_msgfmt
def test_a_site_pulls_the_po_only_after_signoff_and_after_the_embargo(
    app: App, sample_bytes: bytes, tmp_path: Path
) -> None:
    approved_sample(app, sample_bytes)
    token = tokens.add_token(app, "site-es", "es", "ad")["token"]
    with api_server(app) as base:
        po = f"{base}/api/v1/releases/sample/es.po"
        _not_found(*get(po, token)[::2])  # approved, not signed off
        assert json.loads(get(f"{base}/api/v1/releases", token)[2]) == {"releases": []}
        unknown = get(f"{base}/api/v1/releases/nothing/es.po", token)
        _not_found(unknown[0], unknown[2])

        review.signoff(app, "sample", "es", "rv")
        status, headers, body = get(po, token)
        assert status == 200 and headers["content-type"].startswith("text/x-gettext-translation")
        (tmp_path / "es.po").write_bytes(body)
        assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(tmp_path / "es.po")]).returncode == 0
        assert SPANISH[1] in body.decode("utf-8")
        assert headers["etag"].startswith('"') and headers["last-modified"].endswith("GMT")
        again = get(po, token, If_None_Match=headers["etag"])
        assert again[0] == 304 and again[2] == b"" and again[1]["etag"] == headers["etag"]
        assert get(po, token, If_Modified_Since=headers["last-modified"])[0] == 304
        assert get(po, token, If_None_Match='"other"')[0] == 200
        listing = json.loads(get(f"{base}/api/v1/releases", token)[2])["releases"]
        assert [(r["slug"], r["lang"]) for r in listing] == [("sample", "es")]
        assert listing[0]["title"] == SPANISH[0]

        until = datetime.now(UTC) + timedelta(hours=2)
        publishing.set_embargo(app, "sample", until, "rv")
        embargoed = get(po, token)
        assert embargoed[2] == unknown[2] and embargoed[0] == 404  # nothing tells an embargo from nothing
        assert json.loads(get(f"{base}/api/v1/releases", token)[2]) == {"releases": []}
        _not_found(*get(f"{base}/api/v1/releases/sample/bundle.zip", token)[::2])

        with app.db.write() as session:  # the embargo's time comes
            release_repo.get_release(session, "sample").embargo_until = datetime.now(UTC) - timedelta(seconds=1)
        assert get(po, token)[0] == 200


def test_tokens_see_their_languages_and_revoked_tokens_get_401(app: App, sample_bytes: bytes) -> None:
    approved_sample(app, sample_bytes)
    review.signoff(app, "sample", "es", "rv")
    es = tokens.add_token(app, "site-es", "es", "ad")["token"]
    en = tokens.add_token(app, "site-en", "en", "ad")["token"]
    with api_server(app) as base:
        url = f"{base}/api/v1/releases/sample/es.json"
        _not_found(*get(url, en)[::2])
        assert json.loads(get(f"{base}/api/v1/releases", en)[2]) == {"releases": []}
        status, headers, body = get(url, es)
        assert status == 200
        doc = json.loads(body)
        assert [s["target"] for s in doc["segments"]] == SPANISH and doc["reviewer"] == "rv"
        for bad in (None, "wbt_not-a-token", "garbage"):
            status, headers, body = get(url, bad)
            assert status == 401 and headers["www-authenticate"].startswith("Bearer")
        tokens.revoke_token(app, "site-es", "ad")
        assert get(url, es)[0] == 401
        assert get(f"{base}/api/v1/releases", es)[0] == 401


def test_mo_html_bundle_and_openapi(app: App, sample_bytes: bytes) -> None:
    approved_sample(app, sample_bytes)
    review.signoff(app, "sample", "es", "rv")
    token = tokens.add_token(app, "site", "", "ad")["token"]
    with api_server(app) as base:
        status, _, mo = get(f"{base}/api/v1/releases/sample/es.mo", token)
        assert status == 200
        catalog = gettext.GNUTranslations(io.BytesIO(mo))  # the standard library reads what we serve
        assert SPANISH[3] in catalog._catalog.values()  # type: ignore[attr-defined]
        status, headers, page = get(f"{base}/api/v1/releases/sample/es.html", token)
        assert status == 200 and SPANISH[0] in page.decode("utf-8") and "text/html" in headers["content-type"]
        status, _, bundle = get(f"{base}/api/v1/releases/sample/bundle.zip", token)
        names = zipfile.ZipFile(io.BytesIO(bundle)).namelist()
        assert status == 200 and "manifest.json" in names and "locales/es/LC_MESSAGES/sample.po" in names
        _not_found(*get(f"{base}/api/v1/releases/sample/en.po", token)[::2])  # never translated
        _not_found(*get(f"{base}/api/v1/releases/sample/fr.po", token)[::2])  # the source language
        status, _, body = get(f"{base}/api/v1/openapi.json")
        assert status == 200 and "/api/v1/releases/{slug}/{lang}.po" in json.loads(body)["paths"]


def test_token_names_are_unique_and_admins_only(app: App, sample_bytes: bytes) -> None:
    approved_sample(app, sample_bytes)
    from workbench.errors import ConflictError, PermissionDeniedError

    with pytest.raises(PermissionDeniedError, match="only an admin"):
        tokens.add_token(app, "site", "", "rv")
    made = tokens.add_token(app, "site", "es,en", "ad")
    assert made["token"].startswith("wbt_") and made["langs"] == ["en", "es"]
    with pytest.raises(ConflictError):
        tokens.add_token(app, "site", "", "ad")
    listed = tokens.list_tokens(app)
    assert listed[0]["name"] == "site" and "token" not in listed[0]
    assert made["token"] not in json.dumps(listed)


def test_answers_are_reused_for_the_cache_time_only(app: App, sample_bytes: bytes) -> None:
    approved_sample(app, sample_bytes)
    review.signoff(app, "sample", "es", "rv")
    token = tokens.add_token(app, "site", "es", "ad")["token"]
    with api_server(app, cache=1.0) as base:
        url = f"{base}/api/v1/releases/sample/es.po"
        assert get(url, token)[0] == 200
        tokens.revoke_token(app, "site", "ad")
        publishing.set_embargo(app, "sample", datetime.now(UTC) + timedelta(hours=1), "rv")
        assert get(url, token)[0] == 200  # within WORKBENCH_API_CACHE: the answer of a moment ago
        time.sleep(1.1)
        assert get(url, token)[0] == 401


SECURITY_HEADERS = {"x-frame-options": "DENY", "content-security-policy": "frame-ancestors 'none'",
                    "referrer-policy": "same-origin", "x-content-type-options": "nosniff"}


def test_every_answer_carries_the_security_headers(sqlite_app: App) -> None:
    with api_server(sqlite_app) as url:
        for path, status in (("/api/v1/openapi.json", 200), ("/api/v1/releases", 401),
                             ("/api/v1/releases/nothing/es.po", 401), ("/nowhere", 404)):
            got, headers, _ = get(f"{url}{path}")
            assert got == status, path
            assert {k: headers.get(k) for k in SECURITY_HEADERS} == SECURITY_HEADERS, path
