"""The chat page's sidebar of past conversations (open, new, rename, delete, delete all) and
the export of the conversation on screen. A thin adapter over :mod:`qa_app.history` and
:mod:`qa_app.transcript`; the chat page calls :func:`render` once, after its turns.

Who the user is: the trusted proxy header named by REGKB_USER_HEADER, else Streamlit's own
login (``st.login``), else a random id this browser keeps in a cookie. A cookie rather than
``?u=`` in the address: links copied from the address bar (and the app's own links to
法规浏览) would otherwise carry one person's history to another, or lose it. The cookie is
set by a line of script on the first visit and sent back by the browser on every reload.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Sequence

import streamlit as st

from ingest.errors import RegkbError
from ingest.settings import Settings
from qa_app.answer import Answer
from qa_app.history import BROWSER_ID, MAX_TITLE_CHARS, Conversation, History, user_id
from qa_app.transcript import MEDIA_TYPES, file_name, render as render_transcript
from qa_app.ui.widgets import conversation_id, md_escape, new_conversation

COOKIE = "regkb_browser"
COOKIE_DAYS = 400  # the longest a browser keeps a cookie
LABEL_CHARS = 24
RECENT = 15  # conversations listed as they are; older ones behind 更早的对话


def current_user(settings: Settings) -> str | None:
    """The user whose conversations the sidebar shows (see the module docstring)."""
    signed_in = None
    if st.user.get("is_logged_in"):
        signed_in = st.user.get("email") or st.user.get("sub")
    return user_id(trusted_header=settings.user_header, headers=st.context.headers,
                   signed_in=signed_in, browser=_browser_id())


def _browser_id() -> str:
    """This browser's id: from its cookie, or a new one the cookie is set to."""
    known = st.context.cookies.get(COOKIE)
    if isinstance(known, str) and BROWSER_ID.fullmatch(known):
        return known
    new = st.session_state.setdefault("browser_id", uuid.uuid4().hex)
    st.html(f"<script>document.cookie = '{COOKIE}={new}; max-age={COOKIE_DAYS * 86400}; path=/; "
            "samesite=strict';</script>", unsafe_allow_javascript=True)
    return new


def render(chat: Sequence[tuple[str, Answer]]) -> None:
    """Save the turns of the conversation on screen not saved yet, then show the sidebar."""
    settings = Settings()
    with st.sidebar:
        st.header("对话记录")
        st.button("新建对话", key="history-new", on_click=new_conversation, icon=":material/add:")
        user = current_user(settings)
        try:
            store = History.open(settings)
            if user is not None:
                _save(store, user, chat)
                _conversations(store, user)
        except RegkbError as exc:
            st.warning(str(exc))
        if error := st.session_state.pop("history-error", None):
            st.warning(error)
        if not settings.history:
            st.caption("本系统未开启对话记录（REGKB_HISTORY=off）：对话不会被保存，刷新页面后即清空。")
        if chat:
            _export(chat)


def _save(store: History, user: str, chat: Sequence[tuple[str, Answer]]) -> None:
    """Append the turns asked since the last run (a failed save is tried again next run)."""
    saved = st.session_state.setdefault("history_saved", {})
    current = conversation_id()
    for question, answer in chat[saved.get(current, 0):]:
        store.append(user, current, question, answer)
        saved[current] = saved.get(current, 0) + 1


def _conversations(store: History, user: str) -> None:
    conversations = store.conversations(user)
    current = conversation_id()
    for conversation in conversations[:RECENT]:
        _open_button(store, user, conversation, current)
    if len(conversations) > RECENT:
        with st.expander(f"更早的对话（{len(conversations) - RECENT}）"):
            for conversation in conversations[RECENT:]:
                _open_button(store, user, conversation, current)
    shown = next((c for c in conversations if c.id == current), None)
    if shown is not None:
        _manage(store, user, shown)
    if conversations:
        _delete_all(store, user, len(conversations))


def _open_button(store: History, user: str, conversation: Conversation, current: str) -> None:
    st.button(md_escape(_label(conversation.title)), key=f"history-open-{conversation.id}",
              help=md_escape(f"{conversation.title}（{conversation.turns} 轮，"
                             f"{dt.datetime.fromtimestamp(conversation.updated):%Y-%m-%d %H:%M}）"),
              type="primary" if conversation.id == current else "secondary", width="stretch",
              on_click=_open, args=(store, user, conversation.id))


def _manage(store: History, user: str, conversation: Conversation) -> None:
    with st.expander("重命名或删除当前对话"):
        st.text_input("标题", value=conversation.title, key=f"history-title-{conversation.id}", max_chars=MAX_TITLE_CHARS)
        st.button("保存标题", key="history-rename", on_click=_rename, args=(store, user, conversation.id))
        st.button("删除当前对话", key="history-delete", on_click=_delete, args=(store, user, conversation.id))


def _delete_all(store: History, user: str, count: int) -> None:
    if not st.session_state.get("history-confirm"):
        st.button("删除全部对话", key="history-delete-all",
                  on_click=lambda: st.session_state.update({"history-confirm": True}))
        return
    st.warning(f"将删除您的全部 {count} 个对话，删除后无法恢复。确定吗？")
    st.button("确认删除全部对话", key="history-delete-all-confirm", type="primary",
              on_click=_delete_everything, args=(store, user))
    st.button("取消", key="history-delete-all-cancel",
              on_click=lambda: st.session_state.update({"history-confirm": False}))


def _export(chat: Sequence[tuple[str, Answer]]) -> None:
    st.subheader("导出当前对话")
    turns = list(chat)
    for fmt, label in (("md", "下载 Markdown"), ("docx", "下载 Word（.docx）")):
        # Written when clicked, not on every run of the page.
        st.download_button(label, data=functools.partial(render_transcript, turns, fmt), file_name=file_name(fmt),
                           mime=MEDIA_TYPES[fmt], key=f"history-export-{fmt}", on_click="ignore")


def _label(title: str) -> str:
    return title if len(title) <= LABEL_CHARS else title[:LABEL_CHARS - 1] + "…"


# -- callbacks (run before the page, so the page shows their result) -------------------------


def _guarded(action) -> None:
    try:
        action()
    except RegkbError as exc:
        st.session_state["history-error"] = str(exc)


def _open(store: History, user: str, conversation: str) -> None:
    def action():
        turns = store.turns(user, conversation)
        new_conversation(conversation)
        st.session_state["chat"] = turns
        st.session_state.setdefault("history_saved", {})[conversation] = len(turns)
    _guarded(action)


def _rename(store: History, user: str, conversation: str) -> None:
    _guarded(lambda: store.rename(user, conversation, st.session_state.get(f"history-title-{conversation}", "")))


def _delete(store: History, user: str, conversation: str) -> None:
    def action():
        store.delete(user, conversation)
        new_conversation()
    _guarded(action)


def _delete_everything(store: History, user: str) -> None:
    def action():
        store.delete_all(user)
        st.session_state["history-confirm"] = False
        new_conversation()
    _guarded(action)
