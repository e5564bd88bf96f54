"""TMX and XLIFF files of a release in one language, for translation memories and desktop CAT tools.

TMX holds approved pairs only (what a memory may reuse); XLIFF holds every segment with its state
and the exported version in a note. XLIFF 2.1: approved -> ``final``, translated -> ``translated``,
draft and new -> ``initial``, needs_edit -> ``translated`` with subState ``workbench:needs_edit``.
XLIFF 1.2 (``--format xliff12``): approved -> ``final`` with ``approved="yes"``, translated ->
``translated``, needs_edit -> ``x-needs-edit``, draft -> ``needs-review-translation`` qualified
``mt-suggestion`` (``leveraged-tm`` for a memory draft), new -> no target.
"""

from __future__ import annotations

from workbench import __version__
from workbench.formats.tmx import TmUnit, write_tmx
from workbench.formats.xliff import XliffDocument, XliffUnit, write_xliff, write_xliff12
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


def _xliff12_unit(seg: SegmentRecord) -> XliffUnit:
    if seg.target is None or seg.state == "new":
        return XliffUnit(id=seg.key, source=seg.source, target=None, state="", note=segment_note(seg))
    state, qualifier = {"approved": ("final", ""), "translated": ("translated", ""),
                        "needs_edit": ("x-needs-edit", "")}.get(
        seg.state, ("needs-review-translation", "leveraged-tm" if seg.origin == "tm" else "mt-suggestion"))
    return XliffUnit(id=seg.key, source=seg.source, target=seg.target, state=state, note=segment_note(seg),
                     approved=seg.state == "approved", state_qualifier=qualifier)


def xliff12_document(data: ReleaseLang) -> XliffDocument:
    """The release in ``data.lang`` as one XLIFF 1.2 <file> whose ``original`` is the slug."""
    return XliffDocument(data.slug, data.source_lang, data.lang, tuple(_xliff12_unit(s) for s in data.segments),
                         version="1.2")


def xliff_document(data: ReleaseLang) -> XliffDocument:
    """The release in ``data.lang`` as one XLIFF <file> named by the slug."""
    return XliffDocument(data.slug, data.source_lang, data.lang, tuple(_xliff_unit(s) for s in data.segments))


def exchange_files(data: ReleaseLang, formats: frozenset[str]) -> dict[str, bytes]:
    """``<lang>/<slug>.tmx``, ``<lang>/<slug>.xlf`` (2.1) and ``<lang>/<slug>.xliff12.xlf`` under the export root."""
    out: dict[str, bytes] = {}
    if "tmx" in formats:
        out[f"{data.lang}/{data.slug}.tmx"] = write_tmx(tmx_units(data), data.source_lang, __version__)
    if "xliff" in formats:
        out[f"{data.lang}/{data.slug}.xlf"] = write_xliff(xliff_document(data))
    if "xliff12" in formats:
        out[f"{data.lang}/{data.slug}.xliff12.xlf"] = write_xliff12(xliff12_document(data))
    return out
