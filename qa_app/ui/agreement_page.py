"""质量协议审查: upload or paste a 医疗器械委托生产质量协议 and see, per requirement, whether
it is covered, partial or missing, and every prohibited term, each with the agreement's
words beside the verbatim regulation text; the result downloads as Word or Markdown, and an
uploaded .docx also as a marked-up copy (Word comments at the findings).

An adapter over :mod:`qa_app.agreement`. The uploaded agreement is confidential: it is
read from the upload's bytes in memory, the result lives only in this session's state,
and nothing is written to REGKB_HOME, indexed or logged. The agreement itself stays in the
session too, so that a reviewer's correction of who the parties are checks it again.

A result belongs to the file or text it was made from: when the upload is removed or
replaced, or the pasted text changes, the old result (and the agreement held for it) is
dropped, so the page never shows one agreement's findings under another agreement.
"""

from __future__ import annotations

import hashlib
import logging

import streamlit as st

from ingest.errors import RegkbError
from qa_app.agreement import AgreementChecker, CheckReport, agreement_from_bytes, agreement_from_text
from qa_app.agreement.parties import NOT_A_PARTY, ROLE_LABELS
from qa_app.agreement.redline import redline
from qa_app.agreement.requirements import LibraryError
from qa_app.agreement.report import (
    LEVEL_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    headline,
    party_lines,
    to_docx,
    to_markdown,
)
from qa_app.kb import KnowledgeBase
from qa_app.ui.browse_page import clause_url
from qa_app.ui.widgets import md_escape

log = logging.getLogger(__name__)

REPORT = "agreement_report"
FILES = "agreement_report_files"  # the rendered reports, built once per check
AGREEMENT = "agreement_read"  # the agreement in memory, for a re-check with corrected parties
ORIGINAL = "agreement_original_docx"  # an uploaded .docx (its bytes), for the marked-up copy
PARTIES = "agreement_parties"  # the parties as the agreement defines them
CORRECTIONS = "agreement_corrections"  # name -> role the reviewer chose, as last checked
CHECKED = "agreement_checked"  # what the result was made from (see source_of)
PARTY_KEY = "agreement_party_"
ROLE_CHOICES = [*ROLE_LABELS.values(), NOT_A_PARTY]
ROLE_OF_CHOICE = {**{label: role for role, label in ROLE_LABELS.items()}, NOT_A_PARTY: NOT_A_PARTY}
VIOLATION = "违规"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LIBRARY_BROKEN = ("审查要求库无法加载（文件损坏，或引用的法规条款与当前知识库不一致），暂时无法审查协议："
                  "请联系系统管理员按服务日志中的原因修正审查要求库，或重新运行 regkb ingest 后再试。")


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
    current = source_of(upload, pasted)
    replaced = st.session_state.get(CHECKED, current) != current
    if replaced:
        forget()
    notice = st.empty()  # above the button, where the reviewer is looking
    if not st.button("开始审查", type="primary", key="agreement_run"):
        if replaced and current is not None:
            notice.info("协议已更换或修改，原来的审查结果已清除：请点击“开始审查”审查当前的协议。")
    elif current is not None:
        run_check(kb, upload, pasted, current)
    elif source == "粘贴文本":
        st.warning("请先粘贴协议文本，再点击“开始审查”。")
    else:
        # A file over the upload limit never reaches the server: the uploader only marks it red.
        st.warning("请先上传协议文件（.docx .pdf .txt .md），再点击“开始审查”。若上传框中的文件带红色标记，"
                   "说明它超过10 MB、没有上传成功：请拆分或压缩后重新上传，或改为粘贴协议文本。")
    report: CheckReport | None = st.session_state.get(REPORT)
    if report is None:
        return
    summary(report)
    parties(kb, report)
    rows = filtered_rows(report)
    if not rows:
        st.info("没有符合筛选条件的项目：请更改或清空上面的筛选条件。")
    else:
        st.dataframe([row["table"] for row in rows], hide_index=True, key="agreement_table")
        for row in rows:
            details(kb, row)
    downloads(report)


def source_of(upload, pasted: str) -> tuple[str, str] | None:
    """What is on the page to be checked: the upload (by its id, new for every file put
    into the uploader) or the pasted text (by its digest); None when there is nothing."""
    if upload is not None:
        return ("file", upload.file_id)
    if pasted.strip():
        return ("text", hashlib.sha256(pasted.encode("utf-8")).hexdigest())
    return None


def forget() -> None:
    """Drop the result and the agreement held for it (and the reviewer's party corrections)."""
    for key in [k for k in st.session_state if k.startswith(PARTY_KEY)]:
        del st.session_state[key]
    for key in (REPORT, FILES, AGREEMENT, ORIGINAL, PARTIES, CORRECTIONS, CHECKED):
        st.session_state.pop(key, None)


def run_check(kb: KnowledgeBase, upload, pasted: str, source: tuple[str, str]) -> None:
    forget()
    try:
        if upload is not None:
            agreement = agreement_from_bytes(upload.getvalue(), upload.name)
        else:
            agreement = agreement_from_text(pasted)
        the_checker = checker(kb, kb.generation.name)
        st.session_state[AGREEMENT] = agreement
        if upload is not None and upload.name.lower().endswith(".docx"):
            st.session_state[ORIGINAL] = upload.getvalue()
        st.session_state[PARTIES] = the_checker.read_parties(agreement)
        st.session_state[CORRECTIONS] = {}
        recheck(kb)
        st.session_state[CHECKED] = source
    except LibraryError as exc:
        # The reason is for whoever runs the server (a file path, clause ids), not for the reviewer.
        log.warning("The agreement check is unavailable: %s", exc)
        st.error(LIBRARY_BROKEN)
    except RegkbError as exc:
        st.error(str(exc))


def recheck(kb: KnowledgeBase) -> None:
    """Check the agreement in memory with the parties as the reviewer reads them."""
    parties = st.session_state[PARTIES].corrected(st.session_state[CORRECTIONS])
    with st.spinner("正在审查…"):
        report = checker(kb, kb.generation.name).check(st.session_state[AGREEMENT], parties)
        files = {"docx": to_docx(report), "md": to_markdown(report).encode("utf-8")}
        if st.session_state.get(ORIGINAL):
            files["redline"] = redline(st.session_state[ORIGINAL], report)
        st.session_state[FILES] = files
        st.session_state[REPORT] = report


def parties(kb: KnowledgeBase, report: CheckReport) -> None:
    """How the agreement's names were read, with a select box per name to correct it;
    a correction checks the agreement again."""
    st.markdown("**协议双方**")
    for line in party_lines(report):
        st.markdown(f"- {md_escape(line)}")
    read = st.session_state.get(PARTIES)
    if read is None or not read.parties or st.session_state.get(AGREEMENT) is None:
        return
    corrections = dict(st.session_state.get(CORRECTIONS) or {})
    with st.expander("更正双方的认定（协议写法不明确时）", expanded=read.ambiguous):
        st.caption("每个名称选择它在本协议中指哪一方；选择后按更正重新审查。")
        chosen = {}
        for number, (name, role) in enumerate(read.roles().items()):
            current = ROLE_LABELS.get(corrections.get(name, role), NOT_A_PARTY)
            label = st.selectbox(name, ROLE_CHOICES, index=ROLE_CHOICES.index(current), key=f"{PARTY_KEY}{number}")
            if ROLE_OF_CHOICE[label] != role:
                chosen[name] = ROLE_OF_CHOICE[label]
    if chosen != corrections:
        st.session_state[CORRECTIONS] = chosen
        recheck(kb)
        st.rerun()


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
    chosen_severity = right.multiselect(f"按级别筛选（违规：{'/'.join(SEVERITY_LABELS.values())}；要求："
                                        f"{'/'.join(LEVEL_LABELS.values())}）", severities, key="agreement_severity",
                                        placeholder="全部级别")
    return [r for r in rows if (not chosen_status or r["status"] in chosen_status)
            and (not chosen_severity or r["severity"] in chosen_severity)]


def details(kb: KnowledgeBase, row: dict) -> None:
    with st.expander(f"{row['status']}（{row['severity']}）：{row['title']}"):
        if row["detail"]:
            st.caption(md_escape(row["detail"]))
        agreement_side, law_side = st.columns(2)
        with agreement_side:
            st.markdown("**协议原文**")
            if not row["evidence"]:
                st.caption("协议中未找到相关条款：可按下面的修改建议补充。")
            for evidence in row["evidence"]:
                st.caption(md_escape(evidence.location))
                st.text(evidence.text)
        with law_side:
            st.markdown("**法规依据**")
            for basis in row["basis"]:
                # The reference a lawyer writes, linked to the clause in 法规浏览 (as chat citations are).
                st.markdown(f"[{md_escape(cited_as(kb, basis))}]({clause_url(basis.clause_id)})")
                st.text(basis.text)
        if row["suggestion"]:
            st.markdown("**修改建议**")
            st.text(row["suggestion"])


def cited_as(kb: KnowledgeBase, basis) -> str:
    """《医疗器械生产监督管理办法》第三十四条; a notice or guide cited by number or short name
    gets its title beside it (2024年第38号公告 第（八）条 · 国家药监局关于…的公告)."""
    clause = kb.clauses.get(basis.clause_id)
    title = kb.documents.get(clause.doc_id, {}).get("title") if clause else None
    return basis.ref if not title or title in basis.ref else f"{basis.ref} · {title}"


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
    if "redline" in files:
        st.download_button("下载批注版协议（Word，批注标在原文上）", files["redline"], file_name=f"{stem}-批注.docx",
                           mime=DOCX_MIME, key="agreement_redline")
