"""The `aftersales` command: Django's management commands with dashed names (`aftersales sla-sweep`)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "aftersales"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
