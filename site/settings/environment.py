"""Reading settings from the environment."""

import os
from email.utils import getaddresses


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_addresses(name: str) -> list[tuple[str, str]]:
    """A comma-separated list of e-mail addresses, each optionally with a name
    ("Drift <drift@kommun.se>, it@kommun.se"), as Django's ADMINS: (name, address) pairs."""
    return [
        (display_name or address, address)
        for display_name, address in getaddresses([os.environ.get(name, "")])
        if "@" in address
    ]
