"""Run the oops Slack app: `python app.py` (settings from the environment or .env)."""

import sys

from bot.runtime import main

if __name__ == "__main__":
    sys.exit(main())
