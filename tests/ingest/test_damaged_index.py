"""A damaged or half-deleted index is detected when it is opened, explained by `regkb doctor`,
and rebuilt from the corpus by the next ingest; the corpus itself is never touched. Damage to
the vector store's contents alone does not stop answers: they come from keywords, and say so."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from ingest.errors import IndexFormatError, RegkbError
from ingest.index import Ingestor, diagnose
from ingest.numerals import int_to_cn
from ingest.settings import Settings
from qa_app import cli
from qa_app.answer import Answerer
from qa_app.kb import VECTORS_DAMAGED, KnowledgeBase
from tests.conftest import doctor_failed, write_doc


def corpus_digest(folder) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _generation(settings):
    return settings.home / "generations" / (settings.home / "CURRENT").read_text().strip()


def delete_chroma(settings):
    shutil.rmtree(_generation(settings) / "chroma")


def delete_chroma_database(settings):
    (_generation(settings) / "chroma" / "chroma.sqlite3").unlink()
    # chromadb keeps one client per folder for the life of the process (with the database
    # open); a freshly started reader would not have one.
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def garbage_chroma_database(settings):
    (_generation(settings) / "chroma" / "chroma.sqlite3").write_bytes(b"not a database" * 1000)
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def truncate_clauses_mid_line(settings):
    path = _generation(settings) / "clauses.jsonl"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])


def truncate_clauses_at_line(settings):
    path = _generation(settings) / "clauses.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-3]))


def garbage_manifest(settings):
    (_generation(settings) / "manifest.json").write_bytes(b"\x00\x17garbage{")


def current_points_nowhere(settings):
    shutil.rmtree(_generation(settings))


def truncate_vectors(settings):
    path = _generation(settings) / "vectors.npy"
    path.write_bytes(path.read_bytes()[:200])


def delete_bm25_ids(settings):
    (_generation(settings) / "bm25" / "ids.json").unlink()


DAMAGE = {
    # name: (how, what the error message says, which doctor check fails)
    "deleted chroma dir": (delete_chroma, "缺少 chroma", "files"),
    "clauses.jsonl cut mid-line": (truncate_clauses_mid_line, "clauses.jsonl 的最后一行不完整", "files"),
    "clauses.jsonl lost lines": (truncate_clauses_at_line, "clauses.jsonl 有 7 条条款，索引清单写的是 10 条",
                                 "files"),
    "garbage manifest": (garbage_manifest, "索引清单 manifest.json 已损坏", "manifest"),
    "CURRENT points nowhere": (current_points_nowhere, "CURRENT 指向索引 .* 不存在", "CURRENT"),
    "vectors.npy cut short": (truncate_vectors, "无法读取 vectors.npy", "files"),
    "bm25 ids deleted": (delete_bm25_ids, "缺少 bm25/ids.json", "files"),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_damage_is_reported_and_ingest_rebuilds(damage, small_settings, hash_embedder, tokenizer, monkeypatch,
                                                capsys):
    how, message, failing_check = DAMAGE[damage]
    before = corpus_digest(small_settings.corpus)
    Ingestor(small_settings, hash_embedder, tokenizer).run()
    how(small_settings)

    # Start-up: opening the index says what is wrong and what to do.
    with pytest.raises(RegkbError, match=message) as caught:
        KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)
    assert isinstance(caught.value, IndexFormatError) and "regkb ingest --rebuild" in str(caught.value)

    # `regkb doctor` names the failing check (first; later ones may fail too) and exits 1.
    findings = diagnose(small_settings)
    assert [f.check for f in findings if f.status == "fail"][0] == failing_check
    monkeypatch.setenv("REGKB_HOME", str(small_settings.home))
    monkeypatch.setenv("REGKB_CORPUS", str(small_settings.corpus))
    assert cli.main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert doctor_failed(failing_check, out) and "regkb ingest --rebuild" in out

    # A plain ingest notices it cannot reuse the index and rebuilds it from the corpus; when
    # only the vector store is damaged, the stored vectors are reused.
    report = Ingestor(small_settings, hash_embedder, tokenizer).run()
    assert report.rebuilt_because and report.clauses == 10
    assert report.embedded == (0 if failing_check == "vectors" else 8)
    kb = KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)
    assert kb.search("谁负责上市放行", 1)[0].clause.id == "demo-rule:art2"
    assert all(f.status == "ok" for f in diagnose(small_settings))
    assert cli.main(["doctor", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert corpus_digest(small_settings.corpus) == before


# The vector store alone is damaged: the rest of the index is whole, so search goes on by keywords.
VECTOR_DAMAGE = {
    # name: (how, what `regkb doctor` says about the vectors)
    "deleted chroma database": (delete_chroma_database, "向量集合 'clauses' 不在"),
    "garbage chroma database": (garbage_chroma_database, "无法打开向量库"),
}


def assert_keyword_answers_with_the_damaged_notice(kb):
    answer = Answerer(kb).ask("谁负责产品上市放行？")
    assert answer.notice == VECTORS_DAMAGED and "regkb ingest --rebuild" in answer.notice
    assert "regkb doctor" in answer.notice
    assert not answer.abstained and "注册人" in answer.answer
    assert answer.citations[0].clause_id == "demo-rule:art2"
    hits = kb.search("谁负责上市放行", 3)
    assert hits[0].clause.id == "demo-rule:art2" and all(h.dense_rank is None for h in hits)
    assert kb.notice == VECTORS_DAMAGED


@pytest.mark.parametrize("damage", VECTOR_DAMAGE, ids=list(VECTOR_DAMAGE))
def test_damaged_vectors_answer_from_keywords_and_say_so(damage, small_settings, hash_embedder, tokenizer):
    how, says = VECTOR_DAMAGE[damage]
    Ingestor(small_settings, hash_embedder, tokenizer).run()
    healthy = KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)
    assert Answerer(healthy).ask("谁负责产品上市放行？").notice is None and healthy.notice is None
    how(small_settings)

    kb = KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)
    assert_keyword_answers_with_the_damaged_notice(kb)
    vectors = next(f for f in diagnose(small_settings) if f.check == "vectors")
    assert vectors.status == "fail" and says in vectors.detail

    # The rebuild the notice asks for writes the vector store anew from the stored vectors.
    report = Ingestor(small_settings, hash_embedder, tokenizer).run()
    assert report.rebuilt_because and report.embedded == 0
    kb = KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)
    assert kb.notice is None and Answerer(kb).ask("谁负责产品上市放行？").notice is None
    assert all(h.dense_rank for h in kb.search("谁负责上市放行", 3))


def test_damaged_vectors_are_named_by_ask_and_search_on_the_command_line(small_settings, hash_embedder, tokenizer,
                                                                       monkeypatch, capsys):
    Ingestor(small_settings, hash_embedder, tokenizer).run()
    garbage_chroma_database(small_settings)
    monkeypatch.setenv("REGKB_HOME", str(small_settings.home))
    monkeypatch.setenv("REGKB_CORPUS", str(small_settings.corpus))
    monkeypatch.setattr(cli, "_components", lambda settings: (hash_embedder, tokenizer))

    assert cli.main(["ask", "谁负责产品上市放行？", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["notice"] == VECTORS_DAMAGED and data["citations"][0]["clause_id"] == "demo-rule:art2"
    assert cli.main(["ask", "谁负责产品上市放行？"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"注意：{VECTORS_DAMAGED}\n") and "《示例办法》第二条" in out
    assert cli.main(["search", "上市放行", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["notice"] == VECTORS_DAMAGED and data["hits"][0]["clause_id"] == "demo-rule:art2"
    assert cli.main(["search", "上市放行"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"注意：{VECTORS_DAMAGED}\n") and "demo-rule:art2" in captured.out
    assert "Traceback" not in captured.err


def test_damaged_hnsw_files_are_found_at_start_up(tmp_path, small_corpus, hash_embedder, tokenizer):
    """The damage that used to go unnoticed: with more clauses than chroma keeps in its log
    (1,000), the vectors live only in the HNSW files; without them the collection still opens
    and counts right, but a query sees only the last clauses. The knowledge base checks, as
    `regkb doctor` does, that a stored vector finds its own clause."""
    write_doc(small_corpus, "demo-bulk", "\n".join(
        f"第{int_to_cn(i)}条 受托生产企业应当保存第{i}批产品的检验记录。\n" for i in range(1, 1101)), title="示例细则")
    settings = Settings(home=tmp_path / "home", corpus=small_corpus, embed_model="", threads=1)
    Ingestor(settings, hash_embedder, tokenizer).run()
    chroma = _generation(settings) / "chroma"
    segments = [p for p in chroma.iterdir() if p.is_dir()]
    assert len(segments) == 1 and (segments[0] / "data_level0.bin").exists()
    assert KnowledgeBase.open(settings, embedder=hash_embedder, tokenizer=tokenizer).notice is None
    shutil.rmtree(segments[0])
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # as a freshly started reader

    kb = KnowledgeBase.open(settings, embedder=hash_embedder, tokenizer=tokenizer)
    assert kb.notice == VECTORS_DAMAGED
    assert_keyword_answers_with_the_damaged_notice(kb)
    assert [f.check for f in diagnose(settings) if f.status == "fail"] == ["vectors"]


def test_explicit_rebuild_from_the_command_line(small_settings, hash_embedder, tokenizer, monkeypatch, capsys):
    Ingestor(small_settings, hash_embedder, tokenizer).run()
    truncate_clauses_at_line(small_settings)
    monkeypatch.setenv("REGKB_HOME", str(small_settings.home))
    monkeypatch.setenv("REGKB_CORPUS", str(small_settings.corpus))
    monkeypatch.setattr(cli, "_components", lambda settings: (hash_embedder, tokenizer))
    assert cli.main(["search", "上市放行"]) == 1
    assert "regkb ingest --rebuild" in capsys.readouterr().err
    assert cli.main(["ingest", "--rebuild"]) == 0
    assert cli.main(["search", "上市放行", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 2)[-1])["hits"]


def test_doctor_on_a_healthy_index_and_a_changed_corpus(small_settings, hash_embedder, tokenizer):
    Ingestor(small_settings, hash_embedder, tokenizer).run()
    assert all(f.status == "ok" for f in diagnose(small_settings))
    path = small_settings.corpus / "demo-rule.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n第五条 本办法自发布之日起施行。\n", encoding="utf-8")
    corpus = next(f for f in diagnose(small_settings) if f.check == "corpus")
    assert corpus.status == "warn" and "demo-rule" in corpus.detail and "regkb ingest" in corpus.detail


def test_doctor_without_an_index(small_settings):
    assert [(f.check, f.status) for f in diagnose(small_settings)] == [("CURRENT", "fail")]
