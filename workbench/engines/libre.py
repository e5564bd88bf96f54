"""LibreTranslate through deep-translator, on a server named by WORKBENCH_LIBRE_URL (self-hosted).

Quirks: ``LibreTranslator`` ignores ``base_url`` and appends ``translate`` to ``custom_url``
as it is, so the URL is given as ``custom_url`` with a trailing slash. Its constructor refuses
an empty key, while a server that checks keys refuses an unknown one (HTTP 403) even when keys
are optional: without WORKBENCH_LIBRE_KEY a stand-in satisfies the constructor and is removed
before the request. Its language table has no ``uk`` (nor anything it does not list), whatever
the server has installed; a language the server lacks comes back as HTTP 400 "... is not
supported" and is reported as unsupported.
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlsplit

from workbench.engines.online import OnlineEngine

#: deep-translator's LibreTranslate table (BCP-47 codes); ``uk`` is not in it.
LIBRE_LANGUAGES = ("ar", "de", "en", "es", "fr", "ga", "hi", "id", "it", "ja", "ko", "pl", "pt", "ru", "tr", "vi", "zh")


class LibreEngine(OnlineEngine):
    """A LibreTranslate server; text stays in the organisation when the server is its own."""

    name = "libre"
    needs_key = False
    languages: ClassVar[dict[str, str]] = {code: code for code in LIBRE_LANGUAGES}

    @property
    def url(self) -> str:
        """The server's base URL with the trailing slash deep-translator needs."""
        return self.settings.libre_url.rstrip("/") + "/"

    @property
    def host(self) -> str:
        """The server's host and port."""
        return urlsplit(self.settings.libre_url).netloc

    def missing(self) -> str:
        """Needs WORKBENCH_LIBRE_URL (an http or https URL)."""
        if not self.settings.libre_url:
            return "no server: set WORKBENCH_LIBRE_URL"
        if urlsplit(self.settings.libre_url).scheme not in ("http", "https"):
            return f"WORKBENCH_LIBRE_URL={self.settings.libre_url!r} is not an http(s) URL"
        return ""

    def call(self, text: str, source: str, target: str) -> Any:
        """One LibreTranslator call on the configured server."""
        from deep_translator import LibreTranslator

        translator = LibreTranslator(
            source=source, target=target, api_key=self.settings.libre_key or "unused", custom_url=self.url
        )
        translator.api_key = self.settings.libre_key  # empty: no api_key parameter is sent
        return translator.translate(text)
