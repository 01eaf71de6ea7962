"""The site engine: the one module that imports `mkdocs` (or what stands in for it).

The default engine is ProperDocs, a maintained fork of MkDocs 1.6: importing
`properdocs.replacement` first makes every `mkdocs.*` import in the process
(Material's own included) resolve to `properdocs.*`, and the site comes out
byte-identical.  `PORTAL_ENGINE=mkdocs` builds with MkDocs 1.6 itself (to
compare the two, or where ProperDocs is not installed).

Everything the rest of the portal needs from an engine is below: read the
portal's mkdocs.yml, build one version into a folder, serve one version live,
and say which engine (and versions) built a site, for the build cache.  To
swap in another engine (Zensical reads mkdocs.yml too; see docs/engine.md),
replace this module and keep its functions.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
from collections.abc import Callable
from pathlib import Path

ENGINES = ("properdocs", "mkdocs")


def engine_name() -> str:
    name = os.environ.get("PORTAL_ENGINE", "properdocs").strip().lower() or "properdocs"
    if name not in ENGINES:
        raise ValueError(f"PORTAL_ENGINE={name!r}: the engines are {', '.join(ENGINES)}")
    return name


def activate() -> None:
    """Route `mkdocs` imports to the chosen engine; must run before anything imports `mkdocs`."""
    if engine_name() == "properdocs":
        import properdocs.replacement  # noqa: F401  (importing it installs the redirect)


def identity() -> str:
    """Which engine builds the site, with its version (part of the build cache's key)."""
    name = engine_name()
    return f"{name} {importlib.metadata.version(name)}"


def quiet(level: int = logging.WARNING) -> None:
    for name in ("mkdocs", "properdocs"):
        logging.getLogger(name).setLevel(level)


def read_config(config_file: Path):
    """The portal's own mkdocs.yml, as the engine reads it."""
    activate()
    from mkdocs.config import load_config

    return load_config(config_file=str(config_file))


def build(config_file: Path, site_dir: Path, overrides: dict, dirty: bool = False,
          on_page: Callable[[], None] | None = None) -> None:
    """Build one version of the site from `config_file` with `overrides` into `site_dir`.

    `dirty`: `site_dir` holds an earlier build; only the pages whose source is newer than their
    output are rendered again (the theme's own templates, 404 and sitemap, always are).
    `on_page` is called after each page is written (for a progress bar)."""
    activate()
    from mkdocs.commands.build import build as engine_build
    from mkdocs.config import load_config

    quiet()
    silence_dirty_warning()
    config = load_config(config_file=str(config_file), site_dir=str(site_dir), **overrides)
    if on_page is not None:
        config.plugins["portal-progress"] = page_counter(on_page)
    config.plugins.on_startup(command="build", dirty=dirty)
    try:
        engine_build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()


def page_counter(on_page: Callable[[], None]):
    """A plugin that calls `on_page` for every page written and changes nothing.
    (Its class is made here: `mkdocs` may be imported only after `activate`.)"""
    from mkdocs.plugins import BasePlugin

    class PageCounter(BasePlugin):
        def on_post_page(self, output: str, /, *, page, config) -> str:
            on_page()
            return output

    return PageCounter()


def has_plugins(config_file: Path) -> bool:
    """Whether mkdocs.yml names plugins: one may gather every page at the end of a build (as a search
    index does), which a build of some pages only would leave incomplete."""
    return bool(read_config(config_file).plugins)


def serve(config_file: Path, overrides: dict, watch: list[Path], address: str, hooks: list[Path]) -> None:
    """The engine's live server: rebuilds (dirty) when a watched path changes, running `hooks` first."""
    activate()
    from mkdocs.commands.serve import serve as engine_serve

    quiet(logging.INFO)
    silence_serve_noise()
    engine_serve(config_file=str(config_file), livereload=True, build_type="dirty", watch=[str(p) for p in watch],
                 dev_addr=address, hooks=[str(p) for p in hooks], **overrides)


class DropDirtyBuildWarning(logging.Filter):
    """The engine warns in English on every rebuild that a 'dirty' build may give inaccurate links:
    the portal asks for it on purpose (only changed pages are rendered again), so the warning is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def silence_dirty_warning() -> None:
    for name in ENGINES:
        logger = logging.getLogger(f"{name}.commands.build")
        if not any(isinstance(f, DropDirtyBuildWarning) for f in logger.filters):
            logger.addFilter(DropDirtyBuildWarning())


def silence_serve_noise() -> None:
    """No English lines the author cannot act on: the dirty-build warning, jieba's model loading."""
    silence_dirty_warning()
    logging.getLogger("jieba").setLevel(logging.WARNING)
