"""DeepL through deep-translator: the free API for keys ending in ``:fx``, the pro API for the others.

Quirk: deep-translator 1.11 sends ``GET /v2/translate?auth_key=KEY&...``. DeepL stopped accepting
GET on /translate and the ``auth_key`` parameter (deprecated March 2025, removed January 2026:
developers.deepl.com, "November 2025: Deprecation of query parameter and request body
authentication"), so the request is rewritten before it leaves: POST, the parameters as a form
body, the key in ``Authorization: DeepL-Auth-Key KEY``. HTTP 456 means the quota is used up.
"""

from __future__ import annotations

from typing import Any, ClassVar

from workbench.engines.online import OnlineEngine
from workbench.engines.transport import Prepare

#: deep-translator's DeepL table; DeepL's codes are these, case-insensitive.
DEEPL_LANGUAGES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "hu", "id", "it", "ja", "lt", "lv",
    "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "tr", "uk", "zh",
)


class DeepLEngine(OnlineEngine):
    """DeepL API (free or pro, told apart by the key)."""

    name = "deepl"
    needs_key = True
    languages: ClassVar[dict[str, str]] = {code: code for code in DEEPL_LANGUAGES}

    @property
    def free(self) -> bool:
        """DeepL marks free-plan keys with the ``:fx`` suffix; they only work on api-free.deepl.com."""
        return self.settings.deepl_key.endswith(":fx")

    @property
    def host(self) -> str:
        """api-free.deepl.com or api.deepl.com."""
        return "api-free.deepl.com" if self.free else "api.deepl.com"

    def missing(self) -> str:
        """Needs WORKBENCH_DEEPL_KEY."""
        return "" if self.settings.deepl_key else "no key: set WORKBENCH_DEEPL_KEY"

    def prepare_hook(self) -> Prepare:
        """Move the key to the Authorization header and the parameters to a POST body."""

        def prepare(method: str, url: str, kwargs: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
            params = dict(kwargs.pop("params", None) or {})
            key = params.pop("auth_key", self.settings.deepl_key)
            headers = dict(kwargs.pop("headers", None) or {})
            headers["Authorization"] = f"DeepL-Auth-Key {key}"
            return "POST", url, {**kwargs, "data": params, "headers": headers}

        return prepare

    def call(self, text: str, source: str, target: str) -> Any:
        """One DeeplTranslator call."""
        from deep_translator import DeeplTranslator

        return DeeplTranslator(
            source=source, target=target, api_key=self.settings.deepl_key, use_free_api=self.free
        ).translate(text)
