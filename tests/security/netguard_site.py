"""Installed as ``sitecustomize.py`` (on PYTHONPATH, in a temp dir) into the subprocesses of
the no-network tests, so it runs before any library is imported.

Every outbound attempt is refused and recorded, one JSON line per attempt, in the file named
by REGKB_NET_LOG: a connection (TCP or UDP) or datagram to an address that is not this
machine, and a name lookup of any host but this machine (resolving a name already tells a
DNS server what the program wanted to reach). Loopback and Unix sockets work as usual, so a
local server (streamlit on 127.0.0.1) can still be used.
"""

import ipaddress
import json
import os
import socket
import sys

_LOG = os.environ["REGKB_NET_LOG"]
_LOCAL_NAMES = {"", "localhost", "localhost.localdomain", "ip6-localhost"}


def _is_local(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host is None or str(host).lower() in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(str(host).split("%", 1)[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _refuse(kind: str, target) -> None:
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps({"kind": kind, "target": repr(target), "argv": sys.argv}, ensure_ascii=False) + "\n")
    raise OSError(101, f"outbound network access blocked ({kind} {target!r})")


def _check(sock, kind, address) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple) and not _is_local(address[0]):
        _refuse(kind, address)


_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
_sendto, _getaddrinfo = socket.socket.sendto, socket.getaddrinfo
_gethostbyname, _gethostbyname_ex = socket.gethostbyname, socket.gethostbyname_ex


def connect(self, address):
    _check(self, "connect", address)
    return _connect(self, address)


def connect_ex(self, address):
    _check(self, "connect", address)
    return _connect_ex(self, address)


def sendto(self, data, *args):
    _check(self, "sendto", args[-1])
    return _sendto(self, data, *args)


def getaddrinfo(host, *args, **kwargs):
    if not _is_local(host):
        _refuse("lookup", host)
    return _getaddrinfo(host, *args, **kwargs)


def gethostbyname(host):
    if not _is_local(host):
        _refuse("lookup", host)
    return _gethostbyname(host)


def gethostbyname_ex(host):
    if not _is_local(host):
        _refuse("lookup", host)
    return _gethostbyname_ex(host)


socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
socket.getaddrinfo, socket.gethostbyname, socket.gethostbyname_ex = getaddrinfo, gethostbyname, gethostbyname_ex
