"""Glossary matching speed: Matcher.scan against a per-term regex scan and a raw Aho-Corasick scan.

A generated 10,000-concept glossary (Cyrillic names romanised with workbench.domain.translit into
English and French forms, multi-word organisation names, acronyms) over 10,000 generated French
sentences. All three are measured in this run on the same data; values are seconds per sentence
(lower is better). The per-term regex baseline is too slow to run on every sentence: it runs on a
subset and is scaled per sentence.

    .venv/bin/python benchmarks/glossary_match.py [--json] [--terms N] [--sentences N]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

import ahocorasick

from workbench.domain.glossary import Concept, Termbase
from workbench.domain.glossary_match import Matcher
from workbench.domain.translit import suggest_spellings

FIRST = ["Олег", "Ахтем", "Ильми", "Сервер", "Эдем", "Оксана", "Юлия", "Андрей", "Владимир", "Диана",
         "Денис", "Вилен", "Эмир", "Наталья", "Григорий", "Михаил", "Ирина", "Николай", "Рефат", "Мустафа"]
ONSETS = ["б", "в", "г", "д", "ж", "з", "к", "л", "м", "н", "п", "р", "с", "т", "х", "ц", "ч", "ш", "щ", ""]
NUCLEI = ["а", "е", "и", "о", "у", "ы", "я", "ю", "ё"]
ENDINGS = ["ов", "ев", "ин", "чук", "енко", "ский", "ова", "ева", "ич", "ай"]
ORG_WORDS = ["Comité", "Centre", "Fondation", "Association", "Union", "Groupe", "Réseau", "Observatoire"]
FILLER = ("le la les de des du et à en pour avec sans selon après dans sur contre une un leur ont été a "
          "déclaré libéré condamné prison tribunal autorités militants droits humains communauté région "
          "semaine mercredi octobre dissidence opinion procès affaire organe représentatif exil").split()


def generate(terms: int, sentences: int, seed: int = 7) -> tuple[Termbase, list[str]]:
    """A term base of ``terms`` concepts and ``sentences`` French sentences that mention some of them."""
    rng = random.Random(seed)
    concepts: list[Concept] = []
    seen: set[str] = set()
    while len(concepts) < terms:
        n = len(concepts)
        if n % 20 == 0:  # acronyms: exact case; real ones are mostly 3-5 letters (FBK, OSCE, ...)
            form = "".join(rng.choice("ABCDEFGHIKLMNOPRSTUVZ") for _ in range(rng.choice((2, 3, 3, 4, 4, 5))))
            if len(form) == 2 and rng.random() < 0.8:
                continue
            forms = {"fr": form, "en": form}
            kind = "org"
        elif n % 10 in (1, 2):
            cyr = "".join(rng.choice(ONSETS) + rng.choice(NUCLEI) for _ in range(3)).capitalize()
            spelled = suggest_spellings(cyr, ("en", "fr"))
            forms = {lang: f"{rng.choice(ORG_WORDS)} {value}" for lang, value in spelled.items()}
            kind = "org"
        else:
            surname = "".join(rng.choice(ONSETS) + rng.choice(NUCLEI) for _ in range(rng.randint(2, 3)))
            cyr = f"{rng.choice(FIRST)} {(surname + rng.choice(ENDINGS)).capitalize()}"
            forms = suggest_spellings(cyr, ("en", "fr"))
            kind = "person"
        if any(f in seen for f in forms.values()):
            continue
        seen.update(forms.values())
        concepts.append(Concept(f"c{n}", kind, forms))  # type: ignore[arg-type]
    texts: list[str] = []
    for _ in range(sentences):
        words = [rng.choice(FILLER) for _ in range(rng.randint(12, 22))]
        for _ in range(rng.choice((0, 1, 1, 2))):
            concept = rng.choice(concepts)
            form = concept.forms["fr"]
            if concept.kind == "person" and rng.random() < 0.3:
                form = form.split()[-1]
            elif rng.random() < 0.2:
                form = "d’" + form
            words.insert(rng.randrange(len(words)), form)
        texts.append(" ".join(words).capitalize() + ".")
    return Termbase.of(concepts), texts


def per_sentence(runs: Sequence[Callable[[Sequence[str]], Any]], texts: Sequence[str], repeat: int) -> list[float]:
    """Best-of-``repeat`` seconds per sentence of each run over ``texts``.

    The runs take turns in every round, so a busy machine slows them alike and the ratio holds.
    """
    best = [float("inf")] * len(runs)
    for _ in range(repeat):
        for i, run in enumerate(runs):
            t0 = time.perf_counter()
            run(texts)
            best[i] = min(best[i], time.perf_counter() - t0)
    return [b / len(texts) for b in best]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the result rows as JSON on the last line")
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--regex-sentences", type=int, default=50, help="subset for the per-term regex baseline")
    args = parser.parse_args()

    termbase, texts = generate(args.terms, args.sentences)
    matcher = Matcher(termbase)
    forms = sorted({form for c in termbase.concepts.values() for _, form, _ in c.all_forms()})

    # The raw scan indexes what the matcher indexes (every form and every surname), lower-cased,
    # and does nothing with the hits: the floor for any Aho-Corasick matcher of this glossary.
    insensitive, sensitive = matcher.keys()
    raw: Any = ahocorasick.Automaton()
    for key in {*insensitive, *(k.lower() for k in sensitive)}:
        raw.add_word(key, len(key))
    raw.make_automaton()

    # One compiled regex per term, as a naive implementation would write it.
    regexes = [re.compile(r"\b" + re.escape(form) + r"\b", re.IGNORECASE) for form in forms]

    def scan_all(batch: Sequence[str]) -> None:
        for text in batch:
            matcher.scan(text, "fr")

    def raw_all(batch: Sequence[str]) -> None:
        for text in batch:
            for _ in raw.iter(text.lower()):
                pass

    def regex_all(batch: Sequence[str]) -> None:
        for text in batch:
            for rx in regexes:
                for _ in rx.finditer(text):
                    pass

    ours, raw_value = per_sentence([scan_all, raw_all], texts, repeat=7)
    (regex_value,) = per_sentence([regex_all], texts[: args.regex_sentences], repeat=1)
    hits = sum(len(matcher.scan(t, "fr").matches) for t in texts)

    rows = [
        {"name": "glossary scan", "value": ours, "baseline": regex_value, "baseline_name": "per-term regex",
         "unit": "s/sentence", "ratio": ours / regex_value, "target": 0.001},
        {"name": "glossary scan", "value": ours, "baseline": raw_value, "baseline_name": "raw aho-corasick scan",
         "unit": "s/sentence", "ratio": ours / raw_value, "target": 2},
    ]
    if args.json:
        print(json.dumps(rows))
        return
    print(f"{len(termbase.concepts)} concepts, {len(forms)} forms, {matcher.key_count} keys (with surnames); "
          f"{len(texts)} sentences, {hits} matches; per-term regex on {args.regex_sentences} sentences")
    print(f"{'measure':<24}{'s/sentence':>14}{'sentences/s':>14}")
    for name, value in (("Matcher.scan", ours), ("raw aho-corasick scan", raw_value), ("per-term regex", regex_value)):
        print(f"{name:<24}{value:>14.3g}{1 / value:>14,.0f}")
    for row in rows:
        ok = "ok" if row["ratio"] <= row["target"] else "MISSED"
        print(f"ratio vs {row['baseline_name']}: {row['ratio']:.4g} (target {row['target']}) {ok}")


if __name__ == "__main__":
    main()
