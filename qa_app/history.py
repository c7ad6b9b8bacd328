"""Lasting chat history: each user's conversations, kept in REGKB_HOME/history.sqlite3.

One table of conversations and one of turns (the question and the answer as
:meth:`Answer.to_dict` JSON). Every call names the user, and a user only ever sees, opens,
renames or deletes their own conversations. The file is created by the first turn saved (so
merely opening the chat page writes nothing), uses WAL so that several app processes can
write at once, and conversations untouched for ``Settings.history_days`` are deleted when the
history is opened. With ``REGKB_HISTORY=off`` nothing is read or written.

Who the user is comes from :func:`user_id`, out of what the web page knows (a trusted proxy
header, Streamlit's login, a browser cookie); this module knows nothing of Streamlit.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import InputError, StorageError, write_trouble
from ingest.settings import Settings
from qa_app.answer import Answer

FILE_NAME = "history.sqlite3"
MAX_TITLE_CHARS = 100
# A browser's own id (kept in a cookie when nobody is signed in): 32 hex digits, nothing else.
BROWSER_ID = re.compile(r"[0-9a-f]{32}")

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    user TEXT NOT NULL,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (user, id)
);
CREATE INDEX IF NOT EXISTS conversations_by_age ON conversations (updated);
CREATE TABLE IF NOT EXISTS turns (
    user TEXT NOT NULL,
    conversation TEXT NOT NULL,
    position INTEGER NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (user, conversation, position),
    FOREIGN KEY (user, conversation) REFERENCES conversations (user, id) ON DELETE CASCADE
);
PRAGMA user_version = 1;
"""


# How long a process waits for another that is making a new history file at the same moment.
MAKING_WAIT = 30.0


def _made(db: sqlite3.Connection) -> None:
    """The file ready for turns: a new one gets WAL (kept in the file: readers do not block the writer) and the
    schema. Two processes making it at the same moment can find it locked while the other switches it to WAL
    (SQLite does not wait for that lock): the loser waits until the other has made it."""
    deadline = time.monotonic() + MAKING_WAIT
    while db.execute("PRAGMA user_version").fetchone()[0] < 1:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            db.executescript(SCHEMA)
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def user_id(*, trusted_header: str = "", headers: Mapping[str, str] | None = None,
            signed_in: str | None = None, browser: str | None = None) -> str | None:
    """Whose history this is: the name the reverse proxy puts in ``trusted_header`` (only when
    one is configured: anyone can send a header), else the account of Streamlit's own login,
    else the browser's random id. Each kind is prefixed so that no browser id can pass for a
    user name. None when nothing identifies the user."""
    if trusted_header and headers:
        name = headers.get(trusted_header)
        if isinstance(name, str) and name.strip():
            return f"proxy:{name.strip()}"
    if signed_in:
        return f"login:{signed_in}"
    if browser and BROWSER_ID.fullmatch(browser):
        return f"browser:{browser}"
    return None


@dataclass(frozen=True)
class Conversation:
    id: str
    title: str
    created: float
    updated: float
    turns: int


class History:
    """The conversations of every user in one SQLite file; ``path`` None keeps nothing."""

    def __init__(self, path: Path | None, days: int = 180, clock: Callable[[], float] = time.time):
        self.path = path
        self.days = days
        self.clock = clock

    @classmethod
    def open(cls, settings: Settings, clock: Callable[[], float] = time.time) -> History:
        """The history under REGKB_HOME (or none with REGKB_HISTORY=off), old conversations purged."""
        history = cls(settings.home / FILE_NAME if settings.history else None, settings.history_days, clock)
        history.purge()
        return history

    @property
    def enabled(self) -> bool:
        return self.path is not None

    # -- reading ----------------------------------------------------------------------------

    def conversations(self, user: str) -> list[Conversation]:
        """The user's conversations, the one used last first."""
        with self._connection() as db:
            if db is None:
                return []
            rows = db.execute(
                "SELECT c.id, c.title, c.created, c.updated, COUNT(t.position) FROM conversations c "
                "LEFT JOIN turns t ON t.user = c.user AND t.conversation = c.id WHERE c.user = ? "
                "GROUP BY c.id ORDER BY c.updated DESC, c.created DESC", (user,)).fetchall()
        return [Conversation(*row) for row in rows]

    def turns(self, user: str, conversation: str) -> list[tuple[str, Answer]]:
        """The (question, answer) turns of one of the user's conversations, in order; empty for
        a conversation that is not theirs (or no longer exists)."""
        with self._connection() as db:
            if db is None:
                return []
            rows = db.execute("SELECT question, answer FROM turns WHERE user = ? AND conversation = ? "
                              "ORDER BY position", (user, conversation)).fetchall()
        return [(question, Answer.from_dict(json.loads(answer))) for question, answer in rows]

    # -- writing ----------------------------------------------------------------------------

    def append(self, user: str, conversation: str, question: str, answer: Answer) -> None:
        """Add a turn at the end of the conversation (created, titled by its first question,
        when this is its first turn)."""
        with self._connection(create=True) as db:
            if db is None:
                return
            now = self.clock()
            db.execute("BEGIN IMMEDIATE")  # the next position is read and taken in one transaction
            db.execute("INSERT INTO conversations (user, id, title, created, updated) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT (user, id) DO UPDATE SET updated = excluded.updated",
                       (user, conversation, _title(question), now, now))
            db.execute("INSERT INTO turns (user, conversation, position, question, answer, created) "
                       "SELECT ?, ?, COALESCE(MAX(position) + 1, 0), ?, ?, ? FROM turns "
                       "WHERE user = ? AND conversation = ?",
                       (user, conversation, question, json.dumps(answer.to_dict(), ensure_ascii=False), now,
                        user, conversation))
            db.execute("COMMIT")

    def rename(self, user: str, conversation: str, title: str) -> None:
        title = " ".join(title.split())
        if not title:
            raise InputError("标题不能为空：请输入对话的新标题。")
        with self._connection() as db:
            if db is not None:
                db.execute("UPDATE conversations SET title = ? WHERE user = ? AND id = ?",
                           (title[:MAX_TITLE_CHARS], user, conversation))

    def delete(self, user: str, conversation: str) -> None:
        with self._connection() as db:
            if db is not None:
                db.execute("DELETE FROM conversations WHERE user = ? AND id = ?", (user, conversation))

    def delete_all(self, user: str) -> int:
        """Delete every conversation of the user; returns how many there were."""
        with self._connection() as db:
            if db is None:
                return 0
            return db.execute("DELETE FROM conversations WHERE user = ?", (user,)).rowcount

    def purge(self) -> int:
        """Delete the conversations (of every user) untouched for longer than ``days``."""
        if self.days <= 0:
            return 0
        with self._connection() as db:
            if db is None:
                return 0
            return db.execute("DELETE FROM conversations WHERE updated < ?",
                              (self.clock() - self.days * 86400,)).rowcount

    # -- the file ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _connection(self, create: bool = False) -> Iterator[sqlite3.Connection | None]:
        """A connection for one operation (None when there is nothing to read), its failures
        turned into a message that says what to do. One connection per call: app sessions
        run in threads, and several app processes share the file."""
        if self.path is None or (not create and not self.path.exists()):
            yield None
            return
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise self._failure(exc) from exc
        try:
            db.execute("PRAGMA foreign_keys = ON")
            if create:
                _made(db)
            yield db
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.rollback()
            raise self._failure(exc) from exc
        finally:
            db.close()

    def _failure(self, exc: Exception) -> StorageError:
        text = str(exc)
        if "not a database" in text or "malformed" in text:
            return StorageError(f"对话记录文件 {self.path} 已损坏，无法读取。请管理员把它移走（或删除），"
                                "对话记录会重新开始；问答不受影响。")
        trouble = write_trouble(exc)
        if trouble == "full":
            why = "磁盘空间不足"
        elif trouble is not None:
            why = "目录不可写"
        elif "locked" in text:
            why = "文件正被其他进程长时间占用"
        else:
            why = "无法创建或写入该文件"
        return StorageError(f"无法保存对话记录到 {self.path}（{why}）。问答不受影响，但本轮对话不会被保存；"
                            "请管理员检查 REGKB_HOME 的写权限和磁盘空间，或设置 REGKB_HISTORY=off 关闭对话记录。")


def _title(question: str) -> str:
    return " ".join(question.split())[:MAX_TITLE_CHARS] or "（空白问题）"
