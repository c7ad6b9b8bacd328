"""One retrieval path for every reader: BM25 and dense rankings, each filtered inside its
engine, fused by weighted reciprocal rank.

Filters (documents, in force only, levels) are applied by the engines themselves: bm25s
scores only the allowed clauses (``weight_mask``) and chroma searches only them (a ``where``
built from llama-index ``MetadataFilters``). Each engine therefore returns the best n *within*
the filter; taking the best 4n overall and filtering afterwards lost clauses of a small
document that the whole corpus outranked.

The fusion weighs the dense ranking less than BM25 (``DENSE_WEIGHT``, tuned with the
answerer's re-ranker, evals/results/QA.md): on this corpus the words of the regulations
find the governing clause more often than the encoder does.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from ingest.errors import UnknownIdError
from ingest.records import Clause

RRF_K = 60
DENSE_WEIGHT = 0.4  # BM25 weighs 1


@dataclass(frozen=True)
class Filter:
    """Which clauses a search may return; the empty filter allows every searchable clause."""

    doc_ids: tuple[str, ...] = ()
    in_force_only: bool = False
    levels: tuple[str, ...] = ()

    @classmethod
    def of(cls, doc_ids: Iterable[str] | None = None, in_force_only: bool = False,
           levels: Iterable[str] | None = None) -> Filter:
        return cls(tuple(sorted(set(doc_ids or ()))), bool(in_force_only), tuple(sorted(set(levels or ()))))

    def __bool__(self) -> bool:
        return bool(self.doc_ids or self.in_force_only or self.levels)

    def allows(self, doc_id: str, meta: Mapping) -> bool:
        if self.doc_ids and doc_id not in self.doc_ids:
            return False
        # Reference texts (pilot guides, work plans) stay: only superseded ones go.
        if self.in_force_only and meta.get("status") == "superseded":
            return False
        return not self.levels or meta.get("level") in self.levels

    def vector_where(self) -> dict:
        """The same filter for the vector store, as chroma's ``where`` (what llama-index's
        ``MetadataFilters`` become for chroma); the clauses' metadata are written by ``ingest.index``."""
        parts = []
        if self.doc_ids:
            parts.append({"doc_id": {"$in": list(self.doc_ids)}})
        if self.in_force_only:
            parts.append({"status": {"$ne": "superseded"}})
        if self.levels:
            parts.append({"level": {"$in": list(self.levels)}})
        return parts[0] if len(parts) == 1 else {"$and": parts} if parts else {}


@dataclass(frozen=True)
class Fused:
    """A clause found by either engine, with its fused score and its rank in each (1-based)."""

    clause_id: str
    score: float
    bm25_rank: int | None
    dense_rank: int | None


class Retriever:
    """Ranks the searchable clauses of one index generation for a query.

    ``vectors`` answers ``query(vector, k, where)`` with (clause id, similarity) pairs
    (``qa_app.kb.Vectors``: None when the store cannot be used); ``filtered_vectors`` says whether the store's metadata can be filtered on
    (generations written before the document id was stored there cannot: they are ranked in
    full and filtered afterwards, which is exact too, only slower).
    """

    def __init__(self, bm25, bm25_ids: list[str], vectors, embedder, tokenizer, documents: Mapping[str, Mapping],
                 clauses: Mapping[str, Clause], *, filtered_vectors: bool = True):
        self._bm25 = bm25
        self._ids = bm25_ids
        self._vectors = vectors
        self._embedder = embedder
        self._tokenizer = tokenizer
        self._documents = documents
        self._clauses = clauses
        self._filtered_vectors = filtered_vectors

    # -- filters -----------------------------------------------------------------------

    def check(self, where: Filter) -> None:
        unknown = set(where.doc_ids) - set(self._documents)
        if unknown:
            raise UnknownIdError(f"没有这些编号的文件：{'、'.join(sorted(unknown))}。`regkb stats` 列出了所有文件的编号。")

    def allowed(self, where: Filter) -> frozenset[str]:
        """The ids of the searchable clauses the filter lets through (every one for no filter)."""
        return frozenset(c for c, keep in zip(self._ids, self._mask(where)) if keep)

    def _mask(self, where: Filter) -> np.ndarray:
        """1 for an allowed clause, 0 for another, in the order of the BM25 index (a millisecond:
        not worth a cache)."""
        return np.array([where.allows(self._clauses[c].doc_id, self._documents[self._clauses[c].doc_id])
                         for c in self._ids], dtype=np.float32)

    # -- the two engines ------------------------------------------------------------------

    def keyword(self, query: str, where: Filter = Filter(), n: int = 50, whole_terms: bool = True) -> list[str]:
        """Clause ids by BM25 over jieba tokens, with the official terms for everyday words. With
        ``whole_terms`` a term the index has as a word is searched as that one word (代工厂 ->
        受托生产企业): with its pieces too (受托, 生产, 企业) the one everyday word counts four times and
        outweighs the rest of the question. Without, the pieces find the clauses that say the term
        another way (委托…企业生产)."""
        vocab = self._bm25.vocab_dict
        tokens = [t for t in self._tokenizer.expand(query, vocab if whole_terms else ()) if t in vocab]
        if not tokens or not self._ids:
            return []
        mask = self._mask(where) if where else None
        if mask is not None and not mask.any():
            return []
        results, scores = self._bm25.retrieve([tokens], k=min(len(self._ids), n), show_progress=False,
                                              n_threads=1, weight_mask=mask)
        return [self._ids[i] for i, s in zip(results[0], scores[0]) if s > 0]

    def dense(self, query: str, where: Filter = Filter(), n: int = 50) -> list[str]:
        """Clause ids by vector similarity; [] while the vector store cannot be used."""
        if not self._vectors.ready() or not self._ids:
            return []
        if where and not self._mask(where).any():
            return []
        vector = self._embedder.embed([self._tokenizer.expand_text(query)])[0].tolist()
        if not where:
            found = self._vectors.query(vector, n)
        elif self._filtered_vectors:
            found = self._vectors.query(vector, n, where.vector_where())
        else:
            found = self._vectors.query(vector, len(self._ids))
        if found is None:
            return []
        # Clauses with the same text score the same: order those by id, so that every build
        # of the index ranks alike.
        scored = sorted(found, key=lambda p: (-round(p[1], 5), p[0]))
        if where and not self._filtered_vectors:
            allowed = self.allowed(where)
            scored = [p for p in scored if p[0] in allowed]
        return [c for c, _ in scored][:n]

    # -- fusion -------------------------------------------------------------------------------

    def fused(self, query: str, where: Filter = Filter(), n: int = 50,
              dense_weight: float = DENSE_WEIGHT, whole_terms: bool = True) -> list[Fused]:
        """Both rankings (``n`` deep each) fused by weighted reciprocal rank, best first
        (``whole_terms``: see :meth:`keyword`)."""
        return self.readings(query, where, n, dense_weight, (whole_terms,))[0]

    def readings(self, query: str, where: Filter, n: int, dense_weight: float,
                 whole_terms: tuple[bool, ...]) -> list[list[Fused]]:
        """:meth:`fused` for each reading of the everyday words, with one dense ranking for all
        (the encoder and the store take most of a search's time)."""
        self.check(where)
        dense = self.dense(query, where, n)
        dense_rank = {c: r for r, c in enumerate(dense, start=1)}
        out = []
        for whole in whole_terms:
            bm25 = self.keyword(query, where, n, whole)
            scores = fuse([(1.0, bm25), (dense_weight, dense)])
            bm25_rank = {c: r for r, c in enumerate(bm25, start=1)}
            out.append([Fused(c, scores[c], bm25_rank.get(c), dense_rank.get(c))
                        for c in sorted(scores, key=lambda c: (-scores[c], c))])
        return out


def fuse(rankings: Iterable[tuple[float, list[Hashable]]]) -> dict[Hashable, float]:
    """Weighted reciprocal-rank fusion: each ranking adds weight / (RRF_K + rank) to its items.
    Rank fusion, not score fusion: BM25 and cosine scores live on different scales."""
    scores: dict[Hashable, float] = {}
    for weight, ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (RRF_K + rank)
    return scores



class KeywordRanking:
    """BM25 over a few texts ranked in memory and never stored, such as the clauses of an
    uploaded agreement: the same engine (bm25s, its defaults) as the index's keyword search."""

    def __init__(self, documents: list[list[str]]):
        import bm25s

        self._size = len(documents)
        self._engine = bm25s.BM25()
        if documents:
            self._engine.index([tokens or ["∅"] for tokens in documents], show_progress=False)

    def rank(self, query: list[str]) -> list[int]:
        """Positions of the documents sharing a word with ``query``, best first, ties in
        document order; a word repeated in the query counts once."""
        known = [t for t in dict.fromkeys(query) if self._size and t in self._engine.vocab_dict]
        if not known:
            return []
        scores = self._engine.get_scores(known)
        return sorted((i for i in range(self._size) if scores[i] > 0), key=lambda i: (-scores[i], i))
