"""The chat page: ask in Chinese, get a short cited answer naming the responsible party.

A thin adapter over :class:`qa_app.answer.Answerer`: history lives in the session,
ratings go to REGKB_HOME/feedback.jsonl through :mod:`qa_app.feedback`.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import streamlit as st

from ingest.settings import Settings
from qa_app.answer import Answer, Answerer, Citation
from qa_app.feedback import record_feedback
from qa_app.kb import KnowledgeBase
from qa_app.ui import history_panel
from qa_app.ui.widgets import BADGES, md_escape, new_conversation, search_notice, sidebar_filters

EXAMPLES = (
    "谁负责产品上市放行？",
    "代工厂能不能再外包？",
    "跨区域委托生产的联合检查，检查组组长由谁担任？",
    "委托检查结束后多久要反馈检查结果？",
    "38号公告第八条",
)


@st.cache_resource(show_spinner=False, max_entries=1)
def answerer_for(_kb: KnowledgeBase, generation: str) -> Answerer:
    # ``generation`` keys the cache: a new index gets a new answerer.
    return Answerer(_kb)


def highlighted(text: str, terms: list[str]) -> str:
    """Clause text as escaped markdown with the question's words marked."""
    if not terms:
        return md_escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms))
    spans: list[list[int]] = []
    for match in pattern.finditer(text):
        if spans and match.start() <= spans[-1][1]:  # adjacent words read as one phrase
            spans[-1][1] = match.end()
        else:
            spans.append([match.start(), match.end()])
    out, last = [], 0
    for start, end in spans:
        out.append(md_escape(text[last:start]))
        out.append(f":orange[**{md_escape(text[start:end])}**]")
        last = end
    out.append(md_escape(text[last:]))
    return "".join(out).replace("\n", "  \n")


def surrounding(kb: KnowledgeBase, citation: Citation) -> str:
    """The whole article a cited piece belongs to (every piece, in order)."""
    base = citation.clause_id.split("~", 1)[0]
    pieces = [c for c in kb.document_clauses(citation.doc_id) if c.id.split("~", 1)[0] == base]
    return "\n".join(c.text for c in sorted(pieces, key=lambda c: c.span))


def citation_card(kb: KnowledgeBase, citation: Citation, rank: int, terms: list[str]) -> None:
    badge = BADGES.get(citation.status)
    # Rules are cited as 《title》第X条 already; notices and guides need their title beside the ref.
    title = f"[{rank}] {citation.ref}" + ("" if citation.doc_title in citation.ref else f" · {citation.doc_title}")
    title += f"（{badge[0]}）" if badge else ""
    with st.expander(title, expanded=rank == 1):
        if citation.path:
            st.caption(md_escape(" / ".join(citation.path)))
        st.markdown(highlighted(citation.text, terms))
        with st.popover("复制引用"):
            st.code(f"{citation.ref}：{citation.text}", language=None, wrap_lines=True)  # has a copy button
        whole = surrounding(kb, citation)
        if whole != citation.text:
            with st.popover("查看完整条文"):
                st.text(whole)
        st.markdown(f"[在法规浏览中打开](?page=browse&clause={quote(citation.clause_id)})")


def show_answer(kb: KnowledgeBase, answer: Answer, index: int, terms: list[str]) -> None:
    search_notice(answer.notice)
    if answer.parties:
        st.markdown(" ".join(f":blue-badge[{md_escape(p)}]" for p in answer.parties))
    if answer.abstained:
        st.warning(answer.answer)
    else:
        st.markdown(md_escape(answer.answer))
        st.caption(f"可信度：{answer.confidence_level}")
    readings = ([answer.resolved_question] if answer.resolved_question else []) + list(answer.readings)
    if readings:
        st.caption("理解为：" + "；".join(md_escape(r) for r in readings))
    for rank, citation in enumerate(answer.citations, start=1):
        citation_card(kb, citation, rank, terms)
    rating = st.feedback("thumbs", key=f"rating-{index}")
    saved = st.session_state.setdefault("rated", set())
    if rating is not None and index not in saved:
        record_feedback(Settings().home, answer, int(rating))
        saved.add(index)
        st.caption("已记录您的评价，谢谢。")


def render(kb: KnowledgeBase) -> None:
    options = sidebar_filters(kb)
    answerer = answerer_for(kb, kb.generation.name)
    history: list[tuple[str, Answer]] = st.session_state.setdefault("chat", [])
    if not history:
        st.caption("用中文提问，例如谁负责、能不能、多久内；回答只引用知识库中的原文条款。试试：")
        for example in EXAMPLES:
            if st.button(example, key=f"example-{example}"):
                st.session_state["pending"] = example
    question = st.chat_input("请输入问题，例如：谁负责产品上市放行？") or st.session_state.pop("pending", None)
    if question:
        answer = answerer.ask(question, options["k"], doc_ids=options["doc_ids"], levels=options["levels"],
                              in_force_only=options["in_force_only"], history=history)
        history.append((question, answer))
    for index, (asked, answer) in enumerate(history):
        with st.chat_message("user"):
            st.text(asked)
        with st.chat_message("assistant"):
            show_answer(kb, answer, index, answerer.highlight_terms(asked))
    if history and st.button("清空对话"):
        new_conversation()
        st.rerun()
    history_panel.render(history)

