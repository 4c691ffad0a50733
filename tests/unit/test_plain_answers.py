"""Plain words first (issue #13): the first message of every answer built from the catalogue
fits a phone screen and reads easily in French; the words it uses are in the glossary.

Readability: textstat's French Flesch reading ease (Kandel & Moles' adaptation:
207 − 1.015 × words per sentence − 73.6 × syllables per word). 60-70 is « standard », 70-80
« assez facile ». Two things are left out of the score, never out of the length: the source
line (a reference, not prose) and proper names (programmes, organisations), which a reader
recognises rather than decodes and which the formula would count as long words.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat

from actions.catalogue import load_catalogue
from actions.catalogue.models import FIRST_MESSAGE_MAX_CHARS
from tests.unit.plain_answers_support import catalogue_answers

MIN_READING_EASE = 50
# The mean over every first message: most read as « standard » French or easier.
MIN_MEAN_READING_EASE = 65
NAMES = (
    "Intercommunalités de France", "France Travail", "Mission locale", "Missions locales", "Transitions collectives",
    "Transitions Pro", "Prépa compétences", "Déclic pour l'action", "Promo 16-18", "Villages des solutions",
    "Village des solutions", "Axel, vos services pour l'emploi", "La Place", "Afpa", "OFII", "CNFPT",
)
CATALOGUE = load_catalogue()
ANSWERS = list(catalogue_answers(CATALOGUE))


def reading_ease(message: str) -> float:
    textstat.set_lang("fr")
    prose = "\n".join(line for line in message.split("\n") if not line.startswith(("Source :", "Sources :")))
    for name in sorted(NAMES + tuple(p.name for p in CATALOGUE.programmes.values()), key=len, reverse=True):
        prose = prose.replace(name, "X")
    return textstat.flesch_reading_ease(prose)


@pytest.mark.parametrize("name, reply", ANSWERS, ids=[name for name, _ in ANSWERS])
def test_the_first_message_fits_a_phone_screen(name, reply):
    assert len(reply.text) <= FIRST_MESSAGE_MAX_CHARS, reply.text


@pytest.mark.parametrize("name, reply", ANSWERS, ids=[name for name, _ in ANSWERS])
def test_the_first_message_reads_easily(name, reply):
    assert reading_ease(reply.text) >= MIN_READING_EASE, reply.text


def test_most_first_messages_read_as_standard_french_or_easier():
    scores = [reading_ease(reply.text) for _, reply in ANSWERS]
    assert sum(scores) / len(scores) >= MIN_MEAN_READING_EASE


def test_the_score_tells_plain_from_heavy_french():
    """The measure itself: the old HOPE answer scores below the threshold, its plain version above."""
    heavy = (
        "HOPE (Hébergement, Orientation, Parcours vers l'Emploi) est un parcours complet pour les personnes "
        "réfugiées bénéficiaires de la protection subsidiaire, signataires du contrat d'intégration républicaine, "
        "comprenant une formation linguistique à visée professionnelle puis une qualification en alternance."
    )
    assert reading_ease(heavy) < MIN_READING_EASE <= reading_ease(CATALOGUE.programmes["hope"].summary)


def test_every_catalogue_answer_says_where_it_comes_from():
    """Programme, topic, figure and glossary answers name their source in the first message."""
    for name, reply in ANSWERS:
        if name.split()[0] in ("info", "duration", "pay", "topic", "term", "figures") and "details" not in name:
            if name.startswith(("duration", "pay")) and "je ne sais pas" in reply.text:
                continue  # nothing stated: who to ask instead
            if name.startswith("figures") and "Je n'ai pas de chiffre" in reply.text and "Ce que je sais" not in reply.text:
                continue
            assert re.search(r"\bSources? : ", reply.text), (name, reply.text)


@pytest.mark.parametrize("name, reply", [(n, r) for n, r in ANSWERS if n.startswith(("info", "topic "))])
def test_a_short_answer_offers_the_details(name, reply):
    assert any(button.title == "En savoir plus" for button in reply.buttons), name


ACRONYMS = ("QPV", "RQTH", "CIR", "CEJ", "BPI", "CFA", "CEP", "VAE", "CPF", "EPCI", "CIO", "SMIC", "CSE")


@pytest.mark.parametrize("name, reply", [(n, r) for n, r in ANSWERS if n.startswith(("info", "topic ", "duration", "pay"))])
def test_acronyms_in_short_answers_are_explained_the_first_time(name, reply):
    """An acronym in a short answer comes with its meaning in brackets, or a word of explanation
    right after it, or it is explained in the glossary the person can ask (« c'est quoi le CIR ? »)."""
    for acronym in ACRONYMS:
        found = re.search(rf"\b{acronym}\b", reply.text)
        if found is None:
            continue
        around = reply.text[max(0, found.start() - 60): found.end() + 60]
        assert "(" in around or CATALOGUE.find_term(acronym) is not None, (acronym, reply.text)


def test_the_glossary_document_is_built_from_the_glossary_file():
    from actions.replies.glossary import glossary_markdown

    written = (Path(__file__).resolve().parents[2] / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert written == glossary_markdown(CATALOGUE), "docs/glossary.md is out of date: run scripts/build_glossary.py"


@pytest.mark.parametrize("term", ["BPI", "QPV", "RQTH", "CIR", "OFII", "CEJ", "France Travail", "Mission locale",
                                  "protection subsidiaire"])
def test_the_glossary_has_the_words_the_assistant_uses(term):
    assert CATALOGUE.find_term(term) is not None
