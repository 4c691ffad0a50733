"""Privacy in the conversation (actions/dialogue/privacy.py, eligibility.py; docs/privacy.md):
the notice before the eligibility check, « vous gardez quoi sur moi ? », and the erasure
request that the Rasa server's tracker store obeys."""
import datetime as dt

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.retention import RETENTION_DAYS
from actions.dialogue.eligibility import ActionEligibilityStart
from actions.dialogue.privacy import ActionDeleteMyData, ActionPrivacyNotice
from actions.privacy import PRIVACY_NOTICE_VERSION, load_retention_days, load_retention_interval_hours
from tests.unit.conftest import form_tracker


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


def slot_events(events):
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


def test_before_the_first_check_the_person_is_told_what_is_kept_and_can_refuse(dispatcher):
    tracker = form_tracker(text="je peux faire quoi ?", intent="check_eligibility", form=None)
    slots = slot_events(ActionEligibilityStart().run(dispatcher, tracker, {}))
    (notice,) = dispatcher.messages
    text = notice["text"]
    assert "âge" in text and "réfugié" in text and "handicap" in text
    assert f"{RETENTION_DAYS} jours après votre dernier message" in text and "supprimer mes données" in text
    # Refusing is one press, and leaves the check for the general answers.
    assert [b["payload"] for b in notice["buttons"]] == ["/stop"]
    # Recorded: which notice, and when.
    assert slots["privacy_notice"]["version"] == PRIVACY_NOTICE_VERSION
    shown_at = dt.datetime.fromisoformat(slots["privacy_notice"]["shown_at"])
    assert abs((dt.datetime.now(dt.timezone.utc) - shown_at).total_seconds()) < 60


def test_the_notice_is_said_once_a_session(dispatcher):
    told = {"version": PRIVACY_NOTICE_VERSION, "shown_at": "2026-12-01T08:00:00+00:00"}
    tracker = form_tracker(text="je peux faire quoi ?", intent="check_eligibility", form=None,
                           slots={"privacy_notice": told})
    slots = slot_events(ActionEligibilityStart().run(dispatcher, tracker, {}))
    assert dispatcher.messages == [] and "privacy_notice" not in slots


@pytest.mark.parametrize(
    "sender, where",
    [("telegram:42", "/confidentialite"), ("web:abc", "« Vos données personnelles »"), ("rest:x", "/confidentialite")],
)
def test_what_is_kept_answers_shortly_and_says_where_the_notice_is(dispatcher, sender, where, monkeypatch):
    monkeypatch.delenv("WEB_PUBLIC_URL", raising=False)
    ActionPrivacyNotice().run(dispatcher, form_tracker(intent="ask_privacy", form=None, sender_id=sender), {})
    (message,) = dispatcher.messages
    assert where in message["text"]
    assert f"{RETENTION_DAYS} jours après votre dernier message" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/delete_my_data"]


def test_the_notice_address_is_given_when_the_public_address_is_known(dispatcher, monkeypatch):
    monkeypatch.setenv("WEB_PUBLIC_URL", "https://assistant.example.fr/")
    ActionPrivacyNotice().run(dispatcher, form_tracker(intent="ask_privacy", form=None, sender_id="web:a"), {})
    assert "https://assistant.example.fr/confidentialite" in dispatcher.messages[0]["text"]


def test_yes_asks_the_rasa_server_to_delete_the_stored_conversation(booking_backend, dispatcher):
    events = ActionDeleteMyData().run(dispatcher, form_tracker(form=None, intent="affirm"), {})
    assert slot_events(events)["erasure_requested"] is True
    assert "effacé cette conversation" in dispatcher.messages[0]["text"]


def test_no_asks_nothing(booking_backend, dispatcher):
    events = ActionDeleteMyData().run(dispatcher, form_tracker(form=None, intent="deny"), {})
    assert "erasure_requested" not in slot_events(events)


@pytest.mark.parametrize("raw, days", [("", 90), ("30", 30), (" 365 ", 365)])
def test_retention_days_from_the_environment(raw, days):
    assert load_retention_days({"RETENTION_DAYS": raw}) == days


@pytest.mark.parametrize("raw", ["0", "-3", "trois", "1.5"])
def test_a_wrong_retention_is_refused_in_french(raw):
    with pytest.raises(SystemExit, match="RETENTION_DAYS"):
        load_retention_days({"RETENTION_DAYS": raw})


def test_retention_interval_from_the_environment():
    assert load_retention_interval_hours({}) == 24
    assert load_retention_interval_hours({"RETENTION_INTERVAL_HOURS": "0,5"}) == 0.5
    for raw in ("0", "-1", "nan", "inf", "jamais"):
        with pytest.raises(SystemExit, match="RETENTION_INTERVAL_HOURS"):
            load_retention_interval_hours({"RETENTION_INTERVAL_HOURS": raw})
