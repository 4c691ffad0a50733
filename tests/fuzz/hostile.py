"""Hostile and odd requests for the public channels, drawn from a seeded generator.

``hostile_requests(seed, count, victim)`` yields the same requests for the same seed:
a failure seen once is seen again. Each request is raw bytes for one endpoint, so that
what no well-behaved client would send (invalid JSON escapes, lone surrogates, a
``message`` that is a list) is sent too. ``victim`` names someone else's booking and
session: the requests try to cancel or take over that booking, which must stay as it is.
"""
from __future__ import annotations

import json
import random
import string
from dataclasses import dataclass
from typing import Iterator, List, Optional, Sequence

REST, WEB = "rest", "web"


@dataclass(frozen=True)
class Victim:
    """Someone else's booking: its reference and session id."""

    reference: str
    session_id: int


@dataclass(frozen=True)
class HostileRequest:
    kind: str  # what is being tried, for the report
    channel: str  # REST (the Rasa REST channel) or WEB (the web relay's /api/messages)
    body: bytes
    sender: Optional[str] = None  # the REST sender, when it is a string


FRENCH_WORDS = (
    "bonjour", "atelier", "promo", "16-18", "hope", "réfugié", "j'ai", "17", "ans", "lille", "roubaix",
    "annuler", "inscription", "mardi", "prochain", "oui", "non", "c'est", "quoi", "combien", "payé",
    "je", "veux", "parler", "conseiller", "supprimer", "données", "59100", "demain", "matin",
)
INJECTIONS = (
    "'; DROP TABLE bookings; --", "1' OR '1'='1", "\" OR 1=1 --", "admin'--", "%' UNION SELECT * FROM staff_members --",
    "<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">clic</a>",
    "{{7*7}}", "${jndi:ldap://127.0.0.1/a}", "%s%s%s%n", "{0.__class__}", "../../../../etc/passwd",
    "[clic](javascript:alert(1))", "*_`~|>#", "\\\\server\\share", "\r\nSet-Cookie: x=1",
)
RIGHT_TO_LEFT = ("مرحبا، أريد التسجيل في ورشة", "أنا لاجئ عمري ١٧ سنة", "שלום, אני רוצה להירשם", "سلام، می‌خواهم ثبت نام کنم")
EMOJI = ("😀", "🙏🙏🙏", "👍", "🇫🇷🇺🇦", "❤️‍🔥", "🤖❓", "👨‍👩‍👧‍👦")
CONTROL = "".join(chr(code) for code in list(range(0, 32)) + [127, 0x85, 0x200B, 0x200E, 0x202E, 0xFEFF, 0x2028])


def _absurd_payloads(victim: Victim) -> List[str]:
    return [
        f'/cancel_booking{{"booking_reference":"{victim.reference}"}}',
        f'/cancel_booking{{"booking_reference":"{victim.reference.lower()}"}}',
        '/cancel_booking{"booking_reference":"ZZZZZZ"}',
        f'/book_workshop{{"booking_session":"{victim.session_id}"}}',
        '/book_workshop{"booking_session":"99999999"}',
        '/book_workshop{"booking_session":"-1"}',
        '/book_workshop{"booking_session":"1; DROP TABLE bookings"}',
        '/book_workshop{"booking_session":["1","2"]}',
        '/inform{"age":"999"}', '/inform{"age":"-4"}', '/inform{"age":"1e308"}', '/inform{"age":[17]}',
        '/inform{"postal_code":"00000"}', '/inform{"postal_code":"99999"}', '/inform{"commune":""}',
        '/inform{"date":"1er janvier 1900"}', '/inform{"date":"31 février"}', '/inform{"date":"l\'an 3000"}',
        '/inform{"situation":"roi"}', '/inform{"programme":"../../etc"}', '/ask_programme_info{"programme":null}',
        '/nonexistent_intent', '/', '//', '/inform{', '/inform{"age":', '/restart', '/session_start',
        '/delete_my_data', '/staff_places', '/my_bookings{"sender":"rest:victim"}',
        f'mon numéro de réservation c\'est {victim.reference}, annulez-la',
    ]


def _random_text(rng: random.Random) -> str:
    return " ".join(rng.choice(FRENCH_WORDS) for _ in range(rng.randint(1, 12)))


def _message_text(rng: random.Random, victim: Victim) -> tuple:
    """(kind, text) of one odd message."""
    roll = rng.randrange(16)
    if roll == 0:
        return "empty", ""
    if roll == 1:
        return "whitespace", rng.choice([" ", "\t", "\n\n\n", " \u00a0 \u2003 ", "\r\n"])
    if roll == 2:
        return "huge", rng.choice(["a", "é", "bonjour ", "😀", "1"]) * rng.choice([5_000, 20_000, 100_000])
    if roll == 3:
        return "control", "".join(rng.choice(CONTROL) for _ in range(rng.randint(1, 40)))
    if roll == 4:
        return "emoji", "".join(rng.choice(EMOJI) for _ in range(rng.randint(1, 6)))
    if roll == 5:
        return "right_to_left", rng.choice(RIGHT_TO_LEFT)
    if roll in (6, 7):
        return "injection", rng.choice(INJECTIONS) + rng.choice(["", " " + _random_text(rng)])
    if roll in (8, 9, 10):
        return "forged_payload", rng.choice(_absurd_payloads(victim))
    if roll == 11:
        return "mixed", _random_text(rng) + rng.choice(EMOJI) + rng.choice(INJECTIONS)
    if roll == 12:
        return "random_unicode", "".join(chr(rng.randint(32, 0x2FFFF)) for _ in range(rng.randint(1, 80)))
    if roll == 13:
        return "long_word", "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(200, 3000)))
    return "french", _random_text(rng)


def _encode(body: dict) -> bytes:
    # ASCII JSON: every other character escaped, so any code point travels, lone surrogates too.
    return json.dumps(body).encode("ascii")


RAW_BODIES = (
    b"", b"null", b"[]", b"{", b"}", b'"message"', b"\x00\xff\xfe", b'{"message": "\\x41"}', b'{"message": "\\u12"}',
    b'{"message": "\\ud800"}', b'{"message": "a\\udfff b"}', b'{"sender": "fuzz", "message": "\\uDBFF\\uDFFF\\uD800"}',
    b'{"message": 1e999}', b'{"message": NaN}', b'{"message": "x", "message": "y"}', b"\xef\xbb\xbf{}",
)
ODD_VALUES = (None, 0, -1, 17, 1.5, True, [], ["bonjour"], {}, {"text": "bonjour"}, "x" * 300)


def hostile_requests(seed: int, count: int, victim: Victim, *, senders: int = 40,
                     channels: Sequence[str] = (REST, WEB)) -> Iterator[HostileRequest]:
    """``count`` requests; the REST ones come from ``senders`` fuzz senders, so that
    conversations build up state (a form half filled, then garbage)."""
    rng = random.Random(seed)
    sender_pool = [f"fuzz:{seed}-{number}" for number in range(senders)]
    for _ in range(count):
        channel = rng.choice(channels)
        roll = rng.randrange(20)
        if channel == WEB:
            if roll == 0:
                yield HostileRequest("raw_body", WEB, rng.choice(RAW_BODIES))
            elif roll == 1:
                yield HostileRequest("odd_text", WEB, _encode({"text": rng.choice(ODD_VALUES)}))
            elif roll == 2:
                yield HostileRequest("forged_button", WEB, _encode({"button": rng.choice(_absurd_payloads(victim))}))
            elif roll == 3:
                yield HostileRequest("forged_sender", WEB, _encode({
                    "text": "mes inscriptions", "sender": "rest:victim", "metadata": {"staff_claim": "v1.a.b"}}))
            else:
                kind, text = _message_text(rng, victim)
                yield HostileRequest(kind, WEB, _encode({"text": text}))
            continue
        sender = rng.choice(sender_pool)
        if roll == 0:
            yield HostileRequest("raw_body", REST, rng.choice(RAW_BODIES))
        elif roll == 1:
            yield HostileRequest("odd_message", REST, _encode({"sender": sender, "message": rng.choice(ODD_VALUES)}))
        elif roll == 2:
            odd = rng.choice(ODD_VALUES)
            yield HostileRequest("odd_sender", REST, _encode({"sender": odd, "message": _random_text(rng)}))
        elif roll == 3:
            yield HostileRequest("forged_metadata", REST, _encode({
                "sender": sender, "message": "combien de places cette semaine sur mon territoire ?",
                "metadata": rng.choice([{"staff_claim": "v1.e30.AAAA"}, {"staff_claim": 42}, {"role": "admin"},
                                        {"staff_claim": {"sub": "staff:1"}}, "metadata", [1, 2]]),
            }), sender)
        else:
            kind, text = _message_text(rng, victim)
            yield HostileRequest(kind, REST, _encode({"sender": sender, "message": text}), sender)
