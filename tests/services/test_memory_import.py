"""TMX import's bulk path: repeats within a file and against the memory are added once, whichever way the
import tells them (the filter of seen keys for a pair new to the memory, the store's look-up otherwise),
across batches, and an error mid-file leaves the memory as it was. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_fixtures import operator

from workbench.errors import FormatError
from workbench.services import memory, setup
from workbench.services.app import App
from workbench.store import tm_repo

HEADER = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
          '<header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" '
          'creationtoolversion="6.0.0" segtype="sentence" srclang="FR-FR"/>\n<body>\n')

APPEAL = "Il a fait appel de la décision du tribunal de Simferopol."
HEARING = "La prochaine audience est prévue en décembre."
LAWYERS = "Les avocats de la défense ont dénoncé un procès politique."
#: (tuid, source, target), in file order: repeats by their normalised texts (spaces, no-break spaces)
FILE = [
    ("1", APPEAL, "He appealed against the Simferopol court’s decision."),
    ("2", HEARING, "The next hearing is set for December."),
    ("3", f"  {APPEAL} ", "He appealed against the  Simferopol court’s decision."),  # a repeat of 1
    ("4", APPEAL, "He challenged the Simferopol court’s decision."),  # same source, another target
    ("5", HEARING, "The next hearing is set for\u00a0December."),  # a repeat of 2
    ("6", LAWYERS, "Defence lawyers denounced a political trial."),
    ("7", APPEAL, "He challenged the Simferopol court’s decision."),  # a repeat of 4
]
NEW = [("1", APPEAL, "He appealed against the Simferopol court’s decision.")]


def write_tmx(path: Path, units: list[tuple[str, str, str]], target_lang: str = "EN-GB", broken_at: int = 0) -> Path:
    body = []
    for i, (tuid, source, target) in enumerate(units, 1):
        lang = "" if i == broken_at else ' xml:lang="FR-FR"'  # a <tuv> without its language: refused
        body.append(f'<tu tuid="{tuid}"><prop type="file">release-{tuid}.html</prop><tuv{lang}><seg>{source}</seg>'
                    f'</tuv><tuv xml:lang="{target_lang}" changeid="maria" changedate="20230314T090000Z"><seg>{target}'
                    f'</seg></tuv></tu>\n')
    path.write_text(HEADER + "".join(body) + "</body>\n</tmx>\n", encoding="utf-8")
    return path


def stored(app: App) -> list[tuple[str, str, str, str]]:
    """(pair, source, target, origin) of every unit, oldest first."""
    with app.db.read() as session:
        return [(f"{u.source_lang}>{u.target_lang}", u.source, u.target, u.origin) for u in tm_repo.every_unit(session)]


@pytest.fixture
def ready(app: App) -> App:
    setup.init_workbench(app)
    operator(app)
    return app


# slots=1: every unit after the first is doubtful (as if every key collided); batch=2: repeats span batches
@pytest.mark.parametrize(("slots", "batch"), [(None, None), (1, None), (None, 2), (1, 3)])
def test_repeats_in_a_file_are_added_once_in_file_order(ready: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        slots: int | None, batch: int | None) -> None:
    if slots is not None:
        monkeypatch.setattr(memory, "_SEEN_SLOTS", slots)
    if batch is not None:
        monkeypatch.setattr(memory, "IMPORT_BATCH", batch)
    result = memory.import_tmx(ready, write_tmx(tmp_path / "omegat.tmx", FILE), user=operator(ready))
    assert (result["added"], result["known"], result["pairs"]) == (4, 3, ["fr-FR>en-GB"])
    assert [(origin, target) for _, _, target, origin in stored(ready)] == [
        (f"tmx:omegat.tmx#{tuid}", target) for tuid, _, target in (FILE[0], FILE[1], FILE[3], FILE[5])]
    # the same file again: every unit is known, through the store's look-up (the pair is no longer new)
    again = memory.import_tmx(ready, write_tmx(tmp_path / "again.tmx", FILE), user=operator(ready))
    assert (again["added"], again["known"]) == (0, 7)
    assert len(stored(ready)) == 4


@pytest.mark.parametrize("batch", [None, 2])
def test_a_pair_the_memory_holds_is_looked_up_and_a_new_pair_beside_it_is_not_confused(
        ready: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int | None) -> None:
    if batch is not None:
        monkeypatch.setattr(memory, "IMPORT_BATCH", batch)
    memory.import_tmx(ready, write_tmx(tmp_path / "first.tmx", FILE[:2]), user=operator(ready))
    # units of the held pair (one known, its repeat, one new) and the same texts into a pair new to the memory
    mixed = tmp_path / "mixed.tmx"
    write_tmx(mixed, FILE[2:4])
    text = mixed.read_text(encoding="utf-8")
    units = text[text.index("<tu "):text.index("</body>")]
    mixed.write_text(text.replace("</body>", units.replace('"EN-GB"', '"EN-US"') + "</body>"), encoding="utf-8")
    result = memory.import_tmx(ready, mixed, user=operator(ready))
    assert (result["added"], result["known"], result["pairs"]) == (3, 1, ["fr-FR>en-GB", "fr-FR>en-US"])
    assert [(pair, target) for pair, _, target, _ in stored(ready)][2:] == [
        ("fr-FR>en-GB", FILE[3][2]), ("fr-FR>en-US", FILE[2][2]), ("fr-FR>en-US", FILE[3][2])]


def test_an_error_after_written_batches_leaves_the_memory_unchanged(ready: App, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    memory.import_tmx(ready, write_tmx(tmp_path / "first.tmx", NEW), user=operator(ready))
    before = stored(ready)
    monkeypatch.setattr(memory, "IMPORT_BATCH", 2)  # three batches are written before the broken unit
    with pytest.raises(FormatError, match=r"broken\.tmx:\d+: a <tuv> without xml:lang"):
        memory.import_tmx(ready, write_tmx(tmp_path / "broken.tmx", FILE, broken_at=7), user=operator(ready))
    assert stored(ready) == before
    if ready.db.is_sqlite:  # the connection went back to the pool with SQLite's own page cache
        with ready.db.write() as session:
            assert session.connection().exec_driver_sql("PRAGMA cache_size").scalar() == -2000
