"""The term base: concepts with a preferred form per language and known variant spellings (docs/glossary.md)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from workbench.domain.language_tags import base, canonical, is_tag

ConceptKind = Literal["person", "org", "place", "term"]
CONCEPT_KINDS: tuple[ConceptKind, ...] = ("person", "org", "place", "term")
#: A term's administrative status as term bases (TBX) give it; "" when the file gave none.
TermStatus = Literal["preferred", "admitted", "deprecated", "superseded", "obsolete", ""]
TERM_STATUSES: tuple[TermStatus, ...] = ("preferred", "admitted", "deprecated", "superseded", "obsolete", "")
#: The statuses of a variant that may stand in a target: a second preferred term, an allowed synonym.
ACCEPTED_STATUSES: frozenset[TermStatus] = frozenset({"preferred", "admitted"})


@dataclass(frozen=True)
class TermField:
    """Terminology data a concept carries beyond its spellings (a TBX data category), kept for exchange.

    ``lang`` and ``form`` say where it hangs: both empty for the concept, ``lang`` for a language
    section, both for one term. ``element`` is how TBX writes the category (``descrip``, ``admin``,
    ``termNote``, ``note``, ``transacGrp``, ``xref``, ``ref``); ``detail`` holds a transaction's
    responsibility or a cross-reference's target.
    """

    category: str  # definition, context, partOfSpeech, subjectField, source, note, origination...
    value: str
    lang: str = ""
    form: str = ""
    element: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Concept:
    """One named thing with its spelling per language.

    ``forms`` maps a BCP-47 language code to the preferred form; ``variants`` lists (lang, form)
    spellings recognised in sources and flagged in targets. ``case_sensitive`` is None when it is
    to be derived (acronyms and short terms sensitive, names and long terms insensitive).
    ``statuses`` lists (lang, form, status) where a term base said something other than the
    default (preferred for a form, deprecated for a variant): an admitted synonym, a superseded
    spelling, a term given no status. ``fields`` keeps the rest of what a term base said.
    """

    id: str
    kind: ConceptKind
    forms: dict[str, str]
    variants: tuple[tuple[str, str], ...] = ()
    note: str = ""
    sources: str = ""
    case_sensitive: bool | None = None
    statuses: tuple[tuple[str, str, TermStatus], ...] = ()
    fields: tuple[TermField, ...] = ()

    def status_of(self, lang: str, form: str, preferred: bool) -> TermStatus:
        """The status of one of the concept's terms (``preferred``: it is the language's form)."""
        for s_lang, s_form, status in self.statuses:
            if s_lang == lang and s_form == form:
                return status
        return "preferred" if preferred else "deprecated"

    def accepted_variants(self, lang: str) -> list[str]:
        """The variants a ``lang`` text may use instead of the form: preferred or admitted in that language.

        A term base's language section counts for a variety of it and the other way round (an
        ``en`` admitted term serves ``en-GB``, an ``en-GB`` one serves ``en``), not for a sibling variety.
        """
        return [form for s_lang, form, status in self.statuses
                if status in ACCEPTED_STATUSES and _covers(s_lang, lang) and (s_lang, form) in self.variants]

    def all_forms(self) -> list[tuple[str, str, bool]]:
        """Every (lang, form, preferred) spelling of the concept."""
        out = [(lang, form, True) for lang, form in self.forms.items() if form]
        out += [(lang, form, False) for lang, form in self.variants if form]
        return out


def _covers(a: str, b: str) -> bool:
    """Whether two language tags are one variety, or one is the other's language without a region."""
    a, b = canonical(a), canonical(b)
    return a == b or (base(a) == base(b) and ("-" not in a or "-" not in b))


def is_form_lang(code: str) -> bool:
    """Whether ``code`` may name the language of a form (a glossary CSV column, a variant's prefix):
    a BCP-47 tag whose language is in lower case (``fr``, ``crh``, ``pt-BR``)."""
    return is_tag(code) and code.split("-")[0].islower()


# Variants written as text, in a CSV cell and in the editor: ``lang:form`` entries separated by ``;``;
# inside a form a backslash escapes ``;`` and ``\`` (``fr:A\;B`` is the one form ``A;B``).


def _split_variants(text: str) -> list[str]:
    """Split on unescaped ``;``; backslash escapes are resolved. ValueError on a dangling backslash."""
    entries: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, None)
            if nxt not in (";", "\\"):
                raise ValueError("a backslash in variants must be followed by ';' or '\\'")
            current.append(nxt)
        elif ch == ";":
            entries.append("".join(current))
            current = []
        else:
            current.append(ch)
    entries.append("".join(current))
    return entries


def parse_variants(text: str) -> tuple[tuple[str, str], ...]:
    """``lang:form;lang:form`` -> ((lang, form), ...), blanks around entries ignored; ValueError names a bad entry."""
    if not text:
        return ()
    out: list[tuple[str, str]] = []
    for raw in _split_variants(text):
        entry = raw.strip()
        if not entry:
            continue  # a trailing ';' or ';;' is harmless
        lang, sep, form = entry.partition(":")
        lang, form = lang.strip(), form.strip()
        if not sep or not is_form_lang(lang) or not form:
            raise ValueError(f"malformed variant {entry!r}: expected lang:form (for example fr:Meijlis)")
        out.append((lang, form))
    return tuple(out)


def format_variants(variants: Iterable[tuple[str, str]], separator: str = ";") -> str:
    """The inverse of ``parse_variants`` (``separator`` may add a blank after each ``;``)."""
    return separator.join(f"{lang}:" + form.replace("\\", "\\\\").replace(";", "\\;") for lang, form in variants)


@dataclass(frozen=True)
class TargetForm:
    """The form to write in a target language, and whether a person decided it for that language."""

    form: str
    lang: str
    verified: bool


@dataclass(frozen=True)
class Termbase:
    """An immutable collection of concepts, keyed by id."""

    concepts: dict[str, Concept] = field(default_factory=dict)

    @classmethod
    def of(cls, concepts: Iterable[Concept]) -> Termbase:
        """Build a term base from concepts (later ids win)."""
        return cls({c.id: c for c in concepts})

    @property
    def version(self) -> str:
        """A digest of the content: changes whenever any form, variant or kind changes."""
        h = hashlib.sha256()
        for cid in sorted(self.concepts):
            c = self.concepts[cid]
            h.update(repr((c.id, c.kind, sorted(c.forms.items()), sorted(c.variants), c.case_sensitive)).encode())
        return h.hexdigest()[:16]

    def target_form(
        self, concept_id: str, target: str, source_form: str, fallback: Sequence[str] = ("en",)
    ) -> TargetForm:
        """The form of a concept for ``target``: its own cell, else the fallback chain, else the source form."""
        concept = self.concepts[concept_id]
        if concept.forms.get(target):
            return TargetForm(concept.forms[target], target, True)
        for lang in fallback:
            if concept.forms.get(lang):
                return TargetForm(concept.forms[lang], lang, False)
        return TargetForm(source_form, "", False)


@dataclass(frozen=True)
class Difference:
    """One change a proposal makes to a concept: a language's form, a variant, the kind or the note.

    ``what`` is ``form``, ``variant``, ``kind`` or ``note``; ``lang`` is empty for the kind and the
    note; ``before``/``after`` are "" where nothing stood (a new form, a removed variant).
    """

    what: str
    lang: str
    before: str
    after: str


def differences(before: Concept | None, after: Concept) -> tuple[Difference, ...]:
    """What ``after`` changes in ``before`` (None: a new concept), forms first, in a stable order."""
    old_forms = before.forms if before else {}
    out = [Difference("form", lang, old_forms.get(lang, ""), after.forms.get(lang, ""))
           for lang in sorted(set(old_forms) | set(after.forms))
           if old_forms.get(lang, "") != after.forms.get(lang, "")]
    old_variants = set(before.variants) if before else set()
    new_variants = set(after.variants)
    out += [Difference("variant", lang, form, "") for lang, form in sorted(old_variants - new_variants)]
    out += [Difference("variant", lang, "", form) for lang, form in sorted(new_variants - old_variants)]
    if before is None or before.kind != after.kind:
        out.append(Difference("kind", "", before.kind if before else "", after.kind))
    if (before.note if before else "") != after.note:
        out.append(Difference("note", "", before.note if before else "", after.note))
    if before is not None and before.case_sensitive != after.case_sensitive:
        out.append(Difference("case", "", _case(before.case_sensitive), _case(after.case_sensitive)))
    return tuple(out)


def _case(flag: bool | None) -> str:
    return "" if flag is None else ("sensitive" if flag else "insensitive")


def same_content(a: Concept, b: Concept) -> bool:
    """Whether two concepts say the same thing (spellings, kind, note, sources, case, statuses, fields)."""
    return (a.kind, a.forms, set(a.variants), a.note, a.sources, a.case_sensitive, set(a.statuses),
            set(a.fields)) == (b.kind, b.forms, set(b.variants), b.note, b.sources, b.case_sensitive,
                               set(b.statuses), set(b.fields))
