"""Imports flow one way: qa_app.ui -> qa_app -> ingest; only qa_app/ui imports streamlit."""

import ast
import os
import re
import tomllib

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
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    # A named local address also keeps Streamlit from asking checkip.amazonaws.com for the
    # machine's external address at start-up (it does so for a wildcard address).
    assert config["server"]["address"] in ("127.0.0.1", "localhost")
    assert "--server.address 127.0.0.1" in (REPO / "Makefile").read_text(encoding="utf-8")
    # Every chromadb client the code creates is given settings with telemetry off.
    clients = 0
    for path in [*(REPO / "ingest").rglob("*.py"), *(REPO / "qa_app").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "").endswith("Client") \
                    and getattr(node.func.value, "id", "") == "chromadb":
                clients += 1
                settings = next((k.value for k in node.keywords if k.arg == "settings"), None)
                assert isinstance(settings, ast.Call) and any(
                    k.arg == "anonymized_telemetry" and getattr(k.value, "value", None) is False
                    for k in settings.keywords), f"{path}:{node.lineno}"
    assert clients >= 1


def test_telemetry_switches_are_set_before_the_libraries_load(tmp_path, monkeypatch):
    from ingest.index import chroma_client
    from ingest.settings import quiet_telemetry

    for name in ("ANONYMIZED_TELEMETRY", "STREAMLIT_BROWSER_GATHER_USAGE_STATS", "HF_HUB_OFFLINE", "DO_NOT_TRACK"):
        monkeypatch.delenv(name, raising=False)
    quiet_telemetry()
    assert os.environ["ANONYMIZED_TELEMETRY"] == "False" and os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.environ["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] == "false" and os.environ["DO_NOT_TRACK"] == "1"
    assert chroma_client(tmp_path / "chroma").get_settings().anonymized_telemetry is False


def test_only_the_api_module_serves_http():
    """qa_app/api.py is the HTTP adapter, as qa_app/ui is the browser's: the web framework stays
    there, the API does not reach into the UI, and only the CLI (`regkb serve`) starts it."""
    web = ("fastapi", "starlette", "uvicorn", "python_multipart", "swagger_ui_bundle")
    for folder in ("ingest", "qa_app"):
        for path, names in imports(folder):
            relative = path.relative_to(REPO).as_posix()
            if relative != "qa_app/api.py":
                assert not any(n.startswith(web) for n in names), path
            if relative not in ("qa_app/api.py", "qa_app/cli.py"):
                assert not any(n.startswith("qa_app.api") for n in names), path
    _, api_imports = next((p, n) for p, n in imports("qa_app") if p.name == "api.py" and p.parent.name == "qa_app")
    assert not any(n.startswith(("streamlit", "qa_app.ui")) for n in api_imports)
