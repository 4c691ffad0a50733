"""A calendar file (.ics, RFC 5545) for a booking, to attach to a confirmation.

    content = booking_ics(booking_view)            # str with CRLF line ends
    ICS_MEDIA_TYPE, ics_filename(booking_view)     # "text/calendar; charset=utf-8", "atelier-afpa-K7M4QX.ics"
    ics_document(booking_view)                     # the "document" payload of docs/telegram.md

Times are in UTC ("…Z"), so no VTIMEZONE block is needed; the UID is derived from
the reference, so a re-sent file updates the same calendar entry. No personal data
goes into the file: only the workshop, the place and the reference.
"""
from __future__ import annotations

import base64
import datetime as dt
from typing import Dict, List, Optional

from actions.booking.clock import utc_now
from actions.booking.references import spoken_reference
from actions.booking.views import BookingView

ICS_MEDIA_TYPE = "text/calendar; charset=utf-8"
UID_DOMAIN = "assistant.afpa.invalid"  # a domain of ours would do; .invalid cannot clash
PRODUCT_ID = "-//Afpa//Assistant ateliers decouverte//FR"
_MAX_LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold_line(line: str) -> str:
    """Splits a content line into 75-octet pieces (RFC 5545 §3.1), never inside a UTF-8 character."""
    pieces: List[str] = []
    current, size = "", 0
    limit = _MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            # Continuation lines start with a space, which counts in their 75 octets.
            current, size, limit = char, width, _MAX_LINE_OCTETS - 1
        else:
            current += char
            size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def booking_ics(booking: BookingView, *, now: Optional[dt.datetime] = None) -> str:
    """The .ics text of this booking; a cancelled booking gives a cancelled event."""
    session = booking.session
    cancelled = booking.status == "cancelled"
    summary = f"Atelier découverte Afpa – {session.centre_name}"
    description_parts = [f"Référence de votre inscription : {spoken_reference(booking.reference)}."]
    if session.programme_name:
        description_parts.append(f"Atelier consacré à : {session.programme_name}.")
    if session.room:
        description_parts.append(f"Salle : {session.room}.")
    description_parts.append("Pour annuler, écrivez « annuler mon inscription » à l'assistant.")
    properties = [
        ("UID", f"{booking.reference}@{UID_DOMAIN}"),
        ("DTSTAMP", _utc(now or utc_now())),
        ("DTSTART", _utc(session.starts_at)),
        ("DTEND", _utc(session.ends_at)),
        ("SUMMARY", escape_text(summary)),
        ("LOCATION", escape_text(session.place)),
        ("DESCRIPTION", escape_text("\n".join(description_parts))),
        ("STATUS", "CANCELLED" if cancelled else "CONFIRMED"),
        ("SEQUENCE", "1" if cancelled else "0"),
        ("TRANSP", "OPAQUE"),
    ]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        # PUBLISH even for a cancellation: METHOD:CANCEL needs an ORGANIZER (RFC 5546);
        # STATUS:CANCELLED with the same UID marks the entry cancelled.
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        *(f"{name}:{value}" for name, value in properties),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold_line(line) + "\r\n" for line in lines)


def ics_filename(booking: BookingView) -> str:
    return f"atelier-afpa-{booking.reference}.ics"


def ics_document(booking: BookingView, *, now: Optional[dt.datetime] = None) -> Dict[str, str]:
    """The file as the channels' document payload (docs/telegram.md):
    ``dispatcher.utter_message(json_message={"document": ics_document(booking)})``."""
    return {
        "filename": ics_filename(booking),
        "content_base64": base64.b64encode(booking_ics(booking, now=now).encode("utf-8")).decode("ascii"),
        "mime_type": "text/calendar",
        "caption": "Votre atelier découverte : ajoutez-le à votre agenda.",
    }
