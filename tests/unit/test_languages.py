"""Messages in another language: recognised offline, quickly, and never a short French one."""

import re
import time

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.replies.languages import ARABIC, ENGLISH, FRENCH_FOLLOW_UP, TEXTS, other_language
from nlu.language_detector import LanguageDetector
from nlu.languages import FRENCH, identify, prepare, reply_language
from nlu.normalisation import normalise

# Short French as people type it on a phone: never another language.
SHORT_FRENCH = [
    "ok", "okay", "slt", "wsh", "wesh frr", "c koi", "cc", "jsp", "mdr", "ptdr", "tkt", "oui", "non", "nn",
    "merci", "mrc bcp", "ça va", "cv", "kesako", "bjr", "bsr", "stp", "svp", "g 17 ans", "chui réfugié",
    "hope c koi", "c koi hope", "promo 16-18", "ok merci", "yes", "yes merci bcp", "hello", "hello tout le monde",
    "ok c good", "ouais grave", "trop bien mdr", "mais t ki toi", "jveux un taf", "g pa de diplome",
    "ok d'accord", "top merci", "cool", "super", "yo", "yo tout le monde", "help me svp", "okay cool bro",
    "full time job", "job dating", "mon CV", "le stage", "HOPE Afpa Lomme", "Prépa compétences Roubaix 59100",
    "atelier mardi prochain", "59100", "Vaulx-en-Velin", "Saint-Jean-de-Védas", "thank you", "good morning",
    "wsh frr cv", "slt cv ou koi", "bjr je veux une formation", "c est nul", "/check_eligibility", "",
]
ENGLISH_MESSAGES = [
    "Hello, I am a refugee, can I do HOPE?",
    "I need help finding a job",
    "Can I work while my asylum request is pending?",
    "How can I talk to someone",
    "do you speak english",
    "I don't understand French",
    "please help me find a training",
]
ARABIC_MESSAGES = ["مرحبا، أنا لاجئ", "هل يمكنني العمل في فرنسا؟", "لا أفهم الفرنسية", "ok مرحبا أريد عمل"]
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module", autouse=True)
def detector_ready():
    prepare()


@pytest.mark.parametrize("text", SHORT_FRENCH)
def test_short_french_is_never_taken_for_another_language(text):
    # As typed, and as the pipeline sees it after the normaliser.
    assert identify(text).language == FRENCH
    assert identify(normalise(text).text).language == FRENCH


@pytest.mark.parametrize("text", ENGLISH_MESSAGES)
def test_english_is_recognised(text):
    assert identify(normalise(text).text).language == "en"
    assert reply_language(text) == ENGLISH


@pytest.mark.parametrize("text", ARABIC_MESSAGES)
def test_arabic_is_recognised_by_its_script(text):
    found = identify(normalise(text).text)
    assert found.language == "ar" and found.by == "script"
    assert reply_language(text) == ARABIC


def test_the_cost_per_message_stays_small():
    messages = [normalise(text).text for text in SHORT_FRENCH + ENGLISH_MESSAGES + ARABIC_MESSAGES] * 20
    start = time.perf_counter()
    for text in messages:
        identify(text)
    average_ms = (time.perf_counter() - start) * 1000 / len(messages)
    assert average_ms < 2.0, average_ms
    # Most French messages never reach the model.
    assert sum(identify(normalise(t).text).by == "model" for t in SHORT_FRENCH) <= 6


def _component():
    return LanguageDetector.create(LanguageDetector.get_default_config(), None, None, None)


def _message(text, intent, confidence, ranking):
    return Message({
        TEXT: text,
        INTENT: {"name": intent, "confidence": confidence},
        INTENT_RANKING_KEY: [{"name": name, "confidence": value} for name, value in ranking],
    })


def test_the_component_sets_other_language_for_english():
    message = _message("i need help finding a job", "help", 0.6, [("help", 0.6), ("contact_human", 0.3)])
    _component().process([message])
    assert message.get(INTENT)["name"] == "other_language"
    assert [item["name"] for item in message.get(INTENT_RANKING_KEY)][:2] == ["other_language", "help"]


def test_the_component_takes_other_language_away_from_french():
    message = _message("ok", "other_language", 0.7, [("other_language", 0.7), ("affirm", 0.5)])
    _component().process([message])
    assert message.get(INTENT)["name"] == "affirm"
    weak = _message("wsh", "other_language", 0.9, [("other_language", 0.9), ("greet", 0.05)])
    _component().process([weak])
    assert weak.get(INTENT)["name"] == "nlu_fallback"


def test_the_component_leaves_french_alone():
    message = _message("je veux une formation", "check_eligibility", 0.8, [("check_eligibility", 0.8)])
    _component().process([message])
    assert message.get(INTENT)["name"] == "check_eligibility"


def test_the_answer_is_in_the_language_then_simple_french():
    english, follow_up = other_language(ENGLISH)
    assert "only understand French" in english.text and "HOPE" in english.text and "OFII" in english.text
    assert follow_up.text == FRENCH_FOLLOW_UP and follow_up.buttons
    arabic = other_language(ARABIC)[0].text
    assert "الفرنسية" in arabic and "HOPE" in arabic
    # Right to left on Telegram and the web: each line's first letter is Arabic.
    for line in arabic.splitlines():
        first_letter = next(ch for ch in line if _ARABIC_LETTER.match(ch) or _LATIN_LETTER.match(ch))
        assert _ARABIC_LETTER.match(first_letter), line
    assert other_language("es")[0].text == "\n".join(TEXTS[ENGLISH])


def test_the_arabic_text_reaches_telegram_as_it_is():
    from bot.telegram.rendering import plan_replies
    from tests.unit.test_telegram_rendering import _keys

    arabic = other_language(ARABIC)[0].text
    (planned,) = plan_replies([{"text": arabic}], _keys)
    assert planned.text == arabic  # plain text, no markup: Telegram shows each line right to left
