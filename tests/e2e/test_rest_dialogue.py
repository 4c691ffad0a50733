"""Dialogue correctness over the REST channel (issue 8, "Dialogue correctness")."""
import pytest

pytestmark = pytest.mark.e2e


async def test_a_bare_age_out_of_the_blue_starts_nothing(conversation):
    replies = await conversation.say("17 ans")
    text = conversation.text(replies)
    assert "Que voulez-vous faire ?" in text
    assert "situation" not in text and "?" not in text.replace("Que voulez-vous faire ?", "")
    assert len(conversation.payloads(replies)) <= 6


async def test_a_bare_phone_number_starts_nothing(conversation):
    text = conversation.text(await conversation.say("06 12 34 56 78"))
    assert "Que voulez-vous faire ?" in text and "prénom" not in text


async def test_out_of_scope_is_said_plainly_with_what_the_assistant_is_for(conversation):
    replies = await conversation.say("raconte-moi une blague")
    text = conversation.text(replies)
    assert "je ne peux pas faire cela" in text and "programmes" in text
    assert "/list_programmes" in conversation.payloads(replies)


async def test_a_time_nobody_offers_is_said_and_the_nearest_hours_offered(conversation):
    await conversation.say("je veux m'inscrire à un atelier découverte")
    await conversation.say("59100")
    text = conversation.text(await conversation.say("à 7 h"))
    assert "Je n'ai pas d'atelier à 7 h" in text and "Les horaires les plus proches : 9 h 30" in text


async def test_before_two_pm_offers_morning_sessions_only(conversation):
    await conversation.say("je veux m'inscrire à un atelier découverte")
    await conversation.say("59100")
    text = conversation.text(await conversation.say("avant 14 h"))
    offered = [line for line in text.splitlines() if line[:2] in ("1.", "2.", "3.", "4.", "5.")]
    assert offered and all("à 9 h 30" in line for line in offered), text


async def test_a_second_digression_puts_the_booking_aside(conversation):
    await conversation.say("je veux m'inscrire à un atelier découverte")
    first = conversation.text(await conversation.say("c'est quoi HOPE ?"))
    assert first.rstrip().endswith("« 59100 ».")  # answered, then the form asks once more
    second = await conversation.say("et ça dure combien ?")
    text = conversation.text(second)
    assert "Je mets de côté votre inscription" in text and "Dans quelle ville" not in text
    assert "/book_workshop" in conversation.payloads(second)
    # A bare answer later offers to resume.
    assert "Voulez-vous reprendre votre inscription" in conversation.text(await conversation.say("Roubaix"))


async def test_stop_ends_the_booking_and_a_new_booking_starts_clean(conversation):
    await conversation.say("je veux m'inscrire à un atelier découverte")
    await conversation.say("59100")
    await conversation.say("mardi prochain")
    assert "j'arrête l'inscription" in conversation.text(await conversation.say("stop"))
    again = conversation.text(await conversation.say("je veux m'inscrire à un atelier découverte"))
    assert "mardi" not in again.split("\n")[0]  # the earlier date wish is forgotten


# -- a form's question belongs to its turn ------------------------------------------------------


def questions_in(text):
    return [line for line in text.splitlines() if line.rstrip().endswith("?")]


async def test_digressions_in_the_booking_get_one_question_then_the_form_is_put_aside(conversation):
    await conversation.say("je veux m'inscrire à un atelier découverte")
    offer = await conversation.say("59100")
    assert "Lequel choisissez-vous ?" in conversation.text(offer)

    helped = await conversation.say("tu sers à quoi ?")
    text = conversation.text(helped)
    assert "Je peux vous présenter les programmes" in text
    assert "Que voulez-vous faire ?" not in text  # one question: the form's
    assert text.count("Lequel choisissez-vous ?") == 1 and len(conversation.payloads(helped)) <= 6

    robot = await conversation.say("t'es un robot ?")
    text = conversation.text(robot)
    assert "assistant automatique" in text and "Je mets de côté votre inscription" in text
    assert "Lequel choisissez-vous ?" not in text and len(conversation.payloads(robot)) <= 6
    assert "/book_workshop" in conversation.payloads(robot)

    # Later answers carry no stale prompt of the booking.
    for question in ("c'est quoi HOPE ?", "ça dure combien ?"):
        replies = await conversation.say(question)
        text = conversation.text(replies)
        assert "Lequel choisissez-vous ?" not in text and "Dans quelle ville" not in text
        assert "Je mets de côté" not in text and len(conversation.payloads(replies)) <= 6


async def test_a_programme_question_in_the_eligibility_check_keeps_one_question(conversation):
    first = conversation.text(await conversation.say("est-ce que je peux faire une formation ?"))
    asked = questions_in(first)[-1]
    replies = await conversation.say("c'est quoi HOPE ?")
    text = conversation.text(replies)
    assert "HOPE" in text and text.rstrip().endswith(asked)
    assert len(questions_in(text)) == 1  # the answer's own buttons are not shown with the question
    assert len(conversation.payloads(replies)) <= 6
    second = conversation.text(await conversation.say("tu sers à quoi ?"))
    assert "Je mets de côté les questions sur votre situation" in second and asked not in second


async def test_no_turn_shows_more_than_six_buttons(conversation):
    for message in ("vous proposez quoi ?", "on est payé ?"):
        replies = await conversation.say(message)
        assert 1 <= len(conversation.payloads(replies)) <= 6, conversation.text(replies)


# -- several facts and a question in one message ------------------------------------------------------


async def test_facts_given_with_a_question_are_kept_and_the_question_answered(conversation):
    replies = await conversation.say("j'ai 19 ans, je suis à Roubaix, réfugié, et la paie ça donne quoi ?")
    text = conversation.text(replies)
    assert "De quel programme parlez-vous ?" in text
    payloads = conversation.payloads(replies)
    assert payloads[0] == '/ask_programme_pay{"programme":"hope"}' and len(payloads) <= 6, (text, payloads)
    pay = conversation.text(await conversation.say(payloads[0]))
    assert "HOPE" in pay

    check = conversation.text(await conversation.say("est-ce que c'est pour moi ?"))
    assert "Quel âge avez-vous ?" not in check
    assert "Quelle est votre situation aujourd'hui ?" not in check
    assert "Avez-vous le statut de réfugié" not in check
    await conversation.say("stop")  # the check's next questions are not the point here

    booking = conversation.text(await conversation.say("je veux m'inscrire à un atelier découverte"))
    assert "Dans quelle ville" not in booking and "près de Roubaix" in booking
