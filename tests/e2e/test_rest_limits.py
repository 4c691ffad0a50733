"""No false promises, and messages in other languages, over REST against the running servers."""
import re

import pytest

pytestmark = pytest.mark.e2e

FALSE_PROMISES = ("avec plaisir", "c'est fait", "c'est noté", "je vous envoie", "je vous rappelle", "je vous inscris")
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
NOT_FRENCH_ANSWER = "only understand French"

IMPOSSIBLE = [
    ("Envoyez-moi un résumé par mail", "Je ne peux pas envoyer"),
    ("tu peux m'envoyer tout ça par e-mail ?", "Je ne peux pas envoyer"),
    ("merci, tu peux m'envoyer un résumé de la discussion ?", "Je ne peux pas envoyer"),
    ("vous pouvez me rappeler ?", "Je ne peux pas téléphoner"),
    ("rappelez-moi demain matin", "Je ne peux pas téléphoner"),
    ("préviens-moi quand la prochaine promo commence", "Je ne peux pas vous envoyer de rappel"),
    ("supprime mes données mais garde mon numéro", "Je ne peux pas garder"),
    ("je veux parler à madame Martin", "Je ne peux pas vous mettre en relation"),
    ("vous pouvez remplir le formulaire pour moi ?", "Je ne peux pas remplir"),
    ("inscrivez-moi à HOPE s'il vous plaît", "Je ne peux pas vous inscrire"),
]


@pytest.mark.parametrize("message, answer", IMPOSSIBLE)
async def test_an_impossible_request_gets_a_plain_no_and_what_can_be_done(new_conversation, message, answer):
    conversation = new_conversation()
    replies = await conversation.say(message)
    text = conversation.text(replies)
    assert answer in text, text
    assert not any(promise in text.lower() for promise in FALSE_PROMISES), text
    assert conversation.payloads(replies)  # what it can do instead, as buttons


async def test_an_impossible_request_in_the_middle_of_the_check_is_answered_then_the_question_comes_back(conversation):
    assert "Quel âge" in conversation.text(await conversation.say("je peux faire quoi ?"))
    text = conversation.text(await conversation.say("envoyez-moi un résumé par mail"))
    assert "Je ne peux pas envoyer" in text
    assert text.rstrip().endswith("Quel âge avez-vous ?")


async def test_a_message_in_english_gets_the_short_english_text_then_french(new_conversation):
    conversation = new_conversation()
    replies = await conversation.say("Hello, I am a refugee, can I do HOPE?")
    text = conversation.text(replies)
    assert NOT_FRENCH_ANSWER in text and "HOPE is an Afpa programme" in text and "OFII" in text
    assert replies[-1]["text"].startswith("Je continue en français, avec des mots simples.")
    # The conversation goes on in French.
    assert "Quel âge" in conversation.text(await conversation.say("je peux faire quoi ?"))


async def test_a_message_in_arabic_gets_the_arabic_text(new_conversation):
    conversation = new_conversation()
    replies = await conversation.say("مرحبا، أنا لاجئ وأبحث عن عمل")
    arabic = replies[0]["text"]
    assert "الفرنسية" in arabic and "HOPE" in arabic
    assert all(ARABIC_LETTER.match(line[0]) for line in arabic.splitlines())  # right to left
    assert replies[-1]["text"].startswith("Je continue en français")


@pytest.mark.parametrize(
    "message", ["ok", "slt", "wsh", "c koi", "cc", "jsp", "mdr", "tkt", "merci", "yes", "hello", "okay cool bro",
                "wesh frr", "ok merci", "c koi hope", "slt cv ou koi"],
)
async def test_short_french_is_answered_in_french(new_conversation, message):
    conversation = new_conversation()
    text = conversation.text(await conversation.say(message))
    assert NOT_FRENCH_ANSWER not in text and not ARABIC_LETTER.search(text), text
