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


# The C library's strerror is English; what a user reads instead.
_REASONS = {
    errno.ENOENT: "文件或目录不存在", errno.EACCES: "没有访问权限", errno.EPERM: "没有操作权限",
    errno.EISDIR: "这是一个文件夹", errno.ENOTDIR: "路径中有一级不是文件夹", errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完", errno.EROFS: "文件系统是只读的", errno.ENAMETOOLONG: "文件名太长",
    errno.ELOOP: "符号链接层数过多", errno.EBUSY: "文件正被占用", errno.ETXTBSY: "文件正被占用",
    errno.EMFILE: "打开的文件太多", errno.EIO: "读写出错（磁盘或网络盘故障）", errno.EEXIST: "文件已存在",
}


def os_reason(exc: OSError) -> str:
    """Why an OS call failed, in Chinese (for messages; ``exc.strerror`` is English)."""
    code = getattr(exc, "errno", None)
    if not code:
        return "系统错误"
    return _REASONS.get(code) or f"系统错误 {errno.errorcode.get(code, code)}"


_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL = {errno.ENOSPC, errno.EDQUOT}


def write_trouble(exc: Exception) -> str | None:
    """Why a write failed when the disk or the folder is at fault: "full", "read_only" (the
    file system), "denied" (no permission), else None. sqlite (and chromadb through it) says
    it in words, not with an errno."""
    code = getattr(exc, "errno", None)
    text = str(exc)
    if code in _FULL or "disk is full" in text or "No space left" in text:
        return "full"
    if code == errno.EROFS or "Read-only file system" in text:
        return "read_only"
    if code in _READ_ONLY or "readonly database" in text or "ermission denied" in text:
        # sqlite's "attempt to write a readonly database" comes without errno: a read-only file
        # system and a folder without write permission look alike from here.
        return "read_only" if code is None and "ermission" not in text else "denied"
    return None


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
        named = getattr(exc, "filename", None)
        if named and not str(named).startswith(str(folder)):
            raise  # e.g. a corpus file that cannot be read: not a write under ``folder``
        trouble = write_trouble(exc)
        if trouble == "full":
            raise StorageError(
                f"磁盘空间不足，无法写入{what} {folder}：本次写入已撤销，原有索引和文档不变。"
                "请清理磁盘空间（或换到空间更大的目录）后再运行。") from exc
        if trouble is not None:
            why = "所在的文件系统是只读的" if trouble == "read_only" else "没有写权限"
            raise StorageError(
                f"无法写入{what} {folder}：{why}。`regkb ingest` 和 `regkb add` 需要写权限，请用有写权限的"
                "账户运行，或把 REGKB_HOME 指向可写的目录；只读的索引仍可用于查询（ask、search、doctor）。") from exc
        raise
