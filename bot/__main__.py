"""`python -m bot`: see bot/build/cli.py."""

import sys

from bot.build.cli import main

sys.exit(main())
