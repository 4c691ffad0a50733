"""Issue #13 at NLU level: the trained model sends numbers questions to key figures (never to a
duration) and staff questions to their intents. Probe sentences written here, not taken from
tests/nlu/ (the held-out set). Needs the trained model (`make model`); skipped without it."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

MODELS = Path(__file__).resolve().parents[2] / "models"

PROBES = [
    ("il reste combien de places pour l'atelier de mardi ?", "ask_key_figures"),
    ("combien de jeunes passent par la promo 16-18 chaque année ?", "ask_key_figures"),
    ("c'est quoi le taux de réussite de vos formations ?", "ask_key_figures"),
    ("combien de centres afpa y a-t-il ?", "ask_key_figures"),
    ("quels résultats pour hope ?", "ask_key_figures"),
    ("que propose l'accord Afpa – Intercommunalités de France à notre communauté d'agglo ?", "ask_partnership"),
    ("notre mairie voudrait accueillir un apprenti, qui finance sa formation ?", "ask_local_apprenticeship"),
    ("une usine de notre secteur va licencier, comment aider les salariés ?", "ask_job_cuts"),
    ("ça veut dire quoi RQTH ?", "ask_term"),
    ("la promo 16-18 ça dure combien de temps ?", "ask_programme_duration"),
    # Issue #11: staff lookups, and the public's questions next to them.
    ("il reste combien de places sur les sessions de notre métropole cette semaine ?", "staff_places"),
    ("les prochaines sessions du territoire ont-elles encore de la place ?", "staff_places"),
    ("quels centres afpa desservent notre territoire et comment les contacter ?", "staff_centres"),
    ("combien de réservations ont fait nos habitants le mois dernier ?", "staff_stats"),
    ("il y a encore de la place à l'atelier découverte de vendredi ?", "ask_key_figures"),
]
NEVER_A_DURATION = [text for text, intent in PROBES if intent == "ask_key_figures"]


@pytest.fixture(scope="module")
def agent():
    if not list(MODELS.glob("*.tar.gz")):
        pytest.skip("no trained model: run `make model`")
    from rasa.core.agent import Agent

    return Agent.load(str(sorted(MODELS.glob("*.tar.gz"))[-1]))


def parse(agent, text):
    return asyncio.run(agent.parse_message(text))


@pytest.mark.parametrize("text, intent", PROBES)
def test_probe_lands_on_its_intent(agent, text, intent):
    assert parse(agent, text)["intent"]["name"] == intent


@pytest.mark.parametrize("text", NEVER_A_DURATION)
def test_a_numbers_question_is_never_read_as_a_duration(agent, text):
    assert parse(agent, text)["intent"]["name"] != "ask_programme_duration"
