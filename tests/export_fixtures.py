"""The sample release with Spanish translations in every review state, shared by the export tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po as babel_read_po
from review_fixtures import operator
from sqlalchemy import select

from workbench.services import releases
from workbench.services.app import App
from workbench.store import release_repo, translation_repo
from workbench.store.tables import Segment

#: Spanish targets of the sample's eleven segments, in document order (a press officer's, not a machine's).
SPANISH = [
    "Rusia. Los dirigentes tártaros de Crimea deben poder volver libremente a su tierra y expresarse",
    "En respuesta a la llegada a Kyiv de los dirigentes tártaros de Crimea Ilmi Umerov y Akhtem Chiygoz, "
    "Oksana Pokalchuk, directora de Amnistía Internacional Ucrania, declaró:",
    "« La liberación de los presos de conciencia Ilmi Umerov y Akhtem Chiygoz es un avance.",
    "Deben poder regresar a Crimea y expresar libremente sus opiniones.",
    "« Está cada vez más claro que los dirigentes tártaros de Crimea sólo tienen una alternativa: "
    "el exilio o la cárcel.",
    "« En Crimea, las autoridades de facto deben dejar de reprimir la disidencia. »",
    "Información complementaria",
    "Akhtem Chiygoz e Ilmi Umerov, vicepresidentes del Mejlis, fueron condenados en septiembre de 2017.",
    "El 25 de octubre fueron liberados y embarcados en un vuelo a Turquía.",
    "El 27 llegaron por fin a Kyiv.",
    "La comunidad tártara de Crimea y el Mejlis son los principales blancos de la persecución política.",
]
needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")


def load_sample(app: App, sample_bytes: bytes, slug: str = "sample", published: str | None = "2017-10-27") -> list[str]:
    """Ingest the sample as ``slug`` (as the operator) with a publication date; returns the segment keys in order."""
    report = releases.ingest_release(app, sample_bytes, name="sample.txt", slug=slug, user=operator(app))
    with app.db.write() as session:
        release_repo.get_release(session, slug).published = published
    return [s["id"] for s in report.segments]


def set_target(app: App, slug: str, key: str, lang: str, text: str, *, actor: str = "ana",
               state: str = "translated", action: str = "edit", origin: str = "human") -> None:
    """Change one translation through the store (one event, version + 1)."""
    with app.db.write() as session:
        seg = session.scalars(
            select(Segment).join(Segment.release).where(Segment.key == key, Segment.release.has(slug=slug))
        ).one()
        tr = translation_repo.get_or_create(session, seg, lang)
        translation_repo.change(session, tr, actor=actor, action=action, target=text, state=state, origin=origin)


def approve(app: App, slug: str, key: str, lang: str, reviewer: str = "rv") -> None:
    """Approve the current text of one segment (as a reviewer would)."""
    with app.db.write() as session:
        seg = session.scalars(
            select(Segment).join(Segment.release).where(Segment.key == key, Segment.release.has(slug=slug))
        ).one()
        tr = translation_repo.get_or_create(session, seg, lang)
        translation_repo.change(session, tr, actor=reviewer, action="approve", target=tr.target, state="approved")


def spanish_in_every_state(app: App, keys: list[str], slug: str = "sample") -> None:
    """Segments 0-5 approved (0 drafted by apertium first), 6-7 translated, 8 a machine draft, 9-10 new."""
    set_target(app, slug, keys[0], "es", "borrador", actor="engine:apertium", state="draft", action="draft",
               origin="apertium")
    for i in range(8):
        set_target(app, slug, keys[i], "es", SPANISH[i])
    for i in range(6):
        approve(app, slug, keys[i], "es")
    set_target(app, slug, keys[8], "es", "El 25 de octubre fueron liberados (máquina).", actor="engine:apertium",
               state="draft", action="draft", origin="apertium")


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    """GNU msgfmt --check on a .po: the judge of every exported catalog."""
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)


def entries_by_polib(path: Path) -> list[tuple[str | None, str, str, bool]]:
    """(msgctxt, msgid, msgstr, fuzzy) of each entry as polib reads them."""
    return [(e.msgctxt, e.msgid, e.msgstr, "fuzzy" in e.flags) for e in polib.pofile(str(path))]


def entries_by_babel(path: Path) -> list[tuple[str | None, str, str, bool]]:
    """The same, as babel's read_po reads them (the header left out)."""
    with path.open("rb") as stream:
        catalog = babel_read_po(stream)
    return [(m.context, str(m.id), str(m.string), m.fuzzy) for m in catalog if m.id]


def entries_by_toolkit(path: Path) -> list[tuple[str | None, str, str, bool]]:
    """The same, as translate-toolkit reads them."""
    from translate.storage import po as ttk_po

    store = ttk_po.pofile.parsefile(str(path))
    return [(u.getcontext() or None, u.source, u.target, u.isfuzzy()) for u in store.units if not u.isheader()]
