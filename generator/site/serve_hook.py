"""MkDocs hook for `portal serve`: before each rebuild, re-render the previewed cycle from the scorecards;
after it, index the preview for search.

Invalid scorecards do not stop the preview: their problems are printed and
the last good pages stay on screen.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from generator.catalog import translate
from generator.problems import UsageError
from generator.site import search
from generator.site.build import refresh_docs

log = logging.getLogger("mkdocs.portal")


ANNOUNCED = False


def on_post_build(config, **kwargs) -> None:
    """Once the first build is done (the server listens right after), say where the preview is; then index
    the preview's pages for search."""
    global ANNOUNCED
    if not ANNOUNCED:
        ANNOUNCED = True
        print(translate("serve.ready", lang(), url=os.environ.get("PORTAL_SERVE_URL", "")), flush=True)
    SEARCH.request(Path(config["site_dir"]), Path(config["docs_dir"]))


def on_pre_build(config, **kwargs) -> None:
    problems = refresh_docs(Path(os.environ["PORTAL_ROOT"]), os.environ["PORTAL_CYCLE"], lang())
    for problem in problems:
        log.error(problem)


def lang() -> str:
    return os.environ.get("PORTAL_LANG", "zh")


class BackgroundIndex:
    """The preview's search index (the same `search.index_site` as `portal build`), made in a thread of its own.

    Pagefind reads the whole cycle every time (about 5 s at 1,000 people), so
    running it inside the rebuild would hold back the first page and every
    saved edit.  Here the pages are served as soon as they are built and the
    index follows.  One run at a time; a rebuild during a run asks for one
    more, so the last index made is always of the last pages built.
    """

    def __init__(self) -> None:
        self.wanted: tuple[Path, Path] | None = None
        self.changed = threading.Condition()
        self.worker: threading.Thread | None = None
        self.last_problem = ""

    def request(self, site: Path, docs: Path) -> None:
        with self.changed:
            self.wanted = (site, docs)
            self.changed.notify()
            if self.worker is None:
                self.worker = threading.Thread(target=self.run, name="portal-search-index", daemon=True)
                self.worker.start()

    def run(self) -> None:
        while True:
            with self.changed:
                self.changed.wait_for(lambda: self.wanted is not None)
                site, docs = self.wanted
                self.wanted = None
            self.index(site, docs)

    def index(self, site: Path, docs: Path) -> None:
        """Index once; a failure is said once (not on every save) and the preview goes on without search."""
        try:
            search.index_site(site, docs)
        except (UsageError, OSError) as failure:  # OSError: the preview stopping while Pagefind runs, a full disk
            reason = failure.message(lang()) if isinstance(failure, UsageError) else str(failure)
            problem = translate("serve.search_failed", lang(), reason=reason)
            if problem != self.last_problem:
                log.warning(problem)
            self.last_problem = problem
        else:
            self.last_problem = ""


SEARCH = BackgroundIndex()
