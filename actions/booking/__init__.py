"""Discovery-workshop bookings: database, rules and calendar file. Plain Python, no Rasa.

Start-up (once, in the action server)::

    from actions.booking import BookingService, prepare_database
    engine = prepare_database()        # DATABASE_URL or var/afpa.db: migrations, reference
                                       # data, demo schedule if no future session
    service = BookingService(engine)   # share it: each call has its own transaction

Conversation calls (times are aware datetimes; UTC inside, Paris time in ``.when``)::

    service.available_sessions(centre_ids, programme_id=None, earliest=now, latest=None,
                               part_of_day=None | TimeOfDay | "morning" | "afternoon", limit=5)
        -> list[SessionView]   # never past, never full; programme_id=None: sessions open
                               # to all only; a programme: its sessions + those open to all
    service.session(session_id) -> SessionView | None
    service.refusal(session_id, programme_id=None) -> None | status   # None: bookable
    service.book(session_id, first_name=..., contact=..., sender_id=tracker.sender_id,
                 channel="telegram", consent_at=now, programme_id=None)
        -> BookingOutcome      # .status: booked | already_booked | invalid (.reason: a code)
                               #   or the session cannot be booked (.session_unavailable):
                               #   full | past | session_cancelled | centre_inactive |
                               #   other_programme | unknown_session
                               # .booking: BookingView (reference, session, contact_hint…)
    service.upcoming_bookings(sender_id, now=None) -> list[BookingView]
    service.cancel(reference, sender_id) -> CancelOutcome
                               # cancelled | already_cancelled | past | not_found
    service.delete_personal_data(sender_id) -> ErasureReport(erased, cancelled)

Validation, to re-ask a form slot before booking (``Checked``: .ok, .value, .reason)::

    validate_first_name(text), validate_contact(text), validate_phone(text), validate_email(text)

Calendar file: ``booking_ics(booking_view)`` (str, CRLF), ``ICS_MEDIA_TYPE``,
``ics_filename(booking_view)``, ``ics_document(booking_view)`` (the channels'
``{"document": …}`` payload, docs/telegram.md). References: ``normalise_reference(text)`` reads what
the user typed ("k7m 4qx"), ``spoken_reference(ref)`` writes "K7M 4QX".

See docs/booking.md for the rules and their reasons.
"""
from actions.booking.clock import PARIS, french_date, french_time, french_when, utc_now
from actions.booking.database import default_database_url, make_engine, upgrade_database
from actions.booking.ics import ICS_MEDIA_TYPE, booking_ics, ics_document, ics_filename
from actions.booking.references import normalise_reference, spoken_reference
from actions.booking.service import BookingService, ErasureReport
from actions.booking.startup import prepare_database
from actions.booking.validation import (
    Checked,
    validate_contact,
    validate_email,
    validate_first_name,
    validate_phone,
)
from actions.booking.views import BookingOutcome, BookingView, CancelOutcome, SessionView

__all__ = [
    "BookingOutcome", "BookingService", "BookingView", "CancelOutcome", "Checked", "ErasureReport",
    "ICS_MEDIA_TYPE", "PARIS", "SessionView", "booking_ics", "default_database_url", "french_date",
    "french_time", "french_when", "ics_document", "ics_filename", "make_engine", "normalise_reference",
    "prepare_database", "spoken_reference", "upgrade_database", "utc_now", "validate_contact",
    "validate_email", "validate_first_name", "validate_phone",
]
