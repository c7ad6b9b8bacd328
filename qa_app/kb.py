"""The knowledge base as readers see it: the current index, opened once, searchable.

Search is hybrid (``qa_app.retrieval``: BM25 over jieba tokens and dense vectors from
chromadb, filtered inside each engine, fused by weighted reciprocal rank); an exact reference
in the query (条例第三十五条) is looked up first, as questions are.

A knowledge base is one generation of the index, read-only. A long-running reader asks
:meth:`KnowledgeBase.is_current` before each request and opens the new generation when an
ingest has switched; the generation it had stays on disk long enough to finish with it.

The vector store may fail on its own (a chroma server that stopped, damaged HNSW files):
search then goes on from BM25 alone and :attr:`KnowledgeBase.notice` says so, in words for
the user; the store is tried again in the background, so a server that is back is used again.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ingest.embed import Embedder, make_embedder
from ingest.errors import IndexFormatError, IndexMissingError, InputError, StorageError, UnknownIdError
from ingest.index import (REBUILD, IndexStore, filterable_vectors, is_server, load_clauses, load_terms, load_tokenizer,
                          open_vectors, probe_vectors)
from ingest.records import Clause
from ingest.settings import Settings
from ingest.tokenize import Tokenizer
from qa_app.refs import ReferenceResolver
from qa_app.retrieval import Filter, Retriever

MAX_QUERY_CHARS = 2000
CANDIDATES = 50
# What a user is told when answers come from keywords alone (shown above the answer).
VECTORS_DOWN = ("向量服务不可用，当前仅按关键词检索，结果可能不如平时全面。服务恢复后会自动恢复，无需刷新页面；"
                "如长时间未恢复，请联系管理员检查 chroma 服务（`REGKB_CHROMA_URL`）。")
VECTORS_DAMAGED = ("向量索引已损坏，当前仅按关键词检索，结果可能不如平时全面。请管理员运行 `regkb doctor` 查看详情，"
                   "再运行 `regkb ingest --rebuild` 从语料重建索引（语料不会改动）。")
VECTORS_NO_ROOM = ("临时目录（TMPDIR）已满或不可写，向量检索暂不可用，当前仅按关键词检索，结果可能不如平时全面。"
                   "请管理员清理临时目录（或把 TMPDIR 指向空间更大的目录），之后会自动恢复，无需刷新页面。")
# A failed chroma server is tried again at most this often (in the background, one try at a time).
RETRY_SECONDS = 10.0

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hit:
    clause: Clause
    score: float
    bm25_rank: int | None
    dense_rank: int | None

    def to_dict(self, kb: KnowledgeBase) -> dict:
        doc = kb.documents[self.clause.doc_id]
        return {
            "clause_id": self.clause.id,
            "doc_id": self.clause.doc_id,
            "doc_title": doc.get("title", self.clause.doc_id),
            "ref": self.clause.ref,
            "path": list(self.clause.path),
            "text": self.clause.text,
            "score": round(self.score, 6),
            "status": doc.get("status", "in_force"),
        }


class KnowledgeBase:
    """Open with :meth:`open`; every dependency can also be passed in (tests do)."""

    def __init__(self, generation: Path, manifest: dict, embedder: Embedder, tokenizer: Tokenizer, *,
                 chroma_url: str = ""):
        import bm25s

        if manifest.get("embedder") != embedder.name:
            raise IndexFormatError(
                f"索引是用向量模型 {manifest.get('embedder')!r} 建立的，现在配置的是 {embedder.name!r}"
                "（REGKB_EMBED_MODEL）：运行 `regkb ingest` 重建索引，或改回原来的模型。"
            )
        self.generation = generation
        self.manifest = manifest
        self.embedder = embedder
        self.tokenizer = tokenizer
        self.clauses: dict[str, Clause] = {c.id: c for c in load_clauses(generation)}
        self.documents: dict[str, dict] = {k: v["meta"] for k, v in manifest["documents"].items()}
        try:
            self._bm25 = bm25s.BM25.load(str(generation / "bm25"), show_progress=False)
            self._bm25_ids: list[str] = json.loads((generation / "bm25" / "ids.json").read_text())
        except (OSError, ValueError) as exc:
            raise IndexFormatError(f"{generation} 的索引已损坏：无法读取关键词索引（BM25）文件（{exc}）。"
                                   f"{REBUILD}") from exc
        self._vectors = Vectors(generation, manifest, chroma_url)
        self.retriever = Retriever(self._bm25, self._bm25_ids, self._vectors, embedder, tokenizer, self.documents,
                                   self.clauses, filtered_vectors=filterable_vectors(manifest))

    @classmethod
    def open(cls, settings: Settings | None = None, *, embedder: Embedder | None = None,
             tokenizer: Tokenizer | None = None) -> KnowledgeBase:
        settings = settings or Settings()
        generation, manifest = IndexStore.for_settings(settings).open_current()
        embedder = embedder or make_embedder(settings.embed_model, settings.threads)
        return cls(generation, manifest, embedder, tokenizer or load_tokenizer(generation, manifest),
                   chroma_url=settings.chroma_url)

    @property
    def notice(self) -> str | None:
        """Why search is running on keywords alone (for the user, in Chinese), or None when
        the vector store answers. Read it after a search: that search may have found out."""
        return self._vectors.notice

    def is_current(self) -> bool:
        """Whether this is still the generation CURRENT names (one small file read)."""
        return IndexStore(self.generation.parent.parent).current_name() == self.generation.name

    # -- lookups ---------------------------------------------------------------------

    def clause(self, clause_id: str) -> Clause:
        try:
            return self.clauses[clause_id]
        except KeyError:
            raise UnknownIdError(
                f"没有编号为 {clause_id!r} 的条款：编号形如 samr-order-53-production-supervision:art34，"
                "`regkb search` 的结果中列出了各条款的编号。"
            ) from None

    def document_clauses(self, doc_id: str) -> list[Clause]:
        if doc_id not in self.documents:
            raise UnknownIdError(f"没有编号为 {doc_id!r} 的文件：`regkb stats` 列出了所有文件的编号。")
        return [c for c in self.clauses.values() if c.doc_id == doc_id]

    def stats(self) -> dict:
        kinds: dict[str, int] = {}
        for clause in self.clauses.values():
            kinds[clause.kind] = kinds.get(clause.kind, 0) + 1
        return {
            "generation": self.generation.name,
            "created": self.manifest.get("created"),
            "embedder": self.manifest.get("embedder"),
            "documents": len(self.documents),
            "clauses": len(self.clauses),
            "indexed": self.manifest.get("indexed"),
            "by_kind": kinds,
            "per_document": {k: v["clauses"] for k, v in self.manifest["documents"].items()},
        }

    # -- search ----------------------------------------------------------------------

    @cached_property
    def references(self) -> ReferenceResolver:
        return ReferenceResolver(self.documents, self.clauses)

    @cached_property
    def clause_terms(self) -> dict[str, frozenset[str]]:
        """The distinct tokens of every searchable clause (the answerer's term statistics),
        as the ingest stored them; worked out here only for an index written without them."""
        return load_terms(self.generation, self.manifest, self.tokenizer)

    def search(self, query: str, k: int = 5, *, doc_ids: list[str] | None = None,
               in_force_only: bool = False, levels: list[str] | None = None) -> list[Hit]:
        """Hybrid search; returns at most ``k`` normative clauses, best first. The clauses an
        exact reference in the query names (条例第三十五条) come first."""
        query = query.strip()
        if not query:
            return []
        if len(query) > MAX_QUERY_CHARS:
            raise InputError(f"检索内容有 {len(query)} 个字符，超过了 {MAX_QUERY_CHARS} 个字符的上限：请缩短后再试。")
        where = Filter.of(doc_ids, in_force_only, levels)
        self.retriever.check(where)
        reference = self.references.find(query)
        named = [] if reference is None else [
            c for c in reference.clauses if where.allows(c.doc_id, self.documents[c.doc_id])]
        hits = [Hit(c, 1.0, None, None) for c in named[:k]]
        seen = {c.id for c in named}
        for found in self.retriever.fused(query, where, max(CANDIDATES, k)):
            if len(hits) >= k:
                break
            if found.clause_id not in seen:
                hits.append(Hit(self.clauses[found.clause_id], found.score, found.bm25_rank, found.dense_rank))
        return hits


class Vectors:
    """A generation's vector store, or why it cannot be used right now.

    Shared by every request of a process (Streamlit sessions run in threads), so its state
    changes under a lock. A failure (unreachable server, a query that raises, stored vectors
    that do not find their own clauses) makes :attr:`notice` say so and :meth:`ready` false;
    the store is opened again in a background thread at most every ``RETRY_SECONDS``, so a
    chroma server that is back is used again without a reload, and requests never wait for
    a retry. (Damaged local files stay damaged until an ingest writes a new generation,
    which readers then open; retrying them costs a query every ``RETRY_SECONDS``.)

    A chroma server that hangs (stopped with SIGSTOP, a network that drops packets) would
    block a request for ever: chromadb's HTTP client is built with no timeout and offers no
    setting for one. So every call to a server waits at most ``timeout`` seconds
    (REGKB_VECTOR_TIMEOUT) in a worker thread, and one that takes longer counts as an outage.
    The worker cannot be interrupted and finishes (or fails) whenever the server lets it; no
    retry starts while ``MAX_HUNG_CALLS`` such calls are still waiting, so a server that stays
    hung does not collect threads.
    """

    MAX_HUNG_CALLS = 3

    def __init__(self, generation: Path, manifest: dict, chroma_url: str = "", timeout: float | None = None):
        self._where = (generation, manifest, chroma_url)
        self._server = is_server(manifest)  # a server's failures are outages, local ones damage
        # Only a server can hang; a local store is this process's own files.
        self._timeout = (Settings().vector_timeout if timeout is None else timeout) if self._server else None
        self._retry_seconds = RETRY_SECONDS
        self._lock = threading.Lock()
        self._store = None
        self._retry_at = 0.0
        self._retrying = False
        self._hung: list[threading.Thread] = []
        self.notice: str | None = None
        if self._timeout is not None:
            # Imported here, not first inside a worker that a hung server may leave waiting: a module
            # another thread is still importing breaks this thread's import of it.
            import chromadb  # noqa: F401
        self._connect()

    def ready(self) -> bool:
        """Whether to query now; when not, starts a background retry if one is due."""
        if self._store is not None:
            return True
        with self._lock:
            self._hung = [t for t in self._hung if t.is_alive()]
            due = not self._retrying and time.monotonic() >= self._retry_at and len(self._hung) < self.MAX_HUNG_CALLS
            self._retrying = self._retrying or due
        if due:
            threading.Thread(target=self._connect, name="regkb-vector-retry", daemon=True).start()
        return False

    def query(self, vector: list[float], k: int, where: dict | None = None) -> list[tuple[str, float]] | None:
        """(clause id, similarity) of the ``k`` nearest clauses (``ClauseVectors.nearest``), or None
        if the store failed or timed out (and then it is marked as failed)."""
        store = self._store
        if store is None:
            return None
        try:
            return self._bounded(lambda: store.nearest(vector, k, where))
        except Exception as exc:  # httpx, chromadb and sqlite errors alike: every one means "no vectors"
            self._failed(exc, store)
            return None

    def _bounded(self, call):
        """``call()``, or TimeoutError once it has taken ``timeout`` seconds."""
        if self._timeout is None:
            return call()
        outcome: list = []

        def work():
            try:
                outcome.append((True, call()))
            except BaseException as exc:  # handed to the waiting thread, raised there
                outcome.append((False, exc))

        # A daemon thread, not an executor: an executor's threads are joined at exit, so a
        # call hung on the server would keep `regkb ask` from ever exiting.
        worker = threading.Thread(target=work, name="regkb-vector-call", daemon=True)
        worker.start()
        worker.join(self._timeout)
        if not outcome:
            with self._lock:
                self._hung.append(worker)
            raise TimeoutError(f"no answer from the chroma server within {self._timeout:g} s "
                               "(REGKB_VECTOR_TIMEOUT)")
        done, value = outcome[0]
        if not done:
            raise value
        return value

    def _open(self):
        generation, manifest, chroma_url = self._where
        store = open_vectors(generation, manifest, chroma_url)
        probe_vectors(store, generation)
        return store

    def _connect(self) -> None:
        try:
            store = self._bounded(self._open)
        except InputError:  # REGKB_CHROMA_URL is not an address: a setting to fix, not an outage
            raise
        except Exception as exc:  # as in query(); IndexMissingError / IndexFormatError say what it was
            self._failed(exc, None)
        else:
            with self._lock:
                if self.notice:
                    log.info("The vector store of %s answers again; searching with vectors.", self._where[0].name)
                self._store, self.notice = store, None
        finally:
            with self._lock:
                self._retrying = False

    def _failed(self, exc: Exception, store) -> None:
        if isinstance(exc, StorageError):  # readers copy the store to TMPDIR: not damage, no rebuild needed
            notice = VECTORS_NO_ROOM
        elif isinstance(exc, IndexMissingError) or (self._server and not isinstance(exc, IndexFormatError)):
            notice = VECTORS_DOWN
        else:
            notice = VECTORS_DAMAGED
        with self._lock:
            if store is not self._store:  # a retry has put another store in meanwhile
                return
            if self.notice != notice:
                # One line for the operator (the user sees the notice); no traceback anywhere.
                log.warning("The vector store of %s cannot be used, searching by keywords only: %s: %s",
                            self._where[0].name, type(exc).__name__, str(exc).strip() or "(no message)")
            self._store, self.notice = None, notice
            self._retry_at = time.monotonic() + self._retry_seconds
