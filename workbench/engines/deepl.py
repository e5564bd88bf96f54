"""DeepL, called directly: the free API for keys ending in ``:fx``, the pro API for the others.

Why not through deep-translator like the other providers: it sends one text per request (DeepL
takes 50), knows nothing of DeepL's glossaries, tag handling or formality, and its DeepL adapter
still sends ``GET /v2/translate?auth_key=…``, which DeepL no longer accepts (removed January 2026:
developers.deepl.com, "Deprecation of query parameter and request body authentication").

So each request is ``POST /v2/translate`` with a JSON body of up to 50 texts, the key in
``Authorization: DeepL-Auth-Key KEY``, and:

- the term base of the language pair as a DeepL glossary (deepl_glossary.py: created, reused
  while unchanged, replaced when it changes), so that DeepL places and inflects names and terms
  itself; the engine has ``glossary_support``: it gets the names as written, never placeholders;
- ``tag_handling=xml`` always, the texts escaped as XML; where a glossary cannot help (the pair
  has no DeepL glossary, or a draft already failed the glossary check and is asked again), each
  name of the batch goes as its target form inside ``<x>…</x>``, a tag DeepL leaves untouched
  (``ignore_tags=x``);
- ``formality`` per target language from WORKBENCH_DEEPL_FORMALITY, sent as ``prefer_more`` or
  ``prefer_less``, so a language without formality levels is not refused.

HTTP 456 means the quota is used up; the transport turns it into EngineAuthError.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar
from xml.sax.saxutils import escape, unescape

import requests

from workbench.config import EngineSettings
from workbench.domain import language_tags
from workbench.engines.base import GlossaryEntry, PairGlossary, Request, keep_spacing
from workbench.engines.deepl_glossary import GlossarySync
from workbench.engines.online import OnlineEngine
from workbench.errors import EngineResponseError

#: DeepL's languages (BCP-47 codes; DeepL writes them in capitals).
DEEPL_LANGUAGES = (
    "ar", "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "hu", "id", "it", "ja", "ko", "lt", "lv",
    "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "tr", "uk", "zh",
)
#: Target codes DeepL wants with a variant: "EN" and "PT" alone are only kept for old clients.
_TARGET_VARIANTS = {"en": "EN-GB", "pt": "PT-PT"}
_FORMALITY = {"more": "prefer_more", "less": "prefer_less"}
_KEEP = "x"  # the ignored tag around protected names
_TAG = re.compile(rf"</?{_KEEP}>")
#: Most texts per request (DeepL: "The parameter may be specified up to 50 times in a single request").
MAX_TEXTS = 50


class DeepLEngine(OnlineEngine):
    """DeepL API (free or pro, told apart by the key), with its glossaries, batched."""

    name = "deepl"
    needs_key = True
    batch_size = MAX_TEXTS
    glossary_support = True
    languages: ClassVar[dict[str, str]] = {code: code.upper() for code in DEEPL_LANGUAGES}

    def __init__(
        self, settings: EngineSettings, session: requests.Session | None = None, base_url: str | None = None
    ) -> None:
        super().__init__(settings, session)
        self._base_url = base_url.rstrip("/") if base_url else None
        self.glossaries = GlossarySync(self.name, self.transport, self.base_url, self._headers)

    @property
    def free(self) -> bool:
        """DeepL marks free-plan keys with the ``:fx`` suffix; they only work on api-free.deepl.com."""
        return self.settings.deepl_key.endswith(":fx")

    @property
    def base_url(self) -> str:
        """``https://api-free.deepl.com`` or ``https://api.deepl.com`` (another one in tests)."""
        return self._base_url or f"https://{self.host}"

    @property
    def host(self) -> str:
        """api-free.deepl.com or api.deepl.com."""
        if self._base_url:
            return self._base_url.split("://", 1)[-1]
        return "api-free.deepl.com" if self.free else "api.deepl.com"

    def missing(self) -> str:
        """Needs WORKBENCH_DEEPL_KEY."""
        return "" if self.settings.deepl_key else "no key: set WORKBENCH_DEEPL_KEY"

    @property
    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"DeepL-Auth-Key {self.settings.deepl_key}"}

    def formality(self, target: str) -> str:
        """The ``formality`` to send for ``target`` ("" for DeepL's default)."""
        table = dict(self.settings.deepl_formality)
        return _FORMALITY.get(table.get(language_tags.base(target)) or table.get("*") or "default", "")

    def cache_text(self, text: str, before: str, after: str, target: str) -> str:
        """The text under the formality asked for (the glossary is in the glossary version already)."""
        formality = self.formality(target)
        return f"{formality}\x1f{text}" if formality else text

    # --- translation -------------------------------------------------------------------------

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate texts without a glossary (what the contract suite calls)."""
        return self.translate_request(Request(tuple(texts), source, target))

    def translate_request(self, request: Request) -> list[str]:
        """The request's texts through DeepL, 50 per HTTP request; blank texts come back as they are, never sent."""
        self.require_configured()
        source = self.code(request.source)
        target = _TARGET_VARIANTS.get(language_tags.base(request.target), self.code(request.target))
        sent = [k for k, t in enumerate(request.texts) if t.strip()]
        if not sent:
            return list(request.texts)
        glossary_id = None
        if request.termbase is not None and not request.retry:
            glossary_id = self.glossaries.ensure(request.termbase)
        # Where the glossary cannot help, the names go as their target forms in a tag DeepL leaves alone.
        protected = [e for e in request.glossary if e.kind != "phrase"] if glossary_id is None else []
        xml = [_as_xml(request.texts[k].strip(), protected) for k in sent]
        out: list[str] = []
        for start in range(0, len(xml), MAX_TEXTS):
            out += self._translate(xml[start:start + MAX_TEXTS], source, target, request.target, glossary_id,
                                   request.termbase)
        outputs = list(request.texts)
        for k, text in zip(sent, out, strict=True):
            outputs[k] = keep_spacing(request.texts[k], _from_xml(text))
        return outputs

    def _translate(
        self, texts: list[str], source: str, target: str, lang: str, glossary_id: str | None,
        termbase: PairGlossary | None,
    ) -> list[str]:
        """One POST /v2/translate; a glossary DeepL no longer has is made again once."""
        body: dict[str, Any] = {
            "text": texts, "source_lang": source, "target_lang": target,
            "tag_handling": "xml", "ignore_tags": [_KEEP],
        }
        if glossary_id:
            body["glossary_id"] = glossary_id
        if self.formality(lang):
            body["formality"] = self.formality(lang)
        try:
            response = self.transport.request("POST", f"{self.base_url}/v2/translate", json=body,
                                              headers=self._headers)
        except EngineResponseError as exc:
            if not glossary_id or termbase is None or "glossary" not in str(exc).lower():
                raise
            # Deleted meanwhile (by hand, by another installation): forget it and make it again.
            self.glossaries.forget(termbase)
            body["glossary_id"] = self.glossaries.ensure(termbase)
            if not body["glossary_id"]:
                raise
            response = self.transport.request("POST", f"{self.base_url}/v2/translate", json=body,
                                              headers=self._headers)
        try:
            translations = response.json()["translations"]
            result = [t["text"] for t in translations]
        except (ValueError, KeyError, TypeError) as exc:
            raise EngineResponseError(f"{self.name}: unreadable answer ({type(exc).__name__})") from exc
        if len(result) != len(texts) or not all(isinstance(t, str) for t in result):
            raise EngineResponseError(f"{self.name} returned {len(result)} texts for {len(texts)}")
        if any(not t.strip() for t in result):
            raise EngineResponseError(f"{self.name} returned no text")
        return result


def _as_xml(text: str, protected: Sequence[GlossaryEntry]) -> str:
    """``text`` escaped as XML, each protected entry's source replaced by ``<x>target</x>``."""
    if not protected:
        return escape(text)
    by_source = {e.source: e.target for e in protected}
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(s) for s in sorted(by_source, key=len, reverse=True)) + r")(?!\w)"
    )
    pieces: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        pieces += [escape(text[pos:m.start()]), f"<{_KEEP}>{escape(by_source[m.group(1)])}</{_KEEP}>"]
        pos = m.end()
    pieces.append(escape(text[pos:]))
    return "".join(pieces)


def _from_xml(text: str) -> str:
    """DeepL's XML answer as plain text: the protected tags dropped, entities read."""
    return unescape(_TAG.sub("", text), {"&quot;": '"', "&apos;": "'"})

