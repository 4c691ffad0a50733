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
