"""法规浏览: the documents with their metadata, one document as a collapsible tree
(章/节/条 or 一、/（一）/1.1), search inside it, and links.

Deep links (kept stable: the chat page's citations use them):

- ``?page=browse&clause=<clause_id>`` opens the document holding the clause, with the clause
  shown first and its place in the tree expanded and marked;
- ``?page=browse&doc=<doc_id>`` opens a document.

Cross-references in the text (本办法第十三条, 《医疗器械监督管理条例》第八十六条) are links of
the first kind, resolved by :mod:`qa_app.browse`.
"""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from ingest.errors import RegkbError
from ingest.records import Clause
from qa_app.browse import TreeNode, document_tree, link_references, search_document
from qa_app.kb import KnowledgeBase
from qa_app.messages import LEVEL_LABELS, STATUS_LABELS
from qa_app.ui.widgets import BADGES, document_labels, md_escape, status_of


def clause_url(clause_id: str) -> str:
    return f"?page=browse&clause={quote(clause_id, safe=':/')}"


def render(kb: KnowledgeBase) -> None:
    clause_id = st.query_params.get("clause")
    doc_id = st.query_params.get("doc")
    target = None
    if clause_id:
        if clause_id in kb.clauses:
            target, doc_id = clause_id, kb.clauses[clause_id].doc_id
        else:
            st.warning(md_escape(f"没有 ID 为 {clause_id} 的条款（可能已随文件更新而变化）。"))
    if doc_id and doc_id not in kb.documents:
        st.warning(md_escape(f"没有 ID 为 {doc_id} 的文件。"))
        doc_id = None

    document_list(kb, expanded=doc_id is None)
    labels = document_labels(kb)
    # A new link (a different ?clause= or ?doc=) chooses the document; after that the
    # selectbox is the user's, and the URL follows it.
    link = (target, doc_id)
    if doc_id and st.session_state.get("browse_link") != link:
        st.session_state["browse_doc"] = doc_id
        st.session_state["browse_link"] = link
    chosen = st.selectbox("阅读文件", options=list(labels), format_func=labels.get, index=None,
                          key="browse_doc", placeholder="选择一部文件")
    if chosen is None:
        st.info("选择一部文件阅读全文；条款中的引用（如“本办法第十三条”）可点击跳转。")
        return
    if chosen != doc_id:
        st.query_params["doc"] = chosen
        st.query_params.pop("clause", None)
        st.session_state["browse_link"] = (None, chosen)
        target = None
    try:
        document_view(kb, chosen, target)
    except RegkbError as exc:
        st.error(str(exc))


def document_list(kb: KnowledgeBase, *, expanded: bool) -> None:
    per_document: dict[str, int] = {}
    for clause in kb.clauses.values():
        per_document[clause.doc_id] = per_document.get(clause.doc_id, 0) + 1
    rows = [
        {
            "标题": meta.get("title") or doc_id,
            "文号": meta.get("doc_number") or "",
            "发布机关": meta.get("issuer") or "",
            "层级": LEVEL_LABELS.get(meta.get("level"), meta.get("level") or ""),
            "施行日期": str(meta.get("effective") or ""),
            "状态": STATUS_LABELS.get(status_of(meta), status_of(meta)),
            "条款数": per_document.get(doc_id, 0),
            "链接": f"?page=browse&doc={quote(doc_id)}",
            "文档编号": doc_id,
        }
        for doc_id, meta in kb.documents.items()
    ]
    with st.expander(f"文件列表（{len(rows)} 部）", expanded=expanded):
        st.dataframe(rows, hide_index=True, column_config={
            "链接": st.column_config.LinkColumn("链接", display_text="打开"),
        })


def document_view(kb: KnowledgeBase, doc_id: str, target: str | None) -> None:
    meta = kb.documents[doc_id]
    status = status_of(meta)
    heading = f"### {md_escape(str(meta.get('title') or doc_id))}"
    if status in BADGES:
        label, color = BADGES[status]
        heading += f" :{color}-badge[{label}]"
    st.markdown(heading)
    facts = [meta.get("doc_number"), meta.get("issuer"), LEVEL_LABELS.get(meta.get("level"), meta.get("level")),
             f"施行 {meta['effective']}" if meta.get("effective") else None,
             STATUS_LABELS.get(status, status), f"ID {doc_id}"]
    st.caption(md_escape("　·　".join(str(f) for f in facts if f)))
    successor = kb.documents.get(meta.get("superseded_by") or "")
    if status == "superseded" and successor:
        st.warning(md_escape(f"本文件已被《{successor.get('title')}》替代。"))

    query = st.text_input("在本文件中查找", key="browse_query", placeholder="输入词语，多个词用空格分开")
    hits = search_document(kb, doc_id, query) if query.strip() else []
    if query.strip():
        st.caption(f"找到 {len(hits)} 条" if hits else "本文件中没有同时包含这些词的条款。")
        for clause_id in hits:
            clause_card(kb, kb.clauses[clause_id], with_link=True)
    if target:
        st.markdown("**链接的条款**")
        clause_card(kb, kb.clauses[target], with_link=False)

    st.markdown("**全文**")
    tree = document_tree(kb, doc_id)
    open_ids = set(hits) | ({target} if target else set())
    render_nodes(kb, tree.children, open_ids, target)


def render_nodes(kb: KnowledgeBase, nodes: list[TreeNode], open_ids: set[str], target: str | None) -> None:
    for node in nodes:
        if not node.heading:
            for clause_id in node.clause_ids:
                clause_block(kb, kb.clauses[clause_id], marked=clause_id == target)
            continue
        expanded = any(node.contains(c) for c in open_ids)
        with st.expander(md_escape(heading_label(node.title)), expanded=expanded):
            for clause_id in node.clause_ids:
                # A heading line that is a clause by itself (第一节 放行) is already the label.
                if kb.clauses[clause_id].text.strip() != node.title or clause_id == target:
                    clause_block(kb, kb.clauses[clause_id], marked=clause_id == target)
            render_nodes(kb, node.children, open_ids, target)


def heading_label(title: str) -> str:
    """A heading that is the first line of an item (（八）严肃查处违法违规行为。发现…) is
    labelled by its first sentence."""
    cut = title.find("。")
    return title[:cut + 1] if 0 < cut < len(title) - 1 else title


def clause_block(kb: KnowledgeBase, clause: Clause, *, marked: bool) -> None:
    """A clause in the tree; the linked one is framed and labelled."""
    if marked:
        with st.container(border=True):
            st.markdown(":orange-badge[链接的条款]")
            clause_text(kb, clause)
            st.caption(md_escape(f"{clause.ref} · {clause.id}"))
        return
    clause_text(kb, clause)


def clause_card(kb: KnowledgeBase, clause: Clause, *, with_link: bool) -> None:
    with st.container(border=True):
        line = f"**{md_escape(clause.ref)}**"
        if with_link:
            line += f" · [在文中定位]({clause_url(clause.id)})"
        st.markdown(line)
        clause_text(kb, clause)
        path = " / ".join(p for p in clause.path if p)
        st.caption(md_escape("　·　".join(x for x in (path, clause.id) if x)))


def clause_text(kb: KnowledgeBase, clause: Clause) -> None:
    """The clause verbatim; where it cites another article the citation is a link."""
    if not clause.normative:
        st.caption(md_escape(clause.text))
        return
    links = link_references(kb, clause)
    if not links:
        st.text(clause.text)
        return
    st.markdown(linked_markdown(clause.text, links))


def linked_markdown(text: str, links: list[tuple[tuple[int, int], str]]) -> str:
    """Corpus text as Markdown: everything escaped, references as links, lines kept."""
    out, at = [], 0
    for (start, end), target in links:
        out.append(md_escape(text[at:start]))
        out.append(f"[{md_escape(text[start:end])}]({clause_url(target)})")
        at = end
    out.append(md_escape(text[at:]))
    return "".join(out).replace("\n", "  \n")
