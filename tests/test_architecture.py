"""Imports flow one way: qa_app.ui -> qa_app -> ingest; only qa_app/ui imports streamlit."""

import re

from tests.conftest import REPO

IMPORT = re.compile(r"^\s*(?:from|import)\s+([\w.]+)", re.M)


def imports(folder):
    for path in (REPO / folder).rglob("*.py"):
        yield path, set(IMPORT.findall(path.read_text(encoding="utf-8")))


def test_ingest_knows_nothing_of_the_app_or_streamlit():
    for path, names in imports("ingest"):
        assert not any(n.startswith(("streamlit", "qa_app")) for n in names), path


def test_only_the_ui_imports_streamlit():
    for path, names in imports("qa_app"):
        if "ui" not in path.relative_to(REPO / "qa_app").parts:
            assert not any(n.startswith("streamlit") for n in names), path


def test_telemetry_is_off_in_shipped_config():
    config = (REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(r"gatherUsageStats\s*=\s*false", config)
    source = (REPO / "ingest" / "index.py").read_text(encoding="utf-8")
    assert "anonymized_telemetry=False" in source
