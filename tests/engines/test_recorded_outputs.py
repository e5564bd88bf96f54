"""The raw Apertium outputs the drafting rules' tests are built from are what Apertium prints here.

tests/domain/test_drafting_rules.py and test_apertium_repairs.py keep raw outputs as fixtures so
the domain tests run without Apertium; this test sends the same masked texts through the real
pairs (``-u``, the plain hop, as recorded) and fails when an Apertium upgrade changes one, so a
fixture never describes an engine that no longer exists.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest
from apertium_fixtures import ARTICLES, INDEFINITE_DES, MATCHER, PLACES, RECASE, TITLES, placeholder

from workbench.domain.masking import mask
from workbench.domain.titles import find_titles

pytestmark = pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not on PATH")


def apertium(text: str, modes: list[str]) -> str:
    payload = f"<p>{html.escape(text, quote=False)}</p>"
    for mode in modes:
        payload = subprocess.run(["apertium", "-f", "html", "-u", mode], input=payload, capture_output=True,
                                 text=True, check=True, timeout=60).stdout
    return html.unescape(re.findall(r"<p>(.*?)</p>", payload, re.S)[0]).strip()


def route(target: str) -> list[str]:
    return ["fr-es", "spa-eng"] if target == "en" else ["fr-es"]


@pytest.mark.parametrize(("source", "target", "raw"), [(s, t, r) for s, t, r, _ in PLACES + TITLES + ARTICLES])
def test_masked_sources_give_the_recorded_outputs(source: str, target: str, raw: str) -> None:
    masked = mask(source, MATCHER.scan(source, "fr").matches, placeholder, find_titles(source, "fr"))
    assert apertium(masked.text, route(target)) == raw


@pytest.mark.parametrize(("pivot", "raw"), [(p, r) for p, r, _ in RECASE[:3]])
def test_the_pivot_and_its_english_are_the_recorded_ones(pivot: str, raw: str) -> None:
    assert apertium(pivot, ["spa-eng"]) == raw


@pytest.mark.parametrize(("masked", "dropped", "raw"), INDEFINITE_DES)
def test_the_indefinite_des_rows_are_apertiums(masked: str, dropped: str, raw: dict[str, tuple[str, str]]) -> None:
    for target, (with_des, without) in raw.items():
        assert apertium(masked, route(target)) == with_des
        assert apertium(dropped, route(target)) == without
