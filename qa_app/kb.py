"""The knowledge base as readers see it: the current index, opened once, searchable.

Search is hybrid: BM25 over jieba tokens and dense vectors from chromadb, fused by
reciprocal rank (robust to the two scores living on different scales).

A knowledge base is one generation of the index, read-only. A long-running reader asks
:meth:`KnowledgeBase.is_current` before each request and opens the new generation when an
ingest has switched; the generation it had stays on disk long enough to finish with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ingest.embed import Embedder, make_embedder
from ingest.errors import IndexFormatError, InputError, UnknownIdError
from ingest.index import REBUILD, IndexStore, load_clauses, open_vectors, searchable
from ingest.records import Clause
from ingest.settings import Settings
from ingest.tokenize import Tokenizer

RRF_K = 60
MAX_QUERY_CHARS = 2000
CANDIDATES = 50


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
                f"The index was built with the embedder {manifest.get('embedder')!r} but "
                f"{embedder.name!r} is configured (REGKB_EMBED_MODEL). Run `regkb ingest` to rebuild."
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
            raise IndexFormatError(f"The index at {generation} is damaged: its BM25 files cannot be read ({exc}). "
                                   f"{REBUILD}") from exc
        self._vectors = open_vectors(generation, manifest, chroma_url)

    @classmethod
    def open(cls, settings: Settings | None = None, *, embedder: Embedder | None = None,
             tokenizer: Tokenizer | None = None) -> KnowledgeBase:
        settings = settings or Settings()
        generation, manifest = IndexStore.for_settings(settings).open_current()
        embedder = embedder or make_embedder(settings.embed_model, settings.threads)
        return cls(generation, manifest, embedder, tokenizer or Tokenizer(), chroma_url=settings.chroma_url)

    def is_current(self) -> bool:
        """Whether this is still the generation CURRENT names (one small file read)."""
        return IndexStore(self.generation.parent.parent).current_name() == self.generation.name

    # -- lookups ---------------------------------------------------------------------

    def clause(self, clause_id: str) -> Clause:
        try:
            return self.clauses[clause_id]
        except KeyError:
            raise UnknownIdError(
                f"No clause with id {clause_id!r}. Ids look like 'samr-order-53-production-supervision:art34'; "
                "`regkb search` shows them."
            ) from None

    def document_clauses(self, doc_id: str) -> list[Clause]:
        if doc_id not in self.documents:
            raise UnknownIdError(f"No document with id {doc_id!r}. `regkb stats` lists the documents.")
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

    def search(self, query: str, k: int = 5, *, doc_ids: list[str] | None = None,
               in_force_only: bool = False, levels: list[str] | None = None) -> list[Hit]:
        """Hybrid search; returns at most ``k`` normative clauses, best first."""
        query = query.strip()
        if not query:
            return []
        if len(query) > MAX_QUERY_CHARS:
            raise InputError(f"The query is {len(query)} characters long; keep it under {MAX_QUERY_CHARS}.")
        allowed = self._filter(doc_ids, in_force_only, levels)
        bm25 = self.keyword_ranking(query, allowed)
        dense = self.dense_ranking(query, allowed)
        scores: dict[str, float] = {}
        for ranking in (bm25, dense):
            for rank, clause_id in enumerate(ranking, start=1):
                scores[clause_id] = scores.get(clause_id, 0.0) + 1.0 / (RRF_K + rank)
        bm25_rank = {c: r for r, c in enumerate(bm25, start=1)}
        dense_rank = {c: r for r, c in enumerate(dense, start=1)}
        best = sorted(scores, key=lambda c: (-scores[c], c))[:k]
        return [Hit(self.clauses[c], scores[c], bm25_rank.get(c), dense_rank.get(c)) for c in best]

    def keyword_ranking(self, query: str, allowed: set[str] | None = None, n: int = CANDIDATES) -> list[str]:
        tokens = [t for t in self.tokenizer.expand(query) if t in self._bm25.vocab_dict]
        if not tokens:
            return []
        size = len(self._bm25_ids)
        results, scores = self._bm25.retrieve([tokens], k=min(size, n * 4 if allowed else n),
                                              show_progress=False, n_threads=1)
        ranked = [self._bm25_ids[i] for i, s in zip(results[0], scores[0]) if s > 0]
        return [c for c in ranked if allowed is None or c in allowed][:n]

    def dense_ranking(self, query: str, allowed: set[str] | None = None, n: int = CANDIDATES) -> list[str]:
        from llama_index.core.vector_stores import VectorStoreQuery

        vector = self.embedder.embed([self.tokenizer.expand_text(query)])[0]
        wanted = n if allowed is None else min(len(self._bm25_ids), n * 4)
        result = self._vectors.query(VectorStoreQuery(query_embedding=vector.tolist(), similarity_top_k=wanted))
        # Clauses with the same text score the same: order those by id, so that every build
        # of the index ranks alike.
        scored = sorted(zip(result.ids or [], result.similarities or []), key=lambda p: (-round(p[1], 5), p[0]))
        return [c for c, _ in scored if allowed is None or c in allowed][:n]

    def _filter(self, doc_ids, in_force_only, levels) -> set[str] | None:
        if not (doc_ids or in_force_only or levels):
            return None
        unknown = set(doc_ids or ()) - set(self.documents)
        if unknown:
            raise UnknownIdError(f"Unknown document id(s): {', '.join(sorted(unknown))}. `regkb stats` lists them.")
        out = set()
        for clause in self.clauses.values():
            meta = self.documents[clause.doc_id]
            if not searchable(clause):
                continue
            if doc_ids and clause.doc_id not in doc_ids:
                continue
            # Reference texts (pilot guides, work plans) stay: only superseded ones go.
            if in_force_only and meta.get("status") == "superseded":
                continue
            if levels and meta.get("level") not in levels:
                continue
            out.add(clause.id)
        return out

