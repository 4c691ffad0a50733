"""The staff identity claim (actions/staff/claims.py): only what a bridge signed vouches for anyone."""
import os
import stat

import pytest

from actions.staff.claims import (
    ClaimRejected, Subject, claim_secret, sign_claim, verify_claim,
)

SECRET = b"s" * 40
NOW = 1_800_000_000.0
SENDER = "telegram:4242"


def signed(subject=Subject("telegram", 4242), sender=SENDER, secret=SECRET, now=NOW, lifetime=300):
    return sign_claim(subject, sender, secret, now=now, lifetime=lifetime)


def test_a_claim_vouches_for_its_subject_in_its_conversation():
    assert verify_claim(signed(), SENDER, SECRET, now=NOW + 10) == Subject("telegram", 4242)
    assert verify_claim(signed(Subject("staff", 7), "web:abc"), "web:abc", SECRET, now=NOW) == Subject("staff", 7)


def test_a_claim_copied_into_another_conversation_vouches_for_nobody():
    with pytest.raises(ClaimRejected, match="another conversation"):
        verify_claim(signed(), "telegram:999", SECRET, now=NOW)


def test_an_expired_claim_vouches_for_nobody():
    with pytest.raises(ClaimRejected, match="expired"):
        verify_claim(signed(), SENDER, SECRET, now=NOW + 301)


def test_a_claim_signed_with_another_secret_vouches_for_nobody():
    with pytest.raises(ClaimRejected, match="bad signature"):
        verify_claim(signed(secret=b"x" * 40), SENDER, SECRET, now=NOW)


def test_an_altered_claim_vouches_for_nobody():
    version, payload, signature = signed().split(".")
    other_payload = signed(Subject("staff", 1)).split(".")[1]
    for token in (f"{version}.{other_payload}.{signature}", f"{version}.{payload}.{signature[:-2]}AA",
                  f"v2.{payload}.{signature}"):
        with pytest.raises(ClaimRejected):
            verify_claim(token, SENDER, SECRET, now=NOW)


@pytest.mark.parametrize("token", [None, 42, {"sub": "staff:1"}, ["v1"], "", "staff:1", "v1..", "a" * 5000])
def test_anything_but_a_signed_claim_vouches_for_nobody(token):
    with pytest.raises(ClaimRejected):
        verify_claim(token, SENDER, SECRET, now=NOW)


def test_the_secret_file_is_created_once_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "var" / "staff-claim.key"
    first = claim_secret({"STAFF_CLAIM_SECRET_FILE": str(path)})
    assert len(first) >= 32 and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert claim_secret({"STAFF_CLAIM_SECRET_FILE": str(path)}) == first


def test_the_secret_from_the_environment_wins_and_must_be_long(tmp_path):
    assert claim_secret({"STAFF_CLAIM_SECRET": "k" * 32, "STAFF_CLAIM_SECRET_FILE": str(tmp_path / "f")}) == b"k" * 32
    assert not (tmp_path / "f").exists()
    with pytest.raises(SystemExit, match="32"):
        claim_secret({"STAFF_CLAIM_SECRET": "short"})
