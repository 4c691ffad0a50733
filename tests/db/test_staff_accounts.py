"""Staff accounts, sign-in and verified identities (actions/staff/), on SQLite and PostgreSQL."""
import datetime as dt

import pytest

from actions.booking.service import make_sessionmaker
from actions.staff.claims import CLAIM_METADATA_KEY, Subject, sign_claim
from actions.staff.directory import (
    StaffError, add_member, find_subject, link_telegram, list_members, remove_member,
)
from actions.staff.sign_in import (
    check_password, new_sign_in_token, open_session, redeem_sign_in_token, session_for, set_password,
)
from actions.staff.verification import verified_staff
from tests.db.support import NOW

MEL = "200093201"  # Métropole Européenne de Lille
SECRET = b"t" * 40


@pytest.fixture
def sessions(engine):
    return make_sessionmaker(engine)


def add(sessions, **fields):
    with sessions.begin() as db:
        return add_member(db, now=NOW, **fields)


def test_members_are_added_listed_linked_and_removed(sessions):
    officer = add(sessions, role="epci_staff", name="Camille Martin", epcis=[MEL], email="Camille@Example.fr")
    centre = add(sessions, role="centre_staff", name="Jo", centres=["roubaix"], telegram_user_id=4242)
    add(sessions, role="admin", name="Admin")
    with sessions.begin() as db:
        assert [(m.role, m.name) for m in list_members(db)] == [
            ("epci_staff", "Camille Martin"), ("centre_staff", "Jo"), ("admin", "Admin")]
        assert list_members(db)[0].epcis == (MEL,) and list_members(db)[0].email == "camille@example.fr"
        assert link_telegram(db, officer.id, 77).telegram_user_id == 77
        assert find_subject(db, Subject("telegram", 77)).id == officer.id
        assert find_subject(db, Subject("telegram", 4242)).centres == ("roubaix",)
        remove_member(db, centre.id)
    with sessions.begin() as db:
        assert find_subject(db, Subject("telegram", 4242)) is None
        assert find_subject(db, Subject("staff", centre.id)) is None


@pytest.mark.parametrize("fields, message", [
    (dict(role="epci_staff", name="A"), "au moins une intercommunalité"),
    (dict(role="centre_staff", name="A"), "au moins un centre"),
    (dict(role="epci_staff", name="A", epcis=["123"]), "SIREN invalide"),
    (dict(role="epci_staff", name="A", epcis=["999999999"]), "intercommunalité inconnue"),
    (dict(role="centre_staff", name="A", centres=["atlantis"]), "centre inconnu"),
    (dict(role="admin", name="A", epcis=[MEL]), "--epci ne vaut que"),
    (dict(role="chef", name="A"), "rôle inconnu"),
    (dict(role="admin", name="  "), "nom est obligatoire"),
])
def test_an_incomplete_or_wrong_account_is_refused_in_french(sessions, fields, message):
    with pytest.raises(StaffError, match=message), sessions.begin() as db:
        add_member(db, **fields)
    with sessions.begin() as db:
        assert list_members(db) == []


def test_a_telegram_account_belongs_to_one_member(sessions):
    add(sessions, role="admin", name="A", telegram_user_id=5)
    other = add(sessions, role="admin", name="B")
    with pytest.raises(StaffError, match="déjà lié"), sessions.begin() as db:
        link_telegram(db, other.id, 5)


def test_a_sign_in_link_works_once_and_not_after_it_expires(sessions):
    member = add(sessions, role="admin", name="A")
    with sessions.begin() as db:
        token = new_sign_in_token(db, member.id, now=NOW)
        late = new_sign_in_token(db, member.id, now=NOW)
    with sessions.begin() as db:
        assert redeem_sign_in_token(db, token, now=NOW).id == member.id
    with sessions.begin() as db:
        assert redeem_sign_in_token(db, token, now=NOW) is None
        assert redeem_sign_in_token(db, late, now=NOW + dt.timedelta(hours=1)) is None
        assert redeem_sign_in_token(db, "made-up", now=NOW) is None


def test_passwords_are_checked_and_short_ones_refused(sessions):
    member = add(sessions, role="admin", name="A", email="a@example.fr")
    with pytest.raises(StaffError, match="12 caractères"), sessions.begin() as db:
        set_password(db, member.id, "court")
    with sessions.begin() as db:
        set_password(db, member.id, "un mot de passe assez long")
    with sessions.begin() as db:
        assert check_password(db, "A@example.fr", "un mot de passe assez long").id == member.id
        assert check_password(db, "a@example.fr", "un mot de passe faux") is None
        assert check_password(db, "personne@example.fr", "un mot de passe assez long") is None


def test_a_web_session_expires_and_ends_with_its_member(sessions):
    member = add(sessions, role="admin", name="A")
    with sessions.begin() as db:
        opened = open_session(db, member, now=NOW)
    with sessions.begin() as db:
        assert session_for(db, opened.cookie, now=NOW).csrf_token == opened.csrf_token
        assert session_for(db, opened.cookie, now=NOW + dt.timedelta(hours=9)) is None
        assert session_for(db, "forged", now=NOW) is None
        remove_member(db, member.id)
    with sessions.begin() as db:
        assert session_for(db, opened.cookie, now=NOW) is None


def test_only_a_valid_claim_of_a_listed_member_is_staff(sessions, caplog):
    member = add(sessions, role="epci_staff", name="A", epcis=[MEL], telegram_user_id=4242)
    now = NOW.timestamp()

    def staff(metadata, sender="telegram:1"):
        return verified_staff(metadata, sender, sessions, secret=SECRET, now=now)

    claim = sign_claim(Subject("telegram", 4242), "telegram:1", SECRET, now=now)
    assert staff({CLAIM_METADATA_KEY: claim}).id == member.id
    assert staff({CLAIM_METADATA_KEY: claim}, sender="telegram:2") is None
    assert staff({CLAIM_METADATA_KEY: sign_claim(Subject("telegram", 1), "telegram:1", SECRET, now=now)}) is None
    assert staff({CLAIM_METADATA_KEY: sign_claim(Subject("staff", member.id), "telegram:1", b"o" * 40, now=now)}) is None
    assert staff({"role": "admin", "staff_id": member.id}) is None
    assert staff(None) is None and staff("staff") is None
    assert "bad signature" in caplog.text and "4242" not in caplog.text
