"""Export: choose languages, see what is not approved or signed off yet, download the bundle or single catalogs;
and import translated catalogs (.po) and XLIFF files back, under the review rules of ``workbench import-po``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.services import export, releases, review, translation_import
from workbench.ui import session
from workbench.ui.resources import app


def _unapproved(slug: str, langs: list[str]) -> None:
    _ = session.t()
    for lang in langs:
        counts = releases.segment_counts(app(), slug, lang)  # one grouped query: no QA, no memory lookups
        waiting = counts["total"] - counts["states"]["approved"]
        if waiting:
            st.warning(session.plain(_("{lang}: {n} of {total} segments are not approved; they are exported "
                                       "untranslated.").format(lang=lang, n=waiting, total=counts["total"])))
            continue
        signed = review.signoff_status(app(), slug, lang)["current"]
        if signed:
            st.success(session.plain(_("{lang}: every segment is approved; signed off by {reviewer} at {at}.").format(
                lang=lang, reviewer=signed["reviewer"], at=session.when(signed["at"]))))
        else:
            st.info(session.plain(_("{lang}: every segment is approved, but no reviewer has signed the language off "
                                    "yet.").format(lang=lang)))


def _import_back(slug: str, user: dict[str, Any]) -> None:
    """Bring a translated catalog (.po) or XLIFF file (1.2 from any tool, or our 2.1) back, as `import-po` does."""
    _ = session.t()
    n_ = session.n()
    st.subheader(_("Import translations"))
    st.caption(_("A catalog (.po) or XLIFF file (.xlf, .xliff) translated in another tool comes back into the "
                 "review workflow: its translations are never approved here; a reviewer approves them on the "
                 "Review screen. A file with an error is refused whole: nothing is written."))
    langs = session.target_languages(user)
    if not langs:
        return
    lang = st.selectbox(_("Target language"), langs, key="import_lang")
    file = st.file_uploader(_("Translated file"), type=["po", "xlf", "xliff"], key="import_file")
    if file is None or not st.button(_("Import the translations"), key="import_button"):
        return
    try:
        result = translation_import.import_upload(app(), slug, file.getvalue(), file.name, lang, user["name"])
    except WorkbenchError as exc:
        session.report(exc)
        return
    counts = _("{applied}, {drafts}, {unchanged}, {unknown}, {conflicts}.").format(
        applied=n_("{n} translation applied", "{n} translations applied", len(result["applied"])).format(
            n=len(result["applied"])),
        drafts=n_("{n} draft", "{n} drafts", len(result["drafts"])).format(n=len(result["drafts"])),
        unchanged=n_("{n} unchanged", "{n} unchanged", result["unchanged"]).format(n=result["unchanged"]),
        unknown=n_("{n} not in the release", "{n} not in the release", len(result["unknown"])).format(
            n=len(result["unknown"])),
        conflicts=n_("{n} conflict", "{n} conflicts", len(result["conflicts"])).format(n=len(result["conflicts"])))
    (st.warning if result["conflicts"] else st.success)(session.plain(f"{file.name}: {counts}"))
    if result["applied"] or result["drafts"]:
        st.info(_("The imported translations wait for a reviewer on the Review screen."))
    # st.dataframe shows every cell as text, never as HTML: the file's texts come from outside.
    if result["conflicts"]:
        st.dataframe([{_("line"): c["line"], _("segment"): c["segment"] or "", _("source"): c["msgid"],
                       _("reason"): c["reason"]} for c in result["conflicts"]],
                     key="import_conflicts", hide_index=True)
    if result["unknown"]:
        with st.expander(_("Entries not in the release")):
            st.dataframe([{_("line"): u["line"], _("source"): u["msgid"], _("reason"): u["reason"]}
                          for u in result["unknown"]], key="import_unknown", hide_index=True)


def render() -> None:
    """The export screen."""
    _ = session.t()
    user = session.current_user()
    assert user is not None
    st.title(_("Export"))
    try:
        listed = releases.list_releases(app())
        slugs = [r["slug"] for r in listed]
        if not slugs:
            st.info(_("No release yet: add one on the Releases screen."))
            return
        slug = st.selectbox(_("Release"), slugs, key="export_release")
        _export(slug, next(r for r in listed if r["slug"] == slug), user)
        _import_back(slug, user)
    except WorkbenchError as exc:
        session.report(exc)


def _export(slug: str, chosen: Mapping[str, Any], user: dict[str, Any]) -> None:
    """Choose languages and formats, see what is not approved yet, and download the files."""
    _ = session.t()
    if chosen["embargoed"]:
        st.warning(session.plain(_("Embargoed until {at}: the rendered pages and the bundle are not exported "
                                   "before then; the catalogs (.po, .mo) are.").format(
            at=session.when(chosen["embargo_until"], local=True))))
    langs = st.multiselect(_("Languages"), session.target_languages(user), key="export_langs")
    if not langs:
        return
    _unapproved(slug, langs)
    fuzzy = st.checkbox(_("Include unapproved text, marked fuzzy"), key="export_fuzzy")
    kind = st.radio(_("What to download"), ["bundle", "po", "mo"], key="export_kind", horizontal=True,
                    format_func={"bundle": _("publication bundle (zip)"), "po": _("catalogs (.po)"),
                                 "mo": _("compiled catalogs (.mo)")}.__getitem__)
    if st.button(_("Prepare the files"), key="export_button", type="primary"):
        files = export.download(app(), slug, langs, formats=kind, include_unapproved=fuzzy, user=user["name"])
        for i, (path, data) in enumerate(files.items()):
            name = export.download_name(path)
            st.download_button(session.plain(_("Download {name}").format(name=name)), data, file_name=name,
                               key=f"export_download_{i}")
