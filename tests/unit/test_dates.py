"""French date phrases -> a wish the booking service can filter on (actions/booking/dates.py).

Reference: Wednesday 2 December 2026, 10:00 Paris time. Each case gives the days
covered (first day, last day included, Paris time), the hours (their label), and the
label said back to the user.
"""
import datetime as dt

import pytest

from actions.booking.clock import PARIS
from actions.booking.dates import parse_when

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=PARIS)


def days(wish):
    """[(first day, last day)] in Paris time, "dd/mm"; None for an open end."""
    result = []
    for start, end in wish.ranges:
        first = start.astimezone(PARIS).strftime("%d/%m")
        last = (end - dt.timedelta(days=1)).astimezone(PARIS).strftime("%d/%m") if end else None
        result.append((first, last))
    return result


@pytest.mark.parametrize(
    "text, expected_days, part, label",
    [
        # The four shapes of the issue.
        ("mardi prochain", [("08/12", "08/12")], None, "mardi 8 décembre"),
        ("la semaine du 12", [("07/12", "13/12")], None, "la semaine du 7 décembre"),
        ("jeudi matin", [("03/12", "03/12")], "le matin", "jeudi 3 décembre, le matin"),
        ("plutôt l'après-midi", [], "l'après-midi", "l'après-midi"),
        # Relative days and weeks.
        ("demain", [("03/12", "03/12")], None, "jeudi 3 décembre"),
        ("après-demain", [("04/12", "04/12")], None, "vendredi 4 décembre"),
        ("apres demain", [("04/12", "04/12")], None, "vendredi 4 décembre"),  # the library alone: today
        ("ce mercredi", [("02/12", "02/12")], None, "mercredi 2 décembre"),
        ("mercredi", [("09/12", "09/12")], None, "mercredi 9 décembre"),  # said on a Wednesday
        ("lundi", [("07/12", "07/12")], None, "lundi 7 décembre"),
        ("vendredi si possible", [("04/12", "04/12")], None, "vendredi 4 décembre"),
        ("la semaine prochaine", [("07/12", "13/12")], None, "la semaine du 7 décembre"),
        ("prochaine semaine", [("07/12", "13/12")], None, "la semaine du 7 décembre"),
        ("la semaine pro", [("07/12", "13/12")], None, "la semaine du 7 décembre"),
        ("dans deux semaines", [("10/12", "16/12")], None, "du 10 au 16 décembre"),
        ("d'ici 2 semaines", [("02/12", "16/12")], None, "du 2 au 16 décembre"),
        ("en fin de semaine", [("03/12", "06/12")], None, "du 3 au 6 décembre"),
        ("le week-end", [("05/12", "06/12")], None, "du 5 au 6 décembre"),
        # Days of the month.
        ("le 12 décembre", [("12/12", "12/12")], None, "samedi 12 décembre"),
        ("le 12 decembre", [("12/12", "12/12")], None, "samedi 12 décembre"),
        ("12/12", [("12/12", "12/12")], None, "samedi 12 décembre"),
        ("le 15", [("15/12", "15/12")], None, "mardi 15 décembre"),
        ("plutôt le 15", [("15/12", "15/12")], None, "mardi 15 décembre"),
        ("lundi 14", [("14/12", "14/12")], None, "lundi 14 décembre"),  # the library alone: 14 h
        ("le 1er", [("01/01", "01/01")], None, "vendredi 1er janvier"),
        ("semaine du 14 décembre", [("14/12", "20/12")], None, "la semaine du 14 décembre"),
        ("la semaine du 30 novembre", [("30/11", "06/12")], None, "la semaine du 30 novembre"),
        ("entre le 7 et le 10", [("07/12", "10/12")], None, "du 7 au 10 décembre"),
        ("à partir du 10", [("10/12", None)], None, "à partir du 10 décembre"),
        ("avant le 15", [("02/12", "14/12")], None, "avant le 15 décembre"),
        ("début janvier", [("01/01", "10/01")], None, "du 1er au 10 janvier"),
        ("en janvier", [("01/01", "31/01")], None, "en janvier"),
        ("noël", [("25/12", "25/12")], None, "vendredi 25 décembre"),
        # Parts of the day and times.
        ("mardi prochain vers 14h", [("08/12", "08/12")], "vers 14 h", "mardi 8 décembre, vers 14 h"),
        ("mercredi après-midi", [("09/12", "09/12")], "l'après-midi", "mercredi 9 décembre, l'après-midi"),
        ("demain matin", [("03/12", "03/12")], "le matin", "jeudi 3 décembre, le matin"),
        ("je suis dispo jeudi matin", [("03/12", "03/12")], "le matin", "jeudi 3 décembre, le matin"),
        ("l'aprem", [], "l'après-midi", "l'après-midi"),
        ("pas le matin", [], "pas le matin", "pas le matin"),
        ("avant 14 h", [], "avant 14 h", "avant 14 h"),
        ("jeudi après 10h", [("03/12", "03/12")], "après 10 h", "jeudi 3 décembre, après 10 h"),
        ("en fin de matinée", [], "en fin de matinée", "en fin de matinée"),
        ("lundi 14 vers 9h", [("14/12", "14/12")], "vers 9 h", "lundi 14 décembre, vers 9 h"),
        ("à 9h30", [], "à 9 h 30", "à 9 h 30"),
        ("à 7 h", [], "à 7 h", "à 7 h"),
        ("mardi ou jeudi", [("03/12", "03/12"), ("08/12", "08/12")], None, "jeudi 3 décembre, mardi 8 décembre"),
    ],
)
def test_phrases_people_type(text, expected_days, part, label):
    wish = parse_when(text, NOW)
    assert wish.status == "understood"
    assert days(wish) == expected_days
    assert (wish.part_of_day.label if wish.part_of_day else None) == part
    assert wish.label == label


@pytest.mark.parametrize("text", ["n'importe quand", "le plus tôt possible", "dès que possible", "peu importe"])
def test_no_preference(text):
    wish = parse_when(text, NOW)
    assert wish.status == "anytime" and not wish.restricts


@pytest.mark.parametrize("text", ["hier", "le 1 décembre", "le 1er décembre"])
def test_a_day_just_past_is_said_to_be_past_not_moved_to_next_year(text):
    assert parse_when(text, NOW).status == "past"


@pytest.mark.parametrize(
    "text",
    ["bonjour", "Marie", "<script>alert(1)</script>", "' OR 1=1 --", "x" * 5000, "06 12 34 56 78", "les mardis", ""],
)
def test_what_is_not_a_date(text):
    wish = parse_when(text, NOW)
    assert wish.status == "not_understood" and not wish.ranges


def test_ranges_are_aware_utc_and_start_at_paris_midnight():
    (start, end), = parse_when("mardi prochain", NOW).ranges
    assert start.tzinfo is not None and start.utcoffset() == dt.timedelta(0)
    assert start.astimezone(PARIS) == dt.datetime(2026, 12, 8, 0, 0, tzinfo=PARIS)
    assert end - start == dt.timedelta(days=1)


def test_the_week_of_a_day_already_over_is_next_month():
    later = dt.datetime(2026, 12, 21, 9, 0, tzinfo=PARIS)  # the week of the 12th is over
    assert days(parse_when("la semaine du 12", later)) == [("11/01", "17/01")]


def test_a_naive_now_is_refused():
    with pytest.raises(ValueError):
        parse_when("demain", dt.datetime(2026, 12, 2, 10, 0))
