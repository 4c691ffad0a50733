"""What a verified staff member reads in the conversation (issue #11), and what anyone else reads.

Plain Python: the lookups' results (``actions.staff.lookups``: ``SessionPlaces``,
``CentreNearby``, ``Statistics``) are read by their attributes only, so that the wording is
tested on plain objects (tests/unit/test_staff_chat.py).

    refusal()                                   # anyone but a verified staff member
    places(sessions, scope, period=…, …)        # « mardi 8 décembre à 9 h 30 — Centre … — 7 places sur 12 »
    centres(found, identity)                    # name, town, distance, contact
    statistics(stats, scope, period)            # counts only
    scope_of(identity)                          # « sur votre territoire (Métropole Européenne de Lille) »
"""
from __future__ import annotations

import datetime as dt
import functools
from typing import Any, Iterable, List, Optional, Sequence

from actions.booking.clock import MONTH_NAMES, french_when, to_paris
from actions.replies.conversation import main_menu
from actions.replies.reply import Button, Reply, button

# Lines of sessions or centres in one message: one phone screen; then « et N autres ».
MAX_LINES = 8
MAX_PER_BREAKDOWN = 3
MAX_UNANSWERED = 5

REFUSAL = "Ces informations sont réservées au personnel des intercommunalités et de l'Afpa."
WHAT_I_DO = (
    "Je peux en revanche vous présenter les programmes de l'Afpa, voir avec vous ceux qui vous "
    "correspondent, vous inscrire à un atelier découverte ou vous dire à qui parler."
)
UNAVAILABLE = "Je ne peux pas consulter les sessions pour le moment. Réessayez dans quelques minutes."


def refusal() -> Reply:
    """A member of the public (or anything that vouches for nobody): one sentence, then the menu."""
    return Reply(REFUSAL, [*main_menu()[:2], button("Réserver un atelier", "book_workshop"), main_menu()[2]],
                 (WHAT_I_DO,))


def unavailable() -> Reply:
    return Reply(UNAVAILABLE)


def forbidden(message: str) -> Reply:
    """A filter outside the member's territory (the lookups' French message)."""
    return Reply(message, staff_menu())


def staff_menu(exclude: str = "") -> List[Button]:
    buttons = [
        button("Places cette semaine", "staff_places"),
        button("Semaine prochaine", "staff_places", date="la semaine prochaine"),
        button("Centres du territoire", "staff_centres"),
        button("Statistiques", "staff_stats"),
    ]
    return [b for b in buttons if not (exclude and b.payload.startswith(f"/{exclude}"))]


# -- whose data ---------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _epci_names() -> dict:
    from actions.territory.data import territory

    return {c.epci_code: c.epci_name for c in territory().communes.values() if c.epci_code and c.epci_name}


def epci_name(siren: str) -> str:
    return _epci_names().get(siren, f"intercommunalité {siren}")


def _centre_name(centre_id: str) -> str:
    from actions.territory.data import centre_by_id

    centre = centre_by_id(centre_id)
    return centre.name if centre is not None else centre_id


def _and(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} et {items[-1]}"


def scope_of(identity: Any) -> str:
    """Where the figures come from, named: « sur votre territoire (Métropole Européenne de Lille) »."""
    role = getattr(identity, "role", "")
    if role == "epci_staff" and identity.epcis:
        return f"sur votre territoire ({_and([epci_name(code) for code in identity.epcis])})"
    if role == "centre_staff" and identity.centres:
        names = [_centre_name(code) for code in identity.centres]
        return f"dans votre centre ({names[0]})" if len(names) == 1 else f"dans vos centres ({_and(names)})"
    return "dans tous les centres"


# -- places -------------------------------------------------------------------------


def _places(left: int, capacity: int) -> str:
    if left <= 0:
        return f"complète ({capacity} places)"
    return f"{left} place{'s' if left > 1 else ''} sur {capacity}"


DEMO_ALL = "Ce sont des séances de démonstration, pas encore de vraies séances des centres."
DEMO_MARK = " — démonstration"


def session_line(session: Any, *, mark_demo: bool = True) -> str:
    """« mardi 8 décembre à 9 h 30 — Centre Afpa de Lille-Lomme — 7 places sur 12 »."""
    line = f"{french_when(session.starts_at)} — {session.centre_name} — {_places(session.seats_left, session.capacity)}"
    if getattr(session, "programme_name", None):
        line += f" ({session.programme_name})"
    if mark_demo and getattr(session, "is_demo", False):
        line += DEMO_MARK
    return line


def _more(count: int, what: str) -> str:
    return f"et {count} autre{'s' if count > 1 else ''} {what}{'s' if count > 1 else ''}."


def places(
    sessions: Sequence[Any],
    scope: str,
    *,
    period: str = "",
    programme: Optional[str] = None,
    commune: Optional[str] = None,
) -> Reply:
    """Upcoming sessions with their places left; ``period`` « cette semaine », « la semaine du 14
    décembre » or empty (every upcoming session); ``programme``, ``commune``: names of the filters."""
    where = f"à {commune}" if commune else scope
    about = " ".join(part for part in (period, f"pour {programme}" if programme else "", where) if part)
    if not sessions:
        return Reply(f"Aucune session à venir {about}.", staff_menu())
    all_demo = all(getattr(session, "is_demo", False) for session in sessions)
    shown = [session_line(session, mark_demo=not all_demo) for session in sessions[:MAX_LINES]]
    if len(sessions) > MAX_LINES:
        shown.append(_more(len(sessions) - MAX_LINES, "session"))
    free = sum(max(0, s.seats_left) for s in sessions)
    header = f"Sessions à venir {about} ({free} place{'s' if free > 1 else ''} libre{'s' if free > 1 else ''} en tout) :"
    return Reply("\n".join([header, *shown]), staff_menu(), (DEMO_ALL,) if all_demo else ())


# -- centres ------------------------------------------------------------------------


def _km(distance: Optional[float]) -> str:
    if distance is None:
        return ""
    return "sur le territoire" if distance < 1 else f"à {round(distance)} km"


def centre_line(found: Any) -> str:
    centre = found.centre
    parts = [centre.name if centre.city in centre.name else f"{centre.name} ({centre.city})"]
    distance = _km(getattr(found, "distance_km", None))
    if distance:
        parts.append(distance)
    contact = [value for value in (getattr(found, "phone", None), getattr(found, "email", None)) if value]
    if contact:
        parts.append(" · ".join(contact) + (" (à vérifier)" if getattr(found, "contact_unsure", False) else ""))
    return " — ".join(parts)


def centres(found: Sequence[Any], identity: Any, *, total: Optional[int] = None) -> Reply:
    """The centres serving the territory, nearest first (an ``epci_staff`` member), the member's
    own centres (``centre_staff``), every centre (``admin``); ``total`` when ``found`` is cut."""
    role = getattr(identity, "role", "")
    if role == "epci_staff":
        header = f"Centres Afpa qui desservent votre territoire ({_and([epci_name(c) for c in identity.epcis])}) :"
    elif role == "centre_staff":
        header = "Votre centre :" if len(identity.centres) == 1 else "Vos centres :"
    else:
        header = "Centres Afpa :"
    if not found:
        return Reply("Je ne trouve aucun centre Afpa pour votre territoire.", staff_menu(exclude="staff_centres"))
    lines = [centre_line(item) for item in found[:MAX_LINES]]
    rest = (total or len(found)) - len(lines)
    if rest > 0:
        lines.append(_more(rest, "centre"))
    return Reply("\n".join([header, *lines]), staff_menu(exclude="staff_centres"))


# -- statistics ---------------------------------------------------------------------


def _day(moment: dt.datetime) -> str:
    local = to_paris(moment)
    day = "1er" if local.day == 1 else str(local.day)
    return f"{day} {MONTH_NAMES[local.month - 1]} {local.year}"


def period_label(start: dt.datetime, end: dt.datetime) -> str:
    """« du 1er au 30 novembre 2026 », « du 2 novembre au 1er décembre 2026 » (``end`` exclusive)."""
    first, last = to_paris(start), to_paris(end - dt.timedelta(microseconds=1))
    if first.date() == last.date():
        return f"le {_day(first)}"
    if (first.year, first.month) == (last.year, last.month):
        return f"du {'1er' if first.day == 1 else first.day} au {_day(last)}"
    if first.year == last.year:
        return f"du {_day(first).rsplit(' ', 1)[0]} au {_day(last)}"
    return f"du {_day(first)} au {_day(last)}"


def _breakdown(counts: Iterable[Any]) -> str:
    counts = [c for c in counts if c.count]
    shown = ", ".join(f"{c.label} ({c.count})" for c in counts[:MAX_PER_BREAKDOWN])
    rest = sum(c.count for c in counts[MAX_PER_BREAKDOWN:])
    return f"{shown}, autres ({rest})" if rest else shown


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def statistics(stats: Any, scope: str) -> Reply:
    """Counts only: bookings (per week, programme, centre), cancellations, eligibility checks by
    outcome, questions and the share left unanswered, the most frequent of those."""
    bookings = sum(c.count for c in stats.bookings_per_week)
    lines = [f"Chiffres {period_label(stats.start, stats.end)}, {scope} :"]
    booked = f"- réservations : {bookings}"
    if stats.cancellations:
        booked += f" ; annulations : {stats.cancellations}"
    lines.append(booked)
    if bookings:
        weeks = [c for c in stats.bookings_per_week if c.count]
        if len(stats.bookings_per_week) > 1:
            lines.append("- par semaine : " + ", ".join(f"{c.label} ({c.count})" for c in weeks[:4]))
        lines.append("- par programme : " + _breakdown(stats.bookings_per_programme))
        lines.append("- par centre : " + _breakdown(stats.bookings_per_centre))
    checks = sum(c.count for c in stats.eligibility_by_outcome)
    lines.append(f"- vérifications d'éligibilité : {checks}"
                 + (f" — {_breakdown(stats.eligibility_by_outcome)}" if checks else ""))
    if stats.questions_total:
        share = stats.unanswered_share if stats.unanswered_share is not None else 0.0
        lines.append(f"- questions posées : {stats.questions_total}, dont {stats.unanswered_total} "
                     f"sans réponse ({_percent(share)})")
    else:
        lines.append("- questions posées : 0")
    follow_up = ()
    if stats.top_unanswered:
        top = [f"« {c.label} » ({c.count})" for c in stats.top_unanswered[:MAX_UNANSWERED]]
        follow_up = ("Questions sans réponse les plus fréquentes :\n" + "\n".join(top),)
    return Reply("\n".join(lines), staff_menu(exclude="staff_stats"), follow_up)
