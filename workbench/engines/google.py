"""Google Translate's free web page through deep-translator (opt-in: no key, no contract).

deep-translator reads the translation out of the mobile page translate.google.com/m; there is no
API key, no data-processing agreement and no service level: the engine is off unless
WORKBENCH_GOOGLE=on, and a consent or captcha page comes back as an unreadable answer. Google
uses a few legacy codes (``iw`` for Hebrew, ``jw`` for Javanese, ``zh-CN``) and takes at most
5000 characters per text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from deep_translator.constants import GOOGLE_LANGUAGES_TO_CODES

from workbench.engines.online import OnlineEngine

#: BCP-47 codes that Google's page spells otherwise.
GOOGLE_CODES = {"he": "iw", "jv": "jw", "zh": "zh-CN", "nb": "no", "mni": "mni-Mtei"}


def _languages() -> dict[str, str]:
    reverse = {code: bcp for bcp, code in GOOGLE_CODES.items()}
    return {reverse.get(code, code): code for code in GOOGLE_LANGUAGES_TO_CODES.values()}


class GoogleEngine(OnlineEngine):
    """Google Translate (free web endpoint, opt-in)."""

    name = "google"
    needs_key = False
    max_bytes = 5000  # characters for Google; bytes is the stricter reading
    languages: ClassVar[dict[str, str]] = _languages()

    @property
    def host(self) -> str:
        """Google's web translation host."""
        return "translate.google.com"

    def missing(self) -> str:
        """Off unless WORKBENCH_GOOGLE=on."""
        return "" if self.settings.google else "off: set WORKBENCH_GOOGLE=on to send text to Google without a key"

    def call(self, text: str, source: str, target: str) -> Any:
        """One GoogleTranslator call."""
        from deep_translator import GoogleTranslator

        return GoogleTranslator(source=source, target=target).translate(text)
