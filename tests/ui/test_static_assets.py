"""Streamlit's bundles from memory (ui/static_assets.py): the same bytes, gzip when accepted, the rest passed on."""

from __future__ import annotations

import asyncio
import gzip
import random
from pathlib import Path
from typing import Any

import pytest

from workbench.ui.static_assets import StaticAssets, accepts_gzip, static_dir

FONT = random.Random(0).randbytes(4096)  # already compressed, like a woff2 font
SCRIPT = b"export const greeting = 'hello';\n" * 200  # compresses well, like Streamlit's bundles


def folder(tmp_path: Path) -> Path:
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "static" / "js" / "index.abc123.js").write_bytes(SCRIPT)
    (tmp_path / "static" / "media").mkdir()
    (tmp_path / "static" / "media" / "font.woff2").write_bytes(FONT)
    (tmp_path / "index.html").write_text("<html></html>")
    (tmp_path / "secret.txt").write_text("outside static/")
    return tmp_path


def call(middleware: StaticAssets, path: str, headers: dict[str, str] | None = None,
         method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request through the middleware: (status, headers, body); 599 when it was passed on."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path,
             "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]}
    asyncio.run(middleware(scope, receive, send))
    status = sent[0]["status"]
    return status, {k.decode(): v.decode() for k, v in sent[0].get("headers", [])}, b"".join(
        m.get("body", b"") for m in sent[1:])


async def streamlit(scope: Any, receive: Any, send: Any) -> None:
    """Stands for Streamlit's own answer."""
    await send({"type": "http.response.start", "status": 599, "headers": []})
    await send({"type": "http.response.body", "body": scope["path"].encode()})


def test_a_bundle_is_the_files_bytes_gzipped_when_the_browser_accepts_it(tmp_path: Path) -> None:
    assets = StaticAssets(streamlit, directory=folder(tmp_path), base="")
    status, headers, body = call(assets, "/static/js/index.abc123.js", {"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == SCRIPT and len(body) < len(SCRIPT) / 10
    assert headers["content-length"] == str(len(body))
    assert headers["cache-control"] == "public, immutable, max-age=31536000"
    assert headers["vary"] == "Accept-Encoding"
    assert headers["content-type"].split(";")[0] in {"text/javascript", "application/javascript"}
    plain_status, plain, plain_body = call(assets, "/static/js/index.abc123.js", {"Accept-Encoding": "identity"})
    assert plain_status == 200 and "content-encoding" not in plain and plain_body == SCRIPT
    assert plain["etag"] != headers["etag"]  # two representations, two tags
    refused = call(assets, "/static/js/index.abc123.js", {"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused[1] and refused[2] == SCRIPT


def test_a_file_that_does_not_compress_is_sent_as_it_is(tmp_path: Path) -> None:
    assets = StaticAssets(streamlit, directory=folder(tmp_path), base="")
    status, headers, body = call(assets, "/static/media/font.woff2", {"Accept-Encoding": "gzip"})
    assert status == 200 and "content-encoding" not in headers and "vary" not in headers
    assert body == FONT


def test_a_known_tag_is_answered_not_modified_and_head_has_no_body(tmp_path: Path) -> None:
    assets = StaticAssets(streamlit, directory=folder(tmp_path), base="")
    _, headers, _ = call(assets, "/static/js/index.abc123.js", {"Accept-Encoding": "gzip"})
    status, again, body = call(assets, "/static/js/index.abc123.js",
                               {"Accept-Encoding": "gzip", "If-None-Match": f'"other", {headers["etag"]}'})
    assert (status, body, again["etag"]) == (304, b"", headers["etag"])
    status, head, body = call(assets, "/static/js/index.abc123.js", method="HEAD")
    assert (status, body, head["content-length"]) == (200, b"", str(len(SCRIPT)))


@pytest.mark.parametrize(("path", "headers", "method"), [
    ("/index.html", {}, "GET"),  # the page itself: Streamlit's (no-cache, the SPA's fallback)
    ("/secret.txt", {}, "GET"),  # outside static/
    ("/static/js/../../secret.txt", {}, "GET"),  # never joined: only the exact paths found
    ("/static/js/missing.js", {}, "GET"),
    ("/static/js/index.abc123.js", {"Range": "bytes=0-9"}, "GET"),  # ranges are Streamlit's
    ("/static/js/index.abc123.js", {}, "POST"),
    ("/releases", {}, "GET"),
])
def test_everything_else_goes_to_streamlit(tmp_path: Path, path: str, headers: dict[str, str], method: str) -> None:
    assets = StaticAssets(streamlit, directory=folder(tmp_path), base="")
    assert call(assets, path, headers, method)[0] == 599


def test_under_a_base_path_the_bundles_are_found_there(tmp_path: Path) -> None:
    assets = StaticAssets(streamlit, directory=folder(tmp_path), base="/wb")
    assert call(assets, "/wb/static/js/index.abc123.js")[2] == SCRIPT
    assert call(assets, "/static/js/index.abc123.js")[0] == 599


def test_accept_encoding_is_read_as_http_says() -> None:
    assert accepts_gzip(b"gzip, deflate, br, zstd")
    assert accepts_gzip(b"br;q=1.0, GZIP;q=0.5")
    assert accepts_gzip(b"*")
    assert not accepts_gzip(b"")
    assert not accepts_gzip(b"identity")
    assert not accepts_gzip(b"gzip;q=0, *")  # named beats the wildcard
    assert not accepts_gzip(b"gzip;q=zero")


def test_streamlits_own_bundles_are_found() -> None:
    """The folder the middleware serves is Streamlit's, with the page's entry script in it."""
    root = static_dir()
    entry = (root / "index.html").read_text()
    assert "./static/js/" in entry and (root / "static" / "js").is_dir()
