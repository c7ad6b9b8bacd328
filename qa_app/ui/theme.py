"""Colours that keep secondary text legible.

Streamlit draws captions (``st.caption``), the file uploader's size line, the input hints and placeholders in the
body colour at 60 % opacity: about 3.9:1 against the page, below the 4.5:1 that WCAG AA asks of
text. :func:`legible_secondary_text` draws them opaque in :data:`SECONDARY_TEXT`, a grey that keeps
at least 4.5:1 on every background of the theme in ``.streamlit/config.toml`` (the page, the sidebar);
``tests/qa_app/test_locale.py`` computes the ratios.
"""

from __future__ import annotations

import streamlit as st

SECONDARY_TEXT = "#5f5b57"

# Streamlit's own test ids for the texts it fades.
SECONDARY_SELECTORS = (
    '[data-testid="stCaptionContainer"]',
    '[data-testid="stFileUploaderDropzoneInstructions"]',
    '[data-testid="InputInstructions"]',
)


def css() -> str:
    return (f"<style>{', '.join(SECONDARY_SELECTORS)} {{ opacity: 1; color: {SECONDARY_TEXT}; }}\n"
            f"input::placeholder, textarea::placeholder {{ opacity: 1; color: {SECONDARY_TEXT}; }}</style>")


def legible_secondary_text() -> None:
    """Put the style on the page (once per run; a style-only element takes no space)."""
    st.html(css())
