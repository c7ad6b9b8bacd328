"""The load script's harness (evals/load.py) on the small corpus: threads share one answerer,
and errors and answers that differ from the serial run are counted, not lost."""

from __future__ import annotations

from evals import load
from ingest.index import Ingestor
from qa_app.kb import KnowledgeBase

QUESTIONS = ["谁负责产品上市放行？", "受托生产企业能否再次委托生产？", "谁负责生产放行？", "谁检查受托生产企业？"]


def small_kb(settings, embedder, tokenizer) -> KnowledgeBase:
    Ingestor(settings, embedder, tokenizer).run()
    return KnowledgeBase.open(settings, embedder=embedder, tokenizer=tokenizer)


def test_threads_on_one_answerer_get_the_serial_answers(small_settings, hash_embedder, tokenizer):
    kb = small_kb(small_settings, hash_embedder, tokenizer)
    reference, serial = load.reference_pass(kb, QUESTIONS)
    assert serial["questions"] == len(QUESTIONS) and serial["p95_ms"] > 0
    burst = load.cold_burst(kb, QUESTIONS, reference, users=4)
    assert burst["answered"] == 4 and burst["errors"] == 0 and burst["mismatches"] == 0
    result = load.steady_load(kb, QUESTIONS, reference, users=4, seconds=0.5, think=0.0)
    assert result["answered"] > 4 and result["errors"] == 0 and result["mismatches"] == 0
    assert result["throughput_rps"] > 0 and result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"]
    assert result["rss_start_mib"] > 0 and result["rss_samples"]
    assert all(load.verdict(result, burst).values())


def test_a_different_answer_is_a_mismatch_and_an_exception_an_error(small_settings, hash_embedder, tokenizer):
    kb = small_kb(small_settings, hash_embedder, tokenizer)
    wrong = {q: ("another answer", (), (), False) for q in QUESTIONS}
    result = load.steady_load(kb, QUESTIONS, wrong, users=2, seconds=0.2, think=0.0)
    assert result["mismatches"] == result["answered"] > 0
    assert not load.verdict(result, result)["answers_match_serial"]

    class Broken:
        def ask(self, *args, **kwargs):
            raise RuntimeError("shared state corrupted")

    tally = load.Tally(wrong)
    tally.record(Broken(), QUESTIONS[0])
    summary = tally.summary(1.0)
    assert summary["errors"] == 1 and summary["answered"] == 0
    assert summary["error_kinds"] == {"RuntimeError: shared state corrupted": 1}
    assert "shared state corrupted" in summary["tracebacks"][0]


def test_report_names_the_targets_and_memory(small_settings, hash_embedder, tokenizer):
    kb = small_kb(small_settings, hash_embedder, tokenizer)
    reference, serial = load.reference_pass(kb, QUESTIONS)
    burst = load.cold_burst(kb, QUESTIONS, reference, users=2)
    steady = load.steady_load(kb, QUESTIONS, reference, users=2, seconds=0.2, think=0.05)
    info = {"date": "2026-01-01", "cpus": 2, "cpu": "test", "python": "3.11", "commit": "", "loadavg_1min_at_start": 0}
    text = load.markdown({"machine": info, "embedder": kb.embedder.name, "clauses": len(kb.clauses),
                          "rss_after_open_mib": 1.0, "reference": serial, "cold_burst": burst, "load": steady,
                          "targets_met": load.verdict(steady, burst)})
    assert "| zero errors | yes |" in text and "steady-load p95 ≤ 1 s | yes" in text
    assert f"growth {steady['rss_growth_mib']:+g} MiB" in text
