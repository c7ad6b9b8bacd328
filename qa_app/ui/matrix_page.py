"""职责矩阵: activities x parties from :mod:`qa_app.matrix`, filtered by activity, party and
document; a cell (clicked in the table, or chosen below it) shows its cited sentences,
each linking to the clause in the browser; the filtered matrix exports as JSON,
Markdown or Excel."""

from __future__ import annotations

import streamlit as st

from ingest.errors import RegkbError
from qa_app.kb import KnowledgeBase
from qa_app.matrix import Matrix, matrix_for, to_markdown, to_xlsx
from qa_app.ui.browse_page import clause_url
from qa_app.ui.widgets import document_labels, md_escape

_STATUS_NOTES = {"reference": "参考性文件", "superseded": "已被替代"}


@st.cache_resource(show_spinner="正在生成职责矩阵…", max_entries=4)
def build(_kb: KnowledgeBase, generation: str, doc_ids: tuple[str, ...], include_superseded: bool) -> Matrix:
    # ``generation`` keys the cache to the index in use; ``_kb`` is not hashed.
    return matrix_for(_kb, list(doc_ids) or None, include_superseded=include_superseded)


def render(kb: KnowledgeBase) -> None:
    st.subheader("职责矩阵：谁做什么")
    st.caption("每一格是该主体在该活动中的职责句（应当 / 不得 / 可以 / 鼓励 / 原则上）及出处，"
               "由条款的职责标注生成。点击表格中的一格，或在下方选择活动和主体，查看原文。")
    labels = document_labels(kb)
    with st.expander("范围与筛选", expanded=False):
        doc_ids = st.multiselect("文件", options=list(labels), format_func=labels.get, key="matrix_docs",
                                 placeholder="全部现行及参考文件")
        include_superseded = st.checkbox("包括已被替代的文件", key="matrix_superseded")
    try:
        full = build(kb, kb.generation.name, tuple(doc_ids), include_superseded)
    except RegkbError as exc:
        st.error(str(exc))
        return

    names = {a.id: a.name for a in full.activities}
    used = full.used_parties()
    left, right = st.columns(2)
    chosen_rows = left.multiselect("活动", options=list(names), format_func=names.get, key="matrix_rows",
                                   placeholder="全部活动")
    chosen_cols = right.multiselect("主体", options=list(used), key="matrix_cols", placeholder="全部主体")
    matrix = full.subset(chosen_rows or None, chosen_cols or used)
    if not matrix.activities or not matrix.parties:
        st.info("所选范围内没有职责句。")
        return

    rows = [a.id for a in matrix.activities]
    table = [{"活动": a.name, **{p: matrix.summary(a.id, p) for p in matrix.parties}} for a in matrix.activities]
    event = st.dataframe(table, hide_index=True, key="matrix_table", on_select="rerun",
                         selection_mode="single-cell")
    follow_click(event.selection.cells, rows)
    cell_view(matrix, rows)
    exports(matrix, kb)


def follow_click(cells: list, rows: list[str]) -> None:
    """A click in the table chooses the cell shown below it. Only a new click does: the
    table keeps its selection while the user moves on with the two selectboxes."""
    if not cells:
        return
    row, column = cells[0]
    if st.session_state.get("matrix_clicked") == (row, column):
        return
    st.session_state["matrix_clicked"] = (row, column)
    if column != "活动" and 0 <= row < len(rows):
        st.session_state["matrix_activity"] = rows[row]
        st.session_state["matrix_party"] = column


def cell_view(matrix: Matrix, rows: list[str]) -> None:
    names = {a.id: a.name for a in matrix.activities}
    # Choices from an earlier filter may no longer be on offer.
    if st.session_state.get("matrix_activity") not in rows:
        st.session_state.pop("matrix_activity", None)
    if st.session_state.get("matrix_party") not in matrix.parties:
        st.session_state.pop("matrix_party", None)
    left, right = st.columns(2)
    activity = left.selectbox("查看：活动", options=rows, format_func=names.get, key="matrix_activity",
                              index=None, placeholder="选择活动")
    party = right.selectbox("查看：主体", options=list(matrix.parties), key="matrix_party",
                            index=None, placeholder="选择主体")
    if activity is None or party is None:
        return
    duties = matrix.cell(activity, party)
    st.markdown(f"**{md_escape(names[activity])} × {md_escape(party)}**：" +
                (md_escape(matrix.summary(activity, party)) if duties else "无职责句"))
    for duty in duties:
        with st.container(border=True):
            badges = " ".join(f":blue-badge[{label}]" for label in duty.labels)
            note = f" · {_STATUS_NOTES[duty.status]}" if duty.status in _STATUS_NOTES else ""
            st.markdown(f"{badges} **{md_escape(duty.ref)}**{md_escape(note)} · [查看条款]({clause_url(duty.clause_id)})")
            st.text(duty.sentence)
            st.caption(md_escape(duty.clause_id))


def exports(matrix: Matrix, kb: KnowledgeBase) -> None:
    st.markdown("**导出（当前筛选）**")
    a, b, c = st.columns(3)
    a.download_button("JSON", matrix.to_json().encode("utf-8"), file_name="matrix.json",
                      mime="application/json", key="matrix_json")
    b.download_button("Markdown", to_markdown(matrix, kb.documents).encode("utf-8"), file_name="matrix.md",
                      mime="text/markdown", key="matrix_md")
    c.download_button("Excel", to_xlsx(matrix), file_name="matrix.xlsx", key="matrix_xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
