"""The chat page: ask in Chinese, get a short cited answer naming the responsible party.

A thin adapter over :class:`qa_app.answer.Answerer`: the conversation lives in the session
(``st.session_state["chat"]``, (question, Answer) pairs, under ``conversation_id()``); every
rating click goes to REGKB_HOME/feedback.jsonl through :mod:`qa_app.feedback`, keyed by the
conversation and the turn.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import streamlit as st

from ingest.errors import RegkbError
from ingest.settings import Settings
from qa_app.answer import Answer, Answerer, Citation
from qa_app.feedback import DOWN, record_feedback
from qa_app.kb import KnowledgeBase
from qa_app.transcript import citation_heading, numbered, plain_text
from qa_app.ui import history_panel
from qa_app.ui.widgets import (
    conversation_id, md_escape, new_conversation, search_notice, sidebar_filters,
)

EXAMPLES = (
    "谁负责产品上市放行？",
    "代工厂能不能再外包？",
    "跨区域委托生产的联合检查，检查组组长由谁担任？",
    "委托检查结束后多久要反馈检查结果？",
    "38号公告第八条",
)


# What each level meant on the development sets, each scored by a model fitted on the others
# (evals/results/CONFIDENCE.md): keep the shares in step when the model is refitted.
CONFIDENCE_HELP = ("可信度表示回答正确的把握，按评测题校准。高：同类回答约九成完全正确，答错的不到百分之五；"
                   "中：约一半完全正确，请核对下方引用原文；低：多数不完全正确，或没有找到直接对应的条文，"
                   "请以引用原文为准，或换个说法再问。")


@st.cache_resource(show_spinner=False, max_entries=1)
def answerer_for(_kb: KnowledgeBase, generation: str) -> Answerer:
    # ``generation`` keys the cache: a new index gets a new answerer.
    return Answerer(_kb)


def highlighted(text: str, terms: list[str]) -> str:
    """Clause text as escaped markdown with the question's words marked."""
    if not terms:
        return md_escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)  # terms are lower-cased
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


def anchor(turn: int, rank: int) -> str:
    """The id of citation card ``rank`` of turn ``turn``, the target of the [n] in the answer."""
    return f"cite-{turn}-{rank}"


def answer_markdown(parts: list[str | int], turn: int) -> str:
    """The numbered answer as markdown: its own text as typed, each [n] a link to card n."""
    text = "".join(md_escape(p) if isinstance(p, str) else f"[\\[{p}\\]](#{anchor(turn, p)})" for p in parts)
    return text.replace("\n", "  \n")


def citation_card(kb: KnowledgeBase, citation: Citation, turn: int, rank: int, terms: list[str]) -> None:
    st.markdown(f'<div id="{anchor(turn, rank)}"></div>', unsafe_allow_html=True)  # the target of [rank]
    # Collapsed until opened: an open card would push the answer out of view.
    with st.expander(citation_heading(rank, citation), expanded=False):
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


def _save_rating(answer: Answer, conversation: str, turn: int, with_reason: bool = False) -> None:
    """Write the click just made (a callback: it runs once per click, before the page reruns)."""
    rating = st.session_state.get(f"rating-{conversation}-{turn}")
    reason = st.session_state.get(f"reason-{conversation}-{turn}", "").strip() if with_reason else ""
    if with_reason and not reason:
        return
    try:
        record_feedback(Settings().home, answer, rating, reason, conversation=conversation, turn=turn)
    except RegkbError as exc:
        st.session_state["feedback_error"] = str(exc)
        return
    st.session_state.setdefault("saved_ratings", {})[(conversation, turn)] = "reason" if reason else rating


def rating_widgets(answer: Answer, conversation: str, turn: int) -> None:
    """👍 / 👎 for the turn; 👎 asks for the reason. Every click is recorded, the last one counts."""
    key = f"rating-{conversation}-{turn}"
    rating = st.feedback("thumbs", key=key, on_change=_save_rating, args=(answer, conversation, turn))
    if rating == DOWN:
        with st.form(f"reason-form-{conversation}-{turn}", border=False):
            st.text_input("哪里不对？（可选）", key=f"reason-{conversation}-{turn}",
                          placeholder="例如：责任方说错了、引用的条款不相关、没有回答所问")
            st.form_submit_button("提交原因", on_click=_save_rating, args=(answer, conversation, turn, True))
    saved = st.session_state.get("saved_ratings", {}).get((conversation, turn))
    if saved == "reason":
        st.caption("已记录您的评价和原因，谢谢。")
    elif saved is not None and saved == rating:
        st.caption("已记录您的评价，谢谢。")


def show_answer(kb: KnowledgeBase, answerer: Answerer, answer: Answer, conversation: str, turn: int) -> None:
    search_notice(answer.notice)
    if answer.parties:
        st.markdown(" ".join(f":blue-badge[{md_escape(p)}]" for p in answer.parties))
    parts = numbered(answer)
    if answer.abstained:
        st.warning(answer.answer)
    else:
        st.markdown(answer_markdown(parts, turn))
        st.caption(f"可信度：{answer.confidence_level}", help=CONFIDENCE_HELP)
    readings = ([answer.resolved_question] if answer.resolved_question else []) + list(answer.readings)
    if readings:
        st.caption("理解为：" + "；".join(md_escape(r) for r in readings))
    with st.popover("复制回答"):
        st.code(plain_text(answer), language=None, wrap_lines=True)  # has a copy button
    asked = answer.resolved_question or answer.question  # 那生产放行呢 marks 生产放行
    for rank, citation in enumerate(answer.citations, start=1):
        citation_card(kb, citation, turn, rank, answerer.highlight_terms(asked, citation.text))
    rating_widgets(answer, conversation, turn)


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
    if error := st.session_state.pop("feedback_error", None):
        st.warning(error)
    conversation = conversation_id()
    for turn, (asked, answer) in enumerate(history, start=1):
        with st.chat_message("user"):
            st.text(asked)
        with st.chat_message("assistant"):
            show_answer(kb, answerer, answer, conversation, turn)
    if history and st.button("清空对话"):
        new_conversation()
        st.rerun()
    history_panel.render(history)
