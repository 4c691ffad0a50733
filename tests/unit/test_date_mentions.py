"""Dates found inside sentences (actions/booking/date_mentions.py), as the NLU sees them."""
from __future__ import annotations

import time

import pytest

from actions.booking.date_mentions import find_dates
from actions.booking.dates import warm_up
from nlu.normalisation import normalise
from tests.unit.conftest import BOOKING_NOW


def dates(text, hinted=()):
    return [m.text for m in find_dates(normalise(text).text, BOOKING_NOW, hinted=hinted)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("je serais libre jeudi prochain", ["jeudi prochain"]),
        ("le 20 janvier", ["le 20 janvier"]),
        ("prendre rendez-vous la semaine prochaine", ["la semaine prochaine"]),
        ("je peux avoir une place à l'atelier jeudi ?", ["jeudi"]),
        ("désolé, demain je pourrai pas être là", ["demain"]),
        ("jpeux plus venir jeudi annule", ["jeudi"]),
        ("je ne serai pas disponible le 12 décembre, merci d'annuler", ["le 12 décembre"]),
        ("jeudi matin", ["jeudi matin"]),
        ("mercredi après-midi", ["mercredi après-midi"]),
        ("plutot l'aprem", ["l'aprem"]),
        ("je préfère le matin", ["le matin"]),
        ("mardi prochain vers 14h", ["mardi prochain vers 14h"]),
        ("la semaine du 14 décembre", ["la semaine du 14 décembre"]),
        ("en fin de semaine", ["en fin de semaine"]),
        ("début janvier", ["début janvier"]),
        ("dans deux semaines", ["dans deux semaines"]),
        ("ce jeudi", ["ce jeudi"]),
        ("LUNDI", ["lundi"]),
        ("on se voit le 15 ?", ["le 15"]),
        ("le lundi 6 janvier", ["le lundi 6 janvier"]),
        ("mardi ou jeudi", ["mardi ou jeudi"]),
        ("le mois prochain", ["le mois prochain"]),
        ("un atelier à Roubaix jeudi prochain l'après-midi svp", ["jeudi prochain l'après-midi"]),
    ],
)
def test_dates_people_type(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "bonjour", "j'ai 17 ans", "de 16 à 25 ans", "ça dure 6 mois", "c'est sur combien de semaines ?", "bonne soirée",
        "bon week-end", "je suis en seconde", "j'ai arrêté en troisième", "la promo 16-18", "demandeur d'asile depuis mars",
        "mon numéro c'est le 06 45 67 89 01", "le 2", "je prends le 3", "il fait chaud aujourd'hui ?",
    ],
)
def test_no_date_where_there_is_none(text):
    assert dates(text) == []


def test_a_hint_is_kept_only_when_the_parser_understands_it():
    text = "dispo le 12 stp"
    assert dates(text, hinted=[(text.index("le"), text.index("12") + 2)]) == ["le 12"]
    assert dates("je suis en seconde", hinted=[(8, 18)]) == []


def test_a_message_without_a_date_word_costs_nothing():
    warm_up()
    started = time.perf_counter()
    for _ in range(200):
        find_dates("bonjour je voudrais des renseignements sur l'apprentissage chez vous", BOOKING_NOW)
    assert (time.perf_counter() - started) / 200 < 0.001

