"""The fault table: what a user sees when the index folder, the disk or the index files fail
(issue 16). Each row runs the real `regkb` command line in a subprocess, inside the fault:

- a read-only REGKB_HOME: a read-only bind mount in a private mount namespace (root only),
  and a folder without write permission (`chmod -R a-w`; as root, run without root's
  permission override, which would ignore it);
- a full disk: REGKB_HOME on a small tmpfs, filled up, in a private mount namespace (root only);
- damaged files: a manifest of the wrong structure, binary bytes in CURRENT.

FAULTS is the record: for each command, the exit code and the words the user reads. Every
message must be free of tracebacks, and a failed write must leave the index as it was.

This module is also the driver the subprocesses run (``python -m tests.security.test_faults
STEPS``): it runs each step's command through ``qa_app.cli.main`` with the test embedder and
prints what it returned, printed and wrote to stderr, as JSON.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import NOTICE, REPO, RULE, HashEmbedder, write_doc

NOTICE_TEXT = "某省关于委托生产的通知\n一、受托生产企业应当每季度报告生产情况。\n"
READ_ONLY_WRITE = "无法写入索引目录（REGKB_HOME）"

# fault: [(command, exit code, what the user reads)]; "{notice}" is a file to add.
FAULTS = {
    "read-only home": [
        (["search", "谁负责上市放行", "--json"], 0, '"clause_id": "demo-rule:art2"'),
        (["stats"], 0, "2 部文件，10 条条款"),
        (["doctor"], 0, "索引完好。"),
        (["ingest"], 1, (READ_ONLY_WRITE, "只读的索引仍可用于查询（ask、search、doctor）")),
        (["add", "{notice}"], 1, READ_ONLY_WRITE),
    ],
    "manifest of the wrong structure": [
        (["search", "上市放行"], 1, ("索引清单", "documents 中的 demo-rule 的 缺少 meta。运行 `regkb ingest --rebuild`")),
        (["doctor"], 1, "[失败] 索引清单："),
        (["ingest"], 0, "正在重建整个索引：原有索引无法沿用"),
        (["search", "谁负责上市放行", "--json"], 0, '"clause_id": "demo-rule:art2"'),
    ],
    "binary bytes in CURRENT": [
        (["search", "上市放行"], 1, "CURRENT 已损坏：它应当只写着当前索引的名称"),
        (["doctor"], 1, "[失败] 当前索引："),
        (["ingest"], 0, "正在重建整个索引"),
        (["search", "谁负责上市放行", "--json"], 0, '"clause_id": "demo-rule:art2"'),
    ],
    "disk full": [
        (["ingest", "--rebuild"], 1, ("磁盘空间不足，无法写入索引目录（REGKB_HOME）", "本次写入已撤销，原有索引和文档不变")),
        (["add", "{notice}"], 1, "磁盘空间不足"),
        (["search", "谁负责上市放行", "--json"], 0, '"clause_id": "demo-rule:art2"'),  # the old index answers
    ],
    "temporary folder full": [  # a reader copies the vector store there (chromadb writes on open)
        # Search goes on by keywords, saying why (not "damaged": nothing needs rebuilding).
        (["search", "上市放行"], 0, "临时目录（TMPDIR）已满或不可写，向量检索暂不可用，当前仅按关键词检索"),
    ],
}


# --- the driver (runs in the subprocess) ------------------------------------------------------


def drive(steps: list[dict]) -> list[dict]:
    import tempfile

    from qa_app import cli

    # No tokenizer, as the CLI itself: an ingest builds one, a reader loads the one the index saved.
    cli._components = lambda settings: (HashEmbedder(), None)
    results = []
    for step in steps:
        if "fill" in step:  # leave only step["leave"] bytes free on the file system of step["fill"]
            info = os.statvfs(step["fill"])
            size = max(info.f_bavail * info.f_frsize - step["leave"], 1)
            with open(Path(step["fill"]) / "filler", "wb") as handle:
                os.posix_fallocate(handle.fileno(), 0, size)
            results.append({})
            continue
        if "list" in step:
            folder = Path(step["list"])
            results.append({"names": sorted(p.name for p in folder.iterdir()) if folder.exists() else []})
            continue
        os.environ.update(step.get("env", {}))
        tempfile.tempdir = None  # read TMPDIR again
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(step["run"])
            except BaseException:  # what the real command would print: a traceback
                import traceback

                traceback.print_exc()
                code = -1
        results.append({"code": code, "out": out.getvalue(), "err": err.getvalue()})
    return results


if __name__ == "__main__":
    print(json.dumps(drive(json.loads(sys.argv[1])), ensure_ascii=False))
    sys.exit(0)


# --- the tests ------------------------------------------------------------------------------


@pytest.fixture
def built(tmp_path):
    """A small index (the two test documents) and a file to add."""
    from ingest.index import Ingestor
    from ingest.settings import Settings
    from ingest.tokenize import Tokenizer

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_doc(corpus, "demo-rule", RULE, title="示例办法", cite_as="《示例办法》")
    write_doc(corpus, "demo-notice", NOTICE, title="示例通知", cite_as="示例通知", level="provincial")
    home = tmp_path / "home"
    Ingestor(Settings(home=home, corpus=corpus, embed_model="", threads=1), HashEmbedder(), Tokenizer()).run()
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE_TEXT, encoding="utf-8")
    return home, corpus, notice


def run_steps(steps: list[dict], home: Path, corpus: Path, wrapper: list[str] = ()) -> list[dict]:
    env = {**os.environ, "REGKB_HOME": str(home), "REGKB_CORPUS": str(corpus), "PYTHONPATH": str(REPO)}
    env.pop("REGKB_CHROMA_URL", None)
    done = subprocess.run([*wrapper, sys.executable, "-m", "tests.security.test_faults", json.dumps(steps)],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def commands(fault: str, notice: Path, **env) -> list[dict]:
    return [{"run": [a.replace("{notice}", str(notice)) for a in argv], **({"env": env} if env else {})}
            for argv, _, _ in FAULTS[fault]]


def check(fault: str, results: list[dict]) -> None:
    """Each command of the fault gives its exit code and message, never a traceback."""
    for (argv, code, says), result in zip(FAULTS[fault], results, strict=True):
        shown = result["out"] + result["err"]
        assert "Traceback" not in shown, (argv, shown)
        assert result["code"] == code, (argv, shown)
        for phrase in (says,) if isinstance(says, str) else says:
            assert phrase in shown, (argv, phrase, shown)


def namespace(script: str, *args: str) -> list[str]:
    """A wrapper that runs the command in a private mount namespace after ``script`` (sh, with
    "$0".. as ``args``), or skips the test if this machine does not allow it."""
    if not shutil.which("unshare"):
        pytest.skip("needs unshare(1) to mount without changing the machine")
    wrapper = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script + ' && exec "$@"', *args]
    probe = subprocess.run([*wrapper, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot mount in a private namespace here: {probe.stderr.strip()[:200]}")
    return wrapper


def snapshot(folder: Path) -> dict:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("how", ["read-only mount", "no write permission"])
def test_read_only_home(built, how):
    home, corpus, notice = built
    before = snapshot(home)
    root = os.geteuid() == 0
    if how == "read-only mount":
        if not root:
            pytest.skip("mounting needs root; the folder without write permission is the case here")
        wrapper = namespace('mount --bind "$0" "$0" && mount -o remount,bind,ro "$0"', str(home))
    else:
        # chmod does not stop root, unless it gives up overriding file permissions.
        drop = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search"]
        if root and subprocess.run([*drop, "true"], capture_output=True).returncode != 0:
            pytest.skip("cannot drop root's permission override here (setpriv)")
        wrapper = drop if root else []
        subprocess.run(["chmod", "-R", "a-w", str(home)], check=True)
    try:
        results = run_steps(commands("read-only home", notice), home, corpus, wrapper)
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(home)], check=True)
    check("read-only home", results)
    why = "所在的文件系统是只读的" if how == "read-only mount" else "没有写权限"
    assert all(why in r["err"] for r in results if r["code"] == 1)
    assert snapshot(home) == before  # readers wrote nothing, and nor did the refused writers


def test_manifest_of_the_wrong_structure(built):
    home, corpus, notice = built
    path = next(home.glob("generations/*/manifest.json"))
    manifest = json.loads(path.read_text(encoding="utf-8"))
    del manifest["documents"]["demo-rule"]["meta"]
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    check("manifest of the wrong structure", run_steps(commands("manifest of the wrong structure", notice), home,
                                                       corpus))


def test_binary_bytes_in_current(built):
    home, corpus, notice = built
    (home / "CURRENT").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    check("binary bytes in CURRENT", run_steps(commands("binary bytes in CURRENT", notice), home, corpus))


def test_disk_full(built, tmp_path):
    home, corpus, notice = built
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    # "$0": the tmpfs, "$1": the index to copy onto it.
    wrapper = namespace('mount -t tmpfs -o size=24m tmpfs "$0" && cp -a "$1" "$0/home" && shift', str(disk), str(home))
    on_disk = disk / "home"
    steps = [{"fill": str(disk), "leave": 64 * 1024}, *commands("disk full", notice),
             {"list": str(on_disk / "generations")}, {"list": str(on_disk / "added")},
             *commands("temporary folder full", notice, TMPDIR=str(disk))]
    results = run_steps(steps, on_disk, corpus, wrapper)
    n = len(FAULTS["disk full"])
    check("disk full", results[1:1 + n])
    generations, added = results[1 + n:3 + n]
    assert generations["names"] == [p.name for p in (home / "generations").iterdir()]  # no half-written one
    assert added["names"] == []  # the document that could not be indexed was taken back out
    check("temporary folder full", results[3 + n:])
