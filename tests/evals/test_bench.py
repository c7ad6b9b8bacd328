"""The benchmark report keeps what was written into it by hand."""

from evals.bench import write_markdown

RESULTS = {
    "machine": {"date": "2026-12-06T12:00:00+00:00", "nproc": 2, "cpu_model": "", "mem_total_gib": 23.5,
                "python": "3.11.7", "platform": "Linux", "git_commit": "abc1234", "embedder": "use-multilingual-v3",
                "threads": 1, "load_average_at_start": [1.0, 1.0, 1.0], "load_average_at_end": [1.0, 1.0, 1.0]},
    "args": {"scale": False},
    "rows": [{"metric": "Cold `regkb ask` (median of 5, wall)", "value": 1.5, "unit": "s", "target": 2.0,
              "pass": True}],
    "findings": [],
}


def test_sections_written_by_hand_survive_a_new_run(tmp_path):
    report = tmp_path / "BENCHMARKS.md"
    write_markdown(report, RESULTS, "bench.json", tmp_path)
    notes = "## Cold start (issue 13)\n\nWhat dominates: importing chromadb.\n\n## Another note\n\nKept too."
    report.write_text(report.read_text(encoding="utf-8").replace("## How it is measured", notes + "\n\n## How it is measured"),
                      encoding="utf-8")
    write_markdown(report, {**RESULTS, "rows": [{**RESULTS["rows"][0], "value": 1.4}]}, "bench.json", tmp_path)
    text = report.read_text(encoding="utf-8")
    assert "| 1.40 s | ≤ 2.00 s | pass |" in text and "| 1.50 s" not in text
    assert text.count("What dominates: importing chromadb.") == 1 and text.count("## How it is measured") == 1
    assert text.index("## Cold start") < text.index("## Another note") < text.index("## How it is measured")
