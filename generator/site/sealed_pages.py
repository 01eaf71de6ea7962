"""Restricted blocks of a page: their Markdown turned into HTML with the site's links, then sealed.

A restricted block never reaches the site engine as text: it is converted
here with the same Markdown extensions as the site (mkdocs.yml), its links
to other pages are made the URLs the engine will give them, and the HTML is
sealed (`seal.sealed_block`).  What the engine, the search index, Pagefind
and the sitemap see is an empty <div> with ciphertext in its attributes.
Without keys (restricted results, no secret) the block is left out and a
public line says so.
"""

from __future__ import annotations

import base64
import hashlib
import html
import posixpath
import re

import markdown
from markdown.treeprocessors import InlineProcessor

from ..catalog import translate
from .audiences import Access
from .seal import sealed_block

EXTENSIONS = ["tables", "admonition", "attr_list", "md_in_html"]  # as in mkdocs.yml
HREF = re.compile(r'href="([^"#:]*?\.md)(#[^"]*)?"')


_converter: markdown.Markdown | None = None
# Python-Markdown runs every text node (a table cell, a heading) through each of its inline patterns, a regex
# search each; a person's block is mostly numbers and plain words, where none can match.  Every core pattern
# starts with one of these characters (backtick, escape, link, image, autolink, HTML, entity, emphasis) or is
# the two-space line break, so a text without them comes back unchanged: skipped, a quarter less time.
INLINE_TRIGGERS = re.compile(r"[`\\\[!<&*_]|  \n")
CORE_INLINE = ("backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
               "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong")


class PlainTextInline(InlineProcessor):
    """The core inline processor, which returns text holding no trigger at once (the same result, sooner).
    It overrides the core's private per-text step: should that step be renamed, this is never called and
    the conversion is the core's own, only slower."""

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803 (the core's names)
        if INLINE_TRIGGERS.search(data) is None:
            return data
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)


def converter() -> markdown.Markdown:
    """The site's Markdown (mkdocs.yml's extensions), with the plain-text shortcut when the inline patterns are
    exactly the core's ones it was written for."""
    md = markdown.Markdown(extensions=EXTENSIONS)
    if len(md.inlinePatterns) == len(CORE_INLINE) and all(name in md.inlinePatterns for name in CORE_INLINE):
        md.treeprocessors.register(PlainTextInline(md), "inline", 20)
    return md

# A chart or heatmap (charts.py) is one line of raw HTML standing alone between blank lines: Python-Markdown
# passes such a block through unchanged, after running its HTML parser over every tag of the SVG.  Outside any
# `<div … markdown>` block (md_in_html re-serialises raw HTML inside one), it is held out of the conversion and
# put back where its placeholder paragraph comes out: the same bytes, a third less time for a person's block.
RAW_LINE = re.compile(r'<div class="portal-(?:chart-box|heatmap)" [^\n]*</div>')
MARKDOWN_DIV = re.compile(r"<div\b[^>]*\smarkdown(?:=\"1\")?>")


def held_out(text: str, token: str) -> tuple[str, list[str]]:
    """`text` with each top-level chart line replaced by `token`x<n>x, and those lines; nothing held out when an
    opening or closing tag of a `markdown` block is written in a way this line-by-line reading may misjudge."""
    lines, held, depth = text.split("\n"), [], 0
    for index, line in enumerate(lines):
        if MARKDOWN_DIV.fullmatch(line):
            depth += 1
        elif line == "</div>" and depth:
            depth -= 1
        elif "markdown" in line and "<" in line and not RAW_LINE.fullmatch(line):
            return text, []  # an unusual markdown block: convert everything as it is
        elif (depth == 0 and RAW_LINE.fullmatch(line) and (index == 0 or lines[index - 1] == "")
              and (index + 1 == len(lines) or lines[index + 1] == "" or (index + 2 == len(lines) and lines[index + 1] == ""))):
            held.append(line)
            lines[index] = f"{token}x{len(held) - 1}x"
    return "\n".join(lines), held


def html_of(text: str) -> str:
    """`text` as the site engine would make it HTML; one converter, reset between blocks (setting one up
    costs more than converting a person's block)."""
    global _converter
    if _converter is None:
        _converter = converter()
    token = "portalrawblock" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]  # never in `text` by chance
    source, held = held_out(text, token) if token not in text else (text, [])
    converted = _converter.reset().convert(source)
    for index, raw in enumerate(held):  # a raw block is followed by a blank line, except at the very end
        marker = f"<p>{token}x{index}x</p>"
        converted = converted.replace(marker + "\n", raw + "\n\n", 1) if marker + "\n" in converted else converted.replace(marker, raw, 1)
    return converted


def url_of(doc: str, directory_urls: bool) -> str:
    """The URL (relative to the site root) the engine gives the page `doc` (e.g. people/x.md)."""
    stem = doc[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5] if directory_urls else stem + ".html"
    return stem + "/" if directory_urls else stem + ".html"


def relative_url(from_doc: str, to_doc: str, directory_urls: bool) -> str:
    here, there = url_of(from_doc, directory_urls), url_of(to_doc, directory_urls)
    base = (here if directory_urls else posixpath.dirname(here)).rstrip("/") or "."
    link = posixpath.relpath(there.rstrip("/") or ".", base)
    return link + "/" if there.endswith("/") or there == "" else link


def site_links(page: str, text: str, directory_urls: bool) -> str:
    """Links to .md pages (as the templates write them) become the URLs of the built site."""
    def replace(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), match.group(1)))
        return f'href="{relative_url(page, target, directory_urls)}{match.group(2) or ""}"'

    return HREF.sub(replace, text)


def file_link(name: str, mime: str, data: bytes, label: str) -> str:
    """A download carried inside a sealed block (made a Blob link when opened): no file in the site names it."""
    return (f'<a class="portal-file md-button" download="{html.escape(name)}" data-type="{html.escape(mime)}" '
            f'data-b64="{base64.b64encode(data).decode("ascii")}">{html.escape(label)}</a>')


def unlock_form(note: str, lang: str) -> str:
    """What everyone sees of a sealed block: who may open it, and where to type a code (portal-seal.js does the rest)."""
    say = lambda key: html.escape(translate(key, lang), quote=True)  # noqa: E731
    return (f'<p class="portal-sealed-note">{html.escape(note)}</p>'
            f'<form class="portal-unlock" data-wrong="{say("seal.wrong")}" data-working="{say("seal.working")}" '
            f'data-unlocking="{say("seal.unlocking")}" '
            f'data-nocrypto="{say("seal.no_crypto")}" data-forget="{say("seal.forget")}">'
            f'<input type="text" name="code" autocomplete="off" spellcheck="false" placeholder="{say("seal.prompt")}" '
            f'aria-label="{say("seal.prompt")}"> <button type="submit" class="md-button">{say("seal.open")}</button>'
            f'<span class="portal-unlock-status" role="status"></span></form>')


def restricted(access: Access, page: str, block_id: str, text: str, readers: list[str], note: str, lang: str,
               extra_html: str = "") -> str:
    """The Markdown that stands for a restricted block on `page`: a sealed <div>, or (no keys) a public note."""
    if access.keyring is None:
        return f'\n<p class="portal-sealed-note">{html.escape(translate("seal.public_only", lang))}</p>\n\n'
    form = unlock_form(note, lang)
    memo = access.memo
    key = memo.key(page, block_id, text, extra_html, form, str(access.directory_urls), *readers) if memo else ""
    kept = memo.get(key) if memo else None
    if kept is not None:
        return kept
    inner = site_links(page, html_of(text), access.directory_urls) + extra_html
    sealed = "\n" + sealed_block(access.keyring, block_id, inner, readers, block_id.split("/")[0], form) + "\n\n"
    if memo:
        memo.put(key, sealed)
    return sealed


FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def body_of(page_text: str) -> str:
    """A full page's Markdown without its front matter and its title line: what a sealed block holds."""
    text = FRONT_MATTER.sub("", page_text, count=1).lstrip("\n")
    return text.split("\n", 1)[1] if text.startswith("# ") else text
