"""Repairs of Apertium's output through the Spanish pivot; every row is a raw output Apertium printed.

Rows: (French source as masked, the fr-es output, the spa-eng output) measured with Debian's
apertium-fr-es and apertium-eng-spa (tests/engines/test_recorded_outputs.py checks they still are).
"""

from __future__ import annotations

import re

import pytest
from apertium_fixtures import RECASE

from workbench.domain.apertium_repairs import (
    doubled_words,
    narrative_past,
    pick_alternatives,
    recase_after_unknown,
    shield_unknown_names,
    spanish_dates,
    subject_pronoun,
    their_for_leur,
    unshield_names,
)


@pytest.mark.parametrize(("pivot", "raw", "expected"), RECASE)
def test_capitals_after_an_unknown_word(pivot: str, raw: str, expected: str) -> None:
    assert recase_after_unknown(pivot, raw) == expected


@pytest.mark.parametrize(("source", "raw", "expected"), [
    ("Plus de 1 200 exécutions en un an.", "Más de 1 200 ejecucións/ejecuciones en un año.",
     "Más de 1 200 ejecuciones en un año."),
    ("Les exécutions ont augmenté.", "Las ejecucións/ejecuciones han aumentado.", "Las ejecuciones han aumentado."),
    ("les droits et/ou libertés", "los derechos y/o libertades", "los derechos y/o libertades"),
    ("le rapport Amnesty/HRW", "el informe Amnesty/HRW", "el informe Amnesty/HRW"),
    ("l’ONG Zx1q/Zx2q", "la ONG Zx1q/Zx2q", "la ONG Zx1q/Zx2q"),
])
def test_alternatives_printed_by_the_generator(source: str, raw: str, expected: str) -> None:
    assert pick_alternatives(source, raw) == expected


@pytest.mark.parametrize(("source", "raw", "expected"), [
    ("Azerbaïdjan. Les journalistes d’Zx1q doivent être libérés, et non condamnés pour avoir fait leur travail",
     "Azerbaijan. The journalists of Zx1q have to be released, and no condemned for having done his work",
     "Azerbaijan. The journalists of Zx1q have to be released, and no condemned for having done their work"),
    ("« Depuis leur condamnation, leurs familles restent parfois des mois sans la moindre nouvelle.",
     "« From his conviction, his families remain sometimes months without the new minor.",
     "« From their conviction, their families remain sometimes months without the new minor."),
    # A singular possessive in the source: "his" may be right, nothing is changed.
    ("Zx1q a dit que ses clients n’avaient pas pu consulter leur dossier",
     "Zx1q said that his clients had not been able to consult his dossier",
     "Zx1q said that his clients had not been able to consult his dossier"),
])
def test_their_for_a_plural_possessive(source: str, raw: str, expected: str) -> None:
    assert their_for_leur(source, raw) == expected
    assert their_for_leur(source, raw, target="es") == raw


@pytest.mark.parametrize(("source", "raw", "expected"), [
    ("Ils ont été arrêtés le 3 mars.", "They have been arrested on 3 March.", "They were arrested on 3 March."),
    ("Les journalistes ont été condamnés à neuf ans.", "The journalists have been condemned to nine years.",
     "The journalists were condemned to nine years."),
    ("Zx1q a été condamné à dix ans d’emprisonnement", "Zx1q has been condemned to ten years of imprisonment",
     "Zx1q was condemned to ten years of imprisonment"),
    # A state that lasts: the present perfect is right.
    ("Ils sont détenus depuis 2023.", "They have been detained since 2023.", "They have been detained since 2023."),
    ("Ils ont déjà été condamnés.", "They have already been condemned.", "They have already been condemned."),
    # Not a passive: left alone (the engine's "has declared" is a press phrase's business).
    ("Ils ont exécuté 1 200 personnes.", "They have executed 1 200 people.", "They have executed 1 200 people."),
])
def test_narrative_past(source: str, raw: str, expected: str) -> None:
    assert narrative_past(source, raw) == expected


# The real fr-es output (marks kept) of "Les journalistes d’Abzas Media ont été arrêtés. Reza Karimi a
# été exécuté. Olena a raconté." Without the shield, spa-eng wrote "Abzas Half" and "It prays Karimi".
FIRST_HOP = "Los periodistas de *Abzas *Media han sido arrestados. *Reza *Karimi ha sido ejecutado. *Olena ha contado."
SOURCE = "Les journalistes d’Abzas Media ont été arrêtés. Reza Karimi a été exécuté. Olena a raconté."


def test_names_the_first_hop_did_not_know_are_shielded_through_the_second() -> None:
    text, names = shield_unknown_names(FIRST_HOP, SOURCE)
    assert text == "Los periodistas de Zv1q Zv2q han sido arrestados. Zv3q Zv4q ha sido ejecutado. Zv5q ha contado."
    assert names == ["Abzas", "Media", "Reza", "Karimi", "Olena"]
    # What spa-eng prints for the shielded text (measured), and the names put back.
    # (The capitals after the tokens are the second hop's; recase_after_unknown lowers them.)
    second = "The journalists of *Zv1q *Zv2q have been arrested. *Zv3q *Zv4q Has been executed. *Zv5q Has counted."
    assert unshield_names(second, names) == (
        "The journalists of *Abzas *Media have been arrested. *Reza *Karimi Has been executed. *Olena Has counted.")


def test_the_shield_leaves_lower_case_words_placeholders_and_the_sources_own_asterisks() -> None:
    # "de *facto": the second hop reads "de facto" whole once the mark is gone; Zx1q is the drafter's.
    marked = "las autoridades de *facto y *Zx1q"
    assert shield_unknown_names(marked, "les autorités de facto et Zx1q", re.compile(r"Zx\d+q")) == (marked, [])
    # "*Les noms ont été changés." -> "*Los nombres han sido cambiados.": the source's asterisk.
    real = "*Los nombres han sido cambiados."
    assert shield_unknown_names(real, "*Les noms ont été changés.") == (real, [])


def test_spanish_dates_and_doubled_articles() -> None:
    # fr-es for "En novembre 2024, dès le lendemain, ils ont été condamnés." (measured)
    raw = "En noviembre 2024, desde el el día siguiente, han sido condenados."
    assert spanish_dates(doubled_words(raw)) == "En noviembre de 2024, desde el día siguiente, han sido condenados."
    assert spanish_dates("In November 2024", "en") == "In November 2024"
    assert spanish_dates("el 3 de marzo de 2023") == "el 3 de marzo de 2023"  # already joined
    assert doubled_words("the the release of of Mr Orlov") == "the release of Mr Orlov"
    assert doubled_words("dijo que que no") == "dijo que que no"  # only articles and prepositions


@pytest.mark.parametrize(("source", "raw", "expected"), [
    # Raw fr-es | spa-eng (measured): the Spanish pivot dropped the subject.
    ("Il a également indiqué qu’elle avait été placée à l’isolement.",
     "It has indicated equally that it had been situated to the isolation.",
     "He has indicated equally that it had been situated to the isolation."),
    ("Elle a été détenue pendant 47 jours.", "It has been detained during 47 days.",
     "She has been detained during 47 days."),
    ("Il y a des centaines de détenus.", "There are hundreds of detainees.", "There are hundreds of detainees."),
    ("Il a fallu attendre.", "It has been necessary to wait.", "It has been necessary to wait."),
    ("Il est important de le dire.", "It is important to say it.", "It is important to say it."),
])
def test_a_person_subject_the_pivot_dropped(source: str, raw: str, expected: str) -> None:
    assert subject_pronoun(source, raw) == expected
    assert subject_pronoun(source, raw, target="es") == raw
