"""培训题库: a trainer chooses what to ask, previews, edits or drops items, takes the quiz in
the browser (each answer marked, with the clause it comes from), and exports the set. Every
new set is checked independently by the question-answering path (items it disagrees with
carry a 复核提示); every marked answer is counted in the item statistics (题目统计 tab).

An adapter over :mod:`qa_app.quiz`: generation, checking and every export are library
calls; this page only keeps the current set and the answers in ``st.session_state``.
Corpus text is shown with st.text (verbatim, never as Markdown or HTML). Items are named by
their number in the set (第3题), never by their internal id; an edit that leaves an item
unusable (a repeated or empty option, an answer that is no option) is refused, not saved.
"""

from __future__ import annotations

import uuid

import streamlit as st

from ingest.errors import RegkbError
from ingest.settings import Settings
from qa_app.kb import KnowledgeBase
from qa_app.quiz import (
    PARTY_LABELS, TOPICS, TYPE_LABELS, TYPES, FactBase, QuizGenerator, QuizItem, Selection, check_item,
)
from qa_app.quiz.crosscheck import AGREES, DISAGREES, annotate
from qa_app.quiz.export import FORMATS, MIME, file_name, normalise_answer, render as render_export
from qa_app.quiz.items import DIFFICULTIES, DIFFICULTY_LABELS, FALSE, LETTERS, TRUE
from qa_app.quiz.stats import COLUMNS as STAT_COLUMNS, HEADERS as STAT_HEADERS, item_statistics, record_response
from qa_app.quiz.stats import render_stats
from qa_app.ui.chat_page import answerer_for
from qa_app.ui.widgets import document_labels, md_escape

ITEMS, ANSWERS, SESSION, CHECKED = "quiz_items", "quiz_answers", "quiz_session", "quiz_checked"
# The topics the set was drawn for (its files are named after them), and what the last save
# said (item id, "success" | "warning", message), shown after the rerun that shows the saved text.
SET_TOPICS, SAVED = "quiz_set_topics", "quiz_saved"
CHOICE_TYPES = ("single", "scenario")
FORMAT_LABELS = {"json": "JSON", "csv": "CSV", "xlsx": "Excel (XLSX)", "gift": "Moodle GIFT",
                 "moodle-xml": "Moodle XML", "anki": "Anki (.apkg)", "docx": "Word 试卷 + 答案",
                 "md": "Markdown 试卷 + 答案"}


@st.cache_resource(show_spinner="正在准备题库…", max_entries=1)
def quiz_generator(_kb: KnowledgeBase, generation: str) -> QuizGenerator:
    # ``generation`` keys the cache to the index in use; ``_kb`` is not hashed.
    return QuizGenerator(FactBase.from_kb(_kb))


def render(kb: KnowledgeBase) -> None:
    st.subheader("培训题库")
    st.caption("由法规条款的职责标注自动出题，每题注明出处条款。可预览、修改或删除题目，在线作答，"
               "并导出为 Moodle、Anki、Excel 或 Word 试卷。")
    generator = quiz_generator(kb, kb.generation.name)
    settings_form(kb, generator)
    items: list[QuizItem] = st.session_state.get(ITEMS, [])
    if not items:
        st.info("选择出题范围后点击“生成题目”。")
        with st.expander("题目统计（历次在线答题）"):
            stats_tab()
        return
    preview, take, export, stats = st.tabs(["预览与编辑", "在线答题", "导出", "题目统计"])
    with preview:
        preview_tab(generator, items)
    with take:
        quiz_tab(items)
    with export:
        export_tab(items)
    with stats:
        stats_tab()


def settings_form(kb: KnowledgeBase, generator: QuizGenerator) -> None:
    labels = document_labels(kb)
    with st.form("quiz_settings"):
        left, right = st.columns(2)
        with left:
            types = st.multiselect("题型", TYPES, default=list(TYPES), format_func=TYPE_LABELS.get, key="quiz_types")
            doc_ids = st.multiselect("文件", list(labels), format_func=labels.get, key="quiz_docs",
                                     placeholder="全部现行及参考文件")
            topics = st.multiselect("主题", list(TOPICS), key="quiz_topics", placeholder="全部主题")
        with right:
            parties = st.multiselect("责任主体", list(PARTY_LABELS), format_func=PARTY_LABELS.get,
                                     key="quiz_parties", placeholder="全部主体")
            difficulty = st.multiselect("难度", DIFFICULTIES, format_func=DIFFICULTY_LABELS.get,
                                        key="quiz_difficulty", placeholder="全部难度")
            count, seed = st.columns(2)
            n = count.number_input("题量", min_value=1, max_value=200, value=10, step=1, key="quiz_n")
            seed_value = seed.number_input("随机种子", min_value=0, value=1, step=1, key="quiz_seed",
                                           help="相同的种子和条件生成相同的题目，便于复现。")
        submitted = st.form_submit_button("生成题目", type="primary")
    if not submitted:
        return
    selection = Selection(n=int(n), types=tuple(types) or TYPES, doc_ids=tuple(doc_ids), topics=tuple(topics),
                          parties=tuple(parties), difficulty=tuple(difficulty), seed=int(seed_value))
    try:
        drawn = generator.draw(selection)
    except RegkbError as exc:
        st.error(str(exc))
        return
    items = drawn.items
    if items:
        # The independent check: the question-answering path asked each item's question.
        with st.spinner("正在用问答系统独立核对答案…"):
            items, results = annotate(items, answerer_for(kb, kb.generation.name))
        st.session_state[CHECKED] = {r.item_id: r.status for r in results}
    st.session_state[ITEMS] = items
    st.session_state[ANSWERS] = {}
    st.session_state[SESSION] = uuid.uuid4().hex
    st.session_state[SET_TOPICS] = selection.topics
    st.session_state.pop(SAVED, None)
    for notice in drawn.notices():
        st.warning(notice)


# -- preview and edit -------------------------------------------------------------------------


def preview_tab(generator: QuizGenerator, items: list[QuizItem]) -> None:
    st.caption(f"共 {len(items)} 题。展开“修改”可改题干、选项、答案和解析；修改后的题目会重新校验。")
    checked = st.session_state.get(CHECKED, {})
    agree = sum(1 for s in checked.values() if s == AGREES)
    disagree = sum(1 for s in checked.values() if s == DISAGREES)
    st.caption(f"独立核对（问答系统按出处文件重新作答）：{agree} 题一致，{disagree} 题不一致，"
               f"{len(checked) - agree - disagree} 题未核对（填空、判断、多选题不在核对范围内）。")
    for number, item in enumerate(items, start=1):
        with st.container(border=True):
            heading = f"**{number}. {TYPE_LABELS[item.type]}**　难度：{DIFFICULTY_LABELS.get(item.difficulty, '')}"
            st.markdown(heading)
            st.text(item.stem)
            for index, option in enumerate(item.options if item.type != "truefalse" else ()):
                st.text(f"{LETTERS[index]}. {option}")
            st.caption(md_escape(f"答案：{answer_text(item)}　出处：{item.citation.ref}"))
            saved = st.session_state.get(SAVED)
            if saved and saved[0] == item.id:
                del st.session_state[SAVED]  # said once, after the save
                (st.success if saved[1] == "success" else st.warning)(saved[2])
            if item.notes:
                st.warning(md_escape(f"复核提示：{item.notes}"))
            with st.expander("修改"):
                edit_form(generator, item, number)
            if st.button("删除此题", key=f"drop-{item.id}"):
                st.session_state[ITEMS] = [i for i in items if i.id != item.id]
                st.session_state[ANSWERS].pop(item.id, None)
                st.rerun()


def edit_form(generator: QuizGenerator, item: QuizItem, number: int) -> None:
    stem = st.text_area("题干", item.stem, key=f"edit-stem-{item.id}")
    options = list(item.options)
    if item.type in ("single", "multi", "scenario"):
        options = [st.text_input(f"选项 {LETTERS[i]}", o, key=f"edit-opt-{item.id}-{i}") for i, o in enumerate(options)]
    if item.type == "fill":
        answer: str | tuple[str, ...] = st.text_input("答案", str(item.answer), key=f"edit-answer-{item.id}")
    elif item.type == "multi":
        picked = st.multiselect("正确选项", list(range(len(options))), format_func=lambda i: LETTERS[i],
                                default=[item.options.index(a) for a in item.answers], key=f"edit-answer-{item.id}")
        answer = tuple(options[i] for i in sorted(picked))
    else:
        position = st.radio("正确答案", list(range(len(options))), horizontal=True,
                            index=item.options.index(item.answer), key=f"edit-answer-{item.id}",
                            format_func=lambda i: options[i] if item.type == "truefalse" else LETTERS[i])
        answer = options[position]
    explanation = st.text_area("解析", item.explanation, key=f"edit-explanation-{item.id}")
    if not st.button("保存修改", key=f"save-{item.id}"):
        return
    edited = item.edited(stem=stem.strip(), options=tuple(o.strip() for o in options), answer=answer,
                         explanation=explanation.strip())
    problems = check_item(edited, generator.facts)
    refused = [p for p in problems if p.check == "form"]
    if refused:
        st.error(f"第{number}题未保存，请先修改：\n" + "\n".join(f"- {md_escape(p.message)}" for p in refused))
        return
    st.session_state[ITEMS] = [edited if i.id == item.id else i for i in st.session_state[ITEMS]]
    st.session_state[ANSWERS].pop(item.id, None)
    if problems:
        said = ("warning", f"第{number}题已保存。校验提示（修改后的题目可能与出处不再一致，请复核）：\n"
                + "\n".join(f"- {md_escape(p.message)}" for p in problems))
    else:
        said = ("success", f"第{number}题已保存，校验通过。")
    st.session_state[SAVED] = (item.id, *said)
    st.rerun()  # the preview above was drawn with the old text


# -- take the quiz ----------------------------------------------------------------------------------


def quiz_tab(items: list[QuizItem]) -> None:
    answers: dict[str, bool] = st.session_state.setdefault(ANSWERS, {})
    right = sum(answers.values())
    st.metric("得分", f"{right} / {len(items)}", help=f"已作答 {len(answers)} 题")
    for number, item in enumerate(items, start=1):
        with st.container(border=True):
            st.markdown(f"**{number}. {TYPE_LABELS[item.type]}**")
            st.text(item.stem)
            response = response_widget(item)
            if st.button("提交答案", key=f"submit-{item.id}", disabled=item.id in answers):
                answers[item.id] = is_right(item, response)
                session = st.session_state.setdefault(SESSION, uuid.uuid4().hex)
                try:
                    record_response(Settings().home, session, item, response, answers[item.id])
                except OSError:
                    st.warning("答题已判分，但本题的作答统计未能保存（数据目录不可写）。")
                st.rerun()
            if item.id in answers:
                feedback(item, answers[item.id])
    if answers and len(answers) == len(items):
        st.success(f"全部作答完毕：答对 {right} / {len(items)} 题（{right / len(items):.0%}）。")
    if answers and st.button("重新作答", key="quiz-restart"):
        st.session_state[ANSWERS] = {}
        st.session_state[SESSION] = uuid.uuid4().hex  # a new attempt counts as a new taker
        for item in items:
            st.session_state.pop(f"take-{item.id}", None)
        st.rerun()


def response_widget(item: QuizItem):
    key = f"take-{item.id}"
    if item.type == "fill":
        return st.text_input("你的答案", key=key)
    if item.type == "multi":
        return st.multiselect("选择所有正确选项", list(item.options), key=key,
                              format_func=lambda o: f"{LETTERS[item.options.index(o)]}. {o}")
    if item.type == "truefalse":
        return st.radio("判断", [TRUE, FALSE], index=None, horizontal=True, key=key)
    return st.radio("选择", list(item.options), index=None, key=key,
                    format_func=lambda o: f"{LETTERS[item.options.index(o)]}. {o}")


def is_right(item: QuizItem, response) -> bool:
    if item.type == "fill":
        return bool(response) and normalise_answer(str(response)) == normalise_answer(str(item.answer))
    if item.type == "multi":
        return set(response or ()) == set(item.answers)
    return response == item.answer


def feedback(item: QuizItem, right: bool) -> None:
    if right:
        st.success(f"回答正确。答案：{answer_text(item)}")
    else:
        st.error(f"回答错误。正确答案：{answer_text(item)}")
    st.caption("解析")
    st.text(item.explanation)
    st.caption(md_escape(f"出处：{item.citation.ref}"))
    st.text(item.citation.text)


def answer_text(item: QuizItem) -> str:
    if item.type in ("single", "multi", "scenario"):
        return "；".join(f"{LETTERS[item.options.index(a)]}. {a}" for a in item.answers if a in item.options)
    return str(item.answer)


# -- export -------------------------------------------------------------------------------------------


def export_tab(items: list[QuizItem]) -> None:
    fmt = st.selectbox("格式", list(FORMATS), format_func=FORMAT_LABELS.get, key="quiz_format")
    try:
        files = render_export(items, fmt)
    except RegkbError as exc:
        st.error(md_escape(str(exc)).replace("\n", "\n\n"))
        return
    for suffix, data in files.items():
        name = file_name(fmt, len(items), st.session_state.get(SET_TOPICS, ()), suffix)
        label = "下载答案与出处" if suffix else ("下载试卷" if fmt in ("docx", "md") else "下载")
        st.download_button(f"{label}（{name}）", data, file_name=name, mime=MIME[fmt], key=f"download-{fmt}{suffix}")


# -- item statistics ----------------------------------------------------------------------------------


def stats_tab() -> None:
    rows = item_statistics(Settings().home)
    if not rows:
        st.info("还没有作答记录。在“在线答题”中提交答案后，这里会显示每道题的正确率和各选项被选情况。")
        return
    st.caption("每道题的作答人次、正确率、各选项被选次数和区分度（得分前 27% 与后 27% 的作答者答对率之差，"
               "至少 4 次答题后计算）。区分度低或几乎人人答对的题目可以考虑删除。")
    # Items are known by their stem here: the internal id means nothing to a trainer.
    st.dataframe([{STAT_HEADERS[c]: row[c] for c in STAT_COLUMNS if c != "id"} for row in rows], hide_index=True)
    for fmt, label, mime in (("csv", "下载题目统计（CSV）", "text/csv"),
                             ("xlsx", "下载题目统计（Excel）", MIME["xlsx"])):
        st.download_button(label, render_stats(rows, fmt), file_name=f"培训题库-答题统计.{fmt}", mime=mime,
                           key=f"stats-{fmt}")
