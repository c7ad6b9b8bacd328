"""Building the index: clauses -> chromadb (through llama-index) + BM25, on disk.

Layout under REGKB_HOME::

    CURRENT                    name of the generation readers use
    generations/<name>/        one complete index: manifest.json, clauses.jsonl,
                               vectors.npy, chroma/, bm25/, terms.json, tokenizer.marshal
    added/                     documents added with `regkb add`

Every ingest writes a new generation and only then points CURRENT at it (an atomic
rename), so a crash or Ctrl-C leaves the previous index whole. Unchanged documents
(same content hash) are not parsed again and unchanged clauses are not embedded again.

Readers in other processes may still be answering from the generation an ingest has just
replaced, so replaced generations are not deleted at once: the one replaced last always
stays, older ones go once they were replaced more than ``Settings.prune_grace`` seconds
ago. Readers check CURRENT (one small file) before each request and re-open when it moved.

With ``Settings.chroma_url`` (REGKB_CHROMA_URL) the vectors go to a chroma server instead
of the generation's chroma/ folder, one collection per generation (``clauses-<name>``);
everything else stays in the generation folder, which all processes must see.

Readers query the chroma collection directly (:class:`ClauseVectors`), not through llama-index:
importing llama-index costs a new process well over a second, and a reader needs only the
nearest clause ids and their scores, which it gets as llama-index gives them.

Readers never write: chromadb has no read-only mode (it opens its sqlite database for
writing and rewrites HNSW files on every open), so a reader opens a private copy of the
generation's chroma/ folder in the temporary folder. A read-only REGKB_HOME therefore
answers questions; `ingest` and `add` on it say that they need a writable one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import math
import os
import re
import shutil
import tempfile
import time
import uuid
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import numpy as np

from ingest.duties import DutyAnnotator
from ingest.embed import Embedder
from ingest.obligations import ObligationReader
from ingest.errors import IndexFormatError, IndexMissingError, InputError, os_reason, writing
from ingest.records import Clause, Document
from ingest.settings import Settings, quiet_telemetry
from ingest.structure import segment
from ingest.tokenize import Tokenizer

if TYPE_CHECKING:  # the corpus readers (Word, PDF) are loaded by the ingest only
    from ingest.corpus import Import

FORMAT = 1
# What a generation holds besides what FORMAT 1 promises. 2: terms.json (the tokens of every
# searchable clause, so a reader does not segment the whole corpus again) and the document id
# in the vector store's metadata (so searches filter inside chroma). A generation of an older
# layout is still read correctly, only more slowly; the next ingest rewrites it (the layout is
# part of the pipeline fingerprint). 3: tokenizer.marshal (the tokenizer the ingest used, so a
# reader loads it instead of building jieba's dictionaries again).
LAYOUT = 3
TOKENIZER = "tokenizer.marshal"
# What decides the clauses and tokens besides the corpus: when any of these change,
# every document is parsed and annotated again (unchanged texts keep their vectors).
_PIPELINE_FILES = ("structure.py", "duties.py", "grammar.py", "obligations.py", "tokenize.py", "records.py",
                   "data/parties.yaml", "data/user_dict.txt", "data/synonyms.yaml",
                   "data/workplace.yaml")


def pipeline_fingerprint() -> str:
    digest = hashlib.sha1(f"{FORMAT}.{LAYOUT}".encode())
    # The vector search settings too: an index built with others is rebuilt by the next ingest.
    digest.update(json.dumps(HNSW, sort_keys=True).encode())
    for name in _PIPELINE_FILES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


COLLECTION = "clauses"
# With chromadb's defaults (ef 100 to build, 10 to search) the nearest clauses found vary from
# one build to the next, and so do answers; this wide a search finds the true nearest
# clauses every time at corpus sizes like ours, for a few milliseconds more.
#
# Chroma writes its HNSW graph to disk only after a write of at least "sync_threshold" records
# (default 1,000); the records of a smaller last write stay in its log, and every reader that
# opens the collection inserts them into the graph again: 0.3-0.5 s of each new process for the
# shipped corpus (531 of 1,531 clauses), and not always into the same graph. 3 is the least
# chroma accepts, so every write of the ingest leaves the whole graph on disk.
HNSW = {"hnsw:space": "cosine", "hnsw:construction_ef": 200, "hnsw:search_ef": 400, "hnsw:sync_threshold": 3}
EMBED_BATCH = 64
MISSING = "缺失"  # ends each "file is missing" problem; diagnose() stops at those
REBUILD = "运行 `regkb ingest --rebuild` 从语料重建索引（语料不会改变）；`regkb doctor` 列出所有问题。"
# Files every finished generation has, wherever its vectors are (embedded ones add chroma/);
# of the files bm25s writes, the two it reads first.
_FILES = ("clauses.jsonl", "vectors.npy", "vector_keys.json", "bm25", "bm25/ids.json",
          "bm25/params.index.json", "bm25/vocab.index.json")
# What CURRENT may name: a generation folder's name (no path, no control characters).
_GENERATION_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,99}")
# A reader's private copy of a chroma/ folder: <tmp>/regkb-vectors-<pid>-<random>/
_SCRATCH = "regkb-vectors-"


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
    """Where generations live, which one is current, and which replaced ones may go."""

    def __init__(self, home: Path, *, chroma_url: str = "", grace: float = 600.0):
        self.home = home
        self.generations = home / "generations"
        self.chroma_url = chroma_url
        self.grace = grace

    @classmethod
    def for_settings(cls, settings: Settings) -> IndexStore:
        return cls(settings.home, chroma_url=settings.chroma_url, grace=settings.prune_grace)

    def current_name(self) -> str:
        """What CURRENT names ('' if there is none): one small read, cheap enough for every
        request. A CURRENT that does not hold a generation name raises IndexFormatError."""
        path = self.home / "CURRENT"
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return ""
        except OSError as exc:
            raise IndexFormatError(f"无法读取 {path}（{os_reason(exc)}）：请检查该文件及 REGKB_HOME 的权限。") from exc
        try:
            name = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            name = None
        if name is None or not _GENERATION_NAME.fullmatch(name):
            raise IndexFormatError(
                f"{path} 已损坏：它应当只写着当前索引的名称（如 20261206T050234-b174584d），现在却是 {len(raw)} 字节"
                "无法识别的内容。运行 `regkb ingest --rebuild` 从语料重建索引（语料不会改变）；`regkb doctor` 列出所有问题。")
        return name

    def current(self) -> Path | None:
        """The current generation's folder; None if there is none or CURRENT is damaged."""
        try:
            name = self.current_name()
        except IndexFormatError:
            return None
        path = self.generations / name
        return path if name and path.is_dir() else None

    def open_current(self) -> tuple[Path, dict]:
        """The current generation and its manifest, checked; raises with advice if unusable."""
        name = self.current_name()
        if not name:
            raise IndexMissingError(
                f"{self.home} 下还没有索引：运行 `regkb ingest` 建立索引（不到一分钟）。"
            )
        path = self.generations / name
        if not path.is_dir():
            raise IndexFormatError(
                f"{self.home / 'CURRENT'} 指向索引 {name!r}，但 {path} 不存在（已被删除，或备份时漏掉了）。{REBUILD}"
            )
        manifest = read_manifest(path)
        if manifest.get("format") != FORMAT:
            raise IndexFormatError(
                f"{path} 的索引格式是 {manifest.get('format')!r}，本版 regkb 读取的格式是 {FORMAT}："
                "运行 `regkb ingest` 从语料重建索引（语料不会改变）。"
            )
        missing = [name for name in _needed_files(manifest) if not (path / name).exists()]
        if missing:
            raise IndexFormatError(f"{path} 的索引不完整（缺少 {'、'.join(missing)}）。{REBUILD}")
        problems = generation_problems(path, manifest)
        if problems:
            raise IndexFormatError(f"{path} 的索引已损坏：{problems[0]}。{REBUILD}")
        return path, manifest

    def switch_to(self, generation: Path) -> None:
        tmp = self.home / f"CURRENT.{uuid.uuid4().hex}.tmp"
        tmp.write_text(generation.name, encoding="utf-8")
        _fsync(tmp)
        os.replace(tmp, self.home / "CURRENT")

    def prune(self, keep: Path, previous: Path | None = None, *, now: float | None = None) -> list[str]:
        """Remove generations no reader should still be using; returns their names.

        Kept: ``keep`` (current), ``previous`` (current until this ingest switched: a reader
        may be in the middle of a request on it) and every generation replaced less than
        ``grace`` seconds ago. A generation without a manifest is an interrupted ingest; the
        caller holds the ingest lock, so nobody is writing it any more and it goes at once.
        """
        now = time.time() if now is None else now
        replaced = self._replaced_at()
        removed = []
        for path in sorted(self.generations.glob("*")):
            if path in (keep, previous) or not path.is_dir():
                continue
            finished = (path / "manifest.json").exists()
            if finished and now - replaced.get(path.name, now) < self.grace:
                continue
            if self._delete(path):
                removed.append(path.name)
        for tmp in self.home.glob("CURRENT.*.tmp"):
            tmp.unlink(missing_ok=True)
        return removed

    def _replaced_at(self) -> dict[str, float]:
        """When each finished generation was replaced: when the next newer one was finished
        (the switch follows right after). The newest one has no entry."""
        stamps = sorted(
            (p.joinpath("manifest.json").stat().st_mtime, p.name)
            for p in self.generations.glob("*") if p.joinpath("manifest.json").exists()
        )
        return {name: later for (_, name), (later, _) in zip(stamps, stamps[1:])}

    def _delete(self, path: Path, *, force: bool = False) -> bool:
        """Delete a generation and, in server mode, its collection first (unless ``force``,
        a folder whose collection could not be dropped stays, so the next ingest tries again)."""
        try:
            manifest = read_manifest(path)
        except IndexFormatError:
            manifest = {}
        location = manifest.get("vectors") or {}
        url = self.chroma_url or location.get("url", "")
        if location.get("store") == "server" or (not manifest and self.chroma_url):
            try:
                drop_collection(url, location.get("collection") or server_collection(path.name))
            except IndexMissingError:
                if not force:
                    return False
        shutil.rmtree(path, ignore_errors=True)
        return True

    @contextlib.contextmanager
    def lock(self):
        """One ingest at a time per REGKB_HOME."""
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.home / ".ingest.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise InputError(f"另一个 `regkb ingest` 正在为 {self.home} 建立索引：请等它完成后再运行。") from None
            yield


def read_manifest(path: Path) -> dict:
    """A generation's manifest.json, checked: a manifest of this format must have every
    field readers use, of the right type (an older format is left to the format check)."""
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexFormatError(
            f"{path} 的索引没有索引清单 manifest.json（索引没有建完，或是旧版 regkb 写的）：运行 `regkb ingest --rebuild`。"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexFormatError(f"{path} 的索引清单 manifest.json 已损坏（不是有效的 JSON）。{REBUILD}") from exc
    problem = _manifest_problem(manifest)
    if problem:
        raise IndexFormatError(
            f"索引清单 {path / 'manifest.json'} 已损坏：{problem}。运行 `regkb ingest "
            "--rebuild` 从语料重建索引（语料不会改变）；`regkb doctor` 列出所有问题。")
    return manifest


# field -> type, for a manifest of this FORMAT and for each of its documents
_MANIFEST_FIELDS = {"format": int, "embedder": str, "dimensions": int, "clauses": int, "indexed": int,
                    "documents": dict}
_MANIFEST_OPTIONAL = {"created": str, "pipeline": str, "vectors": dict, "layout": int}
_DOCUMENT_FIELDS = {"sha256": str, "meta": dict, "clauses": int}
_TYPE_NAMES = {int: "整数", str: "文本", dict: "映射（JSON 对象）"}


def _manifest_problem(manifest) -> str:
    """What is wrong with a manifest's structure ('' if nothing)."""
    if not isinstance(manifest, dict):
        return f"它应当是一个 JSON 对象，却是 {type(manifest).__name__}"
    if manifest.get("format") != FORMAT:
        return ""
    problem = _fields_problem(manifest, _MANIFEST_FIELDS, _MANIFEST_OPTIONAL, "")
    if problem:
        return problem
    for doc_id, entry in manifest["documents"].items():
        problem = (_fields_problem(entry, _DOCUMENT_FIELDS, {"path": str}, f"documents 中的 {doc_id} 的 ")
                   if isinstance(entry, dict) else f"documents 中的 {doc_id} 应当是映射（JSON 对象）")
        if problem:
            return problem
    return ""


def _fields_problem(record: dict, needed: dict, optional: dict, where: str) -> str:
    for name, kind in {**needed, **optional}.items():
        if name not in record:
            if name in needed:
                return f"{where}缺少 {name}"
        elif type(record[name]) is not kind:  # noqa: E721  (bool is not an integer here)
            return f"{where}{name} 应当是{_TYPE_NAMES[kind]}，实为 {json.dumps(record[name], ensure_ascii=False)[:40]}"
    return ""


def load_clauses(path: Path) -> list[Clause]:
    try:
        with open(path / "clauses.jsonl", encoding="utf-8") as handle:
            return [Clause.from_dict(json.loads(line)) for line in handle if line.strip()]
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexFormatError(
            f"{path} 的索引已损坏：无法读取 clauses.jsonl（{exc}）。{REBUILD}"
        ) from exc


def load_terms(path: Path, manifest: dict, tokenizer: Tokenizer) -> dict[str, frozenset[str]]:
    """The distinct tokens of every searchable clause: read from terms.json when the generation
    was tokenised as this code tokenises (same pipeline fingerprint), else worked out again."""
    if manifest.get("layout", 1) >= 2 and manifest.get("pipeline") == pipeline_fingerprint():
        try:
            stored = json.loads((path / "terms.json").read_text(encoding="utf-8"))
            return {clause_id: frozenset(terms) for clause_id, terms in stored.items()}
        except (OSError, ValueError, AttributeError):
            pass  # a missing or damaged table costs time, not answers
    return {c.id: frozenset(tokenizer.tokens(c.context_text)) for c in load_clauses(path) if searchable(c)}


def load_tokenizer(path: Path, manifest: dict) -> Tokenizer:
    """The tokenizer the ingest used, as it saved it (a quarter of the time of building one) when
    the generation was tokenised as this code tokenises (same pipeline fingerprint), else built anew."""
    if manifest.get("layout", 1) >= 3 and manifest.get("pipeline") == pipeline_fingerprint():
        try:
            return Tokenizer.load(path / TOKENIZER)
        except (OSError, ValueError):
            pass  # a missing or damaged file costs time, not answers
    return Tokenizer()


def filterable_vectors(manifest: dict) -> bool:
    """Whether the vector store of a generation carries the document id of each clause."""
    return manifest.get("layout", 1) >= 2


def _needed_files(manifest: dict) -> tuple[str, ...]:
    return _FILES if is_server(manifest) else (*_FILES, "chroma")


def generation_problems(path: Path, manifest: dict) -> list[str]:
    """What is wrong with a generation's files, checked cheaply (counts and shapes, not
    every record), so that readers can afford it at start-up."""
    problems = [f"{name} {MISSING}" for name in _needed_files(manifest) if not (path / name).exists()]
    if problems:
        return problems
    clauses, indexed, dims = manifest.get("clauses"), manifest.get("indexed"), manifest.get("dimensions")
    lines = (path / "clauses.jsonl").read_bytes().splitlines()
    lines = [line for line in lines if line.strip()]
    if len(lines) != clauses:
        problems.append(f"clauses.jsonl 有 {len(lines)} 条条款，索引清单写的是 {clauses} 条")
    elif lines:
        try:
            json.loads(lines[-1])
        except ValueError:
            problems.append("clauses.jsonl 的最后一行不完整")
    try:
        shape = np.load(path / "vectors.npy", mmap_mode="r").shape
        if shape != (indexed, dims):
            problems.append(f"vectors.npy 的形状是 {shape}，索引清单写的是 ({indexed}, {dims})")
    except (OSError, ValueError) as exc:
        problems.append(f"无法读取 vectors.npy（{exc}）")
    for name in ("vector_keys.json", "bm25/ids.json"):
        try:
            count = len(json.loads((path / name).read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            problems.append(f"无法读取 {name}（{exc}）")
            continue
        if count != indexed:
            problems.append(f"{name} 列出 {count} 条条款，索引清单写的是 {indexed} 条可检索")
    return problems


def is_server(manifest: dict) -> bool:
    """Whether a generation keeps its vectors on a chroma server (older manifests: embedded)."""
    return (manifest.get("vectors") or {}).get("store") == "server"


def server_collection(generation: str) -> str:
    return f"{COLLECTION}-{generation}"


def chroma_client(path: Path):
    """A local chromadb client with telemetry off."""
    quiet_telemetry()
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def chroma_server(url: str):
    """A client for the chroma server at ``url`` (REGKB_CHROMA_URL), telemetry off."""
    quiet_telemetry()
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"REGKB_CHROMA_URL={url!r} 不是服务器地址：请写成 http://主机:端口，例如 http://127.0.0.1:8000。")
    https = parts.scheme == "https"
    try:
        return chromadb.HttpClient(host=parts.hostname, port=port or (443 if https else 80), ssl=https,
                                   settings=ChromaSettings(anonymized_telemetry=False))
    except Exception as exc:  # ValueError or an httpx error, depending on what failed
        raise IndexMissingError(
            f"无法连接 chroma 服务器 {url}（REGKB_CHROMA_URL）：{str(exc).rstrip('.')}。请启动它"
            "（`chroma run --path 目录 --host 127.0.0.1 --port 端口`），或取消设置 REGKB_CHROMA_URL。"
        ) from exc


def drop_collection(url: str, name: str) -> None:
    """Delete a collection on the server; one that is already gone is fine."""
    from chromadb.errors import NotFoundError

    client = chroma_server(url)
    try:
        client.delete_collection(name)
    except NotFoundError:
        pass
    except Exception as exc:  # the server went away or refused: the caller keeps the folder
        raise IndexMissingError(f"无法删除 chroma 服务器 {url} 上的集合 {name}（{exc}）：请检查服务器是否在运行。") from exc


def vector_store(client, name: str = COLLECTION):
    """The llama-index view of a clause collection, created if needed (for writing). No
    embedding function is attached: chromadb's default one would download a model, so
    vectors are always passed in."""
    from llama_index.vector_stores.chroma import ChromaVectorStore

    collection = client.get_or_create_collection(name, metadata=HNSW, embedding_function=None)
    return ChromaVectorStore(chroma_collection=collection)


class ClauseVectors:
    """A generation's clause collection, read: the clauses nearest a query vector.

    The ingest writes the collection through llama-index (``vector_store``); reading it needs
    none of llama-index, so a reader queries chroma itself, as llama-index's ChromaVectorStore
    does (a ``where`` in chroma's form, the similarity exp(-distance)), and gets the same ids
    and scores (tests/ingest/test_index.py compares the two)."""

    def __init__(self, collection):
        self._collection = collection

    def nearest(self, vector: list[float], k: int, where: dict | None = None) -> list[tuple[str, float]]:
        """(clause id, similarity) of the ``k`` nearest clauses that ``where`` lets through, nearest first."""
        found = self._collection.query(query_embeddings=[vector], n_results=k, where=where or None,
                                       include=["distances"])
        return [(clause_id, math.exp(-distance)) for clause_id, distance in zip(found["ids"][0], found["distances"][0])]


def open_vectors(generation: Path, manifest: dict, chroma_url: str = "") -> ClauseVectors:
    """A generation's vectors for reading, wherever its manifest says they are (a server
    generation is read from ``chroma_url`` if given, else from the address it was built
    with). A missing collection or a wrong count raises :class:`IndexFormatError`."""
    location = manifest.get("vectors") or {}
    scratch = None
    if is_server(manifest):
        url = chroma_url or location.get("url", "")
        client, name, where = chroma_server(url), location.get("collection", ""), f"chroma 服务器 {url}"
    else:
        name, where = COLLECTION, str(generation / "chroma")
        key = (str(generation), _fingerprint(generation / "chroma"))
        opened = _OPENED.get(key)
        if opened is not None:  # another reader in this process has this very store open
            return opened
        scratch = _private_copy(generation)
        try:
            client = chroma_client(scratch / "chroma")
        except Exception as exc:  # a damaged chroma.sqlite3 fails here, with sqlite's or chromadb's error
            _discard(None, scratch)
            raise IndexFormatError(
                f"{generation} 的索引已损坏：无法打开向量库（{exc}）。{REBUILD}"
            ) from exc
    try:
        collection = client.get_collection(name, embedding_function=None)
        count = collection.count()
        if count != manifest.get("indexed"):
            raise IndexFormatError(
                f"{generation} 的索引已损坏：向量库（{where}）有 {count} 条条款，索引清单写的是 "
                f"{manifest.get('indexed')} 条。{REBUILD}"
            )
    except Exception as exc:  # NotFoundError; chromadb has raised ValueError for this too
        if scratch:
            _discard(client, scratch)
        if isinstance(exc, IndexFormatError):
            raise
        raise IndexFormatError(
            f"{generation} 的索引已损坏：向量集合 {name!r} 不在 {where} 中，或无法读取（{exc}）。{REBUILD}"
        ) from exc
    store = ClauseVectors(collection)
    if scratch:
        weakref.finalize(store, _discard, client, scratch)
        _OPENED[key] = store
    return store


# Private copies open in this process, by generation and the state of its chroma/ files (a
# changed file, as in a damaged index, makes a new copy); an entry goes with its last reader.
_OPENED: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


def _fingerprint(folder: Path) -> tuple:
    try:
        return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")))
    except OSError:
        return ()


def _private_copy(generation: Path) -> Path:
    """Copy a generation's chroma/ folder to a new private temporary folder, for one reader.

    chromadb has no read-only client (chroma-core/chroma#1438; its `migrations` setting only
    decides whether to apply them): opening a folder writes to chroma.sqlite3 and the HNSW
    files, which fails on a read-only REGKB_HOME and would change a finished generation under
    other readers and backups. The copy is a few MB for the shipped corpus (it is about as
    big as vectors.npy plus the clause texts) and is removed when the store is dropped; copies
    left by killed processes are removed by the next reader.
    """
    _sweep_copies()
    with writing(tempfile.gettempdir(), "临时目录（TMPDIR）"):
        scratch = Path(tempfile.mkdtemp(prefix=f"{_SCRATCH}{os.getpid()}-"))
    source = generation / "chroma"
    try:
        for path in sorted(source.rglob("*")):  # folders come before what they hold
            target = scratch / "chroma" / path.relative_to(source)
            if path.is_dir():
                target.mkdir(parents=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    except OSError as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT) or str(exc.filename or "").startswith(str(scratch)):
            with writing(scratch.parent, "临时目录（TMPDIR）"):
                raise
        raise IndexFormatError(
            f"{generation} 的索引已损坏：无法读取向量库（{os_reason(exc)}）。{REBUILD}") from exc
    return scratch


def _discard(client, scratch: Path) -> None:
    if client is not None:
        with contextlib.suppress(Exception):
            client.close()
    shutil.rmtree(scratch, ignore_errors=True)


def _sweep_copies() -> None:
    """Remove private copies whose process is gone (killed before it could remove its own)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_SCRATCH}*-*"):
        pid = folder.name[len(_SCRATCH):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def searchable(clause: Clause) -> bool:
    return clause.normative and clause.kind != "non_normative"


class Ingestor:
    """Builds a new generation from the corpus folders, reusing what has not changed."""

    def __init__(self, settings: Settings, embedder: Embedder, tokenizer: Tokenizer | None = None,
                 annotator: DutyAnnotator | None = None):
        self.settings = settings
        self.embedder = embedder
        self.tokenizer = tokenizer or Tokenizer()
        self.annotator = annotator or DutyAnnotator()
        self.store = IndexStore.for_settings(settings)

    def documents(self) -> list[tuple[Path, Document]]:
        from ingest.corpus import load_corpus

        docs = load_corpus(self.settings.corpus, self.settings.added_dir)
        if not docs:
            raise InputError(f"{self.settings.corpus} 中没有语料文件（*.md）：请检查 REGKB_CORPUS 或 --corpus 指向的目录。")
        return docs

    def run(self, *, rebuild: bool = False, progress: bool = False) -> IngestReport:
        """Bring the index up to date with the corpus folders (everything, with ``rebuild``)."""
        with writing(self.settings.home), self.store.lock():
            return self._run(rebuild, progress)

    def add(self, imported: Import, *, progress: bool = False) -> IngestReport:
        """`regkb add`: write a document made by :func:`ingest.corpus.prepare_import` (which
        checked the file and its id against every document) and index it. If indexing fails,
        the added file is taken out again (or the one it replaced put back), so a failed add
        leaves the knowledge base as it was."""
        with writing(self.settings.home), self.store.lock():
            imported.write()
            try:
                return self._run(False, progress)
            except BaseException:
                imported.undo()
                raise

    def _run(self, rebuild: bool, progress: bool) -> IngestReport:
        started = time.perf_counter()
        if self.settings.chroma_url:
            chroma_server(self.settings.chroma_url)  # unreachable: say so before parsing and embedding
        report = IngestReport()
        replaced = self.store.current()
        previous, manifest = self._previous(report, rebuild)
        docs = self.documents()
        old_docs = manifest.get("documents", {}) if previous else {}
        reparse = bool(previous) and manifest.get("pipeline") != pipeline_fingerprint()
        if reparse:
            report.rebuilt_because = "解析规则、标注规则或词典有变化（沿用已有向量）"
        old_clauses = _by_doc(load_clauses(previous)) if previous else {}

        clauses: list[Clause] = []
        for path, doc in _progress(docs, progress, "parse"):
            old = old_docs.get(doc.id)
            if old and old["sha256"] == doc.sha256 and doc.id in old_clauses and not reparse:
                report.unchanged.append(doc.id)
                clauses += old_clauses[doc.id]
                continue
            (report.changed if old else report.added).append(doc.id)
            annotator = self.annotator.for_document(doc.meta, doc.source)
            addressee = annotator.addressed_to(doc.meta)
            clauses += ObligationReader(annotator).read_document(
                [annotator.annotate(c, addressee) for c in segment(doc)])
        report.removed = sorted(set(old_docs) - {d.id for _, d in docs})
        report.clauses = len(clauses)
        if previous and report.up_to_date:
            self.store.prune(keep=previous)
            report.generation = previous.name
            report.seconds = time.perf_counter() - started
            return report

        vectors, report.embedded = self._vectors(clauses, previous, progress)
        generation = self._write(docs, clauses, vectors)
        self.store.switch_to(generation)
        self.store.prune(keep=generation, previous=replaced)
        report.generation = generation.name
        report.seconds = time.perf_counter() - started
        return report

    def _previous(self, report: IngestReport, rebuild: bool) -> tuple[Path | None, dict]:
        if rebuild:
            report.rebuilt_because = "要求了重建（--rebuild）"
            return None, {}
        try:
            path, manifest = self.store.open_current()
        except IndexMissingError:
            return None, {}
        except IndexFormatError as exc:
            report.rebuilt_because = f"原有索引无法沿用：{exc}"
            return None, {}
        if manifest.get("embedder") != self.embedder.name:
            report.rebuilt_because = (
                f"向量模型变了（{manifest.get('embedder')} -> {self.embedder.name}）"
            )
            return None, {}
        before, wanted = _describe(manifest.get("vectors") or {}), _describe(self._location(""))
        # In both cases clauses and vectors are reused; only the vector store is written anew.
        if before != wanted:
            report.rebuilt_because = f"向量库位置变了（{before} -> {wanted}）"
        else:
            try:
                open_vectors(path, manifest, self.settings.chroma_url)
            except IndexFormatError as exc:
                report.rebuilt_because = f"无法读取向量库（{exc}）"
        return path, manifest

    def _location(self, generation: str) -> dict:
        url = self.settings.chroma_url
        if not url:
            return {"store": "embedded"}
        return {"store": "server", "url": url, "collection": server_collection(generation)}

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
        from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

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
            location = self._location(name)
            nodes = [
                # The document as the node's source: llama-index stores it as the "doc_id" metadata
                # (it overwrites that key with the source's id), which searches filter on.
                TextNode(id_=c.id, text=c.text, embedding=vectors[i].tolist(),
                         relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=c.doc_id)}, metadata={
                    "doc_id": c.doc_id, "ref": c.ref, "kind": c.kind,
                    "level": str(meta[c.doc_id].get("level", "")),
                    "status": str(meta[c.doc_id].get("status", "in_force")),
                })
                for i, c in enumerate(indexed)
            ]
            if location["store"] == "server":
                store = vector_store(chroma_server(location["url"]), location["collection"])
            else:
                store = vector_store(chroma_client(path / "chroma"))
            for start in range(0, len(nodes), 1000):
                store.add(nodes[start:start + 1000])

            retriever = bm25s.BM25()
            tokens = [self.tokenizer.tokens(c.context_text) for c in indexed]
            retriever.index([t or ["∅"] for t in tokens], show_progress=False)
            retriever.save(str(path / "bm25"), show_progress=False)
            (path / "bm25" / "ids.json").write_text(json.dumps([c.id for c in indexed]))
            (path / "terms.json").write_text(json.dumps(
                {c.id: sorted(set(t)) for c, t in zip(indexed, tokens)}, ensure_ascii=False), encoding="utf-8")
            self.tokenizer.save(path / TOKENIZER)

            manifest = {
                "format": FORMAT,
                "layout": LAYOUT,
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "embedder": self.embedder.name,
                "pipeline": pipeline_fingerprint(),
                "dimensions": int(vectors.shape[1]) if len(vectors) else 0,
                "clauses": len(clauses),
                "indexed": len(indexed),
                "vectors": location,
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
            self.store._delete(path, force=True)
            raise


@dataclass(frozen=True)
class Finding:
    """One check of `regkb doctor`: status is ok, warn (works, but see detail) or fail."""

    check: str
    status: str
    detail: str


def diagnose(settings: Settings) -> list[Finding]:
    """Check the current index thoroughly (every clause parsed, BM25 loaded, the vector
    store counted and queried) without loading a model. Stops where the rest cannot be
    checked; nothing is changed."""
    store = IndexStore.for_settings(settings)
    try:
        name = store.current_name()
    except IndexFormatError as exc:
        return [Finding("CURRENT", "fail", str(exc))]
    if not name:
        return [Finding("CURRENT", "fail", f"{settings.home} 下还没有索引：运行 `regkb ingest` 建立索引")]
    path = store.generations / name
    if not path.is_dir():
        return [Finding("CURRENT", "fail", f"指向 {name!r}，但 {store.generations} 中没有它")]
    found = [Finding("CURRENT", "ok", f"指向 {name}")]
    try:
        manifest = read_manifest(path)
    except IndexFormatError as exc:
        return found + [Finding("manifest", "fail", str(exc))]
    if manifest.get("format") != FORMAT:
        return found + [Finding("manifest", "fail", f"格式 {manifest.get('format')!r}，本版 regkb 读取格式 {FORMAT}")]
    found.append(Finding("manifest", "ok", (
        f"建于 {manifest.get('created')}，向量模型 {manifest.get('embedder')}，{len(manifest.get('documents', {}))} "
        f"部文件，{manifest.get('clauses')} 条条款（{manifest.get('indexed')} 条可检索）")))
    problems = generation_problems(path, manifest)
    found.append(Finding("files", "fail" if problems else "ok",
                         "；".join(problems) or "条款、向量和 BM25 编号都与索引清单一致"))
    if any(p.endswith(MISSING) for p in problems):
        return found
    found.append(_check("clauses", lambda: f"{len(load_clauses(path))} 条条款均可读取"))
    found.append(_check("bm25", lambda: _check_bm25(path)))
    found.append(_check("vectors", lambda: _check_vectors(path, manifest, settings.chroma_url)))
    found.append(_check("corpus", lambda: _check_corpus(settings, manifest), failure="warn"))
    others = sorted(p.name for p in store.generations.glob("*") if p.is_dir() and p != path)
    found.append(Finding("other generations", "ok", (
        f"保留 {len(others)} 个供仍在使用的进程读取，被替换超过 {store.grace:g} 秒后由下一次 ingest 删除："
        f"{'、'.join(others)}" if others else "无")))
    return found


def _check(name: str, run, failure: str = "fail") -> Finding:
    try:
        return Finding(name, "ok", run())
    except Exception as exc:  # a doctor reports whatever it finds, it does not stop at the first error
        return Finding(name, failure, str(exc))


def _check_bm25(path: Path) -> str:
    import bm25s

    retriever = bm25s.BM25.load(str(path / "bm25"), show_progress=False)
    return f"{len(retriever.vocab_dict)} 个词"


def _check_vectors(path: Path, manifest: dict, chroma_url: str) -> str:
    """Counted by open_vectors; then the first stored vector must find its own clause."""
    store = open_vectors(path, manifest, chroma_url)
    location = manifest.get("vectors") or {}
    if is_server(manifest):
        where = f"{chroma_url or location.get('url')} 上的集合 {location.get('collection')}"
    else:
        where = "内置的 chroma/ 目录"
    probe_vectors(store, path, where)
    return f"{where}中有 {manifest.get('indexed')} 个向量，试查询能找到对应条款"


def probe_vectors(store: ClauseVectors, path: Path, where: str = "向量库") -> None:
    """Raise :class:`IndexFormatError` unless the first stored vector finds its own clause: a
    vector store whose HNSW files are damaged still opens and counts right, but answers from
    part of the clauses or from none (one query, a few milliseconds)."""
    ids = json.loads((path / "bm25" / "ids.json").read_text(encoding="utf-8"))
    if ids:
        first = np.load(path / "vectors.npy", mmap_mode="r")[0]
        if ids[0] not in {clause_id for clause_id, _ in store.nearest(first.tolist(), 5)}:
            raise IndexFormatError(f"用 {ids[0]} 自己的向量查询找不到它（{where}）：向量库已损坏。{REBUILD}")


def _check_corpus(settings: Settings, manifest: dict) -> str:
    indexed = {k: v.get("sha256") for k, v in manifest.get("documents", {}).items()}
    from ingest.corpus import load_corpus

    now = {doc.id: doc.sha256 for _, doc in load_corpus(settings.corpus, settings.added_dir)}
    stale = sorted(k for k in set(indexed) | set(now) if indexed.get(k) != now.get(k))
    if stale:
        raise InputError(f"建立索引后有 {len(stale)} 部文件变了（{'、'.join(stale[:5])}"
                         f"{' …' if len(stale) > 5 else ''}）：运行 `regkb ingest` 更新索引")
    if manifest.get("pipeline") != pipeline_fingerprint():
        raise InputError("建立索引后解析规则、标注规则或词典有变化：运行 `regkb ingest` 更新索引")
    return f"{settings.corpus} 中的 {len(now)} 部文件都已按现状建立索引"


def _describe(location: dict) -> str:
    """Where vectors live, for comparing two generations: 'embedded' or the server address."""
    return location.get("url", "") if location.get("store") == "server" else "embedded"


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

    desc, unit = {"parse": ("解析文件", "部"), "embed": ("计算向量", "批")}[stage]
    return tqdm(items, desc=desc, unit=unit, leave=False)
