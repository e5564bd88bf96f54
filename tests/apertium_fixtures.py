"""Raw Apertium outputs the drafting rules are built from (apertium 3.9, Debian apertium-fr-es, apertium-eng-spa).

Each row keeps the masked text's raw output, printed by ``apertium -f html -u`` hop by hop;
tests/engines/test_recorded_outputs.py sends the same texts through the real pairs and fails
when an Apertium upgrade changes one. tests/domain/ uses the rows without Apertium.
"""

from __future__ import annotations

import re

from workbench.domain.glossary import Concept, Termbase
from workbench.domain.glossary_match import Matcher

PLACEHOLDER_RE = re.compile(r"Zx(\d+)q")

def placeholder(n: int) -> str:
    return f"Zx{n}q"

TERMS = Termbase.of([
    Concept("ilmi_umerov", "person", {"fr": "Ilmi Oumerov", "en": "Ilmi Umerov", "es": "Ilmi Umerov"}),
    Concept("kyiv", "place", {"fr": "Kiev", "en": "Kyiv", "es": "Kiev"}),
    Concept("crimea", "place", {"fr": "Crimée", "en": "Crimea", "es": "Crimea"}),
    Concept("azerbaijan", "place", {"fr": "Azerbaïdjan", "en": "Azerbaijan", "es": "Azerbaiyán"}),
    Concept("netherlands", "place", {"fr": "Pays-Bas", "en": "the Netherlands", "es": "Países Bajos"}),
    Concept("mejlis", "org", {"fr": "Mejlis", "en": "Mejlis", "es": "Mejlis"}),
    Concept("amnesty", "org", {"fr": "Amnesty International", "en": "Amnesty International",
                               "es": "Amnistía Internacional"}),
    Concept("hr_violations", "term", {"fr": "violations des droits humains", "es": "violaciones de derechos humanos"}),
    Concept("russian_forces", "term", {"fr": "forces russes", "es": "fuerzas rusas"}),
    Concept("eu", "org", {"fr": "Union européenne", "es": "Unión Europea"}),
    Concept("geneva_conventions", "term", {"fr": "Conventions de Genève", "es": "Convenios de Ginebra"}),
    Concept("icc", "org", {"fr": "Cour pénale internationale", "es": "Corte Penal Internacional"}),
    Concept("mass_arrests", "term", {"fr": "arrestations massives", "es": "detenciones masivas"}),
    Concept("enforced_disappearance", "term", {"fr": "disparition forcée", "en": "enforced disappearance"}),
    Concept("moratorium", "term", {"fr": "moratoire officiel", "en": "official moratorium"}),
    Concept("unfair_trial", "term", {"fr": "procès inéquitable", "en": "unfair trial"}),
    Concept("un", "org", {"fr": "ONU", "en": "UN"}),
])
MATCHER = Matcher(TERMS)
KINDS = {cid: c.kind for cid, c in TERMS.concepts.items()}


# (source, target, Apertium's raw output for the masked source, the draft after the repairs)
PLACES = [
    # "à Kiev": a location after a noun of arrival in English, a destination after "llegada" in Spanish.
    ("En réaction à l’arrivée d’Ilmi Oumerov à Kiev vendredi", "en",
     "In reaction to the arrival of Zx1q to Zx2q Friday", "In reaction to the arrival of Ilmi Umerov in Kyiv Friday"),
    ("En réaction à l’arrivée d’Ilmi Oumerov à Kiev vendredi", "es",
     "En reacción a la llegada de Zx1q a Zx2q viernes", "En reacción a la llegada de Ilmi Umerov a Kiev viernes"),
    ("Le 27, ils sont enfin arrivés à Kiev, la capitale ukrainienne", "en",
     "The 27, have arrived finally to Zx1q, the capital ukrainienne",
     "The 27, have arrived finally in Kyiv, the capital ukrainienne"),
    ("Il est arrivé à Kiev vendredi.", "es", "Está llegado a Zx1q viernes.", "Está llegado a Kiev viernes."),
    # "retourner en Crimée": a destination, which Apertium wrote as a location.
    ("Ils doivent être autorisés à retourner en Crimée", "en",
     "They have to be authorised to go back in Zx1q", "They have to be authorised to go back to Crimea"),
    ("Ils doivent être autorisés à retourner en Crimée", "es",
     "Tienen que estar autorizados a volver en Zx1q", "Tienen que estar autorizados a volver a Crimea"),
    # The article French writes before a place, which English and Spanish do not.
    ("ont émis le souhait de retourner dans leur région, la Crimée, occupée", "en",
     "They have issued the longing to go back in his region, the Zx1q, busy",
     "They have issued the longing to go back in his region, Crimea, busy"),
    ("ont émis le souhait de retourner dans leur région, la Crimée, occupée", "es",
     "han emitido el anhelo de volver en su región, la Zx1q, ocupada",
     "han emitido el anhelo de volver en su región, Crimea, ocupada"),
    ("L’Azerbaïdjan est partie au Pacte", "es", "El Zx1q está marchado al Pacto", "Azerbaiyán está marchado al Pacto"),
    ("les partenaires internationaux de l’Azerbaïdjan", "es",
     "los socios internacionales del Zx1q", "los socios internacionales de Azerbaiyán"),
    ("la capitale du Azerbaïdjan", "es", "la capital del Zx1q", "la capital de Azerbaiyán"),
    # A place whose English name takes the article brings its own.
    ("Il vit aux Pays-Bas.", "en", "It lives to the Zx1q.", "It lives in the Netherlands."),
    # Anything but a place keeps its article: "the Mejlis".
    ("les responsables adjoints du Mejlis", "en", "The managers adjuntos of the Zx1q",
     "The managers adjuntos of the Mejlis"),
]

# Titles: Apertium keeps "M." and writes "Sra" for "Mme" in English too.
TITLES = [
    ("M. Ilmi Oumerov, directeur de Mejlis, a déclaré", "en", "Zx1q, director of Zx2q, has declared",
     "Mr Ilmi Umerov, director of Mejlis, has declared"),
    ("M. Ilmi Oumerov, directeur de Mejlis, a déclaré", "es", "Zx1q, director de Zx2q, ha declarado",
     "El Sr. Ilmi Umerov, director de Mejlis, ha declarado"),
    ("Mme Zeynep Kaya, directrice", "en", "Zx1q, director", "Ms Zeynep Kaya, director"),
    ("Mme Zeynep Kaya, directrice", "es", "Zx1q, directora", "La Sra. Zeynep Kaya, directora"),
    ("selon MM. Oumerov et Tchigoz", "en", "According to Zx1q and Tchigoz", "According to Messrs Umerov and Tchigoz"),
    ("Me Murad Hasanov, avocat de l’une des journalistes", "en", "Zx1q, lawyer of the one of the journalists",
     "Murad Hasanov, lawyer of the one of the journalists"),
    ("Me Murad Hasanov, avocat", "es", "Zx1q, abogado", "Murad Hasanov, abogado"),
    # A title at the start of a Spanish sentence: its article is capitalised with it.
    ("MM. Oumerov et Tchigoz ont été libérés.", "es", "Zx1q y Tchigoz han sido liberados.",
     "Los Sres. Umerov y Tchigoz han sido liberados."),
]

# (the fr-es output, the spa-eng output, after the repair)
RECASE = [
    # (pivot, raw English, repaired)
    ("Zx1q y Zx2q han sido liberados.", "Zx1q And Zx2q have been released.", "Zx1q and Zx2q have been released."),
    ("M. Zx1q ha declarado que la Zx2q está ocupada.", "M. Zx1q Has declared that the Zx2q is occupied.",
     "M. Zx1q has declared that the Zx2q is occupied."),
    ("Zx1q pide la liberación de M. Zx2q.", "Zx1q Asks the release of M. Zx2q.", "Zx1q asks the release of M. Zx2q."),
    # Days, months and peoples keep their capital although Spanish writes them in lower case.
    ("a Zx1q viernes 27 de octubre", "to Zx1q Friday 27 October", "to Zx1q Friday 27 October"),
    ("las fuerzas Zx1q rusas", "the forces Zx1q Russian", "the forces Zx1q Russian"),
    # A word after a known word is not touched: "Rusia" is no anchor in the pivot.
    ("Rusia Pide", "Russia Asks", "Russia Asks"),
    # A sentence end before the word: the capital is right.
    ("Zx1q. Los dirigentes", "Zx1q. The leaders", "Zx1q. The leaders"),
]

# Spanish articles before a masked term: Apertium's guess, made to agree with the restored form.
ARTICLES = [
    ("Ils dénoncent les violations des droits humains commises en Crimée.", "es",
     "Denuncian los Zx1q cometidas en Zx2q.", "Denuncian las violaciones de derechos humanos cometidas en Crimea."),
    ("Les forces russes continuent de soumettre les civils.", "es",
     "Los Zx1q continúan sometiendo los civiles.", "Las fuerzas rusas continúan sometiendo los civiles."),
    ("les partenaires, notamment l’Union européenne, doivent agir.", "es",
     "los socios, sobre todo el Zx1q, tienen que tratar.",
     "los socios, sobre todo la Unión Europea, tienen que tratar."),
    # Already right: left alone. "Corte" says nothing of its gender: the engine's article stays.
    ("Ukraine et Russie sont parties aux Conventions de Genève.", "es",
     "Ucrania y Rusia están marchado a los Zx1q.", "Ucrania y Rusia están marchado a los Convenios de Ginebra."),
    ("Elle a saisi la Cour pénale internationale.", "es", "Ha cogido la Zx1q.",
     "Ha cogido la Corte Penal Internacional."),
]

# A Spanish title carries its article, which contracts after "de" and "a" (raw rows measured).
TITLES += [
    ("Amnesty International demande la libération de M. Oleg Orlov.", "es",
     "Zx1q pide la liberación de Zx2q.", "Amnistía Internacional pide la liberación del Sr. Oleg Orlov."),
    ("Elle a écrit à Mme Zeynep Kaya.", "es", "Ha escrito a Zx1q.", "Ha escrito a la Sra. Zeynep Kaya."),
]

# Spanish determiners agree like articles (raw rows measured).
ARTICLES += [
    ("Ces arrestations massives montrent que.", "es", "Estos Zx1q muestran qué.",
     "Estas detenciones masivas muestran qué."),
]

# The French indefinite "des" after a copula, before a masked term: what Apertium writes with it
# and without it (both measured), by target.
INDEFINITE_DES = [
    ("Ils sont des Zx1q.", "Ils sont Zx1q.", {"es": ("Están de los Zx1q.", "Son Zx1q."),
                                             "en": ("They are of the Zx1q.", "They are Zx1q.")}),
    ("Ces actes constituent des Zx1q.", "Ces actes constituent Zx1q.",
     {"es": ("Estos actos constituyen de los Zx1q.", "Estos actos constituyen Zx1q."),
      "en": ("These acts constitute of the Zx1q.", "These acts constitute Zx1q.")}),
]

# English "a" before a masked term follows the restored form's sound (raw rows measured).
ARTICLES += [
    ("Il a été victime d’une disparition forcée.", "en", "It has been victim of a Zx1q.",
     "It has been victim of an enforced disappearance."),
    ("Ils demandent un moratoire officiel.", "en", "They ask a Zx1q.", "They ask an official moratorium."),
    ("Ils demandent un procès inéquitable.", "en", "They ask a Zx1q.", "They ask an unfair trial."),
]
