"""MkDocs hook for `portal serve`: before each rebuild, re-render the previewed cycle from the scorecards.

Invalid scorecards do not stop the preview: their problems are printed and
the last good pages stay on screen.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from generator.build import refresh_docs

log = logging.getLogger("mkdocs.portal")


def on_pre_build(config, **kwargs) -> None:
    problems = refresh_docs(Path(os.environ["PORTAL_ROOT"]), os.environ["PORTAL_CYCLE"], os.environ.get("PORTAL_LANG", "zh"))
    for problem in problems:
        log.error(problem)
