"""`foraldrastod-admin`: Django's management commands for an installed site, where there is no
manage.py (the console script is declared in pyproject.toml). Same default settings as manage.py;
set DJANGO_SETTINGS_MODULE (e.g. parentsite.settings.production) for anything else."""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parentsite.settings.dev")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
