"""Our block filter: drop web-page chrome from extracted blocks, find the title, classify the rest.

It runs after every reader (text dump, HTML, Markdown). Trafilatura cleans real HTML pages, but a
text dump copied from a browser (the usual source) keeps everything: skip links, the donation
banner, the press-contact box (often repeated), related-article teasers. The rules are general
(repetition, position, contact-only lines, markers, teaser shapes), listed with the reason that
is reported for every excluded block, in French and English.

Order of the passes:
1. per-block rules (``BLOCK_RULES``, first match wins) and repeated blocks;
2. the title: a block the source marks as title, else the first headline-shaped block; kept blocks
   before it are page chrome (navigation, banners);
3. a related-articles marker ("Sur le même pays", "Read more"...) after some body text cuts off
   everything after it;
4. date lines: directly under the title it is the release's publication date (metadata);
   elsewhere it belongs to a teaser, so it goes, with the headline just before it;
5. the kept blocks become title, headings (short, no final sentence punctuation) and paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from workbench.domain import control_chars
from workbench.domain.models import Block, BlockKind, Document, ExcludedBlock

Hint = Literal["title", "heading", "paragraph"]


@dataclass(frozen=True)
class RawBlock:
    """A block as a reader found it; ``hint`` is the kind the source's markup gives, if any."""

    text: str
    hint: Hint | None = None
    line: int | None = None


def _pattern(regex: str) -> Callable[[str], bool]:
    # Patterns are written in lower case; lowering the text is faster than re.IGNORECASE.
    compiled = re.compile(regex)
    return lambda text: compiled.search(text.lower()) is not None


def _short(limit: int, rule: Callable[[str], bool]) -> Callable[[str], bool]:
    # Chrome is short; a long paragraph that happens to say "faire un don" is release text.
    return lambda text: len(text) <= limit and rule(text)


_APOS = "['’]"
# Cloudflare hides addresses as "[email protected]" in saved pages.
_CONTACT_TOKENS = re.compile(
    r"\[email[\s\u00a0]protected\]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+|www\.\S+"
    r"|\+?\d[\d\s\u00a0\u202f().\-/]{6,}\d"
    r"|\b(?:t[ée]l(?:[ée]phone)?|phone|tel|mobile|portable|fax|e-?mail|courriel|mail)\b\.?"
    r"|[\s:|/–—•·,;-]",
    re.IGNORECASE,
)


_CONTACT_HINT = re.compile(r"\d|@|\[email|www\.|https?:")


def _contact_only(text: str) -> bool:
    """A line made only of phone numbers, e-mail addresses, links and their labels."""
    return len(text) <= 300 and _CONTACT_HINT.search(text) is not None and not _CONTACT_TOKENS.sub("", text)


def _all_caps_slogan(text: str) -> bool:
    # str.isupper: every cased character is upper case (and there is at least one).
    return 12 <= len(text) <= 300 and text.isupper() and len(text.split()) >= 3


def _truncated(text: str) -> bool:
    # Listing teasers are cut mid-sentence with an ellipsis; a release paragraph is not.
    return len(text) >= 40 and text.rstrip().endswith(("...", "…"))


#: (rule, reason) in priority order; the reason is reported with each excluded block.
BLOCK_RULES: tuple[tuple[Callable[[str], bool], str], ...] = (
    (lambda text: not any(c.isalnum() for c in text), "no words (separator, decoration)"),
    (
        _pattern(
            r"^(aller au (contenu|menu)|passer au contenu|skip to (main )?content|skip navigation|menu"
            r"|fermer|close|rechercher|search|accueil|home|connexion|se connecter|log ?in|sign in|mon compte"
            r"|my account|partager|share|imprimer|print|tweet|retour|back|haut de page|back to top)$"
        ),
        "navigation link",
    ),
    (
        _short(
            500,
            _pattern(
                r"nous utilisons des cookies|we use cookies|accept(er)? (all |tous les |les )?cookies"
                r"|cookie (settings|policy|preferences)|gestion des cookies|param[ée]trer les cookies"
                r"|(ce|this) (web)?site (utilise|uses) (des )?cookies"
            ),
        ),
        "cookie banner",
    ),
    (
        _short(
            400,
            _pattern(
                rf"\bfai(re|tes) un don\b|\bje (fais un )?don(ne)?\b|montant libre|r[ée]duction d{_APOS}imp[ôo]ts?"
                r"|\bvotre don\b|en faisant un don|\bdonate\b|\bdonation\b|tax[- ]deductible|\byour gift\b"
                r"|\bmake a gift\b"
            ),
        ),
        "donation banner",
    ),
    (
        _short(
            600,
            _pattern(
                r"^(espace (journalistes|presse|m[ée]dias)|contacts? (presse|m[ée]dias?)|service de presse"
                r"|relations (presse|m[ée]dias)|press (contacts?|office|room|centre|center)|media (contacts?"
                r"|enquiries|inquiries)|for (media|press) (enquiries|inquiries)|pour toute (autre )?demande"
                r"|for (interviews?|more information),? (please )?contact)"
            ),
        ),
        "press contact box",
    ),
    (_contact_only, "contact details (phone, e-mail, link)"),
    (
        _short(
            300,
            _pattern(
                r"tous droits r[ée]serv[ée]s|all rights reserved|^©|mentions l[ée]gales|politique de confidentialit[ée]"
                rf"|privacy (policy|notice)|terms (of use|and conditions)|conditions d{_APOS}utilisation|^newsletter$"
                r"|abonnez-vous|inscrivez-vous|subscribe to our|suivez-nous|follow us"
            ),
        ),
        "site footer",
    ),
    (
        _pattern(
            r"^(communiqu[ée] de presse|press release|actualit[ée]s?|news|latest news|derni[èe]res actualit[ée]s)$"
        ),
        "section label",
    ),
    (_all_caps_slogan, "all-caps slogan"),
    (_truncated, "truncated teaser"),
)

_RELATED_MARKER = re.compile(
    r"^(sur le m[êe]me (pays|sujet|th[èe]me)|[àa] lire (aussi|[ée]galement)|lire aussi|voir aussi"
    r"|dans la m[êe]me rubrique|articles? (similaires|li[ée]s|associ[ée]s)|nos derni[èe]res actualit[ée]s"
    r"|read more|related( (content|articles|news|stories|posts))?|see also|more on this( topic)?"
    r"|you may also like|latest news)\s*:?$",
    re.IGNORECASE,
)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("janvier", "january", "jan"),
            ("février", "fevrier", "february", "feb", "fév", "fev"),
            ("mars", "march", "mar"),
            ("avril", "april", "apr", "avr"),
            ("mai", "may"),
            ("juin", "june", "jun"),
            ("juillet", "july", "jul", "juil"),
            ("août", "aout", "august", "aug"),
            ("septembre", "september", "sep", "sept"),
            ("octobre", "october", "oct"),
            ("novembre", "november", "nov"),
            ("décembre", "decembre", "december", "dec", "déc"),
        ),
        start=1,
    )
    for name in names
}
_DATE_PREFIX = (
    r"^(?:(?:publi[ée]e? le|publi[ée]e?|mis en ligne le|mis à jour le|published(?: on)?|updated(?: on)?|posted(?: on)?"
    r"|date)\s*:?\s*|[A-ZÀ-Ü][\w\- ]{1,30},\s*(?:le\s+)?)?"
)
_DATE_FORMS = (
    re.compile(_DATE_PREFIX + r"(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{2}|\d{4})\.?$", re.IGNORECASE),
    re.compile(_DATE_PREFIX + r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$", re.IGNORECASE),
    re.compile(
        _DATE_PREFIX
        + r"(?:[a-zé]+\s+)?(?P<d>\d{1,2})(?:er|st|nd|rd|th)?\s+(?P<mn>[a-zéû]+)\.?\s+(?P<y>\d{4})\.?$",
        re.IGNORECASE,
    ),
    re.compile(
        _DATE_PREFIX + r"(?:[a-z]+,?\s+)?(?P<mn>[a-z]+)\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\.?$",
        re.IGNORECASE,
    ),
)
_SENTENCE_END = (".", ":", ";", ",", "…", "!", "?")
_CLOSING = " \u00a0\u202f»”\"')"


def parse_date_line(text: str) -> date | None:
    """The date of a "Publié le : 05.12.25" / "Published on 5 December 2025" line, else None."""
    for form in _DATE_FORMS:
        match = form.match(text.strip())
        if not match:
            continue
        parts = match.groupdict()
        month = _MONTHS.get(parts["mn"].lower()) if parts.get("mn") else int(parts["m"])
        year = int(parts["y"])
        year += 2000 if year < 100 else 0  # "05.12.25": press sites print two-digit years
        try:
            return date(year, month or 0, int(parts["d"]))
        except ValueError:
            return None
    return None


def is_headline(text: str) -> bool:
    """A title-shaped block: a few words, not too long, no final sentence punctuation."""
    words = len(text.split())
    return 3 <= words <= 40 and len(text) <= 250 and not text.rstrip(_CLOSING).endswith((".", ":", ";", ",", "…"))


def is_heading(text: str) -> bool:
    """A short block without final sentence punctuation, such as "Complément d’information"."""
    return len(text) <= 100 and len(text.split()) <= 12 and not text.rstrip(_CLOSING).endswith(_SENTENCE_END)


def normalise_block_text(text: str) -> str:
    """Collapse ordinary whitespace (not the no-break spaces French typography needs) and strip; the
    few control characters a text file (or an HTML character reference) may hold go first: they
    would make every XML export of the release fail (domain/control_chars.py)."""
    return re.sub(r"[ \t\r\n\f\v]+", " ", control_chars.clean(text)).strip(" \t\r\n\f\v")


def filter_blocks(raw: Sequence[RawBlock], *, source_format: str) -> Document:
    """Drop page chrome from raw blocks, find title and metadata, classify the kept blocks."""
    blocks = [RawBlock(t, b.hint, b.line) for b in raw if (t := normalise_block_text(b.text))]
    reasons: list[str | None] = [_block_reason(b.text) for b in blocks]
    _mark_repeated(blocks, reasons)
    title_at = _find_title(blocks, reasons)
    metadata: dict[str, str] = {}
    if title_at is not None:
        for i in range(title_at):
            reasons[i] = reasons[i] or "before the title (navigation, banner)"
        _mark_related(blocks, reasons, title_at)
        _mark_dates(blocks, reasons, title_at, metadata)
    kept: list[Block] = []
    excluded: list[ExcludedBlock] = []
    for i, (block, reason) in enumerate(zip(blocks, reasons, strict=True)):
        if reason is not None:
            excluded.append(ExcludedBlock(block.text, reason))
        else:
            kept.append(Block(_kind(block, is_title=i == title_at), block.text))
    title = blocks[title_at].text if title_at is not None else ""
    return Document(title, tuple(kept), tuple(excluded), metadata, source_format)


def _block_reason(text: str) -> str | None:
    for rule, reason in BLOCK_RULES:
        if rule(text):
            return reason
    return None


def _mark_repeated(blocks: list[RawBlock], reasons: list[str | None]) -> None:
    # A block that occurs twice in one release is a site element (contact box, share bar), not
    # text. A headline-shaped one (the title repeated in a breadcrumb) keeps its last occurrence.
    counts = Counter(b.text.casefold() for b in blocks if b.hint != "title")
    remaining = dict(counts)
    for i, block in enumerate(blocks):
        key = block.text.casefold()
        if block.hint == "title" or counts[key] < 2:
            continue
        remaining[key] -= 1
        if reasons[i] is None and not (is_headline(block.text) and remaining[key] == 0):
            reasons[i] = "repeated block (site chrome)"


def _find_title(blocks: list[RawBlock], reasons: list[str | None]) -> int | None:
    for i, block in enumerate(blocks):
        if block.hint == "title" and reasons[i] is None:
            return i
    for i, block in enumerate(blocks):
        if reasons[i] is None and block.hint in (None, "heading") and is_headline(block.text):
            return i
    return None


def _mark_related(blocks: list[RawBlock], reasons: list[str | None], title_at: int) -> None:
    body_seen = False
    for i in range(title_at + 1, len(blocks)):
        if reasons[i] is not None:
            continue
        marker = _RELATED_MARKER.match(blocks[i].text)
        if marker and body_seen:
            reason = f"related articles after “{blocks[i].text}”"
            for j in range(i, len(blocks)):
                reasons[j] = reasons[j] or reason
            return
        body_seen = body_seen or not is_heading(blocks[i].text)


def _mark_dates(blocks: list[RawBlock], reasons: list[str | None], title_at: int, metadata: dict[str, str]) -> None:
    under_title = next((i for i in range(title_at + 1, len(blocks)) if reasons[i] is None), None)
    for i in range(title_at + 1, len(blocks)):
        if reasons[i] is not None or len(blocks[i].text) > 80:
            continue
        when = parse_date_line(blocks[i].text)
        if when is None:
            continue
        if i == under_title:
            metadata["published"] = when.isoformat()
            reasons[i] = "publication date (metadata)"
            continue
        reasons[i] = "date line of a teaser"
        previous = next((j for j in range(i - 1, title_at, -1) if reasons[j] is None), None)
        if previous is not None and is_headline(blocks[previous].text):
            reasons[previous] = "teaser title"


def _kind(block: RawBlock, *, is_title: bool) -> BlockKind:
    if is_title:
        return "title"
    if block.hint is not None:
        return "heading" if block.hint == "title" else block.hint
    return "heading" if is_heading(block.text) else "paragraph"
