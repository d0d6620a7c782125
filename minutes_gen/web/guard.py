"""What protects the web page from the network and from load: a Host allow-list (a page
on 127.0.0.1 cannot be driven through DNS rebinding), security headers on every answer, the
client's address read from X-Forwarded-For only through a trusted proxy, and a gate that lets a
few register runs work at once, a few more wait, and turns the rest away with a Vietnamese
«đang bận» page."""

import ipaddress
import secrets
import socket
import threading

from flask import Flask, abort, g, request
from markupsafe import escape

from minutes_gen.errors import InputError, Problem

# a page asked for under another host name (check_host)
HOST_REFUSED = ("Trang này chỉ mở được bằng địa chỉ của chính máy chủ (ví dụ http://127.0.0.1:8000/). "
                "Nếu máy chủ mở cho cả mạng, người quản trị thêm tên máy bằng --allow-host.")

LOCAL_NAMES = {"127.0.0.1", "localhost", "::1"}


def allowed_hosts(host: str, extra: tuple[str, ...] = ()) -> set[str]:
    """The Host names the page answers to: this machine's local names, the address it listens
    on, and (when it listens on every address) this machine's own names and addresses."""
    names = set(LOCAL_NAMES) | {name.lower() for name in extra}
    if host in ("0.0.0.0", "::", ""):
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        try:
            names |= {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)}
        except OSError:
            pass
    else:
        names.add(host.lower())
    return names


def _host_name(header: str) -> str:
    """``[::1]:8000`` -> ``::1``; ``Example:80`` -> ``example``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.index("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def check_host(allowed: set[str]):
    """A before-request hook refusing any Host not in ``allowed`` (400, Vietnamese page)."""
    def check() -> None:
        if _host_name(request.host or "") not in allowed:
            abort(400, description="host")
    return check


def new_nonce() -> None:
    """A fresh nonce for this answer's inline scripts (Content-Security-Policy)."""
    g.csp_nonce = secrets.token_urlsafe(16)


def security_headers(response):
    """No framing, no sniffing, no referrer, and only this page's own scripts."""
    nonce = getattr(g, "csp_nonce", "")
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def private_headers(https: bool):
    """An after-request hook for pages with a session: never cached (a shared computer's
    browser keeps no copy), and, served over HTTPS, the browser told to use HTTPS only."""
    def add(response):
        response.headers["Cache-Control"] = "no-store"
        if https:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response
    return add


Networks = tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]


def trusted_networks(values: tuple[str, ...]) -> Networks:
    """The proxies given by ``--trusted-proxy`` (an address or a network such as 10.0.0.0/24)."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise InputError([Problem("--trusted-proxy", f"«{value}» không phải địa chỉ IP hay mạng "
                                                         "(ví dụ 127.0.0.1 hoặc 10.0.0.0/24)")],
                             headline="Không khởi động được máy chủ văn phòng") from None
    return tuple(networks)


def is_trusted(text: str, trusted: Networks) -> bool:
    try:
        found = ipaddress.ip_address(text.strip())
    except ValueError:
        return False
    return any(found in network for network in trusted)


def client_address(peer: str, forwarded_for: str, trusted: Networks) -> str:
    """Who sent the request: the direct peer, unless it is a trusted proxy; then, walking
    X-Forwarded-For from the right (each proxy appends the address it saw), the first address
    that is not a trusted proxy. What lies left of it was written by the client and is ignored."""
    client = peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    while is_trusted(client, trusted) and hops:
        hop = hops.pop()
        try:
            ipaddress.ip_address(hop)
        except ValueError:  # not written by a proxy: the last known hop is the client
            break
        client = hop
    return client


class Busy(Exception):
    """Too many register runs at once: the user is asked to try again shortly."""


class JobGate:
    """At most ``running`` heavy jobs at once and ``waiting`` more in line; beyond that ``Busy``."""

    def __init__(self, running: int = 2, waiting: int = 4, patience: float = 120.0):
        self.slots = threading.BoundedSemaphore(running)
        self.lock = threading.Lock()
        self.waiting, self.max_waiting, self.patience = 0, waiting, patience

    def __enter__(self) -> "JobGate":
        if self.slots.acquire(blocking=False):
            return self
        with self.lock:
            if self.waiting >= self.max_waiting:
                raise Busy
            self.waiting += 1
        try:
            if not self.slots.acquire(timeout=self.patience):
                raise Busy
        finally:
            with self.lock:
                self.waiting -= 1
        return self

    def __exit__(self, *exc) -> None:
        self.slots.release()


class VietnameseFlask(Flask):
    """Flask whose redirects say, in Vietnamese, where they go (a browser that does not follow
    them shows that text; Flask's own is English)."""

    def redirect(self, location: str, code: int = 302):
        response = super().redirect(location, code)
        response.set_data(f'<!doctype html>\n<html lang="vi"><title>Chuyển trang</title><p>Đang chuyển sang '
                          f'<a href="{escape(location)}">trang tiếp theo</a>.</p></html>\n')
        return response
