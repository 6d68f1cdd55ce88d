"""Which IP addresses a server-side fetch may connect to: public unicast only.

Refused: loopback, private (RFC 1918, unique local), link-local (cloud metadata at
169.254.169.254 and fd00:ec2::254 included), shared (100.64/10: Alibaba's metadata),
multicast, reserved and unspecified addresses, and IPv6 forms that embed a refused IPv4
address (mapped ``::ffff:a.b.c.d``, NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``, Teredo).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_METADATA = {
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("169.254.170.2"),
    ipaddress.ip_address("100.100.100.200"),
    ipaddress.ip_address("fd00:ec2::254"),
}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def refusal(ip: IP) -> str | None:
    """Why ``ip`` must not be fetched from (a few words), or None when it is public."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return "a scoped link-local address"
        inner = _embedded_v4(ip)
        if inner is not None:
            why = refusal(inner)
            return f"{why} (inside an IPv6 address)" if why else None
    if ip in _METADATA:
        return "a cloud metadata address"
    checks = (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    )
    for attribute, why in checks:
        if getattr(ip, attribute):
            return why
    if not ip.is_global:
        return "an address that is not public"
    return None


def parse_networks(values: Iterable[str]) -> list[Network]:
    """Networks from strings such as ``10.1.0.0/16`` or ``192.0.2.7``."""
    return [ipaddress.ip_network(v, strict=False) for v in values]


def check_address(ip: IP, allowed: Iterable[Network] = ()) -> str | None:
    """:func:`refusal`, unless the deployment allows ``ip``'s network explicitly."""
    if any(ip.version == net.version and ip in net for net in allowed):
        return None
    return refusal(ip)
