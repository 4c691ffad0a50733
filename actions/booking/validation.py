"""Checks of what people type before a booking: first name, phone, e-mail.

Each function returns a ``Checked``: ``ok`` with the clean ``value`` to store, or
``reason``, a stable code the conversation turns into a question again:

=============================  ==============================================
reason                         meaning
=============================  ==============================================
``first_name_empty``           nothing but spaces
``first_name_too_long``        more than 40 characters
``first_name_invalid``         digits, symbols, HTML or SQL, or no letter
``contact_empty``              nothing given
``contact_too_long``           more than 254 characters
``phone_invalid``              not a French phone number
``phone_not_mobile``           a valid landline: no SMS possible
``email_invalid``              not an e-mail address
``sender_invalid``             the channel's sender id is malformed
``channel_invalid``            the channel name is malformed
``consent_missing``            no (timezone-aware) consent time
=============================  ==============================================

Phones: only French mobile numbers (06, 07, +33 6, +33 7) are accepted, because
the phone is used for SMS reminders; a landline gets ``phone_not_mobile`` so the bot
can ask for a mobile or an e-mail. They are stored in E.164 (``+33612345678``).
Overseas numbers must be written with their own prefix (+262, +590…): the Afpa has
no centre overseas, and they are rejected as ``phone_invalid``.

Stored values never hold ``<``, ``>``, ``;``, quotes or SQL keywords, although every
query binds its parameters anyway: the point is to keep junk out of the database
and out of messages sent to the centre.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

import phonenumbers

from actions.booking.models import CONTACT_MAX, EMAIL, FIRST_NAME_MAX, PHONE, SENDER_ID_MAX

# Longer inputs are rejected before any parsing (a 5,000-character "name" costs nothing).
_PHONE_MAX = 32
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})
_SPACES = re.compile(r"\s+")
_NAME_JOINERS = re.compile(r"[-']")
# SQL-looking word sequences; a real first name never contains them.
_SQL = re.compile(
    r"\b(?:select\b.*\bfrom|insert\s+into|update\b.*\bset|delete\s+from|drop\s+(?:table|database|schema)"
    r"|union\s+(?:all\s+)?select|truncate\s+table|alter\s+table|exec(?:ute)?\s)",
    re.IGNORECASE,
)
# The usual "simple" e-mail pattern: ASCII local part, dotted domain, alphabetic TLD.
_EMAIL = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
_SENDER_ID = re.compile(r"[A-Za-z0-9_.:@+\-]{1,%d}" % SENDER_ID_MAX)
_CHANNEL = re.compile(r"[a-z][a-z0-9_]{0,31}")
_MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE,)


@dataclass(frozen=True)
class Checked:
    value: Optional[str] = None
    reason: Optional[str] = None
    kind: Optional[str] = None  # for contacts: "phone" | "email"

    @property
    def ok(self) -> bool:
        return self.reason is None


def _rejected(reason: str) -> Checked:
    return Checked(reason=reason)


def validate_first_name(raw: Optional[str]) -> Checked:
    """A first name as typed, trimmed: "  Marie-José " -> "Marie-José".

    Accepts letters of any alphabet (accents included), single spaces, and hyphens
    or apostrophes between letters (’ becomes '), 1 to 40 characters.
    """
    if raw is None:
        return _rejected("first_name_empty")
    if len(raw) > 4 * FIRST_NAME_MAX:
        return _rejected("first_name_too_long")
    name = _SPACES.sub(" ", unicodedata.normalize("NFC", raw).translate(_APOSTROPHES)).strip()
    if not name:
        return _rejected("first_name_empty")
    if len(name) > FIRST_NAME_MAX:
        return _rejected("first_name_too_long")
    if _SQL.search(name) or not all(_is_word(part) for part in name.split(" ")):
        return _rejected("first_name_invalid")
    return Checked(value=name)


def _is_word(part: str) -> bool:
    """Letters of any alphabet, joined by single hyphens or apostrophes ("Marie-José", "d'Arc")."""
    return all(_is_letters(piece) for piece in _NAME_JOINERS.split(part))


def _is_letters(piece: str) -> bool:
    # Letters, and the combining marks some scripts put after them (Devanagari, Arabic
    # vowel signs). Not str.isalnum: that would let in "²" or "Ⅻ".
    return bool(piece) and piece[0].isalpha() and all(
        char.isalpha() or unicodedata.category(char) in ("Mn", "Mc") for char in piece
    )


def validate_phone(raw: Optional[str]) -> Checked:
    """A French mobile number, returned in E.164: "06 12 34 56 78" -> "+33612345678"."""
    if raw is None or not raw.strip():
        return _rejected("contact_empty")
    text = raw.strip()
    if len(text) > _PHONE_MAX or not re.fullmatch(r"[+\d\s.()\-]+", text):
        return _rejected("phone_invalid")
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        return _rejected("phone_invalid")
    if not phonenumbers.is_valid_number(number) or phonenumbers.region_code_for_number(number) != "FR":
        return _rejected("phone_invalid")
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        return _rejected("phone_not_mobile")
    return Checked(value=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), kind=PHONE)


def validate_email(raw: Optional[str]) -> Checked:
    """An e-mail address, trimmed, with the domain in lower case."""
    if raw is None or not raw.strip():
        return _rejected("contact_empty")
    text = raw.strip()
    if len(text) > CONTACT_MAX:
        return _rejected("contact_too_long")
    if not _EMAIL.fullmatch(text) or ".." in text:
        return _rejected("email_invalid")
    local, _, domain = text.rpartition("@")
    return Checked(value=f"{local}@{domain.lower()}", kind=EMAIL)


def validate_contact(raw: Optional[str]) -> Checked:
    """An e-mail when the text has an "@", else a French mobile number."""
    if raw is None or not raw.strip():
        return _rejected("contact_empty")
    if len(raw) > CONTACT_MAX + 10:
        return _rejected("contact_too_long")
    return validate_email(raw) if "@" in raw else validate_phone(raw)


def validate_sender_id(raw: Optional[str]) -> Checked:
    """The channel's conversation id ("telegram:123456", "web:6f1c…")."""
    if raw is None or not _SENDER_ID.fullmatch(raw):
        return _rejected("sender_invalid")
    return Checked(value=raw)


def validate_channel(raw: Optional[str]) -> Checked:
    if raw is None or not _CHANNEL.fullmatch(raw):
        return _rejected("channel_invalid")
    return Checked(value=raw)


def channel_of(sender_id: Optional[str], input_channel: Optional[str]) -> str:
    """"telegram" for the sender "telegram:123", else the input channel Rasa reports ("rest")."""
    sender_id = sender_id or ""
    prefix = sender_id.split(":", 1)[0]
    if ":" in sender_id and _CHANNEL.fullmatch(prefix):
        return prefix
    channel = input_channel or "rest"
    return channel if _CHANNEL.fullmatch(channel) else "rest"


def validate_consent(consent_at: Optional[dt.datetime]) -> Checked:
    if consent_at is None or consent_at.tzinfo is None:
        return _rejected("consent_missing")
    return Checked(value=consent_at.isoformat())


def mask_contact(contact: Optional[str], kind: Optional[str]) -> Optional[str]:
    """What the bot may repeat: "06 •• •• •• 78" or "m•••@example.fr"; never the full value."""
    if not contact or not kind:
        return None
    if kind == EMAIL:
        local, _, domain = contact.partition("@")
        return f"{local[:1]}•••@{domain}"
    national = phonenumbers.format_number(phonenumbers.parse(contact, "FR"), phonenumbers.PhoneNumberFormat.NATIONAL)
    digits = national.replace(" ", "")
    return f"{digits[:2]} •• •• •• {digits[-2:]}"
