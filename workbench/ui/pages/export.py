"""Export: choose languages, see what is not approved or signed off yet, download the bundle or single catalogs."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.services import export, releases, review
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
        chosen = next(r for r in listed if r["slug"] == slug)
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
            with tempfile.TemporaryDirectory() as tmp:
                result = export.export(app(), slug, langs, out_dir=Path(tmp), formats=kind,
                                       include_unapproved=fuzzy, user=user["name"])
                files = [Path(f) for f in result["files"]]
                wanted = [f for f in files if f.suffix == {"bundle": ".zip", "po": ".po", "mo": ".mo"}[kind]]
                for i, path in enumerate(wanted):
                    st.download_button(session.plain(_("Download {name}").format(name=path.name)), path.read_bytes(),
                                       file_name=path.name, key=f"export_download_{i}")
    except WorkbenchError as exc:
        session.report(exc)
