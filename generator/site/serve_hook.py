"""MkDocs hook for `portal serve`: before each rebuild, re-render the previewed cycle from the scorecards.

Invalid scorecards do not stop the preview: their problems are printed and
the last good pages stay on screen.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from generator.catalog import translate
from generator.site.build import refresh_docs

log = logging.getLogger("mkdocs.portal")


ANNOUNCED = False


def on_post_build(config, **kwargs) -> None:
    """Once the first build is done (the server listens right after), say where the preview is."""
    global ANNOUNCED
    if not ANNOUNCED:
        ANNOUNCED = True
        print(translate("serve.ready", os.environ.get("PORTAL_LANG", "zh"), url=os.environ.get("PORTAL_SERVE_URL", "")), flush=True)


def on_pre_build(config, **kwargs) -> None:
    problems = refresh_docs(Path(os.environ["PORTAL_ROOT"]), os.environ["PORTAL_CYCLE"], os.environ.get("PORTAL_LANG", "zh"))
    for problem in problems:
        log.error(problem)
