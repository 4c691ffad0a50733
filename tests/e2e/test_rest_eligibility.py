"""The eligibility check over the REST channel, against the running servers."""
import pytest

pytestmark = pytest.mark.e2e

QUESTION_BUTTONS = {"Oui", "Non", "Je ne sais pas"}


def asks_yes_no(replies) -> bool:
    return any({b["title"] for b in reply.get("buttons", [])} >= QUESTION_BUTTONS for reply in replies)


async def test_17_year_old_who_left_school_gets_promo_16_18_after_at_most_two_questions(conversation):
    replies = await conversation.say("j'ai 17 ans et j'ai quitté le lycée, je peux faire quoi ?")
    for _ in range(2):  # leaving school is not leaving it without a diploma: that is asked
        if not asks_yes_no(replies):
            break
        replies = await conversation.say("oui" if "sans diplôme" in conversation.text(replies) else "non")
    text = conversation.text(replies)
    assert "Promo 16-18, c'est pour vous" in text
    assert "17 ans" in text and "quitté l'école" in text  # the reason
    assert '/ask_programme_info{"programme":"promo_16_18"}' in conversation.payloads(replies)


async def test_refugee_of_30_is_proposed_hope_with_the_french_level(conversation):
    # Facts out of the blue start nothing: the assistant asks what the person wants, and keeps them.
    bare = await conversation.say("je suis réfugié, j'ai 30 ans")
    assert "Que voulez-vous faire ?" in conversation.text(bare) and "/check_eligibility" in conversation.payloads(bare)
    replies = await conversation.say("/check_eligibility")
    assert "Quel âge" not in conversation.text(replies)
    for _ in range(4):
        if "HOPE" in conversation.text(replies) and not asks_yes_no(replies):
            break
        answer = "je ne sais pas" if "français" in conversation.text(replies) else "oui"
        replies = await conversation.say(answer)
    text = conversation.text(replies)
    assert "HOPE" in text
    assert "A1" in text  # the French-level condition is stated


async def test_15_year_old_is_not_claimed_for_any_programme(conversation):
    await conversation.say("j'ai 15 ans")
    text = conversation.text(await conversation.say("/check_eligibility"))
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


async def test_impossible_ages_are_re_asked_once_then_the_check_moves_on(conversation):
    await conversation.say("je peux faire quoi ?")
    first = await conversation.say("j'ai 250 ans")
    assert "âge" in conversation.text(first)
    second = conversation.text(await conversation.say("banane"))
    # Never a loop of "je n'ai pas compris": "je ne sais pas", a person will check, next question.
    assert "je passe à la suite" in second and "conseiller" in second
    assert "situation" in second and "Quel âge" not in second


async def test_a_second_check_starts_clean_unless_the_earlier_answers_are_kept(conversation):
    replies = await conversation.say("j'ai 15 ans, je peux faire quoi ?")
    assert "aucun programme de l'Afpa" in conversation.text(replies)
    again = conversation.text(await conversation.say("je peux faire quoi ?"))
    assert "Je reprends vos réponses précédentes (15 ans) ?" in again
    assert "Quel âge avez-vous ?" in conversation.text(await conversation.say("non"))


async def test_erasure_in_the_middle_of_the_check_is_obeyed_and_forgets_the_answers(conversation):
    await conversation.say("j'ai 17 ans, je peux faire quoi ?")
    asked = conversation.text(await conversation.say("supprimez mes données"))
    assert "Voulez-vous que j'efface" in asked
    erased = conversation.text(await conversation.say("oui"))
    assert "effacé cette conversation" in erased
    # The age is gone: a new check asks it.
    assert "Quel âge avez-vous ?" in conversation.text(await conversation.say("je peux faire quoi ?"))
