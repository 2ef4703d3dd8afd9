"""``python -m storylens``: see :mod:`storylens.cli`."""

import sys

from storylens.cli import main

sys.exit(main())
