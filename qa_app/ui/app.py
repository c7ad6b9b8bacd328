"""The regkb web UI: a Streamlit page over the knowledge base (search and the corpus list).

Run from the repository root with ``streamlit run qa_app/ui/app.py`` (settings in
``.streamlit/config.toml``: local only, no usage statistics). This module is an adapter:
it reads widgets, calls :class:`qa_app.kb.KnowledgeBase`, and shows library errors
(:class:`ingest.errors.RegkbError`) as messages. Later pages (chat, agreement check,
quiz, matrix) are more ``*_page(kb)`` functions called from :func:`main`.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

# `streamlit run qa_app/ui/app.py` puts only qa_app/ui/ on sys.path; without an installed
# checkout (`pip install -e .`) the packages would not be found.
if importlib.util.find_spec("qa_app") is None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ingest.settings import quiet_telemetry  # noqa: E402

quiet_telemetry()

import streamlit as st  # noqa: E402

from ingest.embed import Embedder, make_embedder  # noqa: E402
from ingest.errors import RegkbError  # noqa: E402
from ingest.index import Ingestor, IndexStore  # noqa: E402
from ingest.settings import Settings  # noqa: E402
from ingest.tokenize import Tokenizer  # noqa: E402
from qa_app import messages as msg  # noqa: E402
from qa_app.kb import Hit, KnowledgeBase  # noqa: E402
from qa_app.messages import LEVEL_LABELS, STATUS_LABELS  # noqa: E402
from qa_app.ui import agreement_page, browse_page, chat_page, matrix_page, quiz_page  # noqa: E402
from qa_app.ui.locale import localise_page  # noqa: E402
from qa_app.ui.theme import legible_secondary_text  # noqa: E402
from qa_app.ui.widgets import (  # noqa: E402
    BADGES, md_escape, search_notice, sidebar_filters, status_of,
)

TITLE = "regkb — 医疗器械注册人制度法规库"


# -- heavy objects, built once per process -------------------------------------------


@st.cache_resource(show_spinner=msg.LOADING_MODEL)
def load_embedder(model: str, threads: int) -> Embedder:
    return make_embedder(model, threads)


@st.cache_resource(show_spinner=msg.OPENING_KB, max_entries=1)
def open_knowledge_base(settings: Settings, generation: str) -> KnowledgeBase:
    # ``generation`` is only part of the cache key: when `regkb ingest` switches to a new
    # generation the next run opens the new index (the old one stays on disk for a while,
    # for runs still using it; see ingest/index.py).
    return KnowledgeBase.open(settings, embedder=load_embedder(settings.embed_model, settings.threads))


def knowledge_base(settings: Settings) -> KnowledgeBase:
    current = IndexStore(settings.home).current()
    return open_knowledge_base(settings, current.name if current else "")


# -- page pieces -----------------------------------------------------------------------


def setup_page(settings: Settings, error: RegkbError) -> None:
    """No usable index: say why and offer to build it from the corpus."""
    st.error(str(error))
    st.caption(md_escape(msg.SETUP_FOLDERS.format(corpus=settings.corpus, home=settings.home)))
    if not st.button(msg.SETUP_BUTTON, type="primary"):
        return
    try:
        with st.spinner(msg.SETUP_BUILDING):
            embedder = load_embedder(settings.embed_model, settings.threads)
            Ingestor(settings, embedder, Tokenizer()).run()
    except RegkbError as exc:
        st.error(str(exc))
        return
    open_knowledge_base.clear()
    st.rerun()


def corpus_table(kb: KnowledgeBase) -> None:
    per_document = kb.stats()["per_document"]
    rows = [
        {
            "标题": meta.get("title") or doc_id,
            "文号": meta.get("doc_number") or "",
            "发布机关": meta.get("issuer") or "",
            "层级": LEVEL_LABELS.get(meta.get("level"), meta.get("level") or ""),
            "地区": meta.get("region") or "",
            "施行日期": str(meta.get("effective") or ""),
            "状态": STATUS_LABELS.get(status_of(meta), status_of(meta)),
            "条款数": per_document.get(doc_id, 0),
            "文档编号": doc_id,
        }
        for doc_id, meta in kb.documents.items()
    ]
    with st.expander(f"收录法规：{len(rows)} 部，{sum(r['条款数'] for r in rows)} 条", expanded=False):
        st.dataframe(rows, hide_index=True)


def hit_card(kb: KnowledgeBase, hit: Hit) -> None:
    clause = hit.clause
    meta = kb.documents.get(clause.doc_id, {})
    status = status_of(meta)
    with st.container(border=True):
        heading = f"**{md_escape(clause.ref)}**"
        if status in BADGES:
            label, color = BADGES[status]
            heading += f" :{color}-badge[{label}]"
        st.markdown(heading)
        where = [meta.get("title") or clause.doc_id, " / ".join(p for p in clause.path if p)]
        successor = kb.documents.get(meta.get("superseded_by") or "")
        if status == "superseded" and successor:
            where.append(f"已被《{successor.get('title')}》替代")
        st.caption(md_escape("　·　".join(w for w in where if w)))
        st.text(clause.text)
        st.caption(md_escape(clause.id))


def search_page(kb: KnowledgeBase) -> None:
    options = sidebar_filters(kb)
    query = st.text_input("检索条款", key="query", placeholder="例如：谁负责产品上市放行？")
    if not query.strip():
        return
    try:
        hits = kb.search(query, options["k"], doc_ids=options["doc_ids"], levels=options["levels"],
                         in_force_only=options["in_force_only"])
    except RegkbError as exc:
        st.error(str(exc))
        return
    search_notice(kb.notice)
    if not hits:
        st.info(msg.NO_HITS)
        if options["in_force_only"]:
            st.caption(msg.NO_HITS_IN_FORCE)
        return
    for hit in hits:
        hit_card(kb, hit)


def search_and_corpus_page(kb: KnowledgeBase) -> None:
    corpus_table(kb)
    search_page(kb)


# Each page is a function of the open knowledge base; the key is its ?page= value.
# A feature adds itself here with one line (its module lives beside this one).
PAGES: dict[str, tuple[str, Callable[[KnowledgeBase], None]]] = {
    "chat": ("问答", chat_page.render),
    "search": ("条款检索", search_and_corpus_page),
    "browse": ("法规浏览", browse_page.render),
    "matrix": ("职责矩阵", matrix_page.render),
    "quiz": ("培训题库", quiz_page.render),
    "agreement": ("质量协议审查", agreement_page.render),
}


def choose_page() -> str:
    """The page from the URL (?page=...) or the sidebar; the URL follows the choice so
    that links to a page (and to a clause on it) can be shared."""
    keys = list(PAGES)
    wanted = st.query_params.get("page", keys[0])
    index = keys.index(wanted) if wanted in keys else 0
    choice = st.sidebar.radio("功能", keys, index=index, format_func=lambda k: PAGES[k][0], key="page")
    if st.query_params.get("page") != choice:
        st.query_params["page"] = choice
    return choice


def main() -> None:
    st.set_page_config(page_title="regkb", layout="wide")
    localise_page()
    legible_secondary_text()
    st.title(TITLE)
    st.caption(msg.APP_CAPTION)
    settings = Settings()
    try:
        kb = knowledge_base(settings)
    except RegkbError as exc:
        setup_page(settings, exc)
        return
    page = choose_page()
    PAGES[page][1](kb)


if __name__ == "__main__":
    main()
