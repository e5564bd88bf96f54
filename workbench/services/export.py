"""Export releases: gettext catalogs (.po/.mo), rendered pages and the publication bundle (docs/export.md).

Layout under the export root (``--out``, default ``WORKBENCH_LOCALES_DIR``)::

    <lang>/LC_MESSAGES/<slug>.po and .mo    the catalogs
    <slug>.<lang>.html                       the rendered page
    <slug>.zip                               the bundle: catalogs, pages, manifest.json
    <lang>/<slug>.tmx and .xlf               approved pairs (TMX 1.4b), the release for CAT tools (XLIFF 2.1)
    <lang>/<slug>.xliff12.xlf                the release for CAT tools in XLIFF 1.2 (Weblate, memoQ, Trados...)

Everything is rendered in memory first, then every file is written to a temporary file beside
its target and renamed into place: a failure leaves the previous files as they were. Nothing in
the output depends on the clock, so an export repeated without changes is byte-identical.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from itertools import groupby
from pathlib import Path
from typing import Any

from sqlalchemy import select

from workbench import __version__
from workbench.domain import language_tags
from workbench.errors import InputError, OutputError
from workbench.formats.bundle import sha256, write_bundle
from workbench.formats.mo import MoMessage, write_mo
from workbench.formats.page import Page, PageBlock, render_page
from workbench.formats.po import PoEntry, PoHeader, header_fields, language_name, write_po
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


def _match_newlines(source: str, target: str) -> str:
    # msgfmt --check refuses a msgstr whose leading/trailing newline differs from its msgid's.
    target = target.strip("\n")
    head = "\n" if source.startswith("\n") else ""
    tail = "\n" if source.endswith("\n") else ""
    return f"{head}{target}{tail}" if target else ""


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
            msgid=seg.source, msgstr=_match_newlines(seg.source, text), msgctxt=seg.key if seg.repeated else None,
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


def compile_mo(header: PoHeader, entries: Iterable[PoEntry]) -> bytes:
    """The .mo of a catalog: the header and every translated, non-fuzzy entry (as msgfmt compiles it)."""
    header_text = "".join(f"{key}: {value}\n" for key, value in header_fields(header))
    messages = [MoMessage("", header_text)]
    messages += [MoMessage(e.msgid, e.msgstr, e.msgctxt) for e in entries if e.msgstr and not e.fuzzy]
    return write_mo(messages)


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


def language_manifest(data: ReleaseLang, files: list[str], page: Page) -> dict[str, Any]:
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
    languages: dict[str, Any] = {}
    for data in datas:
        entries = catalog_entries(data, include_unapproved)
        header = catalog_header(data)
        po_path, mo_path = _catalog_paths(data.slug, data.lang)
        page_path = f"{data.slug}.{data.lang}.html"
        page = build_page(data, include_unapproved)
        files = {
            po_path: write_po(header, entries).encode("utf-8"),
            mo_path: compile_mo(header, entries),
            page_path: render_page(page).encode("utf-8"),
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


def _stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path`` (same file system, so the rename is atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    os.chmod(tmp, 0o644)  # mkstemp makes 0600 files; catalogs are meant to be read by web servers
    return Path(tmp)


def inside(root: Path, rel: str) -> Path:
    """``root / rel``, refused unless it resolves inside ``root``: a path made from a release's or a
    language's name never leaves the export folder (the names are checked already; this is the last word)."""
    path = root / rel
    base = root.resolve()
    if not path.resolve().is_relative_to(base) or path.resolve() == base:
        raise InputError(f"{rel!r} would be written outside the export folder {root}: nothing was written")
    return path


def write_files(files: dict[Path, bytes]) -> None:
    """Stage every file, then rename them all into place; on any failure remove the staged ones."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(path, data), path))
        for tmp, path in staged:
            os.replace(tmp, path)
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        where = exc.filename or "the export directory"
        raise OutputError(
            f"{where}: cannot write ({exc.strerror or exc}); the previous files are unchanged"
        ) from exc
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise


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


def parse_langs(raw: str | Iterable[str]) -> list[str]:
    """``es,en`` -> ["es", "en"] (order kept, duplicates dropped); InputError for what is no language code."""
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    langs = list(dict.fromkeys(language_tags.check(code) for code in items if code.strip()))
    if not langs:
        raise InputError("give at least one target language (--to LL or --to LL,LL)")
    return langs


def export(
    app: App,
    slug: str | None,
    langs: str | Iterable[str],
    out_dir: Path | None = None,
    formats: str | Iterable[str] | None = None,
    include_unapproved: bool = False,
    *,
    user: str,
) -> dict[str, Any]:
    """Export one release (or every one with ``slug=None``) into ``langs`` as ``user``; returns {"files": [...]}.

    ``user`` must be an enabled user whose languages cover every one of ``langs``; each exported
    release's history records who exported what.
    """
    targets = parse_langs(langs)
    chosen = parse_formats(formats)
    root = Path(out_dir) if out_dir is not None else app.settings.locales_dir
    with app.db.read() as session:
        actor = users.acting(session, user, "export", targets).name
        if slug is None:
            found = list(session.scalars(select(Release).order_by(Release.slug)))
        else:
            found = [release_repo.get_release(session, slug)]
            clash = [lang for lang in targets if lang == found[0].source_lang]
            if clash:
                raise InputError(f"{slug!r} is written in {clash[0]!r}: choose another target language")
        if chosen & {"html", "bundle"}:  # the page and the bundle are publications: never before an embargo
            for release in found:
                refuse_if_embargoed(release, "the page and the bundle")
        # A release written in a target language has nothing to export into it (with --all).
        per_release = [[collect(session, r, lang) for lang in targets if lang != r.source_lang] for r in found]
        release_ids = {r.slug: r.id for r in found}
    rendered: dict[Path, bytes] = {}
    for datas in per_release:
        for rel, data in render_release(datas, chosen, include_unapproved).items():
            rendered[inside(root, rel)] = data
    write_files(rendered)
    with app.db.write() as session:  # the files are out: the histories say who sent them, and what
        for datas in per_release:
            if datas:
                publishing_repo.add_release_event(
                    session, release_ids[datas[0].slug], actor, "export", None, None,
                    app.event_details(langs=[d.lang for d in datas], formats=sorted(chosen),
                                      include_unapproved=include_unapproved or None))
    return {"files": [str(p) for p in rendered],
            "checksums": {str(p): sha256(data) for p, data in rendered.items()}}
