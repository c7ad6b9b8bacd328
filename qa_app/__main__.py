"""`python -m qa_app` runs the regkb command line."""

import sys

from qa_app.cli import main

sys.exit(main())
