"""The `workbench` command: parse arguments, call one service, print the result.

Every command accepts ``--json`` and then prints one JSON document on stdout. Exit codes: 0 on
success, 1 on a user error (one line on stderr, no traceback), 2 on bad usage (argparse).

Imports are lazy: parsing the arguments (``--help``, ``--version``, bad usage) loads no database,
ingest or engine code, and each command imports the services it calls inside its handler, so a
command pays only for what it uses (tests/cli/test_cli_imports.py guards it;
benchmarks/cli_startup.py measures it).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from workbench import __version__
from workbench.errors import InputError, WorkbenchError

if TYPE_CHECKING:
    from workbench.services.app import App
    from workbench.services.glossary import ChangeJSON

Handler = Callable[["App", argparse.Namespace], tuple[Any, str]]


def _read_input(path: str, limit: int) -> tuple[bytes, str]:
    """Read a source from a path or stdin, at most ``limit + 1`` bytes (the reader refuses larger)."""
    if path == "-":
        return sys.stdin.buffer.read(limit + 1), "<stdin>"
    p = Path(path)
    try:
        with p.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > limit:  # said here: the reader sees only the limit + 1 bytes read, not the file's size
                raise InputError(f"source is {size:,} bytes, more than the {limit:,} accepted", path=path)
            return stream.read(limit + 1), str(p)
    except FileNotFoundError as exc:
        raise InputError("no such file", path=path) from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory, not a file", path=path) from exc
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", path=path) from exc


def cmd_init(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import setup

    result = setup.init_workbench(app)
    lines = [f"database ready at revision {result['revision']}: {result['database']}"]
    lines += [f"glossary {g['file']}: {g['added']} concepts added, {g['updated']} updated" for g in result["glossary"]]
    if not result["glossary"]:  # a mistyped WORKBENCH_GLOSSARY_DIR, or init run outside the checkout
        lines.append(f"warning: no glossary file (.csv, .tbx, .xml) in {app.settings.glossary_dir}: "
                     "names are drafted without the shipped term base (WORKBENCH_GLOSSARY_DIR)")
    return result, "\n".join(lines)


def cmd_ingest(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import releases

    data, name = _read_input(args.path, app.settings.max_source_bytes)
    report = releases.ingest_release(
        app, data, name=name, user=_acting_user(args), lang=args.lang, slug=args.slug, update=args.update,
        if_new=args.if_new,
    )
    if not report.created:
        return report.as_json(), f"release {report.slug!r} exists already; nothing changed"
    lines = [f"{report.slug}: {len(report.segments)} segments ({report.lang}), {len(report.excluded)} blocks excluded"]
    lines += [f"warning: {w['message']}" for w in report.warnings]
    return report.as_json(), "\n".join(lines)


def cmd_segments(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import listing

    result = listing.list_segments(app, args.slug, args.to)
    lines = []
    for seg in result["segments"]:
        lines.append(f"{seg['id']}  [{seg['state']}]  {seg['source']}")
        if args.to and seg["target"]:
            lines.append(f"{'':12}-> {seg['target']}")
    return result, "\n".join(lines)


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[Callable[[Any], None] | None]:
    """A progress bar on stderr for a drafting run (none with --json, or when stderr is not a terminal)."""
    from rich.console import Console

    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    columns = (TextColumn("drafting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[note]}"),
               TimeRemainingColumn())
    with Bar(*columns, console=console, transient=True) as bar:
        task = bar.add_task("drafting", total=None, note="")

        def update(p: Any) -> None:
            note = f"{p.engine}, {p.failed} failed" if p.failed else p.engine
            bar.update(task, completed=p.done, total=p.total, note=note)

        yield update


def cmd_translate(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import drafting

    with _progress_bar(not args.json) as progress:
        r = drafting.translate_release(app, args.slug, args.to, args.engine, progress=progress,
                                       user=_acting_user(args))
    text = f"{r['drafted']} drafted, {r['failed']} failed, {r['skipped']} skipped ({r['engine']})"
    for f in r.get("failures", []):
        text += f"\nsegment {f['segment']} failed: {f['reason']}"
    if r.get("memory"):
        text += f"; {r['memory']} of the drafts from the translation memory"
    for u in r["glossary"]["unresolved"]:
        text += f"\nsegment {u['segment']}: glossary term not placed: {', '.join(u['concepts'])}"
    return r, text


def _change_line(c: ChangeJSON) -> str:
    """One glossary change: its id, concept, who proposed it, and what it changes."""
    what = "; ".join(
        f"{d['what']}{' ' + d['lang'] if d['lang'] else ''}: {d['before'] or '(none)'} -> {d['after'] or '(none)'}"
        for d in c["changes"]) or "no difference"
    return f"#{c['id']}  {c['concept']} ({c['kind']}{', new' if c['new'] else ''})  by {c['proposed_by']}" \
           f" from {c['origin']}\n    {what}"


#: The largest id a database row can have (SQL's signed 64-bit BIGINT): a larger number names no row,
#: and the drivers refuse to send it (an OverflowError, not a "no such" answer).
_MAX_ID = 2**63 - 1


def _is_row_id(text: str) -> bool:
    """Whether ``text`` is a whole number a row can have (ASCII digits, at most ``_MAX_ID``)."""
    return text.isascii() and text.isdigit() and int(text) <= _MAX_ID


def _row_id(text: str) -> int:
    """An ID argument (argparse type): a whole number a row can have; bad usage otherwise."""
    if not _is_row_id(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not an ID (a whole number, as listed)")
    return int(text)


def _port(text: str) -> int:
    """A TCP port argument (argparse type): 1-65535; bad usage otherwise (the servers fail late and unclearly)."""
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return int(text)


def _ids(args: argparse.Namespace) -> list[int]:
    if not args.target or not all(_is_row_id(t) for t in args.target):
        _usage_error(f"glossary {args.action}", "give the proposal ID(s) (see `workbench glossary proposals`)")
    return [int(t) for t in args.target]


def cmd_glossary(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import glossary

    if args.action == "proposals":
        rows = glossary.proposals(app)
        return {"proposals": rows}, "\n".join(_change_line(c) for c in rows) or "no glossary proposal waiting"
    if args.action == "accept":
        r = glossary.accept(app, _ids(args), _acting_user(args))
        return r, "\n".join(f"accepted #{c['id']} {c['concept']} (proposed by {c['proposed_by']})"
                            for c in r["accepted"])
    if args.action == "reject":
        ids = _ids(args)
        if len(ids) != 1:
            _usage_error("glossary reject", "give one proposal ID")
        change = glossary.reject(app, ids[0], _acting_user(args), args.comment or "")
        return change, f"{change['state']} #{change['id']} {change['concept']} (proposed by {change['proposed_by']})"
    if len(args.target) != 1:
        _usage_error(f"glossary {args.action}", "give one FILE (import, export) or SLUG (check)")
    target = args.target[0]
    if args.action == "import":
        done = glossary.import_file(app, Path(target), _acting_user(args), accept=args.accept)
        if done["accepted"]:
            return done, (f"{done['file']}: {done['added']} concepts added, {done['updated']} updated, "
                          f"{done['unchanged']} unchanged")
        return done, (f"{done['file']}: {len(done['proposed'])} changes proposed, "
                      f"{done['unchanged']} concepts unchanged; "
                      "a second reviewer accepts them (`workbench glossary proposals`)")
    if args.action == "export":
        written = glossary.export_file(app, Path(target))
        return written, f"{written['concepts']} concepts written to {written['file']}"
    if not args.to:
        raise InputError("glossary check needs --to LL")
    found = glossary.check_release(app, target, args.to)
    lines = [f"{i['segment']} {i['severity']}: {i['message']}" for i in found["issues"]]
    return found, "\n".join(lines) or "no glossary issue"


def _qa_override(v: dict[str, Any]) -> str:
    more = f" (and {v['more']} more)" if v["more"] else ""
    segment = f"segment {v['segment']}: " if v.get("segment") else ""
    return f"{segment}QA error: {v['message']}{more}; fix it, or approve with --override REASON; nothing approved"


#: The services' remedies (errors.REMEDY_ACTIONS) as this interface's flags and commands say them.
CLI_REMEDIES: dict[str, Callable[[dict[str, Any]], str]] = {
    "override": _qa_override,
    "update_or_rename": lambda v: f"a release {v['slug']!r} exists already: use --update {v['slug']} or --slug NEW",
    "choose_source_lang": lambda v: f"{v['path']}: cannot tell the language of this text: pass --lang",
    "check_target_lang": lambda v: f"{v['path']}: the file is in {v['declared']!r}, not {v['lang']!r}: check --to",
    "add_user": lambda v: f"no user {v['name']!r} (add one with `workbench user add`)",
}


def cli_message(exc: WorkbenchError) -> str:
    """The error as the command line says it: its remedy in flags and commands, else the message."""
    if exc.remedy is None:
        return str(exc)
    return CLI_REMEDIES[exc.remedy.action](dict(exc.remedy.values))


def _usage_error(command: str, message: str) -> NoReturn:
    """Bad usage that argparse cannot express: exit 2 like argparse does."""
    print(f"workbench {command}: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def _single_line(message: str) -> str:
    """An error as the one line the contract promises: a file name holding a newline, or a driver's
    message on two lines (psycopg's "connection refused\n\tIs the server running ..."), joined."""
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


def _one_line(text: str | None) -> str:
    return "(empty)" if text is None else text.replace("\n", " ")


def cmd_qa(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import qa

    r = qa.release_issues(app, args.slug, args.to)
    lines = [f"{i['segment']} {i['severity']} [{i['check']}]: {i['message']}" for i in r["issues"]]
    lines.append(f"{r['counts']['error']} error(s), {r['counts']['warning']} warning(s) in {r['segments']} segments")
    return r, "\n".join(lines)


def cmd_tm(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import memory

    if args.action == "import":
        r = memory.import_tmx(app, Path(args.file), user=_acting_user(args))
        lines = [f"{r['file']}: {r['added']} units added, {r['known']} known already "
                 f"({', '.join(r['pairs']) or 'no pair'})"]
        if r["skipped"]:
            lines.append(f"{r['skipped']} units without their source language skipped:")
            lines += [f"  {w}" for w in r["warnings"]]
        return r, "\n".join(lines)
    if not args.to:
        _usage_error("tm export", "give the target language with --to LL")
    exported = memory.export_tmx(app, Path(args.file), args.to, args.source_lang)
    return exported, f"{exported['units']} units into {exported['lang']} written to {exported['file']}"


def cmd_edit(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import review

    r = review.edit(app, args.slug, args.segment, args.to, args.text, _acting_user(args), args.version)
    return r, f"{r['segment']} [{r['state']}] version {r['version']}: {r['target']}"


def cmd_approve(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import review

    if bool(args.segments) == bool(args.all):
        _usage_error("approve", "give SEGMENT ids or --all (one of the two)")
    keys = None if args.all else args.segments
    r = review.approve(app, args.slug, keys, args.to, _acting_user(args), override=args.override)
    lines = [f"{len(r['approved'])} approved" + (f": {', '.join(r['approved'])}" if r["approved"] else "")]
    lines += [f"{x['segment']} refused: {x['reason']}" for x in r["refused"]]
    return r, "\n".join(lines)


def cmd_reject(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import review

    r = review.reject(app, args.slug, args.segment, args.to, _acting_user(args), args.comment)
    return r, f"{r['segment']} [{r['state']}] version {r['version']}: sent back to the translators"


def cmd_unapprove(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import review

    r = review.unapprove(app, args.slug, args.segment, args.to, _acting_user(args), args.comment)
    return r, f"{r['segment']} [{r['state']}] version {r['version']}: approval withdrawn"


def cmd_signoff(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import review

    r = review.signoff(app, args.slug, args.to, _acting_user(args))
    return r, f"{r['slug']} signed off in {r['lang']} by {r['reviewer']} ({r['segments']} segments)"


def cmd_history(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import review

    r = review.history(app, args.slug, args.segment, args.to)
    lines = []
    for e in r["events"]:
        line = f"{e['at']}  v{e['version']}  {e['actor']}  {e['action']}  {e['state_before']} -> {e['state_after']}"
        if e["before"] != e["after"]:
            line += f"\n    - {_one_line(e['before'])}\n    + {_one_line(e['after'])}"
        if e["comment"]:
            line += f"\n    # {e['comment']}"
        said = [f"{k.replace('_', ' ')} {e['details'][k]}" for k in ("asked_by", "os_user") if k in e["details"]]
        if said:
            line += f"\n    ({', '.join(said)})"
        lines.append(line)
    g = r["glossary"]
    if g["version"]:
        lines.append(f"glossary version {g['version']} drafted with: {', '.join(g['concepts']) or 'no concept'}")
        lines += [f"    {c['concept']}: change #{c['id']} proposed by {c['proposed_by']}, accepted by "
                  f"{c['decided_by']} at {c['decided_at']}" for c in g["changes"]]
    return r, "\n".join(lines) or "no change recorded"


def cmd_comment(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import comments

    r = comments.add_comment(app, args.slug, args.segment, args.to, args.text, _acting_user(args))
    lines = [f"{c['at']}  {c['author']}  {c['kind']}: {_one_line(c['text'])}" for c in r["comments"]]
    return r, "\n".join(lines)


def _read_password() -> str:
    """One line from stdin (a pipe), or a prompt without echo on a terminal."""
    if sys.stdin.isatty():
        return getpass.getpass("password: ")
    return sys.stdin.readline().rstrip("\r\n")


def cmd_user(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import users

    by = args.user or os.environ.get("WORKBENCH_USER") or None
    if args.action != "list" and by is None and users.list_users(app):
        _acting_user(args)  # refuses: only the very first user (the first admin) is added by nobody
    # (on a database without users, by is not checked: nobody exists to check it against)
    if args.action == "add":
        password = _read_password()
        if not password:
            raise InputError("empty password: give one line on stdin (or type it at the prompt)")
        r = users.add_user(app, args.name, args.role, password, _scope(args), by=by)
        return r, f"user {r['name']} added ({r['role']}, languages: {', '.join(r['langs']) or 'all'})"
    if args.action == "password":
        password = _read_password()
        if not password:
            raise InputError("empty password: give one line on stdin (or type it at the prompt)")
        r = users.set_password(app, args.name, password, by=by)
        return r, f"password of {r['name']} changed"
    if args.action in ("disable", "enable"):
        r = users.set_disabled(app, args.name, args.action == "disable", by=by)
        return r, f"user {r['name']} {'disabled' if r['disabled'] else 'enabled'}"
    rows = users.list_users(app)
    lines = [f"{u['name']:20} {u['role']:10} {', '.join(u['langs']) or 'all':12} {'disabled' if u['disabled'] else ''}"
             for u in rows]
    return {"users": rows}, "\n".join(line.rstrip() for line in lines) or "no user yet"


def cmd_backup(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import backup

    r = backup.backup(app, Path(args.path))
    return r, f"backup written to {r['backup']} ({r['bytes']} bytes, revision {r['revision']})"


def cmd_restore(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import backup

    r = backup.restore(app, Path(args.path))
    found = ", ".join(f"{n} {k}" for k, n in r["counts"].items())
    return r, f"restored {r['restored']} into {r['database']} (revision {r['revision']}): {found}"


def cmd_export(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services.export import export

    if bool(args.slug) == bool(args.all):
        _usage_error("export", "give a SLUG or --all (one of the two)")
    out = Path(args.out) if args.out else None
    r = export(app, None if args.all else args.slug, args.to, out, args.format, args.include_unapproved,
               user=_acting_user(args))
    return {"files": r["files"]}, "\n".join(r["files"]) or "nothing to export"


def cmd_import_po(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services.translation_import import import_po

    r = import_po(app, args.slug, Path(args.file), args.to, _acting_user(args))
    lines = [f"{len(r['applied'])} applied, {len(r['drafts'])} drafts, {r['unchanged']} unchanged, "
             f"{len(r['unknown'])} unknown, {len(r['conflicts'])} conflicts"]
    lines += [f"line {u['line']}: unknown: {u['msgid'][:60]!r} ({u['reason']})" for u in r["unknown"]]
    lines += [f"line {c['line']}: conflict {c['segment'] or ''}: {c['reason']}" for c in r["conflicts"]]
    return r, "\n".join(lines)


def cmd_engines(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services.engines import engine_preference, list_engines

    rows = list_engines(app)
    lines = [
        f"{e['name']:12} {'available' if e['available'] else 'unavailable: ' + e['reason']}"
        + (f"  ({', '.join(e['pairs'])})" if e["pairs"] else "")
        + ("" if e["offline"] else f"  [sends text to {e['sends_to'] or 'the provider'}]")
        for e in rows
    ]
    return {"engines": rows, "preference": engine_preference(app)}, "\n".join(lines)


def cmd_serve(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services.serve import streamlit_command

    app.db.require_current()
    argv = streamlit_command(args.port)
    os.execvp(argv[0], argv)  # replaces this process: Ctrl+C stops the server
    return None, ""  # pragma: no cover


def _scope(args: argparse.Namespace) -> str:
    """--langs of user add, token add, webhook add: no codes in it is bad usage, never "every language"
    (the services read an empty scope as every language: ``--langs ""`` would open what it meant to close)."""
    if args.langs is None:
        return ""
    if not any(code.strip() for code in args.langs.split(",")):
        _usage_error(f"{args.command} {args.action}",
                     f"--langs {args.langs!r} names no language: give codes (es,en) or leave --langs out for all")
    return str(args.langs)


def _acting_user(args: argparse.Namespace) -> str:
    """--as USER, else WORKBENCH_USER (bad usage when neither); the service refuses a name that is no enabled user."""
    user = args.user or os.environ.get("WORKBENCH_USER")
    if not user:
        _usage_error(args.command, "who is acting? give --as USER (or set WORKBENCH_USER to your user name)")
    return str(user)


def _os_user() -> str:
    """The operating-system user running the command, recorded with every event beside --as."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name and no passwd entry (some containers): the numeric id
        return f"uid {os.getuid()}"


def cmd_embargo(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import publishing
    from workbench.services.embargo import parse_until

    if bool(args.until) == bool(args.lift):
        _usage_error("embargo", "give --until ISO-8601-WITH-OFFSET or --lift (one of the two)")
    until = parse_until(args.until) if args.until else None
    r = publishing.set_embargo(app, args.slug, until, _acting_user(args))
    if r["embargo_until"] is None:
        published = "".join(f"\npublished {p['slug']} in {p['lang']}" for p in r["published"])
        return r, f"{r['slug']}: no embargo{published}"
    from datetime import datetime

    local = datetime.fromisoformat(r["embargo_until"]).astimezone()  # the operator's zone; stored in UTC
    return r, f"{r['slug']}: under embargo until {local.isoformat(timespec='minutes')} ({r['embargo_until']} UTC)"


def cmd_token(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import tokens

    if args.action == "add":
        r = tokens.add_token(app, args.name, _scope(args), _acting_user(args))
        return r, (f"token {r['name']} ({', '.join(r['langs']) or 'every language'}); shown once, keep it now:\n"
                   f"{r['token']}")
    if args.action == "revoke":
        token = tokens.revoke_token(app, args.name, _acting_user(args))
        return token, f"token {token['name']} revoked"
    rows = tokens.list_tokens(app)
    lines = [f"{t['name']:24} {', '.join(t['langs']) or 'all':12} {t['created_at'][:16]}"
             + (f"  revoked {t['revoked_at'][:16]}" if t["revoked_at"] else "") for t in rows]
    return {"tokens": rows}, "\n".join(lines) or "no token yet"


def cmd_webhook(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import webhooks

    if args.action == "add":
        if not args.events:
            _usage_error("webhook add", "give --events signoff,published,revoked")
        r = webhooks.add_webhook(app, args.url, args.events, _scope(args), _acting_user(args))
        events = ", ".join(r["events"])
        return r, f"webhook {r['id']} -> {r['url']} ({events}); signing secret, shown once:\n{r['secret']}"
    if args.action == "remove":
        hook = webhooks.remove_webhook(app, args.id, _acting_user(args))
        return hook, f"webhook {hook['id']} removed"
    if args.action == "log":
        rows = webhooks.delivery_log(app)
        lines = [f"{a['at'][:19]}  #{a['webhook']} {a['event']:9} attempt {a['attempt']}  "
                 f"{a['status'] or 'no answer'}  {a['state']}  {a['error']}".rstrip() for a in rows]
        return {"attempts": rows}, "\n".join(lines) or "no delivery attempted yet"
    hooks = webhooks.list_webhooks(app)
    lines = [f"{h['id']:>4}  {h['url']}  {','.join(h['events'])}  {', '.join(h['langs']) or 'all'}" for h in hooks]
    return {"webhooks": hooks}, "\n".join(lines) or "no webhook yet"


def cmd_publish_due(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    from workbench.services import publishing, webhooks

    published = publishing.publish_due(app)
    d = webhooks.deliver_due(app)
    r = {**published, "deliveries": d}
    lines = [f"published {p['slug']} in {p['lang']}" for p in published["published"]]
    lines.append(f"{d['attempted']} webhook deliveries attempted, {d['delivered']} delivered, {d['failed']} given up")
    return r, "\n".join(lines)


def cmd_api(app: App, args: argparse.Namespace) -> tuple[Any, str]:
    import uvicorn

    app.db.require_current()
    # By name: the CLI never imports the API's layer; the factory opens the same settings in the server.
    uvicorn.run("workbench.api.app:create_app", factory=True, host=args.host, port=args.port,
                proxy_headers=True, log_level="info")
    return None, ""


def _add_actor(p: argparse.ArgumentParser, who: str = "the acting user") -> None:
    """``--as USER`` of a command that changes state or publishes (docs/operations.md, "Who acts")."""
    p.add_argument("--as", dest="user", metavar="USER",
                   help=f"{who} (default: WORKBENCH_USER; no password: the CLI is the operator's tool, docs/review.md)")


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
    _add_actor(p, "the user ingesting (a reviewer or admin for --update)")
    p = add("segments", cmd_segments, "list a release's segments (with their translation into --to)")
    p.add_argument("slug")
    p.add_argument("--to", metavar="LL", help="target language")
    p = add("translate", cmd_translate, "draft machine translations of a release's untranslated segments")
    p.add_argument("slug")
    p.add_argument("--to", metavar="LL", required=True, help="target language")
    p.add_argument("--engine", metavar="NAME", help="engine to use (default: the first that serves the pair)")
    _add_actor(p, "the user asking for the drafts")
    p = add("glossary", cmd_glossary, "import (as proposals) or export the term base (.csv or .tbx), check a "
            "release, or list, accept and reject proposed glossary changes (docs/glossary.md)")
    p.add_argument("action", choices=["import", "export", "check", "proposals", "accept", "reject"])
    p.add_argument("target", nargs="*", metavar="FILE|SLUG|ID",
                   help="the file to import or export, the release to check, or the proposal ID(s) to accept or reject")
    p.add_argument("--to", metavar="LL", help="target language (check)")
    _add_actor(p, "the acting reviewer or admin (import, accept, reject)")
    p.add_argument("--accept", action="store_true",
                   help="import: accept the changes at once (an admin, where WORKBENCH_GLOSSARY_SELF_ACCEPT=on)")
    p.add_argument("--comment", metavar="TEXT", help="reject: why")
    _add_review_commands(add)
    _add_admin_commands(add)
    _add_exchange_commands(add)
    _add_publishing_commands(add)
    p = add("qa", cmd_qa, "every quality-check issue of a release's targets (docs/quality.md)")
    p.add_argument("slug")
    p.add_argument("--to", metavar="LL", required=True, help="target language")
    p = add("tm", cmd_tm, "import or export the translation memory as TMX 1.4b (docs/memory.md)")
    p.add_argument("action", choices=["import", "export"])
    p.add_argument("file", metavar="FILE")
    p.add_argument("--to", metavar="LL", help="target language of the units to export")
    p.add_argument("--from", dest="source_lang", metavar="LL", help="only units from this source language (export)")
    _add_actor(p, "the reviewer or admin importing (import)")
    add("engines", cmd_engines, "list machine-translation engines and their availability")
    p = add("serve", cmd_serve, "start the browser UI")
    p.add_argument("--port", type=_port, default=8501)
    return parser


def _add_review_commands(add: Callable[[str, Handler, str], argparse.ArgumentParser]) -> None:
    """edit, approve, reject, unapprove, signoff, history (docs/review.md)."""

    def common(p: argparse.ArgumentParser, *, segment: bool = True, actor: bool = True) -> None:
        p.add_argument("slug")
        if segment:
            p.add_argument("segment", metavar="SEGMENT")
        p.add_argument("--to", metavar="LL", required=True, help="target language")
        if actor:
            _add_actor(p)

    p = add("edit", cmd_edit, "save a translation of one segment (state translated)")
    common(p)
    p.add_argument("--text", required=True, help="the new target text")
    p.add_argument("--version", type=int, metavar="N",
                   help="the version you edited; refused if it is stale (default: the current one)")
    p = add("approve", cmd_approve, "approve segments (all or nothing), or --all approvable ones")
    p.add_argument("slug")
    p.add_argument("segments", nargs="*", metavar="SEGMENT")
    p.add_argument("--all", action="store_true", help="approve every segment that can be, report the others")
    p.add_argument("--to", metavar="LL", required=True, help="target language")
    _add_actor(p, "the acting reviewer")
    p.add_argument("--override", metavar="REASON", help="approve despite error-level QA issues, recording why")
    p = add("reject", cmd_reject, "send a segment back to the translators (needs_edit) with a comment")
    common(p)
    p.add_argument("--comment", required=True, help="what needs to change")
    p = add("unapprove", cmd_unapprove, "withdraw an approval (back to translated) with the reason")
    common(p)
    p.add_argument("--comment", required=True, help="why the approval is withdrawn")
    p = add("signoff", cmd_signoff, "sign a release off in a language once every segment is approved")
    common(p, segment=False)
    p = add("history", cmd_history, "every change of a segment's translation, oldest first")
    common(p, actor=False)
    p = add("comment", cmd_comment, "add a comment to a segment's thread in a language; prints the thread")
    common(p, actor=False)
    p.add_argument("--text", required=True, help="the comment")
    _add_actor(p, "the commenting user")


def _add_admin_commands(add: Callable[[str, Handler, str], argparse.ArgumentParser]) -> None:
    """user, backup, restore."""
    p = add("user", cmd_user, "add, list, disable or enable users")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    a = actions.add_parser("add", help="add a user; the password is read from stdin (one line)")
    a.add_argument("name")
    a.add_argument("--role", required=True, help="translator, reviewer or admin")
    a.add_argument("--langs", metavar="LL,..", help="target languages the user may work on (default: all)")
    actions.add_parser("list", help="list users (never their password hashes)")
    actions.add_parser("password", help="set a user's password, read from stdin (one line)").add_argument("name")
    for verb in ("disable", "enable"):
        actions.add_parser(verb, help=f"{verb} a user").add_argument("name")
    for verb, sub_parser in actions.choices.items():
        sub_parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")
        if verb != "list":
            _add_actor(sub_parser, "the acting admin (none only for the first user of an empty database)")
        else:
            sub_parser.set_defaults(user=None)
    p = add("backup", cmd_backup, "write a consistent copy of the SQLite database to a new file")
    p.add_argument("path", metavar="PATH")
    p = add("restore", cmd_restore, "copy a backup into an empty database")
    p.add_argument("path", metavar="PATH")


def _add_exchange_commands(add: Callable[[str, Handler, str], argparse.ArgumentParser]) -> None:
    """export, import-po (docs/export.md)."""
    p = add("export", cmd_export, "write catalogs (.po/.mo), pages and bundles of a release (or --all)")
    p.add_argument("slug", nargs="?", metavar="SLUG")
    p.add_argument("--all", action="store_true", help="export every release")
    p.add_argument("--to", metavar="LL[,LL..]", required=True, help="target language(s), comma-separated")
    p.add_argument("--out", metavar="DIR", help="export root (default: WORKBENCH_LOCALES_DIR)")
    p.add_argument("--format", metavar="FMT,..", default="po,mo",
                   help="po, mo, html, bundle, tmx, xliff, xliff12, comma-separated (default: po,mo)")
    p.add_argument("--include-unapproved", action="store_true",
                   help="export unapproved targets as fuzzy entries (never compiled into the .mo)")
    _add_actor(p, "the user exporting (their languages must cover --to)")
    p = add("import-po", cmd_import_po, "bring a translated catalog (.po, or .xlf/.xliff in XLIFF 1.2 or 2.1) back")
    p.add_argument("slug")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--to", metavar="LL", required=True, help="target language of the catalog")
    _add_actor(p, "the translator or reviewer importing")


def _add_publishing_commands(add: Callable[[str, Handler, str], argparse.ArgumentParser]) -> None:
    """embargo, token, webhook, publish-due, api (docs/publishing.md)."""

    def acting(p: argparse.ArgumentParser) -> None:
        _add_actor(p)
        p.add_argument("--json", action="store_true", help="print one JSON document on stdout")

    p = add("embargo", cmd_embargo, "hold a release back until a time (nothing leaves before it), or lift the embargo")
    p.add_argument("slug")
    p.add_argument("--until", metavar="ISO-8601-WITH-OFFSET", help="e.g. 2026-12-08T09:00+01:00 (stored in UTC)")
    p.add_argument("--lift", action="store_true", help="lift the embargo (signed-off languages are published now)")
    _add_actor(p, "the acting reviewer or admin")
    p = add("token", cmd_token, "API tokens of the sections' sites: add (shown once), list, revoke")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    a = actions.add_parser("add", help="create a token; it is printed once and kept only as a hash")
    a.add_argument("name")
    a.add_argument("--langs", metavar="LL,..", help="languages the token sees (default: all)")
    acting(a)
    acting(actions.add_parser("list", help="list tokens (never the tokens themselves)"))
    a = actions.add_parser("revoke", help="revoke a token: it gets 401 from now on")
    a.add_argument("name")
    acting(a)
    p = add("webhook", cmd_webhook, "webhooks of the sections' sites: add (secret shown once), list, remove, log")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    a = actions.add_parser("add", help="register an endpoint for events (signoff, published, revoked)")
    a.add_argument("url", metavar="URL")
    a.add_argument("--events", metavar="E,..", help="signoff, published, revoked (comma-separated)")
    a.add_argument("--langs", metavar="LL,..", help="languages it is told about (default: all)")
    acting(a)
    acting(actions.add_parser("list", help="list webhooks with their last deliveries"))
    a = actions.add_parser("remove", help="remove a webhook (its log is kept)")
    a.add_argument("id", type=_row_id, metavar="ID")
    acting(a)
    acting(actions.add_parser("log", help="the latest delivery attempts, newest first"))
    add("publish-due", cmd_publish_due, "publish languages whose embargo passed and send due webhooks (for cron)")
    p = add("api", cmd_api, "serve the read-only publishing API (uvicorn) and run the publishing loop")
    p.add_argument("--port", type=_port, default=8502)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback, behind a proxy)")


def _print_json(result: object) -> None:
    """Print a command's result as the one JSON document of ``--json``, the only place the CLI writes JSON.

    Results are the services' typed shapes (TypedDicts: plain dicts at run time, so the keys are
    the services' own), lists of them, or a small document of them made by the command; a value
    JSON has no type for (a date, a path) is written as its ``str``.
    """
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        from workbench.services.app import App  # the database layer: loaded once the arguments are valid

        app = App.open()
        app.os_user = _os_user()
        if args.command not in ("init", "restore"):  # restore fills an empty, uninitialised database
            app.db.require_current()
        result, text = args.handler(app, args)
    except WorkbenchError as exc:
        print(f"workbench: error: {_single_line(cli_message(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so in one line; WORKBENCH_DEBUG=1 shows the traceback
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        print(f"workbench: internal error ({type(exc).__name__}: {exc}); rerun with WORKBENCH_DEBUG=1", file=sys.stderr)
        return 1
    try:
        if args.json:
            _print_json(result)
        elif text:
            print(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `workbench ... | head`: the reader left; the work is done
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
