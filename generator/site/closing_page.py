"""A closed cycle on its site: when and by whom it was closed, and the signed manifests that let anyone verify it.

The home page says when and by whom the cycle was closed (from the closing
note, `pipeline/archive.py`), and `site/<cycle>/closing/` holds the chain up to
the cycle's newest manifest and a page with the root and how to verify.  That
folder is not itself in the manifest (it holds it); `portal verify` checks it
against the repository.
"""

from __future__ import annotations

from pathlib import Path

from ..pipeline.archive import ARCHIVE, SIGNATURE_SUFFIX, ClosingNote, chain


def home_markdown(note: ClosingNote | None, say) -> str:
    """The home page's word on the closing (in every audience's view); a raw link, as closing/ is no page of the engine."""
    if note is None:
        return ""
    text = say("archive.home", closed_at=note.closed_at.replace("T", " ").removesuffix("+00:00"), closed_by=note.closed_by)
    return f'\n!!! success "{say("archive.home_title")}"\n    {text} <a href="closing/">{say("archive.home_link")}</a>\n'


def write_folder(root: Path, site_cycle: Path, cycle_id: str, lang: str) -> None:
    """`site/<cycle>/closing/`: the chain up to the cycle's newest manifest (with signatures) and its page; nothing
    when the cycle has no manifest.  Files are replaced, never written through (the cache hard-links its entries)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    from ..catalog import translate

    manifests = chain(root)
    own = [m for m in manifests if m.cycle == cycle_id]
    folder = site_cycle / ARCHIVE
    if not own:
        return
    folder.mkdir(exist_ok=True)
    for stale in folder.iterdir():
        stale.unlink()
    upto = [m for m in manifests if m.sequence <= own[-1].sequence]
    for manifest in upto:
        (folder / manifest.path.name).write_bytes(manifest.raw)
        signature = manifest.path.with_name(manifest.path.name + SIGNATURE_SUFFIX)
        if signature.is_file():
            (folder / signature.name).write_bytes(signature.read_bytes())
    env = Environment(loader=FileSystemLoader(Path(__file__).parent.parent / "templates"), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html", "j2"]))
    page = env.get_template("closing.html.j2").render(
        t=lambda key, **args: translate(key, lang, **args), cycle=cycle_id, lang="en" if lang == "en" else "zh-CN",
        own=[m.data | {"file": m.path.name} for m in own], count=len(upto))
    (folder / "index.html").write_text(page, encoding="utf-8")
