"""All configuration, read once from the environment (every variable is in the README)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser().resolve() if value else default


@dataclass(frozen=True)
class Settings:
    home: Path = field(default_factory=lambda: _path("REGKB_HOME", REPO_DIR / ".regkb"))
    corpus: Path = field(default_factory=lambda: _path("REGKB_CORPUS", REPO_DIR / "corpus"))
    embed_model: str = field(default_factory=lambda: os.environ.get("REGKB_EMBED_MODEL", "").strip())
    threads: int = field(default_factory=lambda: int(os.environ.get("REGKB_THREADS", "1") or 1))
    # Empty: the vectors live in each generation's chroma/ folder. http://host:port: on
    # that chroma server (`chroma run`), one collection per generation.
    chroma_url: str = field(default_factory=lambda: os.environ.get("REGKB_CHROMA_URL", "").strip())
    # How long a replaced generation stays on disk for readers still using it (seconds);
    # the one replaced last always stays until the next ingest.
    prune_grace: float = field(default_factory=lambda: float(os.environ.get("REGKB_PRUNE_GRACE", "600") or 600))
    # How long a search waits for the chroma server before answering from keywords alone
    # (seconds): chromadb's HTTP client has no timeout of its own.
    vector_timeout: float = field(default_factory=lambda: float(os.environ.get("REGKB_VECTOR_TIMEOUT", "5") or 5))
    # The chat page keeps each user's conversations in home/history.sqlite3; "off" writes nothing.
    history: bool = field(default_factory=lambda: os.environ.get("REGKB_HISTORY", "").strip().lower()
                          not in ("off", "0", "false", "no"))
    # Conversations untouched for this many days are deleted (0: kept until the user deletes them).
    history_days: int = field(default_factory=lambda: int(os.environ.get("REGKB_HISTORY_DAYS", "180") or 180))
    # The request header a trusted reverse proxy puts the signed-in user's name in (X-Forwarded-User);
    # empty: no header is believed, whoever sends it.
    user_header: str = field(default_factory=lambda: os.environ.get("REGKB_USER_HEADER", "").strip())

    @property
    def added_dir(self) -> Path:
        """Documents added with `regkb add` live here, never in corpus/."""
        return self.home / "added"


def quiet_telemetry() -> None:
    """Switch off every phone-home we know of, before the libraries are imported."""
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("CHROMA_TELEMETRY", "False")
    os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("DO_NOT_TRACK", "1")
