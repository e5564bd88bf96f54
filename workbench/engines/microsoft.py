"""Microsoft Translator through deep-translator.

Quirk: deep-translator's MicrosoftTranslator downloads the language list from Microsoft in its
constructor, on every construction, with no timeout. The list below (Microsoft's codes for the
languages a European press office works in) is used instead, so building a translator sends
nothing; a language missing here is refused before any call (add it to the table to use it).
A global resource needs only the key; a regional one also needs WORKBENCH_MICROSOFT_REGION.
"""

from __future__ import annotations

from typing import Any, ClassVar

from workbench.engines.online import OnlineEngine

#: BCP-47 -> Microsoft Translator code (api-version 3.0 "translation" scope).
MICROSOFT_LANGUAGES: dict[str, str] = {
    **{c: c for c in (
        "af", "ar", "az", "be", "bg", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "eu", "fa",
        "fi", "fr", "ga", "gl", "he", "hr", "hu", "hy", "id", "is", "it", "ja", "ka", "kk", "ko", "ky", "lt",
        "lv", "mk", "ms", "mt", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sv", "tk", "tr", "tt",
        "uk", "ur", "uz", "vi",
    )},
    # Microsoft names scripts where a language has several.
    "zh": "zh-Hans", "sr": "sr-Latn", "mn": "mn-Cyrl",
}


def _translator_class() -> Any:
    from deep_translator import MicrosoftTranslator

    class _StaticLanguages(MicrosoftTranslator):  # type: ignore[misc]
        def _get_supported_languages(self) -> dict[str, str]:
            return {code: code for code in MICROSOFT_LANGUAGES.values()}

    return _StaticLanguages


class MicrosoftEngine(OnlineEngine):
    """Microsoft Translator (Azure AI Translator), key plus optional region."""

    name = "microsoft"
    needs_key = True
    languages: ClassVar[dict[str, str]] = MICROSOFT_LANGUAGES

    @property
    def host(self) -> str:
        """Microsoft's global endpoint."""
        return "api.cognitive.microsofttranslator.com"

    def missing(self) -> str:
        """Needs WORKBENCH_MICROSOFT_KEY."""
        return "" if self.settings.microsoft_key else "no key: set WORKBENCH_MICROSOFT_KEY (and _REGION)"

    def call(self, text: str, source: str, target: str) -> Any:
        """One MicrosoftTranslator call (the static-language subclass)."""
        translator = _translator_class()(
            source=source, target=target, api_key=self.settings.microsoft_key,
            region=self.settings.microsoft_region or None,
        )
        return translator.translate(text)
