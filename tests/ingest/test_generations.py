"""Which generations an ingest keeps: the current one, the one it replaced, and any
replaced less than ``prune_grace`` seconds ago (readers may still be using them)."""

from __future__ import annotations

import time
from dataclasses import replace

from ingest.index import Ingestor, IndexStore
from qa_app.kb import KnowledgeBase


def ingest_change(settings, embedder, tokenizer, text: str) -> str:
    path = settings.corpus / "demo-rule.md"
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace("并保存生产记录", f"并保存生产记录{text}", 1), encoding="utf-8")
    return Ingestor(settings, embedder, tokenizer).run().generation


def names(settings) -> set[str]:
    return {p.name for p in (settings.home / "generations").iterdir()}


def test_replaced_generations_stay_for_the_grace_period(small_settings, hash_embedder, tokenizer):
    settings = replace(small_settings, prune_grace=3600)
    made = [Ingestor(settings, hash_embedder, tokenizer).run().generation]
    made += [ingest_change(settings, hash_embedder, tokenizer, t) for t in ("甲", "乙", "丙")]
    assert names(settings) == set(made)  # all replaced within the hour

    store = IndexStore.for_settings(settings)
    current, previous = (settings.home / "generations" / n for n in made[-1:-3:-1])
    # An hour later, only the current one and the one it replaced are left.
    assert sorted(store.prune(current, previous, now=time.time() + 3601)) == sorted(made[:2])
    assert names(settings) == set(made[2:])


def test_with_no_grace_the_replaced_generation_still_stays(small_settings, hash_embedder, tokenizer):
    settings = replace(small_settings, prune_grace=0)
    first = Ingestor(settings, hash_embedder, tokenizer).run().generation
    kb = KnowledgeBase.open(settings, embedder=hash_embedder, tokenizer=tokenizer)
    second = ingest_change(settings, hash_embedder, tokenizer, "甲")
    assert names(settings) == {first, second}
    assert not kb.is_current() and kb.search("生产记录", 1)  # the old reader still works
    third = ingest_change(settings, hash_embedder, tokenizer, "乙")
    assert names(settings) == {second, third}
    # An ingest that finds nothing to do also sweeps what has expired.
    assert Ingestor(settings, hash_embedder, tokenizer).run().up_to_date
    assert names(settings) == {third}


def test_unfinished_generations_go_at_once(small_settings, hash_embedder, tokenizer):
    first = Ingestor(small_settings, hash_embedder, tokenizer).run().generation
    crashed = small_settings.home / "generations" / "20000101T000000-deadbeef"
    (crashed / "bm25").mkdir(parents=True)  # no manifest: an ingest that was killed
    (small_settings.home / "CURRENT.0123.tmp").write_text("x")
    second = ingest_change(small_settings, hash_embedder, tokenizer, "甲")
    assert names(small_settings) == {first, second}
    assert not list(small_settings.home.glob("CURRENT.*.tmp"))


def test_is_current_follows_current(small_settings, hash_embedder, tokenizer):
    Ingestor(small_settings, hash_embedder, tokenizer).run()
    kb = KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer)
    assert kb.is_current()
    ingest_change(small_settings, hash_embedder, tokenizer, "甲")
    assert not kb.is_current()
    assert KnowledgeBase.open(small_settings, embedder=hash_embedder, tokenizer=tokenizer).is_current()
