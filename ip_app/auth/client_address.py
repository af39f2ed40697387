"""The client's address behind reverse proxies (issue 17): X-Forwarded-For is believed
only when the connection comes from a proxy listed in IP_TRUSTED_PROXIES (addresses or
networks, separated by spaces or commas). Otherwise anyone could send the header and
choose the address the login limits count against.
"""

from __future__ import annotations

import ipaddress
import os
from functools import lru_cache
from typing import Optional, Union

_Net = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]


@lru_cache(maxsize=8)
def _parse(raw: str) -> tuple[_Net, ...]:
    nets = []
    for item in raw.replace(",", " ").split():
        try:
            nets.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ValueError(f"IP_TRUSTED_PROXIES: not an address or network: {item!r}") from exc
    return tuple(nets)


def trusted_proxies() -> tuple[_Net, ...]:
    return _parse(os.environ.get("IP_TRUSTED_PROXIES", ""))


def _ip(value: str) -> Optional[ipaddress._BaseAddress]:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(addr: Optional[ipaddress._BaseAddress], nets: tuple[_Net, ...]) -> bool:
    return addr is not None and any(addr in net for net in nets)


def client_address(peer: Optional[str], forwarded_for: str = "") -> str:
    """The address to count a request against: the peer itself, unless the peer is a
    trusted proxy; then the right-most X-Forwarded-For entry that is not a trusted proxy
    (entries further left were written by the client and prove nothing)."""
    peer = peer or "?"
    nets = trusted_proxies()
    if not nets or not _trusted(_ip(peer), nets):
        return peer
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        addr = _ip(hop)
        if addr is None:  # garbage in the chain: stop at the last proxy we trust
            return peer
        if not _trusted(addr, nets):
            return str(addr)
    return str(_ip(hops[0])) if hops else peer
