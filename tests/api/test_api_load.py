"""The HTTP load script (evals/api_load.py) end to end, briefly: it starts the real server,
drives it from several clients, and reports latency, errors, mismatches and memory."""

from __future__ import annotations

import json

import pytest

from evals import api_load

pytestmark = pytest.mark.slow  # the full-corpus index and a real server


def test_the_load_script_measures_a_real_server(full_home, tmp_path):
    assert api_load.main(["--users", "3", "--seconds", "2", "--out", str(tmp_path)]) == 0
    result = json.loads((tmp_path / "api-load.json").read_text(encoding="utf-8"))
    load = result["load"]
    assert load["answered"] > 3 and load["errors"] == 0 and load["mismatches"] == 0
    assert load["by_endpoint"]["ask"]["answered"] > 0 and load["p50_ms"] <= load["p95_ms"]
    assert load["rss_peak_mib"] > 100  # the server's memory, not the client's
    assert "| zero errors | yes |" in (tmp_path / "API-LOAD.md").read_text(encoding="utf-8")
    assert not (tmp_path / "api-load-server.log").exists()
