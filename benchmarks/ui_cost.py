"""Benchmark: the server's CPU time for one rerun of each screen, against the framework's floor (issue 20).

Streamlit reruns a page's script on every interaction, so whatever a screen computes is paid on
every click by every user. This runs each screen in ``streamlit.testing.v1.AppTest`` (in this
process, as tests/ui/test_pages.py does) and takes the CPU time (``time.process_time``: every
thread of the process, so the script thread AppTest runs the page in counts) of one rerun, the
median of several reruns after warm-up runs. The baseline, measured in the same run, is a bare
Streamlit page that renders the same 20 text areas with the same texts, each in a form with its
submit button as the editor draws them, and calls no service: what the framework itself costs
for such a page. A save is compared with the same click on the bare page (its submit reruns the
page, as the editor's save does).

The data: a temporary SQLite database with the shipped glossary; an earlier release generated
from the shared French sample's sentences (40 segments, drafted into English by Apertium and
approved by a reviewer: the memory), and the release worked on (40 segments, the same sentences
reworded, so the editor's page of 20 shows fuzzy memory matches with their differences, glossary
terms, Apertium's unknown words and QA issues), drafted into English by Apertium.

Screens: the sign-in screen and a sign-in (the whole app, ``workbench/ui/app.py``; a sign-in's
baseline adds one argon2 check, measured here too: its cost is the password hash's by design), the releases
list (the whole app, signed in: sidebar, navigation and the default screen), the editor (page 1,
20 segments), a save in the editor (its row and the next drawn again, as in a browser: each row is a
fragment), the review queue (20 items) and the export screen (English
chosen). Usage: ``python benchmarks/ui_cost.py [--reruns N] [--json] [--profile SCREEN]``; with
--json the last line is the JSON list of docs/architecture.md; ``--profile editor`` prints cProfile's
heaviest functions for that screen's reruns instead (docs/performance.md).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import io
import json
import logging
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import report
from editor_scaling import release_source, sentences
from streamlit.runtime.scriptrunner_utils import script_run_context
from streamlit.testing.v1 import AppTest

from workbench.config import Settings
from workbench.services import drafting, releases, review, setup, signin, users
from workbench.services.app import App
from workbench.services.serve import APP_SCRIPT, STREAMLIT_FLAGS

ROOT = Path(__file__).resolve().parents[1]
LANG = "en"
SEGMENTS = 40
EDITOR_TARGET, OTHER_TARGET = 3.0, 2.0
TIMEOUT = 300
ADMIN = "ada"  # who sets the data up (adds the users, ingests, drafts)

#: The floor: the editor's 20 target boxes (same texts, same forms and buttons), no service at all.
BARE_PAGE = """import json, os
import streamlit as st
texts = json.loads(os.environ["UI_COST_TEXTS"])
for i, text in enumerate(texts):
    with st.form(f"seg_form_{i}"):
        st.text_area("Translation", value=text, key=f"target_{i}", height=110, label_visibility="collapsed")
        if st.form_submit_button("Save (Ctrl+Enter)"):
            st.rerun()
"""


def serve_options() -> None:
    """Run the screens with the options `workbench serve` gives Streamlit (``STREAMLIT_FLAGS``): AppTest
    applies none, and one matters here: with usage statistics on (Streamlit's default), every element
    call also records its telemetry, about a third of a small element's cost that a served page does not pay."""
    from streamlit import config

    for flag in STREAMLIT_FLAGS:
        name, value = flag.removeprefix("--").split("=", 1)
        config.set_option(name, {"true": True, "false": False}.get(value, int(value) if value.isdigit() else value))


def build(url: str) -> dict[str, dict[str, Any]]:
    """The database described above; the signed-in user dicts of tina (translator) and rui (reviewer)."""
    app = App.open(Settings(database_url=url, glossary_dir=ROOT / "glossary"))
    try:
        setup.init_workbench(app)
        users.add_user(app, ADMIN, "admin", f"{ADMIN}-secret")  # the first user: every service needs an actor
        users.add_user(app, "tina", "translator", "tina-secret", LANG, by=ADMIN)
        users.add_user(app, "rui", "reviewer", "rui-secret", LANG, by=ADMIN)
        templates = sentences()
        earlier = release_source(SEGMENTS, templates)
        current = earlier.replace(b"selon le paragraphe", "d’après la partie".encode()).replace(
            b"Communiqu", b"Nouveau communiqu")
        for slug, source in (("earlier", earlier), ("current", current)):
            report = releases.ingest_release(app, source, name=f"{slug}.md", lang="fr", slug=slug, user=ADMIN)
            if len(report.segments) != SEGMENTS:
                raise SystemExit(f"generated release {slug!r} has {len(report.segments)} segments, not {SEGMENTS}")
            result = drafting.translate_release(app, slug, LANG, "apertium", user=ADMIN)
            if result["failed"] or not result["drafted"]:
                raise SystemExit(f"Apertium did not draft {slug!r} into {LANG}: {result}")
        review.approve(app, "earlier", None, LANG, "rui", override="benchmark data")
        return {name: signin.sign_in(app, name, f"{name}-secret") for name in ("tina", "rui")}
    finally:
        app.db.dispose()


def first_page(url: str) -> list[tuple[str, str]]:
    """(id, target) of the editor's first page (the floor page shows the same texts)."""
    app = App.open(Settings(database_url=url, glossary_dir=ROOT / "glossary"))
    try:
        rows = releases.list_segments_page(app, "current", LANG, 0, 20)["segments"]
        return [(row["id"], row["target"] or "") for row in rows]
    finally:
        app.db.dispose()


#: With --profile, the script thread's profiler (cProfile sees one thread: AppTest runs the page in another).
PROFILED = """import builtins
_profiler = getattr(builtins, "ui_cost_profiler", None)
if _profiler:
    _profiler.enable()
try:
{body}
finally:
    if _profiler:
        _profiler.disable()
"""


def script(body: str) -> AppTest:
    """An AppTest of the script ``body``, run under the --profile profiler when there is one."""
    indented = "".join(f"    {line}\n" for line in body.splitlines())
    return AppTest.from_string(PROFILED.format(body=indented), default_timeout=TIMEOUT)


def screen(module: str, user: dict[str, Any], **state: Any) -> AppTest:
    """An AppTest of page ``module`` for ``user`` (as tests/ui/test_pages.py opens screens)."""
    at = script(f"from workbench.ui.pages import {module}\n{module}.render()")
    at.session_state["user"] = user
    for key, value in state.items():
        at.session_state[key] = value
    return at


def whole_app(user: dict[str, Any] | None) -> AppTest:
    """An AppTest of the whole app (sign-in, or the default screen with the sidebar when signed in)."""
    at = script(f"import runpy\nrunpy.run_path({str(APP_SCRIPT)!r})")
    if user is not None:
        at.session_state["user"] = user
        at.session_state["ui_lang"] = "en"
    return at


def cpu(action: Callable[[], Any], reruns: int, warmup: int, prepare: Callable[[], Any] | None = None) -> float:
    """Median CPU seconds of ``action`` (``prepare`` runs before each, untimed)."""
    for _ in range(warmup):
        if prepare:
            prepare()
        action()
    times = []
    for _ in range(reruns):
        if prepare:
            prepare()
        gc.collect()
        started = time.process_time()
        action()
        times.append(time.process_time() - started)
    return statistics.median(times)


def checked(at: AppTest, what: str) -> AppTest:
    """``at`` after a run, or exit naming the screen that failed."""
    if at.exception:
        raise SystemExit(f"{what} failed: {at.exception[0].message}")
    return at


def fragment_click(at: AppTest, button: str, fragment: str) -> AppTest:
    """Click ``button``, inside the fragment keyed ``fragment``, as a browser does: the rerun the click asks
    for is that fragment's only (``AppTest`` always reruns the whole script; the server gets the fragment's
    id from the browser, ``app_session.py``, and so does this run)."""
    from streamlit.testing.v1 import local_script_runner

    ids = at._fragment_storage.resolve_target(fragment)
    plain = local_script_runner.RerunData
    local_script_runner.RerunData = functools.partial(plain, fragment_id=ids[0])  # type: ignore[misc]
    try:
        return at.button(key=button).click().run()
    finally:
        local_script_runner.RerunData = plain  # type: ignore[misc]


def measures(users_: dict[str, dict[str, Any]], page: list[tuple[str, str]]) -> dict[
        str, tuple[Callable[[], Any], Callable[[], Any] | None]]:
    """name -> (one rerun or action, what prepares it); each AppTest opened and run once here."""
    tina, rui = users_["tina"], users_["rui"]
    texts = [text for _, text in page]
    first = page[0][0]
    os.environ["UI_COST_TEXTS"] = json.dumps(texts)
    bare = checked(script(BARE_PAGE).run(), "the bare page")
    sign_in_screen = checked(whole_app(None).run(), "the sign-in screen")
    releases_list = checked(whole_app(tina).run(), "the releases list")
    editor = checked(screen("editor", tina, editor_lang=LANG, current_release="current").run(), "the editor")
    if len(editor.text_area) != 20:
        raise SystemExit(f"the editor shows {len(editor.text_area)} boxes, not 20")
    queue = checked(screen("review", rui, review_lang=LANG, current_release="current").run(), "the review queue")
    exporting = checked(screen("export", tina, export_release="current", export_langs=[LANG]).run(),
                        "the export screen")
    saves = iter(range(10**6))

    def sign_in() -> None:
        at = whole_app(None).run()
        at.text_input(key="sign_in_name").input("tina")
        at.text_input(key="sign_in_password").input("tina-secret")
        sign_in.at = at  # type: ignore[attr-defined]

    def submit_sign_in() -> None:
        at = sign_in.at  # type: ignore[attr-defined]
        checked(at.button[0].click().run(), "a sign-in")
        if at.session_state["user"]["name"] != "tina":
            raise SystemExit("the sign-in did not sign tina in")

    store = App.open(Settings.from_env())  # to check that a save wrote its text
    typed: list[str] = []

    def type_in_editor() -> None:
        typed.append(f"{texts[0]} (edit {next(saves)})")
        editor.text_area(key=f"target_{first}").input(typed[-1])

    def save_in_editor() -> None:
        # In a browser the Save button reruns only its row (a fragment): clicked here the same way.
        fragment_click(editor, f"FormSubmitter:seg_form_{first}-Save (Ctrl+Enter)", f"editor_row_{first}")
        if review.current(store, "current", first, LANG)["target"] != typed[-1]:
            raise SystemExit(f"a save did not write the text: {checked(editor, 'a save').exception}")

    def type_in_bare() -> None:
        bare.text_area(key="target_0").input(f"{texts[0]} (edit {next(saves)})")

    def save_in_bare() -> None:
        bare.button(key="FormSubmitter:seg_form_0-Save (Ctrl+Enter)").click().run()

    from argon2 import PasswordHasher

    hasher = PasswordHasher()  # the parameters users.py hashes with (argon2-cffi's defaults)
    stored = hasher.hash("tina-secret")
    return {
        "bare page": (bare.run, None),
        "argon2 verify": (lambda: hasher.verify(stored, "tina-secret"), None),
        "bare page save": (save_in_bare, type_in_bare),
        "sign-in screen": (sign_in_screen.run, None),
        "sign-in": (submit_sign_in, sign_in),
        "releases list": (releases_list.run, None),
        "editor": (editor.run, None),
        "save": (save_in_editor, type_in_editor),
        "review queue": (queue.run, None),
        "export screen": (exporting.run, None),
    }


def profile(action: Callable[[], Any], prepare: Callable[[], Any] | None, reruns: int, top: int = 35) -> str:
    """cProfile of ``reruns`` runs of ``action`` (after one warm-up), heaviest cumulative first."""
    import builtins

    if prepare:
        prepare()
    action()
    # The script thread's CPU time, not the wall clock: on a loaded machine the wall clock mostly
    # measures the other processes (a query "took" milliseconds while its thread waited for a core).
    prof = cProfile.Profile(time.thread_time)
    for _ in range(reruns):
        if prepare:
            prepare()
        builtins.ui_cost_profiler = prof  # type: ignore[attr-defined]
        action()
        del builtins.ui_cost_profiler  # type: ignore[attr-defined]
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table, or the JSON rows of docs/architecture.md with --json."""
    # AppTest's set-up runs outside a script run: the "missing ScriptRunContext" warnings would
    # bury the table. A filter, because Streamlit resets its loggers' levels.
    logging.getLogger(script_run_context.__name__).addFilter(lambda record: "ScriptRunContext" not in record.msg)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=7, help="timed reruns per screen (default 7)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs first (default 2)")
    parser.add_argument("--json", action="store_true", help="print the JSON rows as the last line")
    parser.add_argument("--profile", metavar="SCREEN", help="print cProfile's heaviest calls for one screen instead")
    args = parser.parse_args(argv)
    serve_options()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        # The UI opens its App from the environment (workbench.ui.resources.app).
        os.environ["WORKBENCH_DATABASE_URL"] = url
        os.environ["WORKBENCH_GLOSSARY_DIR"] = str(ROOT / "glossary")
        os.environ["WORKBENCH_LOCALES_DIR"] = str(Path(tmp) / "locales")
        users_ = build(url)
        actions = measures(users_, first_page(url))
        if args.profile:
            if args.profile not in actions:
                print(f"no screen {args.profile!r}: choose one of {', '.join(actions)}", file=sys.stderr)
                return 2
            action, prepare = actions[args.profile]
            print(profile(action, prepare, args.reruns))
            return 0
        cost = {name: cpu(action, args.reruns, args.warmup, prepare) for name, (action, prepare) in actions.items()}
    floor, save_floor, argon2 = cost.pop("bare page"), cost.pop("bare page save"), cost.pop("argon2 verify")
    # A sign-in checks one password with argon2, whose cost is chosen to be high (64 MiB, 3 passes):
    # its floor is that one check plus the bare page (everything else it does must stay that small).
    baselines = {"save": (save_floor, "bare page of the same 20 text areas, one submitted"),
                 "sign-in": (floor + argon2, "one argon2 verify + bare page of the same 20 text areas")}
    rows = []
    for name, value in cost.items():
        baseline, baseline_name = baselines.get(name, (floor, "bare page of the same 20 text areas"))
        rows.append(report.row(f"{name}: CPU per rerun" if name not in ("save", "sign-in") else f"{name}: CPU",
                               value, baseline, baseline_name, "s",
                               EDITOR_TARGET if name == "editor" else OTHER_TARGET))
    note = (f"floor (bare page) {floor:.4f} s, one argon2 verify {argon2:.4f} s; "
            f"median of {args.reruns} reruns after {args.warmup} warm-up runs; load average {report.load_average()}")
    return report.emit(rows, note, args.json)


if __name__ == "__main__":
    sys.exit(main())
