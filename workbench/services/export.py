"""Export releases: gettext catalogs (.po/.mo), rendered pages and the publication bundle (docs/export.md).

Layout under the export root (``--out``, default ``WORKBENCH_LOCALES_DIR``)::

    <lang>/LC_MESSAGES/<slug>.po and .mo    the catalogs
    <slug>.<lang>.html                       the rendered page
    <slug>.zip                               the bundle: catalogs, pages, manifest.json
    <lang>/<slug>.tmx and .xlf               approved pairs (TMX 1.4b), the release for CAT tools (XLIFF 2.1)
    <lang>/<slug>.xliff12.xlf                the release for CAT tools in XLIFF 1.2 (Weblate, memoQ, Trados...)

Everything is rendered in memory first, then every file is written to a temporary file beside
its target and renamed into place (``workbench/files.py``): a failure leaves the previous files as they were. Nothing in
the output depends on the clock, so an export repeated without changes is byte-identical.
``download`` hands the same files over as bytes (the Export screen's downloads), writing nothing.
The gettext rules of the files themselves are in ``workbench.formats``; this module decides what they say.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path, PurePosixPath
from typing import TypedDict

from sqlalchemy import select

from workbench import __version__
from workbench.domain import language_tags
from workbench.errors import InputError
from workbench.files import write_files
from workbench.formats.bundle import sha256, write_bundle
from workbench.formats.mo import compile_mo
from workbench.formats.page import Page, PageBlock, write_page
from workbench.formats.po import PoEntry, PoHeader, language_name, match_newlines, write_po
from workbench.services import users
from workbench.services.app import App
from workbench.services.embargo import refuse_if_embargoed
from workbench.services.export_data import ReleaseLang, SegmentRecord, collect, segment_note
from workbench.services.export_tmx_xliff import exchange_files
from workbench.store import publishing_repo, release_repo
from workbench.store.tables import Release

FORMATS = ("po", "mo", "html", "bundle", "tmx", "xliff", "xliff12")
DEFAULT_FORMATS = frozenset({"po", "mo"})
GENERATOR = f"Workbench {__version__}"
def reference(slug: str, seg: SegmentRecord) -> str:
    """The ``#:`` reference: ``<slug>:<n>``, n the segment's 1-based place in the release (a line-like number
    every gettext tool parses)."""
    return f"{slug}:{seg.position + 1}"


def _provenance_comments(seg: SegmentRecord) -> tuple[str, ...]:
    p = seg.provenance
    lines = [f"state: {seg.state}"]
    engine = p.engine or (seg.origin if seg.origin not in ("", "human") else None)
    if engine:
        lines.append(f"engine: {engine}")
    if p.translator:
        lines.append(f"translator: {p.translator}")
    if p.reviewer and p.approved_at and seg.state == "approved":
        lines.append(f"reviewer: {p.reviewer}, approved {p.approved_at.isoformat(timespec='seconds')}")
    return tuple(lines)


def _published_text(seg: SegmentRecord, include_unapproved: bool) -> tuple[str, bool]:
    """The msgstr of a segment and whether it is fuzzy: approved text as final, other text only as fuzzy."""
    if seg.approved:
        return seg.target or "", False
    if include_unapproved and seg.target:
        return seg.target, True
    return "", False


def catalog_entries(data: ReleaseLang, include_unapproved: bool = False) -> list[PoEntry]:
    """The catalog's entries in document order."""
    entries = []
    for seg in data.segments:
        text, fuzzy = _published_text(seg, include_unapproved)
        entries.append(PoEntry(
            msgid=seg.source, msgstr=match_newlines(seg.source, text), msgctxt=seg.key if seg.repeated else None,
            references=(reference(data.slug, seg),), extracted=(segment_note(seg),),
            comments=_provenance_comments(seg), fuzzy=fuzzy and bool(text),
        ))
    return entries


def catalog_header(data: ReleaseLang) -> PoHeader:
    """The header: dates and Last-Translator from the data, so a repeated export is identical."""
    authored = [s for s in data.segments if s.provenance.translator and s.updated_at is not None]
    last = max(authored, key=lambda s: (s.updated_at, s.position)).provenance.translator if authored else None
    return PoHeader(
        project=data.slug, lang=data.lang, revision_date=data.revision_date, creation_date=data.updated_at,
        last_translator=last or "Workbench", language_team=language_name(data.lang), generator=GENERATOR,
        title=data.title,
        extra=(("X-Workbench-Release", data.slug), ("X-Workbench-Source-Language", data.source_lang)),
    )


def build_page(data: ReleaseLang, include_unapproved: bool = False) -> Page:
    """The page: a block shows its target only when every segment of it has one to publish, else its source."""
    blocks: list[PageBlock] = []
    title_text: str = data.title
    title_lang: str | None = data.source_lang
    for _, group in groupby(data.segments, key=lambda s: s.block):
        segs = list(group)
        texts = [_published_text(s, include_unapproved)[0] for s in segs]
        if all(texts):
            text, lang = " ".join(texts), None
        else:  # never a paragraph mixing two languages
            text, lang = " ".join(s.source for s in segs), data.source_lang
        if segs[0].kind == "title":
            title_text, title_lang = text, lang
            continue
        blocks.append(PageBlock(kind=segs[0].kind, text=text, lang=lang))
    return Page(lang=data.lang, title=title_text, published=data.published, blocks=tuple(blocks),
                title_lang=title_lang)


class ManifestLanguageJSON(TypedDict):
    """One language in the bundle's ``manifest.json`` (docs/export.md).

    The page's ``title``; how many ``segments``, their ``states`` (state -> count) and whether
    every one is approved (``complete``); the standing ``signoff`` (``{"reviewer", "at"}``, None
    without one), its ``reviewer`` and every approving ``reviewers``; the ``revision_date`` (ISO
    8601) and the language's ``files`` in the bundle.
    """

    title: str
    segments: int
    states: dict[str, int]
    complete: bool
    signoff: dict[str, str] | None
    reviewer: str | None
    reviewers: list[str]
    revision_date: str
    files: list[str]


class ExportJSON(TypedDict):
    """What an export wrote: every file's path and, by path, its SHA-256 (`export --json` prints the ``files``)."""

    files: list[str]
    checksums: dict[str, str]


def language_manifest(data: ReleaseLang, files: list[str], page: Page) -> ManifestLanguageJSON:
    """What the bundle's manifest says about one language: title, approval states, sign-off, reviewers."""
    states = Counter(s.state for s in data.segments)
    reviewers = sorted({s.provenance.reviewer for s in data.segments if s.approved and s.provenance.reviewer})
    return {
        "title": page.title,
        "segments": len(data.segments),
        "states": dict(sorted(states.items())),
        "complete": all(s.approved for s in data.segments),
        "signoff": data.signoff,
        "reviewer": data.signoff["reviewer"] if data.signoff else None,
        "reviewers": reviewers,
        "revision_date": data.revision_date.isoformat(timespec="seconds"),
        "files": files,
    }


def _catalog_paths(slug: str, lang: str) -> tuple[str, str]:
    folder = f"{lang}/LC_MESSAGES"
    return f"{folder}/{slug}.po", f"{folder}/{slug}.mo"


def render_release(
    datas: list[ReleaseLang], formats: frozenset[str], include_unapproved: bool
) -> dict[str, bytes]:
    """Every file of one release's export, by path relative to the export root."""
    out: dict[str, bytes] = {}
    bundled: dict[str, bytes] = {}
    languages: dict[str, ManifestLanguageJSON] = {}
    for data in datas:
        entries = catalog_entries(data, include_unapproved)
        header = catalog_header(data)
        po_path, mo_path = _catalog_paths(data.slug, data.lang)
        page_path = f"{data.slug}.{data.lang}.html"
        page = build_page(data, include_unapproved)
        files = {
            po_path: write_po(header, entries),
            mo_path: compile_mo(header, entries),
            page_path: write_page(page),
        }
        wanted = {"po": po_path, "mo": mo_path, "html": page_path}
        out.update({path: files[path] for fmt, path in wanted.items() if fmt in formats})
        out.update(exchange_files(data, formats))
        if "bundle" in formats:
            bundle_files = {f"locales/{po_path}": files[po_path], f"locales/{mo_path}": files[mo_path],
                            page_path: files[page_path]}
            bundled.update(bundle_files)
            languages[data.lang] = language_manifest(data, sorted(bundle_files), page)
    if "bundle" in formats and datas:
        first = datas[0]
        manifest = {
            "slug": first.slug, "title": first.title, "source_lang": first.source_lang,
            "published": first.published.isoformat() if first.published else None,
            "languages": languages, "generator": GENERATOR,
        }
        out[f"{first.slug}.zip"] = write_bundle(manifest, bundled)
    return out


def inside(root: Path, rel: str) -> Path:
    """``root / rel``, refused unless it resolves inside ``root``: a path made from a release's or a
    language's name never leaves the export folder (the names are checked already; this is the last word)."""
    path = root / rel
    base = root.resolve()
    if not path.resolve().is_relative_to(base) or path.resolve() == base:
        raise InputError(f"{rel!r} would be written outside the export folder {root}: nothing was written")
    return path


def parse_formats(raw: str | Iterable[str] | None) -> frozenset[str]:
    """``po,mo`` -> {"po", "mo"}; InputError naming the known formats for anything else."""
    if raw is None:
        return DEFAULT_FORMATS
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    chosen = frozenset(f.strip().lower() for f in items if f.strip())
    unknown = sorted(chosen - set(FORMATS))
    if unknown or not chosen:
        raise InputError(f"unknown export format {', '.join(unknown) or '(none)'}: choose from {', '.join(FORMATS)}")
    return chosen


@dataclass(frozen=True)
class _Rendered:
    """An export rendered in memory, with what its histories record once the files are out."""

    actor: str
    per_release: list[list[ReleaseLang]]
    release_ids: dict[str, int]
    formats: frozenset[str]
    include_unapproved: bool
    files: dict[str, bytes]  # by path relative to the export root


def _render(
    app: App, slug: str | None, langs: str | Iterable[str], formats: str | Iterable[str] | None,
    include_unapproved: bool, user: str,
) -> _Rendered:
    targets = language_tags.check_list(langs)  # order kept, duplicates dropped
    if not targets:
        raise InputError("give at least one target language (--to LL or --to LL,LL)")
    chosen = parse_formats(formats)
    with app.db.read() as session:
        actor = users.acting(session, user, "export", targets).name
        if slug is None:
            found = list(session.scalars(select(Release).order_by(Release.slug)))
        else:
            found = [release_repo.get_release(session, slug)]
            for lang in targets:
                language_tags.check_target(lang, found[0].source_lang, slug)
        if chosen & {"html", "bundle"}:  # the page and the bundle are publications: never before an embargo
            for release in found:
                refuse_if_embargoed(release, "the page and the bundle")
        # A release written in a target language has nothing to export into it (with --all).
        per_release = [[collect(session, r, lang) for lang in targets if lang != r.source_lang] for r in found]
        release_ids = {r.slug: r.id for r in found}
    files: dict[str, bytes] = {}
    for datas in per_release:
        files.update(render_release(datas, chosen, include_unapproved))
    return _Rendered(actor, per_release, release_ids, chosen, include_unapproved, files)


def _record(app: App, done: _Rendered) -> None:
    """The files are out: the histories say who sent them, and what."""
    with app.db.write() as session:
        for datas in done.per_release:
            if datas:
                publishing_repo.add_release_event(
                    session, done.release_ids[datas[0].slug], done.actor, "export", None, None,
                    app.event_details(langs=[d.lang for d in datas], formats=sorted(done.formats),
                                      include_unapproved=done.include_unapproved or None))


def download(
    app: App,
    slug: str,
    langs: str | Iterable[str],
    formats: str | Iterable[str] | None = None,
    include_unapproved: bool = False,
    *,
    user: str,
) -> dict[str, bytes]:
    """The files ``export`` would write, by path relative to the export root, handed over as bytes
    (a download: nothing is written); the release's history records the export as ``export`` does."""
    done = _render(app, slug, langs, formats, include_unapproved, user)
    _record(app, done)
    return done.files


def download_name(path: str) -> str:
    """The file name a download of export path ``path`` gets: its language in the name when the path has one.

    Catalogs sit at ``<lang>/LC_MESSAGES/<slug>.po``, so the last part alone would give every
    language the same name and a browser would save ``crimea.po``, ``crimea (1).po``; the
    download is ``crimea.es.po`` instead (gettext's ``<domain>.<lang>.po`` habit). A path without
    a language folder (the bundle) keeps its name.
    """
    parts = PurePosixPath(path).parts
    if len(parts) < 2:
        return parts[-1]
    name = PurePosixPath(parts[-1])
    return f"{name.stem}.{parts[0]}{name.suffix}"


def export(
    app: App,
    slug: str | None,
    langs: str | Iterable[str],
    out_dir: Path | None = None,
    formats: str | Iterable[str] | None = None,
    include_unapproved: bool = False,
    *,
    user: str,
) -> ExportJSON:
    """Export one release (or every one with ``slug=None``) into ``langs`` as ``user``; returns {"files": [...]}.

    ``user`` must be an enabled user whose languages cover every one of ``langs``; each exported
    release's history records who exported what.
    """
    root = Path(out_dir) if out_dir is not None else app.settings.locales_dir
    done = _render(app, slug, langs, formats, include_unapproved, user)
    rendered = {inside(root, rel): data for rel, data in done.files.items()}
    write_files(rendered)
    _record(app, done)
    return {"files": [str(p) for p in rendered],
            "checksums": {str(p): sha256(data) for p, data in rendered.items()}}
