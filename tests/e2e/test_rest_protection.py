"""An asylum seeker, a refugee and a holder of subsidiary protection, over REST against the running servers."""
import re

import pytest

pytestmark = pytest.mark.e2e

QUESTION_BUTTONS = {"Oui", "Non", "Je ne sais pas"}
PROPOSES = re.compile(r"c'est pour vous|peut vous convenir|pourrait vous convenir")


def asks_something(conversation, replies) -> bool:
    text = conversation.text(replies)
    yes_no = any({b["title"] for b in reply.get("buttons", [])} >= QUESTION_BUTTONS for reply in replies)
    return yes_no or "Quel âge" in text or "Quelle est votre situation" in text


async def answer_until_the_result(conversation, replies, answers=("oui",), age="30"):
    """Answers the check's questions (the age, then « oui »…) until the result comes."""
    seen = list(replies)
    for turn in range(8):
        if not asks_something(conversation, replies):
            return replies, seen
        text = conversation.text(replies)
        replies = await conversation.say(age if "Quel âge" in text else answers[min(turn, len(answers) - 1)])
        seen += replies
    pytest.fail(f"still asking: {conversation.text(replies)}")


def hope_proposed(text: str) -> bool:
    return any("HOPE" in line and PROPOSES.search(line) for line in text.splitlines())


async def test_an_asylum_seeker_is_told_what_is_not_known_and_who_can_answer(conversation):
    first = await conversation.say("je suis demandeur d'asile, je peux faire une formation ?")
    result, turn = await answer_until_the_result(conversation, first)
    headline = result[0]["text"]
    assert headline.startswith("Vous avez demandé l'asile.") and len(headline) <= 300
    assert "Mes sources ne le disent pas" in headline
    assert "OFII" in headline and "France Travail" in headline
    everything = conversation.text(turn)
    assert not hope_proposed(everything)  # said once not to be for them, never proposed after
    assert "c'est pour vous" not in conversation.text(result)
    assert "Sources (vérifiées le" in conversation.text(result)
    assert not any(p.startswith("/book_workshop") for p in conversation.payloads(result))


async def test_an_asylum_seeker_asking_for_hope_gets_one_answer(conversation):
    first = await conversation.say("je peux faire HOPE ? je suis demandeuse d'asile")
    result, turn = await answer_until_the_result(conversation, first)
    text = conversation.text(result)
    assert "il faut avoir obtenu le statut de réfugié ou la protection subsidiaire pour HOPE" in text
    assert not hope_proposed(conversation.text(turn))


async def test_a_refugee_gets_hope_and_the_right_to_work(conversation):
    first = await conversation.say("je suis réfugié, j'ai 30 ans, je peux faire quoi ?")
    result, _ = await answer_until_the_result(conversation, first)
    assert len(result[0]["text"]) <= 300
    text = conversation.text(result)
    assert hope_proposed(text)
    assert "vous avez le droit de travailler en France" in text
    assert "demandé l'asile" not in text


async def test_a_holder_of_subsidiary_protection_is_answered_in_those_words(conversation):
    first = await conversation.say("j'ai la protection subsidiaire, j'ai 30 ans, je peux faire quoi ?")
    result, _ = await answer_until_the_result(conversation, first)
    text = conversation.text(result)
    assert "Vous avez la protection subsidiaire" in text
    assert hope_proposed(text)
    assert "HOPE est ouvert aux deux" in text
