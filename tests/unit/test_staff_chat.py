"""Issue #11, in the conversation: what a verified staff member reads (places, centres,
figures), the period they ask about, and the refusal everyone else gets.

The wording on plain objects shaped like the lookups' results; the actions on trackers,
with the lookups and the staff check replaced (the real ones: tests/e2e/test_rest_staff_lookups.py)."""
from __future__ import annotations

import datetime as dt
import sys
import types
from dataclasses import dataclass
from typing import Optional

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.answers.staff_period import sessions_period, statistics_period
from actions.booking.clock import PARIS
from actions.replies import staff as replies
from actions.staff.directory import StaffIdentity
from tests.conftest import make_tracker

NOW = dt.datetime(2026, 12, 1, 7, 0, tzinfo=dt.timezone.utc)  # a Tuesday
MEL = StaffIdentity(id=1, name="Camille Martin", role="epci_staff", epcis=("200093201",))
LOMME = StaffIdentity(id=2, name="Alex", role="centre_staff", centres=("lille-lomme",))
ADMIN = StaffIdentity(id=3, name="Admin", role="admin")


@dataclass(frozen=True)
class Session:
    starts_at: dt.datetime
    centre_name: str
    capacity: int
    seats_left: int
    programme_name: Optional[str] = None
    is_demo: bool = False


@dataclass(frozen=True)
class Place:
    name: str
    city: str


@dataclass(frozen=True)
class Nearby:
    centre: Place
    distance_km: Optional[float]
    phone: Optional[str] = None
    email: Optional[str] = None
    contact_unsure: bool = False


@dataclass(frozen=True)
class Count:
    key: Optional[str]
    label: str
    count: int


def paris(day, hour, minute=0):
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=PARIS).astimezone(dt.timezone.utc)


# -- the refusal -----------------------------------------------------------------------------


def test_the_public_gets_one_sentence_and_what_the_assistant_does():
    reply = replies.refusal()
    assert reply.text == "Ces informations sont réservées au personnel des intercommunalités et de l'Afpa."
    assert "atelier découverte" in reply.follow_up[0]
    payloads = [b.payload for b in reply.buttons]
    assert payloads == ["/list_programmes", "/check_eligibility", "/book_workshop", "/contact_human"]


# -- places ----------------------------------------------------------------------------------


def test_a_session_line_says_when_where_and_places_left():
    line = replies.session_line(Session(paris(8, 9, 30), "Centre Afpa de Lille-Lomme", 12, 7))
    assert line == "mardi 8 décembre à 9 h 30 — Centre Afpa de Lille-Lomme — 7 places sur 12"
    assert replies.session_line(Session(paris(8, 14), "C", 12, 1)).endswith("— 1 place sur 12")
    assert replies.session_line(Session(paris(8, 14), "C", 12, 0)).endswith("— complète (12 places)")
    demo = replies.session_line(Session(paris(8, 14), "C", 10, 4, programme_name="HOPE", is_demo=True))
    assert demo.endswith("4 places sur 10 (HOPE) — démonstration")


def test_demonstration_sessions_are_said_so_once_when_all_are():
    demo = [Session(paris(8, 14), "C", 10, 4, is_demo=True), Session(paris(9, 14), "C", 10, 4, is_demo=True)]
    reply = replies.places(demo, replies.scope_of(MEL))
    assert "démonstration" not in reply.text and reply.follow_up == (replies.DEMO_ALL,)
    mixed = replies.places([demo[0], Session(paris(9, 9), "C", 10, 4)], replies.scope_of(MEL))
    assert mixed.text.split("\n")[1].endswith("— démonstration") and not mixed.follow_up


def test_places_name_the_period_and_territory_and_stop_after_eight_lines():
    sessions = [Session(paris(1 + i % 5, 9), f"Centre {i}", 12, 3) for i in range(11)]
    reply = replies.places(sessions, replies.scope_of(MEL), period="cette semaine")
    lines = reply.text.split("\n")
    assert lines[0] == ("Sessions à venir cette semaine sur votre territoire (Métropole Européenne de Lille) "
                        "(33 places libres en tout) :")
    assert len(lines) == 1 + 8 + 1 and lines[-1] == "et 3 autres sessions."
    assert "/staff_centres" in [b.payload for b in reply.buttons]


def test_no_session_is_said_with_the_filters():
    reply = replies.places([], replies.scope_of(MEL), period="la semaine prochaine", programme="HOPE", commune="Roubaix")
    assert reply.text == "Aucune session à venir la semaine prochaine pour HOPE à Roubaix."


def test_whose_data_is_named():
    assert replies.scope_of(MEL) == "sur votre territoire (Métropole Européenne de Lille)"
    assert replies.scope_of(ADMIN) == "dans tous les centres"
    two = StaffIdentity(id=4, name="B", role="epci_staff", epcis=("200093201", "200000172"))
    assert replies.scope_of(two).startswith("sur votre territoire (Métropole Européenne de Lille et ")


# -- centres ---------------------------------------------------------------------------------


def test_centres_with_distance_and_contact():
    found = [
        Nearby(Place("Centre Afpa de Lille-Lomme", "Lille"), 4.6, "03 00 00 00 00"),
        Nearby(Place("Centre Afpa de Roubaix", "Roubaix"), 0.4, None, "contact@example.org", contact_unsure=True),
    ]
    reply = replies.centres(found, MEL, total=7)
    assert reply.text.split("\n") == [
        "Centres Afpa qui desservent votre territoire (Métropole Européenne de Lille) :",
        "Centre Afpa de Lille-Lomme — à 5 km — 03 00 00 00 00",
        "Centre Afpa de Roubaix — sur le territoire — contact@example.org (à vérifier)",
        "et 5 autres centres.",
    ]
    own = replies.centres([Nearby(Place("Centre Afpa d'Arras", "Saint-Laurent-Blangy"), None)], LOMME)
    assert own.text == "Votre centre :\nCentre Afpa d'Arras (Saint-Laurent-Blangy)"


# -- figures ---------------------------------------------------------------------------------


def test_figures_are_counts_for_the_period_named():
    stats = types.SimpleNamespace(
        start=dt.datetime(2026, 11, 1, tzinfo=PARIS), end=dt.datetime(2026, 12, 1, tzinfo=PARIS),
        bookings_per_week=(Count("2026-W45", "semaine du 2 novembre 2026", 3), Count("2026-W46", "semaine du 9 novembre 2026", 0)),
        bookings_per_programme=(Count("hope", "HOPE", 2), Count(None, "Tous dispositifs", 1)),
        bookings_per_centre=(Count("lille-lomme", "Centre Afpa de Lille-Lomme", 3),),
        cancellations=1,
        eligibility_by_outcome=(Count("fits", "au moins un dispositif possible", 4),),
        questions_total=20, unanswered_total=5, unanswered_share=0.25,
        top_unanswered=(Count("horaires du centre", "horaires du centre", 3),),
    )
    reply = replies.statistics(stats, replies.scope_of(MEL))
    assert replies.period_label(dt.datetime(2026, 11, 2, tzinfo=PARIS), dt.datetime(2026, 12, 2, tzinfo=PARIS)) == (
        "du 2 novembre au 1er décembre 2026")
    assert reply.text.split("\n") == [
        "Chiffres du 1er au 30 novembre 2026, sur votre territoire (Métropole Européenne de Lille) :",
        "- réservations : 3 ; annulations : 1",
        "- par semaine : semaine du 2 novembre 2026 (3)",
        "- par programme : HOPE (2), Tous dispositifs (1)",
        "- par centre : Centre Afpa de Lille-Lomme (3)",
        "- vérifications d'éligibilité : 4 — au moins un dispositif possible (4)",
        "- questions posées : 20, dont 5 sans réponse (25 %)",
    ]
    assert reply.follow_up == ("Questions sans réponse les plus fréquentes :\n« horaires du centre » (3)",)


# -- periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, monday, label", [
    ("combien de places cette semaine sur mon territoire ?", dt.date(2026, 11, 30), "cette semaine"),
    ("la semaine prochaine", dt.date(2026, 12, 7), "la semaine prochaine"),
    ("semaine pro", dt.date(2026, 12, 7), "la semaine prochaine"),
    ("la semaine du 14", dt.date(2026, 12, 14), "la semaine du 14 décembre"),
])
def test_the_week_of_sessions_asked_about(text, monday, label):
    period = sessions_period(text, NOW)
    assert (period.week_start, period.label) == (monday, label)


def test_no_date_is_every_upcoming_session_and_a_month_is_a_span():
    assert sessions_period("prochaines sessions sur mon territoire", NOW).week_start is None
    december = sessions_period("en décembre", NOW)
    assert december.week_start is None and december.contains(paris(20, 9)) and not december.contains(
        dt.datetime(2027, 1, 5, tzinfo=dt.timezone.utc))


@pytest.mark.parametrize("text, start, end", [
    ("stats du mois dernier", dt.date(2026, 11, 1), dt.date(2026, 12, 1)),
    ("combien de réservations ce mois-ci ?", dt.date(2026, 12, 1), dt.date(2026, 12, 2)),
    ("la semaine dernière", dt.date(2026, 11, 23), dt.date(2026, 11, 30)),
    ("cette semaine", dt.date(2026, 11, 30), dt.date(2026, 12, 2)),
    ("depuis janvier", dt.date(2026, 1, 1), dt.date(2026, 12, 2)),
    ("depuis septembre", dt.date(2026, 9, 1), dt.date(2026, 12, 2)),
    ("statistiques de mon territoire", dt.date(2026, 11, 2), dt.date(2026, 12, 2)),
])
def test_the_period_of_figures(text, start, end):
    period = statistics_period(text, NOW)
    assert period.start.astimezone(PARIS).date() == start and period.end.astimezone(PARIS).date() == end


# -- the actions -----------------------------------------------------------------------------


class FakeBackend:
    engine = None

    @staticmethod
    def now():
        return NOW


@pytest.fixture
def staff_chat(monkeypatch):
    """The actions with a staff check answering ``who`` and lookups recording their calls."""
    from actions.dialogue import staff as staff_actions

    calls = {}
    fake = types.ModuleType("actions.staff.lookups")

    class StaffForbidden(PermissionError):
        def __init__(self, message):
            super().__init__(message)
            self.message = message

    def places(db, identity, **kwargs):
        calls["places"] = (identity, kwargs)
        if kwargs.get("commune_insee") == "75056":
            raise StaffForbidden("Paris n'est pas sur votre territoire.")
        return [Session(paris(3, 9, 30), "Centre Afpa de Lille-Lomme", 12, 7)]

    def territory_centres(identity, limit=5):
        calls["centres"] = identity
        return [Nearby(Place("Centre Afpa de Lille-Lomme", "Lille"), 4.6)]

    fake.StaffForbidden, fake.places, fake.territory_centres = StaffForbidden, places, territory_centres
    monkeypatch.setitem(sys.modules, "actions.staff.lookups", fake)
    monkeypatch.setattr(staff_actions, "booking_backend", lambda: FakeBackend())
    monkeypatch.setattr(staff_actions, "make_sessionmaker", lambda engine: (lambda: _NoDb()))
    who = {"identity": None}
    monkeypatch.setattr(staff_actions, "verified_staff", lambda metadata, sender, sessions: who["identity"])
    return staff_actions, who, calls


class _NoDb:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker, {})
    return dispatcher.messages


def test_nobody_vouched_for_gets_the_refusal_and_no_lookup(staff_chat):
    staff_actions, who, calls = staff_chat
    for action in (staff_actions.ActionStaffPlaces(), staff_actions.ActionStaffCentres(), staff_actions.ActionStaffStats()):
        messages = run(action, make_tracker(action.name().replace("action_", ""), text="stats"))
        assert messages[0]["text"] == replies.REFUSAL
    assert calls == {}


def test_a_verified_member_gets_the_places_of_this_week_with_the_filters(staff_chat):
    staff_actions, who, calls = staff_chat
    who["identity"] = MEL
    tracker = make_tracker(
        "staff_places", text="places HOPE à Roubaix cette semaine",
        entities=[{"entity": "date", "value": "cette semaine"}, {"entity": "commune", "value": "Roubaix"},
                  {"entity": "programme", "value": "hope"}],
    )
    messages = run(staff_actions.ActionStaffPlaces(), tracker)
    identity, kwargs = calls["places"]
    assert identity is MEL and kwargs["week_start"] == dt.date(2026, 11, 30)
    assert kwargs["commune_insee"] == "59512" and kwargs["programme_id"] == "hope"
    assert messages[0]["text"].startswith("Sessions à venir cette semaine pour HOPE à Roubaix")
    assert "jeudi 3 décembre à 9 h 30 — Centre Afpa de Lille-Lomme — 7 places sur 12" in messages[0]["text"]


def test_the_command_alone_means_this_week(staff_chat):
    staff_actions, who, calls = staff_chat
    who["identity"] = MEL
    run(staff_actions.ActionStaffPlaces(), make_tracker("staff_places", text="/staff_places"))
    assert calls["places"][1]["week_start"] == dt.date(2026, 11, 30)


def test_a_commune_outside_the_territory_is_said_so(staff_chat):
    staff_actions, who, calls = staff_chat
    who["identity"] = MEL
    tracker = make_tracker("staff_places", text="places à Paris", entities=[{"entity": "commune", "value": "Paris"}])
    assert run(staff_actions.ActionStaffPlaces(), tracker)[0]["text"] == "Paris n'est pas sur votre territoire."


def test_a_verified_member_gets_their_centres(staff_chat):
    staff_actions, who, calls = staff_chat
    who["identity"] = MEL
    messages = run(staff_actions.ActionStaffCentres(), make_tracker("staff_centres", text="/staff_centres"))
    assert calls["centres"] is MEL and "Centre Afpa de Lille-Lomme — à 5 km" in messages[0]["text"]


# -- Telegram: commands listed to nobody -----------------------------------------------------


def test_staff_commands_are_in_no_menu():
    from bot.telegram.commands import bot_commands, command_list_text
    from bot.telegram.staff_commands import PROGRAMMES_COMMAND, STAFF_PAYLOADS, programmes_question

    listed = {command.command for command in bot_commands()}
    for name in [*STAFF_PAYLOADS, PROGRAMMES_COMMAND]:
        assert name not in listed and f"/{name} " not in command_list_text()
    assert STAFF_PAYLOADS == {"places": "/staff_places", "centres": "/staff_centres", "stats": "/staff_stats"}
    assert programmes_question(" jeune de 17 ans décrocheur ") == "quels dispositifs pour jeune de 17 ans décrocheur ?"
