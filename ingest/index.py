"""Building the index: clauses -> chromadb (through llama-index) + BM25, on disk.

Layout under REGKB_HOME::

    CURRENT                    name of the generation readers use
    generations/<name>/        one complete index: manifest.json, clauses.jsonl,
                               vectors.npy, chroma/, bm25/
    added/                     documents added with `regkb add`

Every ingest writes a new generation and only then points CURRENT at it (an atomic
rename), so a crash or Ctrl-C leaves the previous index whole. Unchanged documents
(same content hash) are not parsed again and unchanged clauses are not embedded again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest.corpus import corpus_files, load_document
from ingest.duties import DutyAnnotator
from ingest.embed import Embedder
from ingest.errors import IndexFormatError, IndexMissingError, InputError
from ingest.records import Clause, Document
from ingest.settings import Settings, quiet_telemetry
from ingest.structure import segment
from ingest.tokenize import Tokenizer

FORMAT = 1
# What decides the clauses and tokens besides the corpus: when any of these change,
# every document is parsed and annotated again (unchanged texts keep their vectors).
_PIPELINE_FILES = ("structure.py", "duties.py", "tokenize.py", "records.py",
                   "data/parties.yaml", "data/user_dict.txt", "data/synonyms.yaml")


def pipeline_fingerprint() -> str:
    digest = hashlib.sha1(str(FORMAT).encode())
    for name in _PIPELINE_FILES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]
COLLECTION = "clauses"
EMBED_BATCH = 64


@dataclass
class IngestReport:
    generation: str = ""
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    clauses: int = 0
    embedded: int = 0
    seconds: float = 0.0
    rebuilt_because: str = ""

    @property
    def up_to_date(self) -> bool:
        return not (self.added or self.changed or self.removed or self.rebuilt_because)


class IndexStore:
    """Where generations live and which one is current."""

    def __init__(self, home: Path):
        self.home = home
        self.generations = home / "generations"

    def current(self) -> Path | None:
        try:
            name = (self.home / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        path = self.generations / name
        return path if name and path.is_dir() else None

    def open_current(self) -> tuple[Path, dict]:
        """The current generation and its manifest, checked; raises with advice if unusable."""
        path = self.current()
        if path is None:
            raise IndexMissingError(
                f"No index under {self.home}. Build it with `regkb ingest` (takes under a minute)."
            )
        manifest = read_manifest(path)
        if manifest.get("format") != FORMAT:
            raise IndexFormatError(
                f"The index at {path} has format {manifest.get('format')!r}; this regkb reads format "
                f"{FORMAT}. Run `regkb ingest` to rebuild it from the corpus (the corpus is not changed)."
            )
        for name in ("clauses.jsonl", "vectors.npy", "chroma", "bm25"):
            if not (path / name).exists():
                raise IndexFormatError(
                    f"The index at {path} is incomplete ({name} is missing). "
                    "Run `regkb ingest --rebuild` to rebuild it from the corpus."
                )
        return path, manifest

    def switch_to(self, generation: Path) -> None:
        tmp = self.home / f"CURRENT.{uuid.uuid4().hex}.tmp"
        tmp.write_text(generation.name, encoding="utf-8")
        _fsync(tmp)
        os.replace(tmp, self.home / "CURRENT")

    def prune(self, keep: Path) -> None:
        """Remove every generation but ``keep`` (and stray CURRENT temp files)."""
        for path in self.generations.glob("*"):
            if path != keep:
                shutil.rmtree(path, ignore_errors=True)
        for tmp in self.home.glob("CURRENT.*.tmp"):
            tmp.unlink(missing_ok=True)

    @contextlib.contextmanager
    def lock(self):
        """One ingest at a time per REGKB_HOME."""
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.home / ".ingest.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise InputError(f"Another ingest is running on {self.home}; wait for it to finish.") from None
            yield


def read_manifest(path: Path) -> dict:
    try:
        return json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexFormatError(
            f"The index at {path} has no manifest (it was not finished, or was written by an older "
            "regkb). Run `regkb ingest --rebuild`."
        ) from None
    except json.JSONDecodeError as exc:
        raise IndexFormatError(f"The index manifest at {path} is damaged ({exc}). Run `regkb ingest --rebuild`.") from exc


def load_clauses(path: Path) -> list[Clause]:
    with open(path / "clauses.jsonl", encoding="utf-8") as handle:
        return [Clause.from_dict(json.loads(line)) for line in handle if line.strip()]


def chroma_client(path: Path):
    """A local chromadb client with telemetry off."""
    quiet_telemetry()
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def vector_store(client):
    """The llama-index view of the clause collection. No embedding function is attached:
    chromadb's default one would download a model, so vectors are always passed in."""
    from llama_index.vector_stores.chroma import ChromaVectorStore

    collection = client.get_or_create_collection(
        COLLECTION, metadata={"hnsw:space": "cosine"}, embedding_function=None
    )
    return ChromaVectorStore(chroma_collection=collection)


def searchable(clause: Clause) -> bool:
    return clause.normative and clause.kind != "non_normative"


class Ingestor:
    """Builds a new generation from the corpus folders, reusing what has not changed."""

    def __init__(self, settings: Settings, embedder: Embedder, tokenizer: Tokenizer,
                 annotator: DutyAnnotator | None = None):
        self.settings = settings
        self.embedder = embedder
        self.tokenizer = tokenizer
        self.annotator = annotator or DutyAnnotator()
        self.store = IndexStore(settings.home)

    def documents(self) -> list[tuple[Path, Document]]:
        docs, seen = [], {}
        for path in corpus_files(self.settings.corpus, self.settings.added_dir):
            doc = load_document(path)
            if doc.id in seen:
                raise InputError(f"Two corpus files have the id {doc.id!r}: {seen[doc.id]} and {path}.")
            seen[doc.id] = path
            docs.append((path, doc))
        if not docs:
            raise InputError(f"No documents (*.md) found in {self.settings.corpus}.")
        return docs

    def run(self, *, rebuild: bool = False, progress: bool = False) -> IngestReport:
        started = time.perf_counter()
        with self.store.lock():
            report = IngestReport()
            previous, manifest = self._previous(report, rebuild)
            docs = self.documents()
            old_docs = manifest.get("documents", {}) if previous else {}
            reparse = bool(previous) and manifest.get("pipeline") != pipeline_fingerprint()
            if reparse:
                report.rebuilt_because = "the parser, annotator or dictionaries changed (vectors reused)"
            old_clauses = _by_doc(load_clauses(previous)) if previous else {}

            clauses: list[Clause] = []
            for path, doc in _progress(docs, progress, "parse"):
                old = old_docs.get(doc.id)
                if old and old["sha256"] == doc.sha256 and doc.id in old_clauses and not reparse:
                    report.unchanged.append(doc.id)
                    clauses += old_clauses[doc.id]
                    continue
                (report.changed if old else report.added).append(doc.id)
                annotator = self.annotator.for_document(doc.meta)
                addressee = annotator.addressed_to(doc.meta)
                clauses += [annotator.annotate(c, addressee) for c in segment(doc)]
            report.removed = sorted(set(old_docs) - {d.id for _, d in docs})
            report.clauses = len(clauses)
            if previous and report.up_to_date:
                report.generation = previous.name
                report.seconds = time.perf_counter() - started
                return report

            vectors, report.embedded = self._vectors(clauses, previous, progress)
            generation = self._write(docs, clauses, vectors)
            self.store.switch_to(generation)
            self.store.prune(keep=generation)
            report.generation = generation.name
            report.seconds = time.perf_counter() - started
            return report

    def _previous(self, report: IngestReport, rebuild: bool) -> tuple[Path | None, dict]:
        if rebuild:
            report.rebuilt_because = "a rebuild was asked for"
            return None, {}
        try:
            path, manifest = self.store.open_current()
        except IndexMissingError:
            return None, {}
        except IndexFormatError as exc:
            report.rebuilt_because = f"the old index could not be reused: {exc}"
            return None, {}
        if manifest.get("embedder") != self.embedder.name:
            report.rebuilt_because = (
                f"the embedder changed ({manifest.get('embedder')} -> {self.embedder.name})"
            )
            return None, {}
        return path, manifest

    def _vectors(self, clauses: list[Clause], previous: Path | None, progress: bool) -> tuple[np.ndarray, int]:
        """One vector per searchable clause, reusing vectors of unchanged texts."""
        texts = [c.context_text for c in clauses if searchable(c)]
        keys = [_key(t) for t in texts]
        cache: dict[str, np.ndarray] = {}
        if previous is not None:
            old_keys = json.loads((previous / "vector_keys.json").read_text(encoding="utf-8"))
            old_vectors = np.load(previous / "vectors.npy")
            cache = dict(zip(old_keys, old_vectors))
        missing = [i for i, k in enumerate(keys) if k not in cache]
        for batch_start in _progress(range(0, len(missing), EMBED_BATCH), progress, "embed"):
            batch = missing[batch_start:batch_start + EMBED_BATCH]
            for i, vector in zip(batch, self.embedder.embed([texts[i] for i in batch])):
                cache[keys[i]] = vector
        dim = len(next(iter(cache.values()))) if cache else 0
        matrix = np.stack([cache[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, dim), np.float32)
        return matrix, len(missing)

    def _write(self, docs: list[tuple[Path, Document]], clauses: list[Clause], vectors: np.ndarray) -> Path:
        import bm25s
        from llama_index.core.schema import TextNode

        self.store.generations.mkdir(parents=True, exist_ok=True)
        name = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
        path = self.store.generations / name
        path.mkdir()
        try:
            indexed = [c for c in clauses if searchable(c)]
            with open(path / "clauses.jsonl", "w", encoding="utf-8") as handle:
                for clause in clauses:
                    handle.write(json.dumps(clause.to_dict(), ensure_ascii=False) + "\n")
            np.save(path / "vectors.npy", vectors)
            (path / "vector_keys.json").write_text(json.dumps([_key(c.context_text) for c in indexed]))

            meta = {d.id: d.meta for _, d in docs}
            nodes = [
                TextNode(id_=c.id, text=c.text, embedding=vectors[i].tolist(), metadata={
                    "doc_id": c.doc_id, "ref": c.ref, "kind": c.kind,
                    "level": str(meta[c.doc_id].get("level", "")),
                    "status": str(meta[c.doc_id].get("status", "in_force")),
                })
                for i, c in enumerate(indexed)
            ]
            store = vector_store(chroma_client(path / "chroma"))
            for start in range(0, len(nodes), 1000):
                store.add(nodes[start:start + 1000])

            retriever = bm25s.BM25()
            corpus_tokens = [self.tokenizer.tokens(c.context_text) or ["∅"] for c in indexed]
            retriever.index(corpus_tokens, show_progress=False)
            retriever.save(str(path / "bm25"), show_progress=False)
            (path / "bm25" / "ids.json").write_text(json.dumps([c.id for c in indexed]))

            manifest = {
                "format": FORMAT,
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "embedder": self.embedder.name,
                "pipeline": pipeline_fingerprint(),
                "dimensions": int(vectors.shape[1]) if len(vectors) else 0,
                "clauses": len(clauses),
                "indexed": len(indexed),
                "documents": {
                    d.id: {"sha256": d.sha256, "path": str(p), "meta": _jsonable(d.meta),
                           "clauses": sum(1 for c in clauses if c.doc_id == d.id)}
                    for p, d in docs
                },
            }
            # The manifest is written last: a generation without one is unfinished.
            (path / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
            _fsync(path / "manifest.json")
            return path
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise


def _by_doc(clauses: list[Clause]) -> dict[str, list[Clause]]:
    out: dict[str, list[Clause]] = {}
    for clause in clauses:
        out.setdefault(clause.doc_id, []).append(clause)
    return out


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _jsonable(meta: dict) -> dict:
    return json.loads(json.dumps(meta, ensure_ascii=False, default=str))


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _progress(items, enabled: bool, stage: str):
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=stage, unit="batch" if stage == "embed" else "doc", leave=False)
