"""``python -m bot.staff``: the staff accounts from a terminal, as the README shows them."""
import subprocess
import sys

import pytest

from actions.booking.database import make_engine
from actions.booking.service import make_sessionmaker
from actions.staff.sign_in import check_password, redeem_sign_in_token
from bot.staff import __main__ as staff_cli


@pytest.fixture
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'afpa.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("WEB_PUBLIC_URL", raising=False)
    return url


def staff(*arguments, env_url):
    return subprocess.run(
        [sys.executable, "-m", "bot.staff", *arguments], capture_output=True, text=True, timeout=120,
        env={"DATABASE_URL": env_url, "PATH": "/usr/bin:/bin", "WEB_PUBLIC_URL": "https://assistant.example.fr"},
    )


def test_the_readme_commands_add_list_link_and_remove(database):
    added = staff("add", "--role", "epci_staff", "--epci", "200093201", "--name", "Camille Martin",
                  "--telegram-user-id", "4242", env_url=database)
    assert added.returncode == 0, added.stderr
    assert added.stdout.split("\t")[:3] == ["1", "epci_staff", "Camille Martin"]
    assert staff("add", "--role", "centre_staff", "--centre", "roubaix", "--name", "Jo", env_url=database).returncode == 0
    assert staff("link-telegram", "2", "77", env_url=database).returncode == 0
    listed = staff("list", env_url=database).stdout
    assert "Camille Martin\t200093201 telegram=4242" in listed and "Jo\troubaix telegram=77" in listed
    link = staff("web-login", "1", env_url=database).stdout.splitlines()[0]
    assert link.startswith("https://assistant.example.fr/staff/connexion/")
    with make_sessionmaker(make_engine(database)).begin() as db:
        assert redeem_sign_in_token(db, link.rsplit("/", 1)[1]).name == "Camille Martin"
    assert staff("remove", "2", env_url=database).returncode == 0
    assert "Jo" not in staff("list", env_url=database).stdout


@pytest.mark.parametrize("arguments, message", [
    (("add", "--role", "epci_staff", "--name", "A"), "au moins une intercommunalité"),
    (("add", "--role", "centre_staff", "--centre", "atlantis", "--name", "A"), "centre inconnu"),
    (("remove", "99"), "aucun membre"),
    (("web-login", "99"), "aucun membre"),
])
def test_mistakes_get_a_french_message_and_change_nothing(database, arguments, message, capsys):
    assert staff_cli.main(list(arguments)) == 2
    assert message in capsys.readouterr().err
    assert staff_cli.main(["list"]) == 0
    assert capsys.readouterr().out.strip() == "(aucun membre)"


def test_a_password_is_read_from_the_terminal_never_from_the_command_line(database, monkeypatch, capsys):
    assert staff_cli.main(["add", "--role", "admin", "--name", "A", "--email", "a@example.fr"]) == 0
    answers = iter(["un mot de passe assez long", "un mot de passe assez long"])
    monkeypatch.setattr(staff_cli.getpass, "getpass", lambda prompt: next(answers))
    assert staff_cli.main(["web-login", "1", "--password"]) == 0
    assert "mot de passe enregistré" in capsys.readouterr().out
    with make_sessionmaker(make_engine(database)).begin() as db:
        assert check_password(db, "a@example.fr", "un mot de passe assez long").name == "A"
    different = iter(["un mot de passe assez long", "un autre mot de passe"])
    monkeypatch.setattr(staff_cli.getpass, "getpass", lambda prompt: next(different))
    assert staff_cli.main(["web-login", "1", "--password"]) == 2
    assert "diffèrent" in capsys.readouterr().err
