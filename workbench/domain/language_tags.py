"""BCP-47 language tags as files from other tools write them: compared without case, regions kept.

``EN-US``, ``en-us`` and ``en_US`` are one tag, written ``en-US`` (RFC 5646's case conventions:
language lower, script title, region upper). The primary subtag is the *base* language: a memory
unit in ``fr-CA`` serves a ``fr`` release, and a ``fr-CA`` query falls back to every ``fr`` unit
when no ``fr-CA`` one exists.

`check` is the one rule for a language code coming in (a command's ``--to`` or ``--lang``, a service's
parameter, a screen's box, a file's language attribute): a well-formed BCP-47 tag, as
``langcodes.tag_is_valid`` reads RFC 5646's grammar (``_`` allowed for ``en_US``). Anything else is
refused before it is stored or becomes part of a path: ``../x``, ``**bb**`` and ``fr@x`` are no tags.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from langcodes import tag_is_valid

from workbench.errors import InputError

#: Longer than any registered tag in practice; the column that stores a language is String(16).
MAX_TAG = 16


def is_tag(tag: str) -> bool:
    """Whether ``tag`` is a well-formed BCP-47 language tag (``fr``, ``pt-BR``, ``es-419``, ``crh``)."""
    return 0 < len(tag) <= MAX_TAG and tag.isascii() and bool(tag_is_valid(tag))


def check(tag: str, what: str = "language") -> str:
    """``tag`` without surrounding blanks when it is a BCP-47 language tag; InputError otherwise."""
    stripped = tag.strip()
    if not is_tag(stripped):
        shown = stripped if len(stripped) <= 40 else stripped[:40] + "…"
        raise InputError(f"{what} {shown!r} is not a language code (BCP 47: fr, en, pt-BR, es-419)")
    return stripped


def split(raw: str | Iterable[str]) -> list[str]:
    """The codes of a list of languages, ``"es, en"`` or an iterable: stripped, blanks and repeats
    dropped, in their order, not checked. The one reading of such a list: a person's or a token's
    language scope (``workflow.parse_langs``: lower-cased, as stored) and the target languages of a
    command (``check_list``: each checked) both start here."""
    items = raw.split(",") if isinstance(raw, str) else raw
    return list(dict.fromkeys(code.strip() for code in items if code.strip()))


def check_list(raw: str | Iterable[str], what: str = "language") -> list[str]:
    """``split(raw)``, every code checked (``check``: InputError for what is no language code)."""
    return [check(code, what) for code in split(raw)]


def check_target(target: str, source_lang: str, slug: str) -> None:
    """Refuse ``target`` as a target language of release ``slug``, which is written in ``source_lang``:
    the one check (and the one InputError) of drafting, editing, QA, export and import."""
    if same(target, source_lang):  # "FR" or "fr_FR" is not another language than "fr-FR"
        raise InputError(f"{slug!r} is written in {target!r}: choose another target language")


def canonical(tag: str) -> str:
    """``EN_us`` -> ``en-US``, ``zh-hant-tw`` -> ``zh-Hant-TW``; other subtags lower-cased."""
    parts = [p for p in tag.strip().replace("_", "-").split("-") if p]
    if not parts:
        return ""
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())  # script
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())  # region
        else:
            out.append(part.lower())
    return "-".join(out)


@lru_cache(maxsize=1024)  # asked for by every check and repair of every segment, of a few tags
def base(tag: str) -> str:
    """The primary language subtag, lower-cased: ``fr-CA`` -> ``fr``, ``ES_mx`` -> ``es``; the one
    base-language cut of the checks, the repairs, the typography and the engines."""
    return canonical(tag).split("-")[0]


def same(a: str, b: str) -> bool:
    """Whether two tags name the same language variety (case and ``_`` ignored)."""
    return canonical(a) == canonical(b)


def in_scope(lang: str, scope: Iterable[str]) -> bool:
    """Whether target ``lang`` is one of the codes of a language ``scope`` (a user's, a token's, a
    webhook's: stored lower-cased), by ``same``: a ``pt-br`` scope covers ``pt-BR`` and ``pt_BR``."""
    return any(same(lang, code) for code in scope)
