"""Phone numbers and e-mail addresses never reach a log line (actions/log_privacy.py)."""
import logging

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from actions.log_privacy import install_log_scrubbing, scrub


@pytest.mark.parametrize(
    "said",
    ["06 12 34 56 78", "0612345678", "+33612345678", "+33 6 12 34 56 78", "06.12.34.56.78", "0033612345678",
     "marie.dupont@exemple.fr", "Zoé+afpa@mail.example.org"],
)
def test_contacts_are_replaced(said):
    cleaned = scrub(f"valeur {said} reçue")
    assert said not in cleaned and cleaned.startswith("valeur [") and cleaned.endswith("] reçue")


@pytest.mark.parametrize("kept", ["session=42 outcome=booked", "2026-12-01 08:00:00,123", "59100", "port 5005", "id 1234567890123"])
def test_ordinary_numbers_stay(kept):
    assert scrub(kept) == kept


@pytest.fixture
def scrubbing(monkeypatch):
    """Installed for this test only (the process-wide record factory is put back)."""
    import actions.log_privacy

    previous = logging.getLogRecordFactory()
    monkeypatch.setattr(actions.log_privacy, "_installed", False)
    install_log_scrubbing()
    yield
    logging.setLogRecordFactory(previous)


def test_every_record_and_its_exception_are_scrubbed(caplog, scrubbing):
    install_log_scrubbing()  # idempotent
    logger = logging.getLogger("some.library")
    with caplog.at_level(logging.INFO):
        logger.info("contact %s, mail %s", "07 11 22 33 44", "a.b@c.fr")
        try:
            raise ValueError("bad value 0711223344 for a.b@c.fr")
        except ValueError:
            logger.exception("failed")
    text_logged = caplog.text
    assert "07 11 22 33 44" not in text_logged and "0711223344" not in text_logged and "a.b@c.fr" not in text_logged
    assert "[téléphone]" in text_logged and "[e-mail]" in text_logged and "ValueError" in text_logged


def test_the_tracker_store_hides_sql_parameters(tmp_path):
    from rasa.shared.core.domain import Domain

    from bot.conversations.tracker_store import ErasingSQLTrackerStore

    store = ErasingSQLTrackerStore(domain=Domain.empty(), host=f"sqlite:///{tmp_path / 'c.db'}")
    try:
        with store.engine.connect() as connection:
            connection.execute(text("CREATE TABLE t (x TEXT UNIQUE)"))
            connection.execute(text("INSERT INTO t VALUES (:x)"), {"x": "Ysolinette"})
            with pytest.raises(IntegrityError) as raised:
                connection.execute(text("INSERT INTO t VALUES (:x)"), {"x": "Ysolinette"})
        assert "Ysolinette" not in str(raised.value)
    finally:
        store.engine.dispose()
    plain = create_engine(f"sqlite:///{tmp_path / 'p.db'}")  # what Rasa's own store would print
    with plain.connect() as connection:
        connection.execute(text("CREATE TABLE t (x TEXT UNIQUE)"))
        connection.execute(text("INSERT INTO t VALUES (:x)"), {"x": "Ysolinette"})
        with pytest.raises(IntegrityError) as raised:
            connection.execute(text("INSERT INTO t VALUES (:x)"), {"x": "Ysolinette"})
    assert "Ysolinette" in str(raised.value)
    plain.dispose()
