"""`oops-bot`: run the app, or migrate the database on its own (e.g. before a rolling deploy)."""

from __future__ import annotations

import argparse
import sys

from bot.runtime import main as run_main


def main(argv: list[str] | None = None) -> int:
    """`oops-bot [run]` starts the app; `oops-bot migrate` upgrades DATABASE_URL and exits."""
    parser = argparse.ArgumentParser(prog="oops-bot", description=__doc__)
    parser.add_argument("command", nargs="?", default="run", choices=("run", "migrate"))
    args = parser.parse_args(argv)
    if args.command == "run":
        return run_main()
    import os

    from dotenv import load_dotenv

    from bot.startup import StartupError, open_database

    load_dotenv()
    url = os.environ.get("DATABASE_URL", "sqlite:///oops.db")
    try:
        open_database(url).dispose()
    except StartupError as err:
        print(f"oops: {err}", file=sys.stderr)
        return 2
    print("oops: database is at the newest schema")
    return 0


if __name__ == "__main__":
    sys.exit(main())
