"""Operations tests talk to real local servers (a `chroma run` process) over loopback; the
shared network guard in tests/conftest.py lets loopback through and blocks everything else."""

from __future__ import annotations

import socket

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
