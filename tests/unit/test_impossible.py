"""Requests the assistant cannot carry out: what is asked, and a plain « je ne peux pas »."""

import pytest

from actions.answers.impossible import (
    CALL_BACK,
    FILL_IN,
    KEEP_AFTER_ERASURE,
    KINDS,
    NAMED_PERSON,
    OTHER,
    REMIND,
    SEND,
    SIGN_UP,
    kind_of_request,
)
from actions.replies.impossible import cannot_do

# Never said to a request that was not carried out.
FALSE_PROMISES = ("avec plaisir", "c'est fait", "c'est noté", "je vous envoie", "je vous rappelle", "je vous inscris")


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Envoyez-moi un résumé par mail", SEND),
        ("tu peux me mettre tout ça dans un email ?", SEND),
        ("mandez moi un SMS avec l'adresse du centre", SEND),
        ("transmettez le récap à ma conseillère", SEND),
        ("vous pouvez me rappeler demain ?", CALL_BACK),
        ("appelez-moi au 06 11 22 33 44", CALL_BACK),
        ("j'aimerais qu'on me téléphone", CALL_BACK),
        ("faites-moi penser à l'atelier la veille", REMIND),
        ("prévenez-moi quand la Promo 16-18 recommence", REMIND),
        ("tu me relances la semaine prochaine ?", REMIND),
        ("gardez mon numéro même après la suppression", KEEP_AFTER_ERASURE),
        ("effacez mes données mais gardez mon rendez-vous", KEEP_AFTER_ERASURE),
        ("je veux parler à madame Benali", NAMED_PERSON),
        ("passez-moi le directeur du centre", NAMED_PERSON),
        ("remplissez mon dossier à ma place", FILL_IN),
        ("tu peux faire mon CV ?", FILL_IN),
        ("inscrivez-moi directement à HOPE", SIGN_UP),
        ("mets-moi sur la liste de la Promo 16-18", SIGN_UP),
        ("fais le café", OTHER),
        (None, OTHER),
    ],
)
def test_what_an_impossible_request_asks_for(text, kind):
    assert kind_of_request(text) == kind


@pytest.mark.parametrize("kind", KINDS + (OTHER, "anything else"))
def test_every_answer_says_plainly_what_it_cannot_do_and_what_it_can(kind):
    reply = cannot_do(kind)
    assert reply.text.startswith("Je ne peux pas")
    assert "Je peux" in reply.text or "Vous pouvez" in reply.text or "vous pouvez" in reply.text
    assert not any(promise in reply.text.lower() for promise in FALSE_PROMISES)
    assert reply.buttons and any(b.payload == "/contact_human" for b in reply.buttons) or kind == SEND
    assert len(reply.text) <= 300  # fits a phone screen


def test_a_direct_sign_up_is_offered_the_check_and_a_workshop_instead():
    payloads = [b.payload for b in cannot_do(SIGN_UP).buttons]
    assert "/check_eligibility" in payloads and "/book_workshop" in payloads
