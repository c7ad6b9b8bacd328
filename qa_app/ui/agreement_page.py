"""质量协议审查: upload or paste a 医疗器械委托生产质量协议 and see, per requirement, whether
it is covered, partial or missing, and every prohibited term, each with the agreement's
words beside the verbatim regulation text; the result downloads as Word or Markdown.

An adapter over :mod:`qa_app.agreement`. The uploaded agreement is confidential: it is
read from the upload's bytes in memory, the result lives only in this session's state,
and nothing is written to REGKB_HOME, indexed or logged.
"""

from __future__ import annotations

import streamlit as st

from ingest.errors import RegkbError
from qa_app.agreement import AgreementChecker, CheckReport, agreement_from_bytes, agreement_from_text
from qa_app.agreement.report import LEVEL_LABELS, SEVERITY_LABELS, STATUS_LABELS, headline, to_docx, to_markdown
from qa_app.kb import KnowledgeBase
from qa_app.ui.widgets import md_escape

REPORT = "agreement_report"
FILES = "agreement_report_files"  # the rendered reports, built once per check
VIOLATION = "违规"
KIND_LABELS = {"requirement": "要求", "violation": "违规条款"}
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@st.cache_resource(show_spinner="正在加载审查要求库…", max_entries=1)
def checker(_kb: KnowledgeBase, generation: str) -> AgreementChecker:
    # ``generation`` keys the cache to the index in use; ``_kb`` is not hashed.
    return AgreementChecker.from_kb(_kb)


def render(kb: KnowledgeBase) -> None:
    st.subheader("质量协议审查")
    st.caption("上传或粘贴《医疗器械委托生产质量协议》，逐项核对法规要求（已覆盖 / 部分覆盖 / 缺失）并找出违规条款，"
               "每项都列出协议原文和法规原文。协议只在内存中处理，不保存、不入库。")
    source = st.radio("协议来源", ["上传文件", "粘贴文本"], horizontal=True, key="agreement_source")
    if source == "上传文件":
        upload = st.file_uploader("协议文件（.docx .pdf .txt .md，不超过10 MB）", type=["docx", "pdf", "txt", "md"],
                                  key="agreement_file")
        pasted = ""
    else:
        upload = None
        pasted = st.text_area("协议文本", key="agreement_text", height=240,
                              placeholder="将协议全文粘贴到这里（保留条款编号）")
    if st.button("开始审查", type="primary", key="agreement_run"):
        run_check(kb, upload, pasted)
    report: CheckReport | None = st.session_state.get(REPORT)
    if report is None:
        return
    summary(report)
    rows = filtered_rows(report)
    if not rows:
        st.info("没有符合筛选条件的项目。")
    else:
        st.dataframe([row["table"] for row in rows], hide_index=True, key="agreement_table")
        for row in rows:
            details(row)
    downloads(report)


def run_check(kb: KnowledgeBase, upload, pasted: str) -> None:
    st.session_state.pop(REPORT, None)
    st.session_state.pop(FILES, None)
    try:
        if upload is not None:
            agreement = agreement_from_bytes(upload.getvalue(), upload.name)
        elif pasted.strip():
            agreement = agreement_from_text(pasted)
        else:
            st.warning("请先上传协议文件或粘贴协议文本。")
            return
        with st.spinner("正在审查…"):
            report = checker(kb, kb.generation.name).check(agreement)
            st.session_state[FILES] = {"docx": to_docx(report), "md": to_markdown(report).encode("utf-8")}
            st.session_state[REPORT] = report
    except RegkbError as exc:
        st.error(str(exc))


def summary(report: CheckReport) -> None:
    counts = report.summary
    st.markdown(f"**{md_escape(report.document)}**")
    columns = st.columns(4)
    for column, (label, value) in zip(columns, (("已覆盖", counts["covered"]), ("部分覆盖", counts["partial"]),
                                               ("缺失", counts["missing"]), ("违规", counts["violations"]))):
        column.metric(label, value)
    st.caption(md_escape(headline(report)))


def all_rows(report: CheckReport) -> list[dict]:
    """Violations first, then the requirements; each row carries its table cells and details."""
    rows = []
    for violation in report.violations:
        rows.append({
            "status": VIOLATION,
            "severity": SEVERITY_LABELS[violation.severity],
            "title": violation.rule.title,
            "evidence": [violation.evidence],
            "basis": violation.basis,
            "suggestion": violation.suggestion,
            "detail": violation.detail,
            "table": {"结论": VIOLATION, "级别": SEVERITY_LABELS[violation.severity], "项目": violation.rule.title,
                      "协议位置": violation.evidence.location},
        })
    for finding in report.findings:
        status = STATUS_LABELS[finding.status]
        level = LEVEL_LABELS[finding.requirement.mandatory]
        lacking = f"未见：{'、'.join(finding.lacking)}" if finding.status == "partial" and finding.lacking else ""
        rows.append({
            "status": status,
            "severity": level,
            "title": finding.requirement.title,
            "evidence": list(finding.evidence),
            "basis": finding.basis,
            "suggestion": finding.suggestion,
            "detail": lacking,
            "table": {"结论": status, "级别": level, "项目": finding.requirement.title,
                      "协议位置": "、".join(e.location for e in finding.evidence) or "—"},
        })
    return rows


def filtered_rows(report: CheckReport) -> list[dict]:
    rows = all_rows(report)
    statuses = [VIOLATION, *STATUS_LABELS.values()]
    severities = [*SEVERITY_LABELS.values(), *LEVEL_LABELS.values()]
    left, right = st.columns(2)
    chosen_status = left.multiselect("按结论筛选", statuses, key="agreement_status", placeholder="全部结论")
    chosen_severity = right.multiselect("按级别筛选（违规/警告、必备/建议）", severities, key="agreement_severity",
                                        placeholder="全部级别")
    return [r for r in rows if (not chosen_status or r["status"] in chosen_status)
            and (not chosen_severity or r["severity"] in chosen_severity)]


def details(row: dict) -> None:
    with st.expander(f"{row['status']}（{row['severity']}）：{row['title']}"):
        if row["detail"]:
            st.caption(md_escape(row["detail"]))
        agreement_side, law_side = st.columns(2)
        with agreement_side:
            st.markdown("**协议原文**")
            if not row["evidence"]:
                st.caption("协议中未找到相关条款。")
            for evidence in row["evidence"]:
                st.caption(md_escape(evidence.location))
                st.text(evidence.text)
        with law_side:
            st.markdown("**法规依据**")
            for basis in row["basis"]:
                st.caption(md_escape(f"{basis.ref}（{basis.clause_id}）"))
                st.text(basis.text)
        if row["suggestion"]:
            st.markdown("**修改建议**")
            st.text(row["suggestion"])


def downloads(report: CheckReport) -> None:
    files = st.session_state.get(FILES) or {}
    if not files:
        return
    stem = report.document.rsplit(".", 1)[0] or "agreement"
    left, right = st.columns(2)
    left.download_button("下载 Word 报告", files["docx"], file_name=f"{stem}-审查报告.docx", mime=DOCX_MIME,
                         key="agreement_docx")
    right.download_button("下载 Markdown 报告", files["md"], file_name=f"{stem}-审查报告.md",
                          mime="text/markdown", key="agreement_md")
