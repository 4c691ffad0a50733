"""The booking form's answer parsers (actions/booking/answers/): first names, contacts, hours."""
import pytest

from actions.booking.answers import contact_from, first_name_from, is_not_a_first_name, parse_time_of_day

# --- first names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Marie", "Marie"), ("marie", "Marie"), ("jean-luc", "Jean-Luc"), ("Je m'appelle Sarah.", "Sarah"),
        ("je m’appelle karim", "Karim"), ("moi c'est Inès", "Inès"), ("mon prénom est Aïcha", "Aïcha"),
        ("Prénom : Léa", "Léa"), ("bonjour je m'appelle Tom", "Tom"), ("  Anne Marie ", "Anne Marie"),
        ("c'est Yanis", "Yanis"),
    ],
)
def test_first_name_in_a_sentence(text, expected):
    assert first_name_from(text) == expected


@pytest.mark.parametrize("word", ["merci", "Bonjour", "ok", "non merci", "je sais pas", "Stop", "ouais"])
def test_words_that_are_not_first_names(word):
    assert is_not_a_first_name(first_name_from(word))


def test_a_real_name_is_not_refused():
    assert not is_not_a_first_name("Marie")


# --- contacts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("06 12 34 56 78", "06 12 34 56 78"), ("c'est le 06 12 34 56 78 merci", "06 12 34 56 78"),
        ("mon num 06.12.34.56.78", "06.12.34.56.78"), ("+33 6 12 34 56 78", "+33 6 12 34 56 78"),
        ("mon mail c'est marie@exemple.fr.", "marie@exemple.fr"), ("marie@exemple.fr", "marie@exemple.fr"),
        ("je sais pas", "je sais pas"),
    ],
)
def test_contact_in_a_sentence(text, expected):
    assert contact_from(text) == expected


# --- times of day ------------------------------------------------------------------------------


def hours(window):
    """(first minute, last minute included), "hh:mm", of a window."""
    last = window.end if window.end_included else window.end - 1
    return f"{window.start // 60:02d}:{window.start % 60:02d}", f"{last // 60:02d}:{last % 60:02d}"


@pytest.mark.parametrize(
    "text, expected_hours, label",
    [
        ("avant 14 h", ("00:00", "13:59"), "avant 14 h"),
        ("plutôt avant 14h", ("00:00", "13:59"), "avant 14 h"),
        ("après 10 h", ("10:00", "23:59"), "après 10 h"),
        ("à partir de 10h", ("10:00", "23:59"), "à partir de 10 h"),
        ("vers 9 h", ("08:00", "09:59"), "vers 9 h"),
        ("aux alentours de 15h", ("14:00", "15:59"), "vers 15 h"),
        ("à 7 h", ("06:30", "07:30"), "à 7 h"),
        ("9h30", ("09:00", "10:00"), "à 9 h 30"),
        ("à 2h", ("13:30", "14:30"), "à 14 h"),  # nobody books a workshop at 2 in the morning
        ("2 heures de l'après-midi", ("13:30", "14:30"), "à 14 h"),
        ("8 h du soir", ("19:30", "20:30"), "à 20 h"),
        ("à midi", ("11:30", "12:30"), "à midi"),
        ("avant midi", ("00:00", "11:59"), "avant midi"),
        ("entre 9h et 11h", ("09:00", "10:59"), "entre 9 h et 11 h"),
        ("9h-11h", ("09:00", "10:59"), "entre 9 h et 11 h"),
        ("le matin", ("00:00", "11:59"), "le matin"),
        ("en fin de matinée", ("10:30", "12:29"), "en fin de matinée"),
        ("tôt le matin", ("00:00", "09:59"), "tôt le matin"),
        ("l'après-midi", ("12:00", "18:59"), "l'après-midi"),
        ("l'aprem", ("12:00", "18:59"), "l'après-midi"),
        ("en début d'après-midi", ("12:00", "14:59"), "en début d'après-midi"),
        ("pas le matin", ("12:00", "23:59"), "pas le matin"),
        ("pas l'aprem", ("00:00", "11:59"), "pas l'après-midi"),
        ("le matin vers 10h", ("09:00", "10:59"), "vers 10 h"),  # the hour said wins
    ],
)
def test_times_of_day(text, expected_hours, label):
    window = parse_time_of_day(text)
    assert window is not None and hours(window) == expected_hours and window.label == label


@pytest.mark.parametrize("text", ["le 14 décembre", "mardi prochain", "lundi 14", "12/12", "Marie", "", None, "25h"])
def test_no_hours(text):
    assert parse_time_of_day(text) is None


def test_a_session_at_9_30_is_within_the_windows_a_person_means():
    assert parse_time_of_day("avant 14 h").contains(9, 30) and not parse_time_of_day("avant 14 h").contains(14, 0)
    assert parse_time_of_day("après 10 h").contains(14, 0) and not parse_time_of_day("après 10 h").contains(9, 30)
    assert parse_time_of_day("vers 9 h").contains(9, 30)
    assert not parse_time_of_day("à 7 h").contains(9, 30)
    assert not parse_time_of_day("en fin de matinée").contains(9, 30)


def test_the_nearest_hours_to_a_time_nobody_offers():
    seven = parse_time_of_day("à 7 h")
    assert seven.distance(9, 30) < seven.distance(14, 0)


# --- answers read and checked as the booking form reads them ------------------------------------


def test_read_first_name_checks_the_name_in_the_sentence():
    from actions.booking.answers import read_first_name

    assert read_first_name("je m'appelle sarah").value == "Sarah"
    assert not read_first_name("merci").ok and not read_first_name("A" * 5000).ok


def test_read_contact_checks_the_number_in_the_sentence():
    from actions.booking.answers import read_contact

    assert read_contact("mon num c'est le 06 12 34 56 78").value == "+33612345678"
    assert not read_contact("06 12").ok


def test_the_session_picked_among_those_offered():
    from actions.booking.choosing import picked_session

    assert picked_session("le deuxième", [11, 12, 13]) == "12"
    assert picked_session("peu importe", [11, 12], button="42") == "42"
    assert picked_session("bof", [11, 12]) is None and picked_session(None, [11]) is None


def test_a_date_typed_instead_of_a_choice():
    import datetime as dt

    from actions.booking.choosing import wished_when
    from tests.unit.conftest import BOOKING_NOW

    assert wished_when("jeudi matin", None, BOOKING_NOW) == "jeudi matin"
    assert wished_when("plutôt l'après-midi", "mardi prochain", BOOKING_NOW) == "mardi prochain plutôt l'après-midi"
    assert wished_when("le deuxième bouton bleu", None, BOOKING_NOW.astimezone(dt.timezone.utc)) is None
