"""The French indefinite *des* before a masked term, after a verb that names what something is.

"Ils sont des prisonniers d’opinion", "ces actes constituent des crimes de guerre": *des* is the
indefinite plural, which English and Spanish leave out (*they are prisoners of conscience*, *son
presos de conciencia*, *constituyen crímenes de guerra*). Against a placeholder Apertium reads it
as *de* + *les* and writes "are of the prisoners of conscience", "están de los presos de
conciencia" (measured, apertium-fr-es and apertium-eng-spa). After a copula or a verb of the
same kind, French may drop the article as well ("ils sont prisonniers d’opinion"), so it is
dropped before the engine, only there.
"""

from __future__ import annotations

import re
from typing import Final

_COPULAS: Final = (
    "sont|étaient|seront|seraient|furent|restent|restaient|demeurent|deviennent|devenaient|sont devenus|"
    "sont devenues|constituent|constituaient|constitueraient|constitueront|représentent|représentaient|"
    "relèvent de|s’apparentent à|s'apparentent à|qualifiés de|qualifiées de|considérés comme|considérées comme"
)


def drop_indefinite_des(masked_text: str, placeholder: str) -> str:
    """``sont des Zx1q`` -> ``sont Zx1q`` for the engine, where ``placeholder`` is the engine's placeholder pattern."""
    if "des " not in masked_text:
        return masked_text
    return re.sub(rf"(?<!\w)({_COPULAS})\s+des\s+(?={placeholder})", r"\1 ", masked_text, flags=re.I)
