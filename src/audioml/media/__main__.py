"""`python -m audioml.media`: write the site's audio clips (see `--help`)."""

import sys

from . import main

sys.exit(main())
