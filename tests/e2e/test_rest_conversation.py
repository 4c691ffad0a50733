"""Conversations over the REST channel, against the running servers."""
import pytest

pytestmark = pytest.mark.e2e


async def test_promo_16_18_then_a_follow_up_about_pay(conversation):
    replies = await conversation.say("c'est quoi la promo 16-18 ?")
    text = conversation.text(replies)
    assert "16 à 18 ans" in text and "quitté l'école" in text
    assert "13 semaines" in text and "10 ateliers" in text
    assert '/ask_programme_pay{"programme":"promo_16_18"}' in conversation.payloads(replies)

    follow_up = conversation.text(await conversation.say("et c'est payé ?"))
    assert follow_up.startswith("La Promo 16-18")
    assert "rémunération" in follow_up


async def test_chat_style_question_about_duration(conversation):
    text = conversation.text(await conversation.say("c koi la duree de hope stp"))
    assert "8 à 10 mois" in text


async def test_pressing_a_button_continues_the_conversation(conversation):
    await conversation.say("parlez-moi de HOPE")
    replies = await conversation.say('/ask_programme_duration{"programme":"hope"}')
    assert "8 à 10 mois" in conversation.text(replies)


async def test_listing_for_refugees(conversation):
    text = conversation.text(await conversation.say("qu'est-ce qu'il y a pour les réfugiés ?"))
    assert "HOPE" in text


async def test_greeting_offers_next_steps(conversation):
    replies = await conversation.say("bonjour")
    assert "Bonjour" in conversation.text(replies)
    assert "/list_programmes" in conversation.payloads(replies)


async def test_out_of_scope_is_declined_politely(conversation):
    text = conversation.text(await conversation.say("raconte-moi une blague"))
    assert "je ne peux pas" in text and "l'Afpa" in text and "programmes" in text


async def test_contact_human_gives_a_way_to_reach_a_person(conversation):
    text = conversation.text(await conversation.say("je veux parler à un conseiller"))
    assert "Mission locale" in text and "France Travail" in text


async def test_gibberish_twice_leads_to_the_menu_and_a_person(conversation):
    first = await conversation.say("wxq bzzz plop")
    second = await conversation.say("xkcd lorem ipsum")
    assert "Vous vouliez dire" in conversation.text(first)
    assert "ne comprends toujours pas" in conversation.text(second)
    assert "/contact_human" in conversation.payloads(second)


async def test_conversations_do_not_leak_between_senders(new_conversation):
    alice, bob = new_conversation(), new_conversation()
    await alice.say("parlez-moi de HOPE")
    replies = await bob.say("et ça dure combien ?")
    assert conversation_asks_which_programme(bob.text(replies))


def conversation_asks_which_programme(text: str) -> bool:
    return text.startswith("De quel programme parlez-vous ?")
