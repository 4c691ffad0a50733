"""Who, if anyone, a message's metadata vouches for: ``verified_staff``.

The actions call it with the latest message's metadata and the conversation's sender
id. A missing claim means a member of the public; a claim that does not verify is an
attempt worth knowing about, logged with its reason only (no claim, no sender id, no
personal data).
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Mapping, Optional

from sqlalchemy.orm import Session, sessionmaker

from actions.staff.claims import CLAIM_METADATA_KEY, ClaimRejected, deployment_secret, verify_claim
from actions.staff.directory import StaffIdentity, find_subject

logger = logging.getLogger(__name__)


def verified_staff(
    metadata: Optional[Mapping[str, Any]],
    sender_id: str,
    sessions: sessionmaker,
    *,
    secret: Optional[bytes] = None,
    now: Optional[float] = None,
    secret_source: Callable[[], bytes] = deployment_secret,
) -> Optional[StaffIdentity]:
    """The staff member vouched for by a bridge in this conversation, else None."""
    token = metadata.get(CLAIM_METADATA_KEY) if isinstance(metadata, Mapping) else None
    if token is None:
        return None
    try:
        subject = verify_claim(token, sender_id, secret if secret is not None else secret_source(), now=now)
    except ClaimRejected as rejected:
        logger.warning("staff claim rejected: %s", rejected.reason)
        return None
    db: Session
    with sessions() as db:
        identity = find_subject(db, subject)
    if identity is None:
        logger.debug("staff claim for nobody on the staff list")  # every Telegram user has one
    return identity
