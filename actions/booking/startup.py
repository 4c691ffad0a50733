"""What the action server calls once at start: ``prepare_database``."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Iterable, Optional, Sequence, Tuple, Union

from sqlalchemy.engine import Engine

from actions.booking.clock import utc_now
from actions.booking.database import make_engine, preparation_lock, upgrade_database
from actions.booking.reference_data import catalogue_programmes, sync_centres, sync_programmes
from actions.booking.service import make_sessionmaker
from actions.territory.models import Centre

logger = logging.getLogger(__name__)


def prepare_database(
    target: Union[str, Engine, None] = None,
    *,
    centres: Optional[Sequence[Centre]] = None,
    programmes: Optional[Iterable[Tuple[str, str]]] = None,
    demo_schedule: Optional[bool] = None,
    now: Optional[dt.datetime] = None,
) -> Engine:
    """Makes the database ready and returns its engine.

    1. runs the Alembic migrations (``upgrade_database``);
    2. copies the centres (data/centres.csv) and programmes (catalogue) into it;
    3. if ``demo_schedule`` and no session lies in the future, fills the next eight
       weeks with demo sessions (``demo_schedule.fill_demo_schedule``); None (the
       action server): the ``DEMO_SCHEDULE`` setting (``demo_schedule_enabled``: on by
       default only without ``DATABASE_URL``, i.e. for the local SQLite file).

    ``target``: a URL or an engine (default: ``DATABASE_URL``, else var/afpa.db).
    ``centres``/``programmes`` replace the reference files (tests).
    """
    if demo_schedule is None:
        from actions.booking.demo_schedule import demo_schedule_enabled

        demo_schedule = demo_schedule_enabled()
    engine = target if isinstance(target, Engine) else make_engine(target)
    try:
        _prepare(engine, centres, programmes, demo_schedule, now)
    except Exception:
        if not isinstance(target, Engine):
            engine.dispose()  # a database down: tried again later with a new engine
        raise
    return engine


def _prepare(engine: Engine, centres, programmes, demo_schedule: bool, now: Optional[dt.datetime]) -> None:
    from actions.booking.demo_schedule import fill_demo_schedule, has_future_sessions
    from actions.territory.data import centres as listed_centres

    with preparation_lock(engine):  # several action servers may start at once
        upgrade_database(engine)
        with make_sessionmaker(engine).begin() as db:
            sync_centres(db, listed_centres() if centres is None else centres)
            sync_programmes(db, catalogue_programmes() if programmes is None else programmes)
        now = now or utc_now()
        if demo_schedule and not has_future_sessions(engine, now):
            added = fill_demo_schedule(engine, now=now)
            logger.info("demo schedule: %s sessions added", added)
