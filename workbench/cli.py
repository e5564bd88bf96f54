"""The `workbench` command: parse arguments, call one service, print the result.

Every command accepts ``--json`` and then prints one JSON document on stdout. Exit codes: 0 on
success, 1 on a user error (one line on stderr, no traceback), 2 on bad usage (argparse).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from workbench import __version__
from workbench.errors import WorkbenchError
from workbench.services import drafting, glossary, releases, setup
from workbench.services.app import App

Handler = Callable[[App, argparse.Namespace], tuple[Any, str]]


def _read_input(path: str, limit: int) -> tuple[bytes, str]:
    """Read a source from a path or stdin, at most ``limit + 1`` bytes (the reader refuses larger)."""
    if path == "-":
        return sys.stdin.buffer.read(limit + 1), "<stdin>"
    p = Path(path)
    try:
        with p.open("rb") as stream:
            return stream.read(limit + 1), str(p)
    except FileNotFoundError:
        raise WorkbenchError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise WorkbenchError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise WorkbenchError(f"{path}: cannot read ({exc.strerror})") from None


def cmd_init(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    result = setup.init_workbench(app)
    lines = [f"database ready at revision {result['revision']}: {result['database']}"]
    lines += [f"glossary {g['file']}: {g['added']} concepts added, {g['updated']} updated" for g in result["glossary"]]
    return result, "\n".join(lines)


def cmd_ingest(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    data, name = _read_input(args.path, app.settings.max_source_bytes)
    report = releases.ingest_release(
        app, data, name=name, lang=args.lang, slug=args.slug, update=args.update, if_new=args.if_new
    )
    if not report.created:
        return report.as_json(), f"release {report.slug!r} exists already; nothing changed"
    lines = [f"{report.slug}: {len(report.segments)} segments ({report.lang}), {len(report.excluded)} blocks excluded"]
    lines += [f"warning: {w['message']}" for w in report.warnings]
    return report.as_json(), "\n".join(lines)


def cmd_segments(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    result = releases.list_segments(app, args.slug, args.to)
    lines = []
    for seg in result["segments"]:
        lines.append(f"{seg['id']}  [{seg['state']}]  {seg['source']}")
        if args.to and seg["target"]:
            lines.append(f"{'':12}-> {seg['target']}")
    return result, "\n".join(lines)


def cmd_translate(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    r = drafting.translate_release(app, args.slug, args.to, args.engine)
    text = f"{r['drafted']} drafted, {r['failed']} failed, {r['skipped']} skipped ({r['engine']})"
    for u in r["glossary"]["unresolved"]:
        text += f"\nsegment {u['segment']}: glossary term not placed: {', '.join(u['concepts'])}"
    return r, text


def cmd_glossary(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    if args.action == "import":
        r = glossary.import_file(app, Path(args.target))
        return r, f"{r['file']}: {r['added']} concepts added, {r['updated']} updated"
    if args.action == "export":
        r = glossary.export_file(app, Path(args.target))
        return r, f"{r['concepts']} concepts written to {r['file']}"
    if not args.to:
        raise WorkbenchError("glossary check needs --to LL")
    r = glossary.check_release(app, args.target, args.to)
    return r, "\n".join(f"{i['segment']} {i['severity']}: {i['message']}" for i in r["issues"]) or "no glossary issue"


def cmd_engines(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services.engines import list_engines

    rows = list_engines(app)
    lines = [
        f"{e['name']:12} {'available' if e['available'] else 'unavailable: ' + e['reason']}"
        + (f"  ({', '.join(e['pairs'])})" if e["pairs"] else "")
        for e in rows
    ]
    return {"engines": rows}, "\n".join(lines)


def cmd_serve(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services.serve import streamlit_command

    app.db.require_current()
    argv = streamlit_command(args.port)
    os.execvp(argv[0], argv)  # replaces this process: Ctrl+C stops the server
    return None, ""  # pragma: no cover


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="workbench", description="Translation and publishing workbench.")
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--json", action="store_true", help="print one JSON document on stdout")
        p.set_defaults(handler=handler)
        return p

    add("init", cmd_init, "create or upgrade the database")
    p = add("ingest", cmd_ingest, "ingest a release (text dump, HTML or Markdown) from PATH or - (stdin)")
    p.add_argument("path", metavar="PATH|-")
    p.add_argument("--lang", help="the source language (default: detected)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--slug", help="the release's slug (default: made from the title)")
    group.add_argument("--update", metavar="SLUG", help="replace an existing release with a corrected version")
    p.add_argument("--if-new", action="store_true", help="do nothing when the slug exists already")
    p = add("segments", cmd_segments, "list a release's segments (with their translation into --to)")
    p.add_argument("slug")
    p.add_argument("--to", metavar="LL", help="target language")
    p = add("translate", cmd_translate, "draft machine translations of a release's untranslated segments")
    p.add_argument("slug")
    p.add_argument("--to", metavar="LL", required=True, help="target language")
    p.add_argument("--engine", metavar="NAME", help="engine to use (default: the first that serves the pair)")
    p = add("glossary", cmd_glossary, "import or export the term base (.csv or .tbx), or check a release")
    p.add_argument("action", choices=["import", "export", "check"])
    p.add_argument("target", metavar="FILE|SLUG", help="the file to import or export, or the release to check")
    p.add_argument("--to", metavar="LL", help="target language (check)")
    add("engines", cmd_engines, "list machine-translation engines and their availability")
    p = add("serve", cmd_serve, "start the browser UI")
    p.add_argument("--port", type=int, default=8501)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        app = App.open()
        if args.command != "init":
            app.db.require_current()
        result, text = args.handler(app, args)
    except WorkbenchError as exc:
        print(f"workbench: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so in one line; WORKBENCH_DEBUG=1 shows the traceback
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        print(f"workbench: internal error ({type(exc).__name__}: {exc}); rerun with WORKBENCH_DEBUG=1", file=sys.stderr)
        return 1
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    elif text:
        print(text)
    return 0
