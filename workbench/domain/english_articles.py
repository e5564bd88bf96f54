"""English articles before a restored form, which the engine chose against a placeholder.

- *a* or *an* as the form sounds: Apertium wrote "a Zx1q" for "une disparition forcée", which
  becomes "an enforced disappearance"; an acronym is read letter by letter (*an FSB officer*,
  *a UN body*).
- *the* before a term English uses without an article: French puts *la* before abstract nouns
  ("la liberté d’expression", "la torture") and Apertium keeps it ("the freedom of expression",
  "the arbitrary detention"); English writes *freedom of expression*, *arbitrary detention*,
  *international humanitarian law* bare (Amnesty International's style, as in "prohibit
  arbitrary detention", "in violation of international humanitarian law"). Only terms whose
  head is such a noun lose it; *the death penalty*, *the rule of law* keep theirs.
"""

from __future__ import annotations

import re
from typing import Final

_A_AN_RE: Final = re.compile(r"(?:^|(?<=\W))(a|an|A|An)(\s+)$")
# Words written with a vowel that sound with a consonant (a union, a European court), and with
# an h that is silent (an hour).
_CONSONANT_SOUND_RE: Final = re.compile(r"(?:uni|use|usu|uti|eu|one\b|once\b|ukr|ura)", re.I)
_SILENT_H_RE: Final = re.compile(r"(?:hour|honest|honou?r|heir)", re.I)


def english_indefinite(prefix: str, form: str) -> str:
    """*a* or *an* before a restored form as it sounds (the engine chose it against a placeholder)."""
    m = _A_AN_RE.search(prefix)
    if m is None or not form[:1].isalpha():
        return prefix
    if form.split()[0].isupper() and len(form.split()[0]) > 1:
        vowel = form[0] in "AEFHILMNORSX"  # an acronym is read letter by letter: an FSB officer, a UN body
    else:
        vowel = (form[0].lower() in "aeiou" and not _CONSONANT_SOUND_RE.match(form)) or bool(_SILENT_H_RE.match(form))
    wanted = "an" if vowel else "a"
    if m.group(1)[0].isupper():
        wanted = wanted.capitalize()
    return prefix[: m.start(1)] + wanted + m.group(2)



#: Heads of English terms used without an article in running text.
_MASS_NOUN_RE: Final = re.compile(
    r"^(?:freedom|press freedom|media freedom|torture|impunity|ill-treatment|accountability|justice|"
    r"arbitrary detention|incommunicado detention|solitary confinement|pretrial detention|administrative detention|"
    r"enforced disappearance|forcible transfer|deportation|civil society|hate speech|sexual violence|"
    r"gender-based violence|universal jurisdiction|martial law|house arrest|"
    r"international (?:humanitarian |human rights |criminal )?law)(?:\s|$)", re.I)
_THE_RE: Final = re.compile(r"(?:^|(?<=\W))(the|The)(\s+)$")


def drop_the_before_mass_noun(prefix: str, form: str) -> str:
    """``the`` left by the engine before a term English writes without an article, dropped."""
    m = _THE_RE.search(prefix)
    if m is None or not _MASS_NOUN_RE.match(form) or form.endswith("s"):
        return prefix
    return prefix[: m.start(1)]
