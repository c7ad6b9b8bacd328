"""Shared pieces for the Streamlit page tests."""

from pathlib import Path

import pytest

APP = str(Path(__file__).resolve().parents[2] / "qa_app" / "ui" / "app.py")


@pytest.fixture(autouse=True)
def fresh_streamlit_cache():
    """AppTest runs the app in this process, so cached knowledge bases would leak between tests."""
    import streamlit as st

    st.cache_resource.clear()
    yield
    st.cache_resource.clear()
