"""Staff accounts from the terminal, against the assistant's database (``DATABASE_URL``).

    python -m bot.staff add --role epci_staff --epci 200093201 --name "Camille Martin" \
        [--telegram-user-id 4242] [--email camille.martin@example.fr]
    python -m bot.staff add --role centre_staff --centre <centre id> --name …   (--epci/--centre repeatable)
    python -m bot.staff add --role admin --name …
    python -m bot.staff list
    python -m bot.staff remove <id>
    python -m bot.staff link-telegram <id> <telegram user id>
    python -m bot.staff web-login <id> [--password]

``web-login`` prints a one-time sign-in link (30 minutes) or, with ``--password``, sets a
password read from the terminal (never from the command line, which shells keep).
Changes count at the next message or page: the assistant reads the accounts each time.
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import List, Optional, Sequence

from actions.booking.database import default_database_url, make_engine, upgrade_database
from actions.booking.reference_data import sync_centres
from actions.booking.service import make_sessionmaker
from actions.staff.directory import (
    StaffError, StaffIdentity, add_member, link_telegram, list_members, remove_member,
)
from actions.staff.models import ROLES
from actions.staff.sign_in import SIGN_IN_LINK_LIFETIME, new_sign_in_token, set_password

SIGN_IN_PATH = "/staff/connexion/"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot.staff", description="Comptes du personnel (issue #11).")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="ajouter un membre")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--name", required=True)
    add.add_argument("--epci", action="append", default=[], metavar="SIREN")
    add.add_argument("--centre", action="append", default=[], metavar="ID")
    add.add_argument("--telegram-user-id", type=int)
    add.add_argument("--email")
    commands.add_parser("list", help="lister les membres")
    remove = commands.add_parser("remove", help="supprimer un membre")
    remove.add_argument("id", type=int)
    link = commands.add_parser("link-telegram", help="lier un compte Telegram")
    link.add_argument("id", type=int)
    link.add_argument("telegram_user_id", type=int)
    login = commands.add_parser("web-login", help="lien de connexion à usage unique, ou mot de passe")
    login.add_argument("id", type=int)
    login.add_argument("--password", action="store_true", help="définir un mot de passe (lu au terminal)")
    return parser


def describe(identity: StaffIdentity) -> str:
    scope = ", ".join(identity.epcis or identity.centres) or "tout"
    telegram = f" telegram={identity.telegram_user_id}" if identity.telegram_user_id else ""
    return f"{identity.id}\t{identity.role}\t{identity.name}\t{scope}{telegram}"


def sign_in_link(token: str) -> str:
    base = (os.environ.get("WEB_PUBLIC_URL", "").strip()
            or f"http://127.0.0.1:{os.environ.get('WEB_PORT', '8000').strip() or '8000'}").rstrip("/")
    return f"{base}{SIGN_IN_PATH}{token}"


def _read_password() -> str:
    first = getpass.getpass("Nouveau mot de passe : ")
    if getpass.getpass("Encore une fois : ") != first:
        raise StaffError("les deux mots de passe diffèrent")
    return first


def main(argv: Optional[Sequence[str]] = None) -> int:
    arguments = _parser().parse_args(argv)
    engine = make_engine(default_database_url())
    try:
        upgrade_database(engine)
        sessions = make_sessionmaker(engine)
        with sessions.begin() as db:
            if arguments.command == "add":
                from actions.territory.data import centres

                sync_centres(db, centres())  # a new database knows the centres at once
                lines = [describe(add_member(
                    db, role=arguments.role, name=arguments.name, epcis=arguments.epci,
                    centres=arguments.centre, telegram_user_id=arguments.telegram_user_id,
                    email=arguments.email,
                ))]
            elif arguments.command == "list":
                lines = [describe(identity) for identity in list_members(db)] or ["(aucun membre)"]
            elif arguments.command == "remove":
                lines = [f"supprimé : {describe(remove_member(db, arguments.id))}"]
            elif arguments.command == "link-telegram":
                lines = [describe(link_telegram(db, arguments.id, arguments.telegram_user_id))]
            elif arguments.password:
                set_password(db, arguments.id, _read_password())
                lines = ["mot de passe enregistré"]
            else:
                minutes = int(SIGN_IN_LINK_LIFETIME.total_seconds() // 60)
                lines = [sign_in_link(new_sign_in_token(db, arguments.id)),
                         f"(lien à usage unique, valable {minutes} minutes)"]
    except StaffError as refusal:
        print(f"Erreur : {refusal}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
