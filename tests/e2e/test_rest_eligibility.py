"""The eligibility check over the REST channel, against the running servers."""
import pytest

pytestmark = pytest.mark.e2e

QUESTION_BUTTONS = {"Oui", "Non", "Je ne sais pas"}


def asks_yes_no(replies) -> bool:
    return any({b["title"] for b in reply.get("buttons", [])} >= QUESTION_BUTTONS for reply in replies)


async def test_17_year_old_who_left_school_gets_promo_16_18_after_at_most_one_question(conversation):
    replies = await conversation.say("j'ai 17 ans et j'ai quitté le lycée, je peux faire quoi ?")
    if asks_yes_no(replies):  # at most one more question
        replies = await conversation.say("non")
    text = conversation.text(replies)
    assert "Promo 16-18, c'est pour vous" in text
    assert "17 ans" in text and "quitté l'école" in text  # the reason
    assert '/ask_programme_info{"programme":"promo_16_18"}' in conversation.payloads(replies)


async def test_refugee_of_30_is_proposed_hope_with_the_french_level(conversation):
    replies = await conversation.say("je suis réfugié, j'ai 30 ans")
    for _ in range(4):
        if "HOPE" in conversation.text(replies) and not asks_yes_no(replies):
            break
        answer = "je ne sais pas" if "français" in conversation.text(replies) else "oui"
        replies = await conversation.say(answer)
    text = conversation.text(replies)
    assert "HOPE" in text
    assert "A1" in text  # the French-level condition is stated


async def test_15_year_old_is_not_claimed_for_any_programme(conversation):
    text = conversation.text(await conversation.say("j'ai 15 ans"))
    assert "aucun programme de l'Afpa" in text
    assert "Mission locale" in text or "CIO" in text  # a relevant alternative
    assert "c'est pour vous" not in text


async def test_a_correction_in_the_middle_changes_the_result(conversation):
    first = await conversation.say("j'ai 17 ans et j'ai quitté le lycée, je peux faire quoi ?")
    assert asks_yes_no(first)
    replies = await conversation.say("en fait j'ai 19 ans")
    for _ in range(4):
        if not asks_yes_no(replies):
            break
        replies = await conversation.say("non")
    text = conversation.text(replies)
    assert "Promo 16-18, c'est pour vous" not in text
    assert "19 ans" in text


async def test_a_question_in_the_middle_is_answered_and_the_form_resumes(conversation):
    first = await conversation.say("je peux faire quoi ?")
    assert "Quel âge avez-vous" in conversation.text(first)
    replies = await conversation.say("c'est quoi la promo 16-18 ?")
    text = conversation.text(replies)
    assert "13 semaines" in text  # answered
    assert text.rstrip().endswith("Quel âge avez-vous ?")  # then the form asks again
    replies = await conversation.say("17")
    assert "situation" in conversation.text(replies)


async def test_stop_ends_the_check(conversation):
    await conversation.say("je peux faire quoi ?")
    text = conversation.text(await conversation.say("laisse tomber"))
    assert "on arrête" in text
    # The form is gone: a programme question is answered without a form question after it.
    after = conversation.text(await conversation.say("c'est quoi HOPE ?"))
    assert "Quel âge" not in after


async def test_impossible_ages_are_re_asked_then_a_person_is_offered(conversation):
    await conversation.say("je peux faire quoi ?")
    first = await conversation.say("j'ai 250 ans")
    assert "âge" in conversation.text(first)
    second = await conversation.say("banane")
    assert "/contact_human" in conversation.payloads(second)
    assert "conseiller" in conversation.text(second)
    # Nothing wrong was stored: a real age is still accepted.
    third = await conversation.say("17")
    assert "situation" in conversation.text(third)
