"""Incremental, atomic, versioned ingest."""

import contextlib
import errno
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from ingest.errors import IndexFormatError, IndexMissingError, InputError, StorageError
from ingest.index import FORMAT, Ingestor, IndexStore
from qa_app.kb import KnowledgeBase
from qa_app.retrieval import Filter
from tests.conftest import REPO, doctor_failed, write_doc


def ingest(settings, embedder, tokenizer, **kw):
    return Ingestor(settings, embedder, tokenizer).run(**kw)


def test_first_ingest_then_nothing_changed(small_settings, hash_embedder, tokenizer):
    first = ingest(small_settings, hash_embedder, tokenizer)
    assert sorted(first.added) == ["demo-notice", "demo-rule"] and first.embedded > 0
    again = ingest(small_settings, hash_embedder, tokenizer)
    assert again.up_to_date and again.embedded == 0 and again.generation == first.generation


def test_changed_document_is_replaced_and_only_new_text_embedded(small_settings, hash_embedder, tokenizer):
    first = ingest(small_settings, hash_embedder, tokenizer)
    kb = KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)
    ids_before = set(kb.clauses)
    path = small_settings.corpus / "demo-rule.md"
    path.write_text(path.read_text(encoding="utf-8").replace("并保存生产记录", "并保存生产记录至少五年"), encoding="utf-8")
    report = ingest(small_settings, hash_embedder, tokenizer)
    assert report.changed == ["demo-rule"] and report.unchanged == ["demo-notice"]
    assert report.embedded == 1  # only 第三条 changed
    kb = KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)
    assert set(kb.clauses) == ids_before  # ids are structural, so stable
    assert "至少五年" in kb.clause("demo-rule:art3").text
    assert report.generation != first.generation
    # The replaced generation stays for readers that may still be using it (see tests/ops).
    assert sorted(p.name for p in IndexStore(small_settings.home).generations.iterdir()) == sorted(
        [first.generation, report.generation])


def test_deleted_document_is_removed(small_settings, hash_embedder, tokenizer):
    ingest(small_settings, hash_embedder, tokenizer)
    (small_settings.corpus / "demo-notice.md").unlink()
    report = ingest(small_settings, hash_embedder, tokenizer)
    assert report.removed == ["demo-notice"]
    kb = KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)
    assert all(c.doc_id == "demo-rule" for c in kb.clauses.values())
    assert all(h.clause.doc_id == "demo-rule" for h in kb.search("日常监督检查", 5))


def test_interrupted_ingest_leaves_previous_index_usable(small_settings, hash_embedder, tokenizer, monkeypatch):
    first = ingest(small_settings, hash_embedder, tokenizer)
    write_doc(small_settings.corpus, "demo-new", "第一条 新增。\n\n第二条 注册人应当报告。\n\n第三条 附则。\n")
    import bm25s

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(bm25s.BM25, "save", crash)
    with pytest.raises(KeyboardInterrupt):
        ingest(small_settings, hash_embedder, tokenizer)
    store = IndexStore(small_settings.home)
    assert store.current().name == first.generation
    assert [p.name for p in store.generations.iterdir()] == [first.generation]  # no half-written generation
    kb = KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)
    assert "demo-new" not in kb.documents and kb.search("上市放行", 3)


def test_killed_ingest_process_leaves_previous_index_usable(tmp_path, small_corpus):
    """SIGKILL a real `regkb ingest` while it writes a new generation."""
    env = {**os.environ, "REGKB_HOME": str(tmp_path / "home"), "REGKB_CORPUS": str(small_corpus)}
    cmd = [sys.executable, "-m", "qa_app", "ingest"]
    subprocess.run(cmd, env=env, check=True, capture_output=True, cwd=REPO)
    store = IndexStore(tmp_path / "home")
    before = store.current().name
    for n in range(60):  # enough text that embedding takes a few seconds
        body = "\n\n".join(f"第{_cn(i)}条 注册人应当按照第{n}号文件第{i}项要求开展第{i * n}次质量管理体系自查并报告结果。"
                           for i in range(1, 31))
        write_doc(small_corpus, f"bulk-{n:02d}", body)
    proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        if any(p.name != before for p in store.generations.iterdir()):
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert store.current().name == before
    completed = subprocess.run([sys.executable, "-m", "qa_app", "search", "上市放行", "--json"],
                               env=env, capture_output=True, text=True, cwd=REPO)
    assert completed.returncode == 0 and json.loads(completed.stdout)["hits"]
    # The next ingest finishes the job and sweeps the unfinished generation away; the one it
    # replaced stays for readers that may still be using it.
    subprocess.run(cmd, env=env, check=True, capture_output=True, cwd=REPO)
    assert store.current().name != before
    assert sorted(p.name for p in store.generations.iterdir()) == sorted([before, store.current().name])


def _cn(n):
    from ingest.numerals import int_to_cn

    return int_to_cn(n)


def test_old_format_is_detected_and_rebuilt(small_settings, hash_embedder, tokenizer):
    first = ingest(small_settings, hash_embedder, tokenizer)
    manifest_path = small_settings.home / "generations" / first.generation / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["format"] = FORMAT - 1
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(IndexFormatError, match="regkb ingest"):
        KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)
    report = ingest(small_settings, hash_embedder, tokenizer)
    assert "原有索引无法沿用" in report.rebuilt_because
    KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)


def test_damaged_index_is_reported(small_settings, hash_embedder, tokenizer):
    first = ingest(small_settings, hash_embedder, tokenizer)
    (small_settings.home / "generations" / first.generation / "vectors.npy").unlink()
    with pytest.raises(IndexFormatError, match="索引不完整"):
        KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)


def test_missing_index_says_what_to_do(small_settings, hash_embedder, tokenizer):
    with pytest.raises(IndexMissingError, match="regkb ingest"):
        KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)


def test_embedder_change_forces_re_embedding(small_settings, hash_embedder, tokenizer):
    ingest(small_settings, hash_embedder, tokenizer)

    class Other(type(hash_embedder)):
        name = "other-model"

    report = ingest(small_settings, Other(), tokenizer)
    assert "向量模型变了" in report.rebuilt_because and report.embedded > 0


def test_chroma_never_embeds_by_itself(small_settings, hash_embedder, tokenizer):
    report = ingest(small_settings, hash_embedder, tokenizer)
    from ingest.index import chroma_client, vector_store

    store = vector_store(chroma_client(small_settings.home / "generations" / report.generation / "chroma"))
    assert store._collection._embedding_function is None
    assert store._collection.count() == sum(1 for _ in KnowledgeBase.open(
        small_settings, embedder=hash_embedder, tokenizer=tokenizer)._bm25_ids)




def test_the_ingest_leaves_the_whole_vector_graph_on_disk(small_settings, hash_embedder, tokenizer):
    """Chroma writes its HNSW graph only after a write of "sync_threshold" records; otherwise the last
    records stay in its log and every new reader inserts them into the graph again when it opens the
    collection (0.3-0.5 s of each cold start on the shipped corpus). After an ingest the graph holds
    every record the collection has."""
    import sqlite3

    report = ingest(small_settings, hash_embedder, tokenizer)
    chroma = small_settings.home / "generations" / report.generation / "chroma"
    with contextlib.closing(sqlite3.connect(f"file:{chroma / 'chroma.sqlite3'}?mode=ro", uri=True)) as db:
        applied = dict(db.execute("SELECT s.scope, m.seq_id FROM max_seq_id m JOIN segments s ON s.id = m.segment_id"))
    assert applied["VECTOR"] == applied["METADATA"] > 0


@pytest.mark.parametrize("where", [Filter(), Filter.of(["demo-rule"]), Filter.of(in_force_only=True),
                                   Filter.of(levels=["provincial"]), Filter.of(["demo-rule", "demo-notice"], True, ["national"])],
                         ids=["none", "doc", "in-force", "level", "all-three"])
def test_readers_find_what_llama_index_finds(small_settings, hash_embedder, tokenizer, where):
    """A reader queries the chroma collection without llama-index (importing it costs a new process
    over a second): for every query and filter the same clauses in the same order with the same
    scores as llama-index's ChromaVectorStore, given the filter as llama-index's MetadataFilters."""
    from llama_index.core.vector_stores import (FilterOperator, MetadataFilter, MetadataFilters,
                                                VectorStoreQuery)

    from ingest.index import chroma_client, open_vectors, read_manifest, vector_store

    report = ingest(small_settings, hash_embedder, tokenizer)
    generation = small_settings.home / "generations" / report.generation
    ours = open_vectors(generation, read_manifest(generation))
    theirs = vector_store(chroma_client(generation / "chroma"))
    filters = MetadataFilters(filters=[
        *([MetadataFilter(key="doc_id", value=list(where.doc_ids), operator=FilterOperator.IN)] if where.doc_ids else []),
        *([MetadataFilter(key="status", value="superseded", operator=FilterOperator.NE)] if where.in_force_only else []),
        *([MetadataFilter(key="level", value=list(where.levels), operator=FilterOperator.IN)] if where.levels else [])])
    questions = ["谁负责上市放行", "受托生产企业能否再次委托", "省局的监督检查", "联系电话"]
    tied_by_id = lambda pairs: sorted(pairs, key=lambda p: (-p[1], p[0]))  # noqa: E731  (chroma orders ties as it finds them)
    for vector in hash_embedder.embed(questions):
        expected = theirs.query(VectorStoreQuery(query_embedding=vector.tolist(), similarity_top_k=20,
                                                 filters=filters if where else None))
        found = ours.nearest(vector.tolist(), 20, where.vector_where())
        assert found and [s for _, s in found] == sorted((s for _, s in found), reverse=True)
        assert tied_by_id(found) == tied_by_id(zip(expected.ids, expected.similarities))


# --- damaged CURRENT and manifest: a message and the right advice, never a traceback ------


def _manifest_path(settings):
    return settings.home / "generations" / (settings.home / "CURRENT").read_text().strip() / "manifest.json"


def _edit_manifest(change):
    def damage(settings):
        path = _manifest_path(settings)
        path.write_text(json.dumps(change(json.loads(path.read_text(encoding="utf-8"))), ensure_ascii=False),
                        encoding="utf-8")
    return damage


def _drop_meta(manifest):
    del manifest["documents"]["demo-rule"]["meta"]
    return manifest


DAMAGED = {
    # name: (damage, what the message says, the doctor check that fails)
    "manifest is a list": (_edit_manifest(lambda m: [m]), "它应当是一个 JSON 对象", "manifest"),
    "documents is a list": (_edit_manifest(lambda m: {**m, "documents": list(m["documents"])}),
                            "documents 应当是映射", "manifest"),
    "meta missing": (_edit_manifest(_drop_meta), "documents 中的 demo-rule 的 缺少 meta", "manifest"),
    "clauses not a number": (_edit_manifest(lambda m: {**m, "clauses": "10"}), 'clauses 应当是整数，实为 "10"',
                             "manifest"),
    "vectors not a mapping": (_edit_manifest(lambda m: {**m, "vectors": "embedded"}), "vectors 应当是映射",
                              "manifest"),
    "binary CURRENT": (lambda s: (s.home / "CURRENT").write_bytes(b"\x00\xff\xfe\x89PNG\r\n"),
                       "CURRENT 已损坏：它应当只写着当前索引的名称", "CURRENT"),
    "CURRENT names a path": (lambda s: (s.home / "CURRENT").write_text("../../etc"),
                             "CURRENT 已损坏", "CURRENT"),
}


@pytest.mark.parametrize("damage", DAMAGED, ids=list(DAMAGED))
def test_damaged_current_or_manifest_is_explained_and_rebuilt(damage, small_settings, hash_embedder, tokenizer,
                                                              monkeypatch, capsys):
    from ingest.index import diagnose
    from qa_app import cli

    how, message, check = DAMAGED[damage]
    ingest(small_settings, hash_embedder, tokenizer)
    how(small_settings)
    with pytest.raises(IndexFormatError, match=message) as caught:
        KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)
    assert "regkb ingest --rebuild" in str(caught.value)
    assert [(f.check, f.status) for f in diagnose(small_settings) if f.status != "ok"][0] == (check, "fail")

    monkeypatch.setenv("REGKB_HOME", str(small_settings.home))
    monkeypatch.setenv("REGKB_CORPUS", str(small_settings.corpus))
    monkeypatch.setattr(cli, "_components", lambda settings: (hash_embedder, tokenizer))
    assert cli.main(["search", "上市放行"]) == 1
    assert cli.main(["doctor"]) == 1
    out, err = capsys.readouterr()
    assert message.split("：")[0] in err and doctor_failed(check, out) and "Traceback" not in out + err
    assert "索引完好" not in out

    report = ingest(small_settings, hash_embedder, tokenizer)  # a plain ingest rebuilds
    assert report.rebuilt_because and report.clauses == 10
    assert KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer).search("上市放行", 1)


# --- readers never write (issue 16 item 6) -------------------------------------------------


def _snapshot(folder):
    return {str(p): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_readers_never_write_to_the_index(small_settings, hash_embedder, tokenizer, tmp_path, monkeypatch):
    """chromadb writes to its folder whenever it opens one, so readers open a private copy:
    the generation stays byte for byte as the ingest wrote it, and the copy goes with the reader."""
    import gc
    import tempfile

    from ingest.index import diagnose

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    ingest(small_settings, hash_embedder, tokenizer)
    before = _snapshot(small_settings.home)
    kb = KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)
    again = KnowledgeBase.open(small_settings, embedder=hash_embedder)  # with the tokenizer the ingest saved
    assert kb.search("谁负责上市放行", 1)[0].clause.id == again.search("谁负责上市放行", 1)[0].clause.id == "demo-rule:art2"
    assert all(f.status == "ok" for f in diagnose(small_settings))
    assert len(list(scratch.iterdir())) == 1  # one private copy per process and generation
    assert _snapshot(small_settings.home) == before
    del kb, again
    gc.collect()
    assert not list(scratch.iterdir())


def test_copies_left_by_killed_readers_are_removed(small_settings, hash_embedder, tokenizer, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ingest(small_settings, hash_embedder, tokenizer)
    dead = tmp_path / "regkb-vectors-999999999-x1y2"  # above any pid_max: no such process
    alive = tmp_path / f"regkb-vectors-{os.getppid()}-x1y2"
    for folder in (dead, alive):
        (folder / "chroma").mkdir(parents=True)
    KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)
    assert not dead.exists() and alive.exists()


@pytest.mark.parametrize("error,phrase", [
    (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间不足，无法写入索引目录"),
    (OSError(errno.EROFS, "Read-only file system"), "所在的文件系统是只读的"),
    (PermissionError(errno.EACCES, "Permission denied"), "没有写权限"),
])
def test_a_failed_write_says_why_and_keeps_the_previous_index(small_settings, hash_embedder, tokenizer, monkeypatch,
                                                              error, phrase):
    """A full disk or a read-only folder in the middle of an ingest: a message that says which
    and what to do, the unfinished generation removed, the previous index answering."""
    first = ingest(small_settings, hash_embedder, tokenizer)
    write_doc(small_settings.corpus, "demo-new", "第一条 注册人应当报告。\n")

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr("numpy.save", fail)
    with pytest.raises(StorageError, match=phrase) as caught:
        ingest(small_settings, hash_embedder, tokenizer)
    assert caught.value.exit_code == 1 and str(small_settings.home) in str(caught.value)
    store = IndexStore(small_settings.home)
    assert [p.name for p in store.generations.iterdir()] == [first.generation]
    assert KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer).search("上市放行", 1)


def test_sqlite_s_own_words_for_a_full_disk_are_understood(small_settings, hash_embedder, tokenizer, monkeypatch):
    """chromadb reports a full disk in sqlite's words, without an errno."""
    from chromadb.errors import InternalError
    from llama_index.vector_stores.chroma import ChromaVectorStore

    def fail(*args, **kwargs):
        raise InternalError("error returned from database: (code: 13) database or disk is full")

    monkeypatch.setattr(ChromaVectorStore, "add", fail)
    with pytest.raises(StorageError, match="磁盘空间不足"):
        ingest(small_settings, hash_embedder, tokenizer)
    assert not IndexStore(small_settings.home).current() and not list((small_settings.home / "generations").iterdir())


def test_an_unreadable_corpus_file_is_not_called_a_read_only_home(small_settings, hash_embedder, tokenizer,
                                                                   monkeypatch):
    from pathlib import Path

    real = Path.read_text

    def locked(self, *args, **kwargs):
        if self.name == "demo-rule.md":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", locked)
    with pytest.raises(InputError, match="无法读取语料文件 .*demo-rule.md（没有访问权限）：请检查它的权限") as caught:
        ingest(small_settings, hash_embedder, tokenizer)
    assert "REGKB_HOME" not in str(caught.value)


def test_a_corpus_file_not_in_utf8_is_named_with_what_to_do(small_settings, hash_embedder, tokenizer):
    (small_settings.corpus / "gbk-notice.md").write_bytes("第一条 注册人应当报告。\n".encode("gbk"))
    with pytest.raises(InputError, match="gbk-notice.md: 语料文件必须是 UTF-8 编码.*：请把它另存为 UTF-8 后再运行"):
        ingest(small_settings, hash_embedder, tokenizer)
