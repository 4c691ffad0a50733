"""The REST channel the bridges talk to, with the one piece of metadata the actions use.

Rasa's own REST channel hands a request's whole ``metadata`` to the conversation (and
its store). This one keeps only the staff identity claim (``actions.staff.claims``):
the claim is signed by a bridge, so whoever else posts here gains nothing by adding
one, and nothing else a request carries (a Telegram user id, a made-up role) reaches
the actions or the conversation store. Same name, same route
(``/webhooks/rest/webhook``), configured in credentials.yml.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.channels.rest import RestInput
from sanic.request import Request

from actions.staff.claims import CLAIM_METADATA_KEY


class RestInputWithClaims(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        try:
            body = request.json
        except Exception:  # not JSON: Rasa's own handler answers that
            return None
        metadata = body.get("metadata") if isinstance(body, dict) else None
        if not isinstance(metadata, dict) or CLAIM_METADATA_KEY not in metadata:
            return None
        return {CLAIM_METADATA_KEY: metadata[CLAIM_METADATA_KEY]}
