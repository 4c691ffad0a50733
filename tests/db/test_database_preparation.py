"""Several action servers starting at once on one empty database (SQLite and PostgreSQL).

Each action server prepares the database when it starts (migrations, reference data,
demo schedule). Started together, as a deployment with several action servers does,
they must all come up, and the database must hold one copy of everything. Each
"server" here is a process of its own, as in a deployment.
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, wait

from sqlalchemy import func, select

from actions.booking.database import make_engine
from actions.booking.models import CentreRow, WorkshopSession
from actions.booking.service import make_sessionmaker
from tests.db.support import CENTRES, NOW

SERVERS = 3
# Alone, a preparation takes a few seconds (process start included).
START_SECONDS = 60


def _start_action_server(database_url: str, barrier) -> None:
    from actions.booking.startup import prepare_database
    from tests.db.support import CENTRES, NOW, PROGRAMMES

    engine = make_engine(database_url)
    barrier.wait()
    try:
        prepare_database(engine, centres=CENTRES, programmes=PROGRAMMES, demo_schedule=True, now=NOW)
    finally:
        engine.dispose()


def test_action_servers_starting_together_all_come_up_with_one_copy_of_everything(database_url):
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        together = manager.Barrier(SERVERS)
        with ProcessPoolExecutor(SERVERS, mp_context=context) as pool:
            starts = [pool.submit(_start_action_server, database_url, together) for _ in range(SERVERS)]
            done, stuck = wait(starts, timeout=START_SECONDS)
            assert not stuck, "action servers starting together block each other"
            for started in done:
                started.result()  # raises what a failed start raised

    engine = make_engine(database_url)
    try:
        with make_sessionmaker(engine)() as db:
            assert db.execute(select(func.count()).select_from(CentreRow)).scalar_one() == len(CENTRES)
            sessions = db.execute(select(WorkshopSession.centre_id, WorkshopSession.starts_at)).all()
        assert sessions and len(sessions) == len(set(sessions))  # one demo schedule, not three
        assert all(starts_at > NOW for _, starts_at in sessions)
    finally:
        engine.dispose()
