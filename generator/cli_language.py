"""The command line in the reader's language: `portal --help`, `portal COMMAND --help` and Click's own words
(Usage, Options, "No such option", …) come from the catalog, Chinese by default.

The language is known before Click parses anything (`language_of(args)`: `--lang` wherever it stands, else
`$PORTAL_LANG`), so that `--help` and Click's usage errors speak it too.  `--lang` and `--debug` are accepted
before and after the command (`portal --lang en validate`, `portal validate --lang en`).

Help texts are catalog keys: `help.<command>` (the command's help; `help.new person` for a subcommand),
`help.<command>.<option>` (an option, by its parameter name), else `help.option.<option>` (an option several
commands share).  Click's words are translated through Click's own gettext hook: each `click.*` entry's English
is Click's message, its Chinese what is shown instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types
import click.utils

from .catalog import MESSAGES, current_language, translate

CLICK_MODULES = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.termui,
                 click.types, click.utils)


def language_of(args: Sequence[str]) -> str:
    """The language the command asks for: `--lang X` or `--lang=X` anywhere before a `--`, else $PORTAL_LANG, else zh."""
    chosen = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            chosen = args[index + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    return current_language(chosen)


def click_words(lang: str) -> Callable[[str], str]:
    """Click's message -> the catalog's text of it in `lang` (a message the catalog lacks stays Click's English)."""
    words = {en: zh for key, (zh, en) in MESSAGES.items() if key.startswith("click.")} if lang == "zh" else {}
    return lambda message: words.get(message, message)


def speak(command: click.Command, lang: str) -> None:
    """Give `command`, its options and subcommands their help in `lang`, and Click's own words."""
    gettext = click_words(lang)
    for module in CLICK_MODULES:
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = lambda singular, plural, count: gettext(singular if count == 1 else plural)
    localize(command, lang, "portal")


def help_key(command_path: str, param: str | None = None) -> str:
    """The catalog key of a command's help (`help.validate`) or of one of its options."""
    own = "help.portal" if command_path == "portal" else f"help.{command_path.removeprefix('portal ')}"
    if param is None:
        return own
    return f"{own}.{param}" if f"{own}.{param}" in MESSAGES else f"help.option.{param}"


def localize(command: click.Command, lang: str, path: str) -> None:
    command.help = translate(help_key(path), lang)
    command.short_help = None
    for param in command.params:
        if isinstance(param, click.Option) and param.name == "version":  # its help was fixed when the decorator ran
            param.help = translate("click.version", lang)
        elif isinstance(param, click.Option) and param.name != "help":  # --help's own: Click's words, asked each time
            param.help = translate(help_key(path, param.name), lang)
            if param.prompt and f"new.prompt.{param.name}" in MESSAGES:
                param.prompt = translate(f"new.prompt.{param.name}", lang)
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            localize(sub, lang, f"{path} {name}")


LANGUAGE_KEY = "portal.lang"


def set_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """`--lang` before or after the command: the command's messages speak it (main() chose help's language already)."""
    if value is None:
        return
    ctx.find_root().meta[LANGUAGE_KEY] = current_language(value)
    if ctx.obj is not None:
        ctx.obj.lang = current_language(value)


language_option = click.Option(["--lang"], type=click.Choice(["zh", "en"]), default=None, expose_value=False,
                               callback=set_language)
debug_option = click.Option(["--debug"], is_flag=True, expose_value=False)  # main() reads it from the arguments


class PortalCommand(click.Command):
    """A command that also takes `--lang` and `--debug` after its name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.params.extend([language_option, debug_option])


class PortalGroup(click.Group):
    """A group whose commands and subgroups take `--lang` and `--debug` too (so does the group)."""

    command_class = PortalCommand
    group_class = type  # a subgroup (`portal new`) is a PortalGroup too

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.params.extend([language_option, debug_option])
