"""Settings read from the environment, with the defaults documented in README.md."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    rasa_port: int
    action_port: int
    model_path: Path

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def rest_webhook_url(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"


def _port(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        port = int(raw)
    except ValueError:
        raise SystemExit(f"{name} doit être un numéro de port, pas {raw!r}") from None
    if not 0 < port < 65536:
        raise SystemExit(f"{name} doit être entre 1 et 65535, pas {port}")
    return port


def load_settings() -> Settings:
    return Settings(
        rasa_port=_port("RASA_PORT", 5005),
        action_port=_port("ACTION_SERVER_PORT", 5055),
        model_path=Path(os.environ.get("RASA_MODEL", PROJECT_ROOT / "models")),
    )
