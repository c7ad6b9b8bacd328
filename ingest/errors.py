"""Errors that carry a message meant for the user: what is wrong and what to do."""

import contextlib
import errno


class RegkbError(Exception):
    """Base class; the CLI prints the message and exits with ``exit_code``."""

    exit_code = 1


class InputError(RegkbError):
    """A file or argument the user gave cannot be used (empty, corrupt, too big, wrong type)."""

    exit_code = 2


class IndexMissingError(RegkbError):
    """No index has been built yet under REGKB_HOME."""


class IndexFormatError(RegkbError):
    """The index on disk was written by another version of regkb or is damaged."""


class UnknownIdError(RegkbError):
    """A document or clause id that does not exist."""

    exit_code = 2


class StorageError(RegkbError):
    """REGKB_HOME (or the temporary folder) cannot be written: read-only, no permission, or full."""


_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL = {errno.ENOSPC, errno.EDQUOT}


@contextlib.contextmanager
def writing(folder, what: str = "索引目录（REGKB_HOME）"):
    """Turn a failed write under ``folder`` into a :class:`StorageError` that says why and
    what to do; other errors (and errors about files elsewhere) pass through. chromadb
    reports sqlite's own words, not an errno."""
    try:
        yield
    except RegkbError:
        raise
    except Exception as exc:
        code = getattr(exc, "errno", None)
        text = str(exc)
        named = getattr(exc, "filename", None)
        if named and not str(named).startswith(str(folder)):
            raise  # e.g. a corpus file that cannot be read: not a write under ``folder``
        if code in _FULL or "disk is full" in text or "No space left" in text:
            raise StorageError(
                f"磁盘空间不足，无法写入{what} {folder}：本次写入已撤销，原有索引和文档不变。"
                "请清理磁盘空间（或换到空间更大的目录）后再运行。") from exc
        if code in _READ_ONLY or "readonly database" in text or "Read-only file system" in text:
            why = "所在的文件系统是只读的" if code == errno.EROFS or code is None else "没有写权限"
            raise StorageError(
                f"无法写入{what} {folder}：{why}。`regkb ingest` 和 `regkb add` 需要写权限，请用有写权限的"
                "账户运行，或把 REGKB_HOME 指向可写的目录；只读的索引仍可用于查询（ask、search、doctor）。") from exc
        raise
