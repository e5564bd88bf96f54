"""TMX and XLIFF files of a release in one language, for translation memories and desktop CAT tools.

TMX holds approved pairs only (what a memory may reuse); XLIFF holds every segment with its state
(approved -> ``final``, translated -> ``translated``, draft and new -> ``initial``, needs_edit ->
``translated`` with subState ``workbench:needs_edit``) and the exported version in a note.
"""

from __future__ import annotations

from workbench import __version__
from workbench.formats.tmx import TmUnit, write_tmx
from workbench.formats.xliff import XliffDocument, XliffUnit, write_xliff
from workbench.services.export_data import ReleaseLang, SegmentRecord, segment_note

XLIFF_STATES = {"approved": "final", "translated": "translated", "needs_edit": "translated",
                "draft": "initial", "new": "initial"}


def tmx_units(data: ReleaseLang) -> list[TmUnit]:
    """The release's approved pairs, in document order, with approval time and reviewer."""
    return [
        TmUnit(data.source_lang, data.lang, s.source, s.target or "", f"{data.slug}:{s.key}",
               s.provenance.approved_at, s.provenance.reviewer or "")
        for s in data.segments if s.approved
    ]


def _xliff_unit(seg: SegmentRecord) -> XliffUnit:
    return XliffUnit(
        id=seg.key, source=seg.source, target=seg.target, state=XLIFF_STATES.get(seg.state, "initial"),
        note=segment_note(seg), sub_state="workbench:needs_edit" if seg.state == "needs_edit" else "",
    )


def xliff_document(data: ReleaseLang) -> XliffDocument:
    """The release in ``data.lang`` as one XLIFF <file> named by the slug."""
    return XliffDocument(data.slug, data.source_lang, data.lang, tuple(_xliff_unit(s) for s in data.segments))


def exchange_files(data: ReleaseLang, formats: frozenset[str]) -> dict[str, bytes]:
    """``<lang>/<slug>.tmx`` and ``<lang>/<slug>.xlf`` under the export root, as asked."""
    out: dict[str, bytes] = {}
    if "tmx" in formats:
        out[f"{data.lang}/{data.slug}.tmx"] = write_tmx(tmx_units(data), data.source_lang, __version__)
    if "xliff" in formats:
        out[f"{data.lang}/{data.slug}.xlf"] = write_xliff(xliff_document(data))
    return out
