"""Apertium, the embedded offline engine: installed pairs from Debian packages, pivots, one call per hop.

Apertium quirks this module is built around (measured with apertium 3.9 / apertium-fr-es /
apertium-eng-spa from Debian):

- process start-up costs about 90 ms, so a whole batch goes in one call per hop;
- a plain newline-separated batch lets one segment's context leak into the next; with
  ``-f html`` and one ``<p>`` per segment every paragraph is translated on its own;
- unknown words: the engine runs without ``-u``, so a word a hop cannot translate comes out
  marked (``*tatare``, ``@word``, ``#give``: workbench.domain.unknown_words reads them) and the
  drafter records them. ``-u`` also chose worse: fr→es ``e ilmi`` where the marked run prints
  ``y Ilmi``. Through a pivot the second hop marks a marked word again (``**tatare``) and a mark
  breaks its multiword rules (``de *facto`` -> "authorities of facto" where the clean text gives
  "de facto authorities"), so the first hop's marks are removed before the second hop (the
  source's own ``*``, ``#``, ``@`` kept). The words the first hop left are unknown to the
  second hop too and come out marked by it, with the pivot-language words it cannot translate
  (``*adjuntos``, ``*orquestadas``, and names such as ``*Crimea``); on the sample the only
  first-hop words the second hop translates are ``de facto`` and ``alias``, right in English;
- a name the first hop does not know goes through the second hop shielded, or spa-eng reads it
  as Spanish ("Reza Karimi" -> "prays Karimi");
- what Apertium loses through the Spanish pivot (*su* -> always *his*, a capital after an unknown
  word, ``ejecucións/ejecuciones``) and its present perfect for the French narrative past are
  repaired from the source and the pivot text (workbench.domain.apertium_repairs);
- a broken pair can exit 0 and print nothing (``ukr-rus`` does), so empty output is a failure;
- a mode is a shell pipeline started by the ``apertium`` script: on a timeout the whole process
  group is killed, or the pipeline's grandchildren would hold the pipes open;
- placeholders: an unknown capitalised token such as ``Zx1q`` comes out unchanged through both
  hops fr->es->en, mid-sentence, after punctuation, inside « » and ( ), and in ALL-CAPS
  headings; the French elision before it is translated as for a name: ``d’Zx1q`` -> es
  ``de Zx1q`` -> en ``of Zx1q``, ``l’Zx1q`` -> ``la Zx1q`` -> ``the Zx1q``, ``du Zx1q`` ->
  ``del Zx1q`` -> ``of the Zx1q``. So the Engine's default ``Zx{n}q`` shape is kept.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from workbench.domain.apertium_repairs import (
    doubled_words,
    narrative_past,
    pick_alternatives,
    recase_after_unknown,
    shield_unknown_names,
    spanish_dates,
    subject_pronoun,
    their_for_leur,
    unshield_names,
)
from workbench.domain.unknown_words import strip_marks
from workbench.engines.base import Engine, EngineStatus
from workbench.errors import EngineError, EngineUnavailableError

DEFAULT_DATA_DIR = Path("/usr/share/apertium")

#: Apertium names pairs with ISO 639-3 codes (eng-spa) or ISO 639-1 (fr-es); we speak BCP-47.
ISO639_3_TO_BCP47 = {
    "afr": "af", "ara": "ar", "arg": "an", "ast": "ast", "bel": "be", "bos": "bs", "bre": "br", "bul": "bg",
    "cat": "ca", "ces": "cs", "crh": "crh", "cym": "cy", "dan": "da", "deu": "de", "ell": "el", "eng": "en",
    "epo": "eo", "est": "et", "eus": "eu", "fin": "fi", "fra": "fr", "gle": "ga", "glg": "gl", "hbs": "sh",
    "hin": "hi", "hrv": "hr", "hun": "hu", "ind": "id", "isl": "is", "ita": "it", "kaz": "kk", "lav": "lv",
    "lit": "lt", "mkd": "mk", "mlt": "mt", "nld": "nl", "nno": "nn", "nob": "nb", "oci": "oc", "pol": "pl",
    "por": "pt", "ron": "ro", "rus": "ru", "slk": "sk", "slv": "sl", "spa": "es", "sqi": "sq", "srd": "sc",
    "srp": "sr", "swe": "sv", "tat": "tt", "tur": "tr", "ukr": "uk", "urd": "ur", "zlm": "ms",
}
# Only plain "src-tgt" modes: variants (spa-eng_US), debug and "eco-fr-es"-style modes are skipped.
MODE_RE = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})$")
PARAGRAPH_RE = re.compile(r"<p>(.*?)</p>", re.S)
#: Intermediate languages tried, in order, when no direct pair exists.
PIVOT_ORDER = ("es", "en", "fr", "ca", "pt", "it")


def bcp47(code: str) -> str:
    """An Apertium language code as BCP-47 (``spa`` -> ``es``; two-letter codes unchanged)."""
    return ISO639_3_TO_BCP47.get(code, code)


class ApertiumEngine(Engine):
    """Offline rule-based translation through the ``apertium`` command."""

    name = "apertium"
    offline = True
    needs_key = False
    batch_size = 10_000
    marks_unknown = True

    def __init__(self, data_dir: Path = DEFAULT_DATA_DIR, timeout: float = 120.0, command: str = "apertium") -> None:
        self.data_dir = Path(data_dir)
        self.timeout = timeout
        self.command = command

    @cached_property
    def modes(self) -> dict[tuple[str, str], str]:
        """Installed direct pairs: (source, target) in BCP-47 -> the mode name to call."""
        found: dict[tuple[str, str], str] = {}
        folder = self.data_dir / "modes"
        if folder.is_dir():
            for path in sorted(folder.glob("*.mode")):
                m = MODE_RE.match(path.stem)
                if m:
                    found.setdefault((bcp47(m.group(1)), bcp47(m.group(2))), path.stem)
        return found

    def status(self) -> EngineStatus:
        """Available when the command runs and at least one pair is installed."""
        if shutil.which(self.command) is None:
            return EngineStatus(
                False, f"`{self.command}` is not installed (Debian: apt install apertium apertium-fr-es)"
            )
        if not self.modes:
            return EngineStatus(False, f"no Apertium language pair is installed in {self.data_dir / 'modes'}")
        return EngineStatus(True)

    def route(self, source: str, target: str) -> list[str]:
        """The modes to run in order: one for a direct pair, two through a pivot language."""
        if (source, target) in self.modes:
            return [self.modes[(source, target)]]
        langs = {lang for pair in self.modes for lang in pair}
        for pivot in [*PIVOT_ORDER, *sorted(langs - set(PIVOT_ORDER))]:
            if pivot not in (source, target) and (source, pivot) in self.modes and (pivot, target) in self.modes:
                return [self.modes[(source, pivot)], self.modes[(pivot, target)]]
        raise EngineUnavailableError(f"apertium cannot translate {source}→{target} here")

    def pairs(self) -> set[tuple[str, str]]:
        """Direct pairs plus pairs reachable through one pivot language."""
        direct = set(self.modes)
        pivoted = {(s, t) for s, m in direct for m2, t in direct if m == m2 and s != t}
        return direct | pivoted

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate every text with one ``apertium`` call per hop; one output per input, unknown words marked."""
        status = self.status()
        if not status.available:
            raise EngineUnavailableError(status.reason)
        modes = self.route(source, target)
        todo = [i for i, t in enumerate(texts) if t.strip()]
        out = list(texts)  # blank texts are returned as they are, never sent
        if not todo:
            return out
        sources = [html.escape(texts[i].strip(), quote=False) for i in todo]
        paragraphs = pivots = sources
        shielded: list[list[str]] = [[] for _ in todo]
        for hop, mode in enumerate(modes):
            if hop:  # a pivot: the next hop gets clean text, and marks what it cannot translate itself
                pairs = [shield_unknown_names(p, s, self.placeholder_re)
                         for p, s in zip(paragraphs, sources, strict=True)]
                shielded = [names for _, names in pairs]
                paragraphs = pivots = [strip_marks(p, s) for (p, _), s in zip(pairs, sources, strict=True)]
            paragraphs = [pick_alternatives(s, p) for p, s in zip(self._hop(mode, paragraphs), sources, strict=True)]
        paragraphs = [unshield_names(p, names) for p, names in zip(paragraphs, shielded, strict=True)]
        pivots = [unshield_names(p, names) for p, names in zip(pivots, shielded, strict=True)]
        for i, para, pivot in zip(todo, paragraphs, pivots, strict=True):
            text = texts[i]
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            out[i] = lead + self._repair(text, html.unescape(pivot), html.unescape(para).strip(), source, target,
                                         pivoted=len(modes) > 1) + trail
        return out

    @staticmethod
    def _repair(source_text: str, pivot: str, output: str, source: str, target: str, pivoted: bool) -> str:
        """What Apertium loses on the way, read back from the source and the pivot (domain/apertium_repairs.py)."""
        if pivoted:
            output = recase_after_unknown(pivot, output)
        output = their_for_leur(source_text, output, source, target)
        output = subject_pronoun(source_text, output, source, target)
        output = spanish_dates(doubled_words(output), target)
        return narrative_past(source_text, output, source, target)

    def _hop(self, mode: str, paragraphs: list[str]) -> list[str]:
        """One hop over a batch of HTML paragraphs, one ``_run`` per chunk; the translated paragraphs."""
        result: list[str] = []
        for chunk in self._chunks(paragraphs):
            payload = "\n".join(f"<p>{p}</p>" for p in chunk) + "\n"
            output = self._run(mode, payload)
            if not output.strip():
                raise EngineError(f"apertium {mode} printed nothing for {len(chunk)} segments (the pair crashed)")
            found = PARAGRAPH_RE.findall(output)
            if len(found) != len(chunk):
                raise EngineError(f"apertium {mode} returned {len(found)} paragraphs for {len(chunk)} segments")
            result += found
        return result

    def _chunks(self, paragraphs: list[str]) -> list[list[str]]:
        """How a hop's paragraphs are split into calls: one call for the whole batch here."""
        return [paragraphs]

    def _run(self, mode: str, payload: str) -> str:
        """The output of one ``apertium`` process over ``payload``."""
        args = [self.command, "-d", str(self.data_dir), "-f", "html", mode]  # no -u: unknown words marked
        try:
            # A new session, so that a timeout can kill the whole pipeline the mode starts.
            proc = subprocess.Popen(
                args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
            )
        except OSError as exc:
            raise EngineUnavailableError(f"cannot run {self.command}: {exc.strerror}") from exc
        try:
            stdout, stderr = proc.communicate(payload.encode("utf-8"), timeout=self.timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise EngineError(f"apertium {mode} took longer than {self.timeout:g} s") from exc
        if proc.returncode != 0:
            detail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            raise EngineError(f"apertium {mode} failed with exit code {proc.returncode}: {detail[0]}")
        return stdout.decode("utf-8", "replace")
