"""Issue #13 over the REST channel: staff questions, numbers questions, words explained,
plain first messages with « En savoir plus », who to ask and how."""
import pytest

pytestmark = pytest.mark.e2e


async def test_a_staff_member_asking_about_the_partnership_gets_it_with_its_source(conversation):
    replies = await conversation.say(
        "je suis chargée de mission emploi dans une communauté de communes, que nous apporte "
        "le partenariat entre l'Afpa et Intercommunalités de France ?"
    )
    first = replies[0]["text"]
    assert "Intercommunalités de France" in first and len(first) <= 300
    assert "Source : communiqué Afpa – Intercommunalités de France, septembre 2022." in first
    details = await conversation.say('/ask_more{"topic":"partnership"}')
    text = conversation.text(details)
    assert "Prépa compétences et Déclic pour l'action (demandeurs d'emploi)" in text
    assert "HOPE (personnes réfugiées)" in text and "Pour démarrer" in text
    assert "Le centre Afpa le plus proche" in text


async def test_apprentices_in_a_local_authority(conversation):
    text = conversation.text(await conversation.say("qui paie la formation d'un apprenti dans notre collectivité ?"))
    assert "CNFPT" in text and "employeur" in text


async def test_a_company_cutting_jobs(conversation):
    text = conversation.text(await conversation.say(
        "une entreprise de notre territoire va supprimer des emplois, que peut faire l'Afpa ?"
    ))
    assert "Transitions collectives" in text and "Source :" in text


@pytest.mark.parametrize("message, expected", [
    ("combien de jeunes ont suivi la promo 16-18 ?", "7 000 jeunes"),
    ("quel est le taux de réussite à l'Afpa ?", "84 %"),
    ("combien de centres a l'Afpa ?", "126 centres"),
])
async def test_numbers_questions_get_key_figures_never_a_duration(new_conversation, message, expected):
    conversation = new_conversation()
    replies = await conversation.say(message)
    text = conversation.text(replies)
    assert expected in text and "Source" in text
    assert "semaines" not in text and "mois" not in text


async def test_free_places_are_the_booking_offer(conversation):
    replies = await conversation.say("combien de places il reste à l'atelier ?")
    assert "places" in replies[0]["text"] and "mois" not in conversation.text(replies)
    assert "/book_workshop" in conversation.payloads(replies)
    await conversation.say("/book_workshop")
    offer = conversation.text(await conversation.say("59100"))
    assert "places libres" in offer


async def test_a_word_is_explained(conversation):
    text = conversation.text(await conversation.say("c'est quoi le CIR ?"))
    assert "contrat d'intégration républicaine" in text


async def test_a_programme_answer_is_short_with_more_on_demand(conversation):
    replies = await conversation.say("c'est quoi HOPE ?")
    assert len(replies[0]["text"]) <= 300
    assert '/ask_more{"topic":"hope"}' in conversation.payloads(replies)
    details = conversation.text(await conversation.say("en savoir plus"))
    assert "400 heures" in details and "votre conseiller OFII" in details


async def test_a_professional_is_answered_about_the_people_they_follow(conversation):
    text = conversation.text(await conversation.say("qu'est-ce que vous proposez pour les réfugiés que je suis ?"))
    assert "que vous suivez" in text and "HOPE" in text
