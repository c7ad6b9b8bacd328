"""Small Streamlit pieces shared by the pages: safe text, status labels, sidebar filters, notices."""

from __future__ import annotations

import re
import uuid

import streamlit as st

from qa_app.kb import KnowledgeBase
from qa_app.messages import LEVEL_LABELS

BADGES = {"superseded": ("已被替代", "orange"), "reference": ("参考", "gray")}

# Every ASCII character Markdown (or Streamlit's :directive[...] syntax) gives a meaning to;
# CommonMark lets any of them be escaped with a backslash.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=^])")


def md_escape(text: str) -> str:
    """Corpus text or user input made safe to embed in st.markdown: shown as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def conversation_id() -> str:
    """The id of the chat conversation on screen (kept in the session; one per conversation).

    Ratings and the lasting history are keyed by it, so clearing or switching the
    conversation never mixes turns of two conversations."""
    return st.session_state.setdefault("conversation_id", uuid.uuid4().hex)


def new_conversation(conversation: str | None = None) -> None:
    """Start a new conversation (or switch to a stored one): the next turns get its id."""
    st.session_state["conversation_id"] = conversation or uuid.uuid4().hex
    st.session_state["chat"] = []


def status_of(meta: dict) -> str:
    # Same default as the library's search filter: no status means in force.
    return str(meta.get("status") or "in_force")


def document_labels(kb: KnowledgeBase) -> dict[str, str]:
    """Doc id -> title for the filter; a title two documents share gets the id added."""
    titles = {doc_id: meta.get("title") or doc_id for doc_id, meta in kb.documents.items()}
    shared = {t for t in titles.values() if list(titles.values()).count(t) > 1}
    return {d: f"{t}（{d}）" if t in shared else t for d, t in titles.items()}


def sidebar_filters(kb: KnowledgeBase) -> dict:
    """The search options chosen in the sidebar, as keyword arguments of KnowledgeBase.search."""
    labels = document_labels(kb)
    levels = sorted({str(m["level"]) for m in kb.documents.values() if m.get("level")})
    with st.sidebar:
        st.header("检索选项")
        k = st.slider("结果数", min_value=1, max_value=20, value=5)
        doc_ids = st.multiselect("文件", options=list(labels), format_func=labels.get,
                                 placeholder="全部文件")
        chosen_levels = st.multiselect("层级", options=levels,
                                       format_func=lambda v: LEVEL_LABELS.get(v, v), placeholder="全部层级")
        in_force_only = st.checkbox("仅现行有效", value=True,
                                    help="不检索已被替代的文件（如2014版GMP）；参考性文件（试点指南、工作要点）仍参与检索。")
    return {"k": k, "doc_ids": doc_ids or None, "levels": chosen_levels or None,
            "in_force_only": in_force_only}


def search_notice(notice: str | None) -> None:
    """Why the results below come from keywords alone (KnowledgeBase.notice), once, above them."""
    if notice:
        st.warning(notice, icon="⚠️")
