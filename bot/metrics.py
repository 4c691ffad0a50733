"""Prometheus metrics of every process (``prometheus_client``), served on ``GET /metrics``.

One set of names for all processes; each process fills the ones it sees:

- ``afpa_messages_total{channel, outcome}``: messages relayed to Rasa by the web server
  and the Telegram bridge (outcome ``answered`` or ``unavailable``);
- ``afpa_reply_seconds{channel}``: histogram of the time Rasa took to answer them;
- ``afpa_fallbacks_total``: messages the assistant did not understand (action server);
- ``afpa_bookings_total{outcome}``: booking attempts by outcome (action server);
- ``afpa_action_errors_total{process}``: actions that failed: raised in the action
  server (``actions``), or the action server down, slow or in error as seen by the
  Rasa server (``rasa``);
- ``afpa_action_seconds{action}``: histogram of the action server's work per action.

Nothing personal in a label: channel names, outcome codes and action names only.
``/metrics`` answers only to the loopback (a local Prometheus agent or sidecar), and to
the networks of ``METRICS_ALLOWED_NETWORKS`` (e.g. a cluster's pod network).
"""
from __future__ import annotations

import ipaddress
import os
from typing import Mapping, Optional, Tuple

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 10.0, 30.0)

MESSAGES = Counter("afpa_messages", "Messages relayed to the assistant", ["channel", "outcome"])
REPLY_SECONDS = Histogram("afpa_reply_seconds", "Time the assistant took to answer", ["channel"], buckets=LATENCY_BUCKETS)
FALLBACKS = Counter("afpa_fallbacks", "Messages the assistant did not understand")
BOOKINGS = Counter("afpa_bookings", "Booking attempts by outcome", ["outcome"])
ACTION_ERRORS = Counter("afpa_action_errors", "Custom actions that failed", ["process"])
ACTION_SECONDS = Histogram("afpa_action_seconds", "Action server work per action", ["action"], buckets=LATENCY_BUCKETS)


def allowed_networks(environ: Mapping[str, str] = os.environ) -> Tuple[ipaddress._BaseNetwork, ...]:
    networks = []
    for item in environ.get("METRICS_ALLOWED_NETWORKS", "").split(","):
        if not item.strip():
            continue
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            raise SystemExit(f"METRICS_ALLOWED_NETWORKS : réseau invalide {item.strip()!r} (ex. 10.0.0.0/8)") from None
    return tuple(networks)


def may_read_metrics(client_address: Optional[str], environ: Mapping[str, str] = os.environ) -> bool:
    """The loopback, or an address of METRICS_ALLOWED_NETWORKS."""
    if not client_address:
        return False
    try:
        address = ipaddress.ip_address(client_address.strip("[]"))
    except ValueError:
        return False
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    return address.is_loopback or any(address in network for network in allowed_networks(environ))


def exposition() -> Tuple[bytes, str]:
    """The metrics in Prometheus's text format, and its content type."""
    return generate_latest(), CONTENT_TYPE_LATEST


METRICS_REFUSED = "Les métriques ne sont lisibles que depuis cette machine (voir METRICS_ALLOWED_NETWORKS)."
