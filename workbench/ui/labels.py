"""Words the interface shows for stored values (states, kinds, roles), marked for the catalogs.

``N_`` only marks a message for extraction; the page translates it with ``_`` when it shows it.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark ``message`` for extraction into the catalogs; return it unchanged."""
    return message


STATES = {"new": N_("new"), "draft": N_("draft"), "translated": N_("translated"),
          "approved": N_("approved"), "needs_edit": N_("needs edit")}
KINDS = {"title": N_("title"), "heading": N_("heading"), "paragraph": N_("paragraph")}
ROLES = {"translator": N_("translator"), "reviewer": N_("reviewer"), "admin": N_("admin")}
COMMENT_KINDS = {"comment": N_("comment"), "rejection": N_("sent back"), "unapproval": N_("approval withdrawn")}
#: What a glossary proposal changes (domain.glossary.Difference.what).
GLOSSARY_CHANGES = {"form": N_("form"), "variant": N_("variant"), "kind": N_("kind"), "note": N_("note"),
                    "case": N_("case")}
#: The QA checks' names (``domain.checks`` ids), as an issue's line starts.
CHECKS = {"glossary": N_("glossary"), "untranslated": N_("untranslated"), "same_as_source": N_("same as source"),
          "double_space": N_("double space"), "placeholders": N_("placeholders"), "numbers": N_("numbers"),
          "quotes": N_("quotation marks"), "punctuation_spacing": N_("punctuation spacing"),
          "end_punctuation": N_("end punctuation"), "length": N_("length"), "wrong_language": N_("wrong language"),
          "inconsistent": N_("inconsistent")}
