"""The web channel's plain-Python parts: settings, identity (tokens, signed buttons), rendering."""
from __future__ import annotations

import os
import stat

import pytest

from bot.web.identity import Identity, TokenProblem, load_or_create_secret
from bot.web.relay import clean_text
from bot.web.rendering import render_replies
from bot.web.settings import load_web_settings, origin_of

SECRET = b"0123456789abcdef0123456789abcdef"


def test_defaults_listen_on_the_loopback_port_8000():
    settings = load_web_settings({})
    assert (settings.host, settings.port, settings.public_url) == ("127.0.0.1", 8000, "http://127.0.0.1:8000")
    assert settings.cors_origins == ("http://127.0.0.1:8000",)
    assert settings.widget_url == "http://127.0.0.1:8000/widget.js"


def test_allowed_origins_are_normalised_like_browsers_send_them():
    settings = load_web_settings({
        "WEB_PUBLIC_URL": "https://assistant.example.fr/",
        "WEB_ALLOWED_ORIGINS": " https://www.Agglo.example.fr , http://localhost:8080,https://x.example.fr:443",
    })
    assert settings.public_url == "https://assistant.example.fr"
    assert settings.cors_origins == (
        "https://assistant.example.fr", "https://www.agglo.example.fr", "http://localhost:8080", "https://x.example.fr",
    )
    assert origin_of("HTTPS://Site.example.fr:443/page?x=1") == "https://site.example.fr"


@pytest.mark.parametrize(
    "name, value",
    [
        ("WEB_ALLOWED_ORIGINS", "www.agglo.fr"),
        ("WEB_ALLOWED_ORIGINS", "https://agglo.fr/emploi"),
        ("WEB_ALLOWED_ORIGINS", "ftp://agglo.fr"),
        ("WEB_PORT", "huit mille"),
        ("WEB_PORT", "70000"),
        ("WEB_PUBLIC_URL", "assistant.example.fr"),
        ("WEB_RASA_TIMEOUT_SECONDS", "30"),
        ("WEB_RATE_LIMIT_MESSAGES", "0"),
    ],
)
def test_a_wrong_setting_stops_with_a_french_message(name, value):
    with pytest.raises(SystemExit) as stopped:
        load_web_settings({name: value})
    assert name in str(stopped.value)


def test_the_secret_is_created_once_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "var" / "web-secret"
    secret = load_or_create_secret(path)
    assert len(secret) >= 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_or_create_secret(path) == secret  # the same at the next start


def test_tokens_carry_a_server_chosen_conversation_and_cannot_be_forged():
    identity = Identity(SECRET, max_age_seconds=3600)
    conversation, token = identity.new_conversation()
    assert identity.conversation_of(token) == conversation
    assert conversation.sender_id == f"web:{conversation.id}" and len(conversation.id) == 32
    other, other_token = identity.new_conversation()
    assert other.id != conversation.id
    assert identity.conversation_of(None) is TokenProblem.MISSING
    assert identity.conversation_of(token + "x") is TokenProblem.INVALID
    assert identity.conversation_of("x" * 600) is TokenProblem.INVALID
    assert Identity(b"another secret of 32 bytes or more", max_age_seconds=3600).conversation_of(token) is TokenProblem.INVALID
    assert Identity(SECRET, max_age_seconds=-1).conversation_of(token) is TokenProblem.EXPIRED


def test_buttons_are_bound_to_their_conversation():
    identity = Identity(SECRET, max_age_seconds=3600)
    mine, _ = identity.new_conversation()
    someone_else, _ = identity.new_conversation()
    signed = identity.sign_button(mine, '/ask_programme_pay{"programme":"hope"}')
    assert identity.button_payload(mine, signed) == '/ask_programme_pay{"programme":"hope"}'
    assert identity.button_payload(someone_else, signed) is None
    assert identity.button_payload(mine, signed[:-2]) is None


@pytest.mark.parametrize(
    "typed, forwarded",
    [
        ('/inform{"age": 17}', 'inform{"age": 17}'),
        ("//aide", "aide"),
        ("  bonjour\x00\x07 ", "bonjour"),
        ("ligne 1\nligne 2", "ligne 1\nligne 2"),
        ("\ud800é", "é"),
    ],
)
def test_typed_texts_lose_control_characters_and_cannot_be_intents(typed, forwarded):
    assert clean_text(typed) == forwarded


def test_rendering_keeps_texts_signs_payloads_and_drops_unsafe_links():
    identity = Identity(SECRET, max_age_seconds=3600)
    conversation, _ = identity.new_conversation()
    rendered = render_replies(
        [
            {"text": "Voici <b>HOPE</b>", "buttons": [
                {"title": "Durée", "payload": "/ask_programme_duration"},
                {"title": "Piège", "url": "javascript:alert(1)"},
                {"title": "", "payload": "/x"},
            ]},
            {"image": "data:image/png;base64,AAAA"},
            {"custom": {"unknown": 1}},
        ],
        conversation,
        identity,
    )
    assert len(rendered) == 1
    assert rendered[0]["text"] == "Voici <b>HOPE</b>"  # the widget shows it as text
    [button] = rendered[0]["buttons"]
    assert button["title"] == "Durée"
    assert identity.button_payload(conversation, button["button"]) == "/ask_programme_duration"
