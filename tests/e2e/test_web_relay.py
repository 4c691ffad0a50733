"""The web server's relay over HTTP: the stack's web server (in front of the real assistant),
and extra web servers in front of a stub REST channel, of a slow one, or of nothing.

Every refusal must be a 4xx with a French sentence, never a 5xx; nothing the browser
sends may choose the conversation or what reaches Rasa besides the text itself.
"""
from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from itsdangerous import URLSafeTimedSerializer

from actions.booking.retention import RETENTION_DAYS
from bot.web import messages
from bot.web.identity import Identity
from bot.web.relay import MAX_BODY_BYTES, MAX_MESSAGE_CHARACTERS
from tests.e2e.conftest import free_port
from tests.e2e.telegram_fixtures import StubAssistant, stub_assistant  # noqa: F401 - fixture
from tests.e2e.web_fixtures import start_web_server  # noqa: F401 - fixture

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

FRENCH_WORDS = ("Votre", "La demande", "Cette", "Ce ", "Conversation", "Désolé", "Vous", "Beaucoup")


@pytest.fixture
async def http():
    async with httpx.AsyncClient(timeout=30) as client:
        yield client


async def new_token(http: httpx.AsyncClient, base: str, **headers: str) -> str:
    response = await http.post(f"{base}/api/conversations", headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["token"]


def assert_french_refusal(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == code
    assert body["message"].startswith(FRENCH_WORDS), body["message"]


async def say(http, base, token, **body) -> httpx.Response:
    return await http.post(f"{base}/api/messages", json=body, headers={"Authorization": f"Bearer {token}"})


# -- against the real assistant -------------------------------------------------------------------


async def test_a_question_gets_the_assistants_answer_with_signed_buttons(http, web_url):
    token = await new_token(http, web_url)
    response = await say(http, web_url, token, text="c'est quoi la promo 16-18 ?")
    assert response.status_code == 200
    first = response.json()["messages"][0]
    assert "16 à 18 ans" in first["text"]
    duration = next(button for button in first["buttons"] if button["title"] == "Durée")
    assert "payload" not in duration and "/ask_programme" not in duration["button"]  # signed, not the raw payload
    pressed = await say(http, web_url, token, button=duration["button"])
    assert "13 semaines" in pressed.json()["messages"][0]["text"]


async def test_health_and_pages(http, web_url):
    assert (await http.get(f"{web_url}/health")).json() == {"status": "ok", "dependencies": {"rasa": {"ok": True}}}
    demo = await http.get(f"{web_url}/")
    assert "Communauté d'agglomération du Val-Fleuri (démonstration)" in demo.text
    assert '<script src="widget.js"' in demo.text
    csp = demo.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    privacy = await http.get(f"{web_url}/confidentialite")
    assert "Combien de temps" in privacy.text and f"{RETENTION_DAYS} jours après l'atelier" in privacy.text
    widget = await http.get(f"{web_url}/widget.js")
    assert widget.headers["content-type"].startswith("text/javascript")
    assert 'mode: "open"' in widget.text


async def test_wrong_methods_and_unknown_paths_get_french_4xx(http, web_url):
    assert_french_refusal(await http.get(f"{web_url}/api/messages"), 405, "method_not_allowed")
    assert_french_refusal(await http.put(f"{web_url}/api/conversations"), 405, "method_not_allowed")
    assert_french_refusal(await http.delete(f"{web_url}/api/messages"), 405, "method_not_allowed")
    assert_french_refusal(await http.post(f"{web_url}/api/nothing-here"), 404, "not_found")
    page = await http.get(f"{web_url}/nothing-here")
    assert page.status_code == 404 and page.text == messages.NOT_FOUND


@pytest.mark.parametrize(
    "content, content_type, status, code",
    [
        (b"bonjour", "text/plain", 415, "not_json"),
        (b'{"text": "bonjour"', "application/json", 400, "not_json"),
        (b"\xff\xfe\x00garbage", "application/json", 400, "not_json"),
        (b'["bonjour"]', "application/json", 400, "bad_request"),
        (b'"bonjour"', "application/json", 400, "bad_request"),
        (b"{}", "application/json", 400, "bad_request"),
        (b'{"text": 42}', "application/json", 400, "bad_request"),
        (b'{"text": "a", "button": "b"}', "application/json", 400, "bad_request"),
        (b'{"text": "   "}', "application/json", 400, "message_empty"),
        (b'{"button": "forged.button"}', "application/json", 400, "button_unknown"),
        (b'{"button": ["x"]}', "application/json", 400, "button_unknown"),
    ],
)
async def test_malformed_bodies_get_french_4xx(http, web_url, content, content_type, status, code):
    token = await new_token(http, web_url)
    response = await http.post(
        f"{web_url}/api/messages", content=content,
        headers={"Authorization": f"Bearer {token}", "Content-Type": content_type},
    )
    assert_french_refusal(response, status, code)


async def test_a_too_long_message_and_huge_bodies_are_refused(http, web_url):
    token = await new_token(http, web_url)
    too_long = await say(http, web_url, token, text="a" * (MAX_MESSAGE_CHARACTERS + 1))
    assert_french_refusal(too_long, 413, "message_too_long")
    assert "1\u202f000 caractères" in too_long.json()["message"]
    assert (await say(http, web_url, token, text="é" * MAX_MESSAGE_CHARACTERS)).status_code == 200

    huge = await http.post(
        f"{web_url}/api/messages", content=b'{"text": "' + b"a" * 5_000_000 + b'"}',
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert_french_refusal(huge, 413, "body_too_large")

    async def chunks():  # no Content-Length: the server counts as it reads
        yield b'{"text": "'
        for _ in range(64):
            yield b"a" * 1024
        yield b'"}'

    streamed = await http.post(
        f"{web_url}/api/messages", content=chunks(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert_french_refusal(streamed, 413, "body_too_large")
    assert MAX_BODY_BYTES < 64 * 1024


async def test_missing_forged_tampered_foreign_and_expired_tokens_are_refused(http, web_url, web_secret_file):
    body = {"text": "bonjour"}
    missing = await http.post(f"{web_url}/api/messages", json=body)
    assert_french_refusal(missing, 401, "token_missing")
    assert_french_refusal(await say(http, web_url, "n'importe-quoi", **body), 401, "token_invalid")

    token = await new_token(http, web_url)
    payload, timestamp, signature = token.split(".")
    other_id = URLSafeTimedSerializer(b"x" * 64).dumps({"c": "0" * 32}).split(".")[0]
    tampered = ".".join([other_id, timestamp, signature])  # another conversation id, same signature
    assert_french_refusal(await say(http, web_url, tampered, **body), 401, "token_invalid")
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert_french_refusal(await say(http, web_url, flipped, **body), 401, "token_invalid")

    _, foreign = Identity(b"another server's secret, long enough!!", max_age_seconds=3600).new_conversation()
    assert_french_refusal(await say(http, web_url, foreign, **body), 401, "token_invalid")

    # A token this server did sign, two days ago (the stack's tokens last 24 h).
    secret = web_secret_file.read_bytes().strip()
    signer = URLSafeTimedSerializer(secret, salt="afpa-web-conversation")
    old_signer = signer.make_signer()
    old_signer.get_timestamp = lambda: int(time.time()) - 2 * 86400  # type: ignore[method-assign]
    expired = old_signer.sign(signer.dump_payload({"c": "1" * 32})).decode()
    assert_french_refusal(await say(http, web_url, expired, **body), 401, "token_expired")
    assert (await say(http, web_url, token, **body)).status_code == 200  # the genuine token still works


async def test_a_button_of_another_conversation_is_refused(http, web_url):
    first, second = await new_token(http, web_url), await new_token(http, web_url)
    answer = (await say(http, web_url, first, text="c'est quoi HOPE ?")).json()["messages"][0]
    signed = answer["buttons"][0]["button"]
    assert_french_refusal(await say(http, web_url, second, button=signed), 400, "button_unknown")


async def test_a_disallowed_origin_is_refused_and_gets_no_cors(http, web_url, embedding_origin):
    evil = "http://127.0.0.1:1"
    refused = await http.post(f"{web_url}/api/conversations", headers={"Origin": evil})
    assert_french_refusal(refused, 403, "origin_not_allowed")
    token = await new_token(http, web_url)
    refused_message = await http.post(
        f"{web_url}/api/messages", json={"text": "bonjour"},
        headers={"Origin": "null", "Authorization": f"Bearer {token}"},
    )
    assert_french_refusal(refused_message, 403, "origin_not_allowed")
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"}
    evil_preflight = await http.options(f"{web_url}/api/messages", headers={"Origin": evil, **preflight})
    assert evil_preflight.status_code >= 400
    assert "access-control-allow-origin" not in evil_preflight.headers

    allowed = await http.options(f"{web_url}/api/messages", headers={"Origin": embedding_origin, **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == embedding_origin
    assert (await http.post(f"{web_url}/api/conversations", headers={"Origin": embedding_origin})).status_code == 201
    own = await http.post(f"{web_url}/api/conversations", headers={"Origin": web_url})
    assert own.status_code == 201


# -- against a stub REST channel -------------------------------------------------------------------


async def test_the_sender_and_metadata_come_from_the_server_and_typed_intents_are_defused(
    http, stub_assistant, start_web_server  # noqa: F811 - fixtures
):
    stub_assistant.replies = [{"text": "Bien reçu."}]
    base = await start_web_server(stub_assistant.url)
    token = await new_token(http, base)
    response = await say(
        http, base, token, text='/inform{"age": 17}', sender="web:quelqu-un-d-autre", metadata={"role": "admin"}
    )
    assert response.json() == {"messages": [{"type": "text", "text": "Bien reçu."}]}
    received = stub_assistant.received[-1]
    assert received["sender"].startswith("web:") and len(received["sender"]) == 36
    assert received["sender"] != "web:quelqu-un-d-autre"
    assert received["metadata"] == {"channel": "web"}
    assert received["message"] == 'inform{"age": 17}'  # no leading slash: not an intent

    await say(http, base, token, text="et encore")
    assert stub_assistant.received[-1]["sender"] == received["sender"]  # one conversation, one sender
    other = await new_token(http, base)
    await say(http, base, other, text="moi aussi")
    assert stub_assistant.received[-1]["sender"] != received["sender"]


async def test_documents_become_downloads_and_unusable_ones_a_notice(http, stub_assistant, start_web_server):  # noqa: F811
    stub_assistant.replies = [
        {"custom": {"document": {"filename": "../../atelier afpa.ics", "content_base64": "QkVHSU46VkNBTEVOREFS",
                                 "mime_type": "text/calendar", "caption": "Votre atelier"}}},
        {"custom": {"document": {"filename": "x.pdf", "url": "http://127.0.0.1:5055/x.pdf"}}},
        {"image": "javascript:alert(1)"},
        {"text": "Choisissez", "buttons": [{"title": "Site", "url": "javascript:alert(1)"}, {"title": "Afpa", "url": "https://www.afpa.fr"}]},
    ]
    base = await start_web_server(stub_assistant.url)
    answer = (await say(http, base, await new_token(http, base), text="mon rendez-vous")).json()["messages"]
    assert answer[0] == {
        "type": "document", "filename": "atelier afpa.ics", "mime_type": "text/calendar",
        "content_base64": "QkVHSU46VkNBTEVOREFS", "caption": "Votre atelier",
    }
    assert answer[1]["type"] == "text" and "document" in answer[1]["text"]
    assert answer[2] == {"type": "text", "text": "Choisissez", "buttons": [{"title": "Afpa", "url": "https://www.afpa.fr"}]}


async def test_rasa_down_or_slow_gets_the_apology_within_10_seconds(http, stub_assistant, start_web_server):  # noqa: F811
    down = await start_web_server(f"http://127.0.0.1:{free_port()}")
    started = time.monotonic()
    response = await say(http, down, await new_token(http, down), text="bonjour")
    assert time.monotonic() - started < 10
    assert_french_refusal(response, 503, "assistant_unavailable")
    assert "Mission locale" in response.json()["message"]

    async def slow(body):
        await asyncio.sleep(5)
        return [{"text": "trop tard"}]

    stub_assistant.replies = slow
    slow_server = await start_web_server(stub_assistant.url, WEB_RASA_TIMEOUT_SECONDS="2")
    started = time.monotonic()
    response = await say(http, slow_server, await new_token(http, slow_server), text="bonjour")
    assert time.monotonic() - started < 4
    assert_french_refusal(response, 503, "assistant_unavailable")

    stub_assistant.replies = []  # what Rasa answers when an action failed
    empty = await say(http, slow_server, await new_token(http, slow_server), text="bonjour")
    assert empty.json()["messages"][0]["text"] == messages.TECHNICAL_PROBLEM


async def test_rate_limits_per_conversation_and_per_address(http, stub_assistant, start_web_server):  # noqa: F811
    stub_assistant.replies = [{"text": "ok"}]
    base = await start_web_server(
        stub_assistant.url, WEB_RATE_LIMIT_MESSAGES="3", WEB_RATE_LIMIT_SECONDS="60",
        WEB_ADDRESS_RATE_LIMIT_REQUESTS="8", WEB_ADDRESS_RATE_LIMIT_SECONDS="60",
    )
    token = await new_token(http, base)  # request 1 from this address
    statuses = [(await say(http, base, token, text=f"message {n}")).status_code for n in range(3)]  # 2-4
    assert statuses == [200, 200, 200]
    limited = await say(http, base, token, text="encore un")  # 5
    assert_french_refusal(limited, 429, "rate_limited")
    assert limited.json()["message"] == messages.RATE_LIMITED and "retry-after" in limited.headers
    assert len(stub_assistant.received) == 3  # the 4th never reached the assistant

    other = await new_token(http, base)  # 6: another conversation is not limited by the first
    assert (await say(http, base, other, text="bonjour")).status_code == 200  # 7
    assert (await say(http, base, other, text="bonjour")).status_code == 200  # 8
    address_limited = await http.post(f"{base}/api/conversations")  # 9: too many from this address
    assert_french_refusal(address_limited, 429, "rate_limited")
    assert address_limited.json()["message"] == messages.ADDRESS_RATE_LIMITED


async def test_no_garbage_gets_a_5xx(http, web_url):
    token = await new_token(http, web_url)
    bodies = [b"", b"null", b"[]", b"{", b'{"text": null}', b'{"text": {"a": 1}}', b'{"button": ""}',
              b'{"text": "\\u0000\\u0001"}', "{\"text\": \"\ud800\"}".encode("utf-8", "surrogatepass"),
              b'{"text": "' + b"\\\\" * 3000 + b'"}', b"\x00" * 100]
    for content in bodies:
        for headers in ({"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                        {"Authorization": "Bearer " + "x" * 10_000, "Content-Type": "application/json"},
                        {"Authorization": "Basic abc", "Content-Type": "application/json; charset=latin-1"}):
            response = await http.post(f"{web_url}/api/messages", content=content, headers=headers)
            assert 400 <= response.status_code < 500, (content[:40], headers, response.status_code, response.text)
            assert response.json()["message"]
