"""`workbench translate --engine llm` as a real process, against a local OpenAI-compatible stand-in.

The issue's "done when": the sample release drafted through a fake server with every name in the
target form, and a reply that misspells names never saved. tools/fake_chat_completions.py is a
pretend model: it writes the glossary's target forms in place of the names, so what reaches the
database shows what the engine asked for and what the strict check let through.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from fake_chat_completions import Behaviour, FakeChatCompletions
from test_translate_flaky_provider import environment, init, workbench

FRENCH_FORMS = ("Oumerov", "Tchigoz", "Meijlis", "Pokaltchouk", "Kiev")
ENGLISH_FORMS = ("Ilmi Umerov", "Akhtem Chiygoz", "Mejlis", "Oksana Pokalchuk", "Kyiv")


def test_the_sample_is_drafted_with_every_name_in_the_target_form(tmp_path: Path, sample_bytes: bytes) -> None:
    release = tmp_path / "release.txt"
    release.write_bytes(sample_bytes)
    with FakeChatCompletions(Behaviour(flavour="ollama")) as server:
        env = environment(tmp_path, "", WORKBENCH_LLM_URL=server.url, WORKBENCH_LLM_MODEL="qwen2.5:14b")
        init(env)
        segments = workbench(env, "ingest", str(release), "--slug", "s", "--lang", "fr")["segments"]
        result = workbench(env, "translate", "s", "--to", "en", "--engine", "llm")
        requests = len(server.behaviour.requests)
    assert result["drafted"] == len(segments) and result["failed"] == 0
    assert result["engines"] == {"llm": len(segments)}
    assert requests == -(-len(segments) // 20)  # WORKBENCH_LLM_BATCH=20 segments per request
    drafts = workbench(env, "segments", "s", "--to", "en")["segments"]
    text = "\n".join(d["target"] for d in drafts)
    assert [f for f in ENGLISH_FORMS if f not in text] == []
    assert [f for f in FRENCH_FORMS if f in text] == []
    assert {d["origin"] for d in drafts} == {"llm"} and {d["state"] for d in drafts} == {"draft"}
    assert not [i for d in drafts for i in d["issues"] if i["check"] == "glossary" and i["severity"] == "error"]
    assert {"ilmi_umerov", "akhtem_chiygoz", "mejlis", "kyiv"} <= set(result["glossary"]["applied"])


def test_a_model_that_keeps_misspelling_leaves_the_segments_new_with_the_reason(tmp_path: Path,
                                                                                sample_bytes: bytes) -> None:
    release = tmp_path / "release.txt"
    release.write_bytes(sample_bytes)
    with FakeChatCompletions(Behaviour(flavour="openai", script=["misspell"] * 100)) as server:
        env = environment(tmp_path, "", WORKBENCH_LLM_URL=server.url, WORKBENCH_LLM_MODEL="gpt-4.1-mini",
                          WORKBENCH_ENGINES="en=llm")
        init(env)
        workbench(env, "ingest", str(release), "--slug", "s", "--lang", "fr")
        result = workbench(env, "translate", "s", "--to", "en")  # the preference for en: llm alone
    assert result["engine"] == "llm" and result["failed"] > 0
    reasons = {f["reason"] for f in result["failures"]}
    assert all(r.startswith("llm: the draft fails the glossary check") for r in reasons)
    drafts = {d["id"]: d for d in workbench(env, "segments", "s", "--to", "en")["segments"]}
    failed = {f["segment"] for f in result["failures"]}
    assert all(drafts[k]["state"] == "new" and not drafts[k]["target"] for k in failed)  # nothing half-checked
    assert all("Oumerov" not in (d["target"] or "") for d in drafts.values())


def test_engines_lists_the_llm_with_where_its_text_goes(tmp_path: Path) -> None:
    env = environment(tmp_path, "", WORKBENCH_LLM_URL="http://gpu-box:11434/v1", WORKBENCH_LLM_MODEL="qwen2.5:14b")
    init(env)
    rows = {e["name"]: e for e in workbench(env, "engines")["engines"]}
    assert rows["llm"]["available"] and rows["llm"]["sends_to"] == "gpu-box:11434"
    assert rows["llm"]["batch_size"] == 20 and {"fr", "en", "uk", "crh"} <= set(rows["llm"]["languages"])
    release = tmp_path / "release.txt"
    release.write_text("Ilmi Oumerov est libre.\n\nIl est arrivé à Kiev.\n", encoding="utf-8")
    workbench(env, "ingest", str(release), "--slug", "s", "--lang", "fr")
    off = {k: v for k, v in env.items() if k != "WORKBENCH_LLM_URL"}
    done = subprocess.run([sys.executable, "-m", "workbench", "translate", "s", "--to", "en", "--engine", "llm"],
                          env=off, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 1 and "WORKBENCH_LLM_URL" in done.stderr and "Traceback" not in done.stderr
