"""`python -m audioml.figures`: regenerate the site's figures (see `--help`)."""

import sys

from . import main

sys.exit(main())
