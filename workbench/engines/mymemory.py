"""MyMemory (translated.net) through deep-translator: free, no key, enabled by a contact e-mail.

Quirks: MyMemory wants region codes (``fr-FR``, ``en-GB``, ``uk-UA``), takes at most 500 bytes
per text, and reports many errors inside an HTTP 200 answer: ``responseStatus`` 403 with
"INVALID TARGET LANGUAGE", or 429 with ``quotaFinished`` once the daily quota is used up;
deep-translator would return such a message as the translation, so 2xx answers are checked.
The e-mail (``de`` parameter) raises the anonymous daily quota; without it the engine is off,
because it would send text off-site without anyone having chosen to.
"""

from __future__ import annotations

from typing import Any, ClassVar

import requests
from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES

from workbench.domain import language_tags
from workbench.engines.online import OnlineEngine
from workbench.engines.transport import Check
from workbench.errors import EngineAuthError, EngineResponseError, EngineUnsupportedError


def _region_codes() -> dict[str, str]:
    """BCP-47 language -> MyMemory code: ``xx-XX`` when MyMemory has it, else its first code for ``xx``."""
    codes = list(MY_MEMORY_LANGUAGES_TO_CODES.values())
    out: dict[str, str] = {"en": "en-GB", "zh": "zh-CN", "sr": "sr-Latn-RS"}
    for code in codes:
        lang = language_tags.base(code)
        if f"{lang}-{lang.upper()}" in codes:
            out.setdefault(lang, f"{lang}-{lang.upper()}")
        out.setdefault(lang, code)
    return out


MYMEMORY_LANGUAGES = _region_codes()


def check_answer(engine: str) -> Check:
    """Raise the error an HTTP 200 answer of MyMemory carries in ``responseStatus``."""

    def check(response: requests.Response) -> None:
        try:
            body = response.json()
            status = int(body.get("responseStatus", 200))
        except (ValueError, AttributeError, TypeError):
            return  # not MyMemory's JSON: the parser reports it
        if status == 200:
            return
        details = str(body.get("responseDetails") or body.get("responseData", {}).get("translatedText", ""))[:200]
        if status == 429 or body.get("quotaFinished"):
            raise EngineAuthError(f"{engine}: the daily quota is used up: {details}")
        if "LANGUAGE" in details.upper():
            raise EngineUnsupportedError(f"{engine} refused the language pair: {details}")
        raise EngineResponseError(f"{engine}: status {status}: {details}")

    return check


class MyMemoryEngine(OnlineEngine):
    """MyMemory's free API (translation memory plus machine translation)."""

    name = "mymemory"
    needs_key = False
    max_bytes = 500
    languages: ClassVar[dict[str, str]] = MYMEMORY_LANGUAGES

    @property
    def host(self) -> str:
        """MyMemory's API host."""
        return "api.mymemory.translated.net"

    def missing(self) -> str:
        """Needs WORKBENCH_MYMEMORY_EMAIL: sending text off-site must be somebody's choice."""
        return "" if self.settings.mymemory_email else "off: set WORKBENCH_MYMEMORY_EMAIL to enable it"

    def check_hook(self) -> Check:
        """MyMemory's errors come inside HTTP 200 answers."""
        return check_answer(self.name)

    def call(self, text: str, source: str, target: str) -> Any:
        """One MyMemoryTranslator call, with the contact e-mail."""
        from deep_translator import MyMemoryTranslator

        return MyMemoryTranslator(source=source, target=target, email=self.settings.mymemory_email).translate(text)
