"""The `portal` command: a thin shell over the pipeline's plain functions.

Every failure goes through one funnel (`main`): known errors print their
message in the reader's language and exit 1; `--debug` re-raises instead.
Every command runs in the portal root (the folder with `scorecards/`), or
in the one `--root` names.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .catalog import current_language, translate
from .cli_language import LANGUAGE_KEY, PortalGroup, language_of, speak
from .pipeline.validate import YAML_SUFFIXES, Report, cycle_for_command, validate_portal
from .pipeline.vault import sealed_path
from .problems import PortalError, Problem, UsageError, capped_per_file, relative_path

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent


class State:
    def __init__(self, root: Path, lang: str):
        self.root = root
        self.lang = lang

    def say(self, key: str, **args) -> str:
        return translate(key, self.lang, **args)


root_option = click.option(
    "--root", "-r", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
)


@click.group(cls=PortalGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="portal")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """The evaluation portal: 三亮三比三评 scorecards -> a versioned intranet site (help: catalog, help.*)."""
    if ctx.obj is None:  # main() gives the State; called otherwise, the language --lang or $PORTAL_LANG chose
        ctx.obj = State(Path("."), ctx.meta.get(LANGUAGE_KEY) or current_language())


def portal_root(path: Path) -> Path:
    """`path` as a portal root, or a usage error that says how to get there."""
    root = path.resolve()
    if not (root / "scorecards").is_dir():
        raise UsageError("cli.not_a_portal", root=str(root))
    return root


def print_problems(found: list[Problem], lang: str, fmt: str, files: int, strict: bool = False) -> None:
    problems = capped_per_file(found)
    if fmt == "json":
        click.echo(json.dumps([p.as_json(lang) for p in problems], ensure_ascii=False, indent=2))
        return
    if fmt == "gitlab":
        from .workflow.ci_formats import gitlab_report

        click.echo(gitlab_report(problems, lang), nl=False)
        return
    if fmt == "github":
        from .workflow.ci_formats import github_commands

        click.echo(github_commands(problems, lang), nl=False)
    else:
        for problem in problems:
            click.echo(problem.as_text(lang), err=False)
    errors = sum(p.severity == "error" for p in found)
    if errors or (found and strict):  # --strict: the warnings fail too, so they must be fixed
        click.echo(translate("summary.problems", lang, files=files, errors=errors, warnings=len(found) - errors))
    elif found:
        click.echo(translate("summary.warnings_only", lang, files=files, warnings=len(found)))
    else:
        click.echo(translate("summary.clean", lang, files=files))


def root_of(path: Path) -> Path:
    """The portal root that holds `path`: the path itself, or the folder above its `scorecards/`."""
    resolved = path.resolve()
    if not resolved.exists():
        raise UsageError("cli.no_such_path", path=str(path))
    for folder in [resolved, *resolved.parents]:
        if (folder / "scorecards").is_dir():
            return folder
    raise UsageError("cli.not_a_portal", root=str(resolved))


def problems_under(problems: list[Problem], root: Path, path: Path) -> list[Problem]:
    """The problems of the files at or under `path`, and of the settings its cycle needs (cycle.yaml, org.yaml)."""
    target = path.resolve().relative_to(root).as_posix()
    if target in (".", "scorecards"):
        return problems
    parts = target.split("/")
    context = {"/".join(parts[:2] + [name]) for name in ("cycle.yaml", "org.yaml")} if len(parts) > 2 else set()
    return [p for p in problems if p.path == target or p.path.startswith(target + "/") or p.path in context]


def files_reported(report: Report, root: Path, path: Path, problems: list[Problem]) -> int:
    """How many files `validate PATH` reports on: every file checked for the root, a cycle's files for its
    folder, the YAML files of a folder below, the file itself for a file; and cycle.yaml or org.yaml when
    problems of theirs are listed with it.  Nothing outside the cycles' folders is a scorecard: 0."""
    target = path.resolve()
    parts = target.relative_to(root).parts
    if parts in ((), ("scorecards",)):
        return report.files
    if len(parts) < 2 or parts[0] != "scorecards" or parts[1] not in report.files_by_cycle:
        return 0
    if len(parts) == 2:
        return report.files_by_cycle[parts[1]]
    own = [target] if target.is_file() else [p for p in target.iterdir() if p.is_file() and p.suffix in YAML_SUFFIXES]
    listed = {p.path for p in problems if (root / p.path).is_file()}
    return len({relative_path(p, root) for p in own} | listed)


def checked_portal(root: Path, reuse=None):
    """The validated portal at `root`, or `PortalError` with every problem (`reuse`: see pipeline/reuse.py)."""
    report: Report = validate_portal(root, reuse=reuse)
    if not report.ok:
        raise PortalError(report.problems)
    return report.portal


def opened_portal(root: Path, reuse=None):
    """The validated portal with every sealed file opened: results need the ballots and reviews.  Without
    a key that opens them all, a usage error says which key is missing and where to put it."""
    portal = checked_portal(root, reuse)
    unopened = [path for cycle in portal.cycles.values() for path in cycle.unopened]
    if unopened:
        raise UsageError("vault.results_need_key", count=len(unopened), example=unopened[0])
    return portal


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "gitlab"]), default="text", show_default=True)
@click.option("--strict", is_flag=True)
@click.pass_obj
def validate(state: State, path: Path | None, root: Path, fmt: str, strict: bool) -> None:
    """Check every scorecard of every cycle and list all problems with their fixes.

    PATH may be the portal root, a cycle folder or one file: a file is checked
    in the context of its cycle, and only its problems (and those of the
    cycle's cycle.yaml and org.yaml) are listed.
    """
    root = portal_root(root_of(path) if path is not None else root)
    report = validate_portal(root)
    problems = problems_under(report.problems, root, path) if path is not None else report.problems
    print_problems(problems, state.lang, fmt, files_reported(report, root, path, problems) if path is not None else report.files,
                   strict)
    if report.unopened and fmt == "text":
        click.echo(state.say("vault.unopened_notice", count=len(report.unopened)))
    failing = [p for p in problems if strict or p.severity == "error"]
    if failing:
        sys.exit(1)


@cli.command()
@root_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.pass_obj
def schema(state: State, root: Path, out: Path | None) -> None:
    """Write JSON Schemas of the scorecard files, for editors with the YAML language server.

    scorecards/schemas/ gets the schemas for any scale; each open cycle gets its own in
    scorecards/<cycle>/.schemas/, which know its levels (closed cycles are frozen and keep theirs).
    """
    from .pipeline.schema import CYCLE_SCHEMA_FOLDER, SCHEMA_FOLDER, write_schemas
    from .pipeline.validate import readable_settings

    if out is not None:
        written = write_schemas(out)
    else:
        root = portal_root(root)
        written = write_schemas(root / "scorecards" / SCHEMA_FOLDER)
        for cycle, settings in readable_settings(root).items():
            if settings is None:
                click.echo(state.say("schema.cycle_unreadable", cycle=cycle), err=True)
            elif settings.status == "open":
                written += write_schemas(root / "scorecards" / cycle / CYCLE_SCHEMA_FOLDER, settings)
    for path in written:
        click.echo(state.say("cli.wrote", path=path))


def chosen_cycle(portal, cycle_id: str | None):
    if cycle_id is None:
        return portal.latest()
    if cycle_id not in portal.cycles:
        raise UsageError("cli.unknown_cycle", cycle=cycle_id, cycles="、".join(portal.cycles))
    return portal.cycles[cycle_id]


@cli.command()
@root_option
@click.option("--cycle", "cycle_id")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "xlsx"]), default="json", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--sections", is_flag=True)
@click.pass_obj
def results(state: State, root: Path, cycle_id: str | None, fmt: str, output: Path | None, sections: bool) -> None:
    """Scores, grades and ranks of one cycle, as FORMAT.md's JSON, or CSV/XLSX."""
    from .pipeline import export
    from .pipeline.aggregate import aggregate_cycle

    cycle = chosen_cycle(opened_portal(portal_root(root)), cycle_id)
    computed = aggregate_cycle(cycle)
    if sections:
        records, columns = export.section_records(computed), export.SECTION_COLUMNS
    else:
        records = export.person_records(computed) if fmt == "json" else export.flat_records(computed)
        columns = export.flat_columns(records)
    if fmt == "xlsx":
        if output is None:
            raise UsageError("cli.xlsx_needs_output")
        export.write_xlsx(records, columns, output, state.lang)
        click.echo(state.say("cli.wrote", path=output), err=True)
        return
    text = export.to_json(records) if fmt == "json" else export.to_csv(records, columns)
    if output is None:
        click.echo(text.lstrip("\ufeff"), nl=False)
    else:
        output.write_text(text, encoding="utf-8", newline="")  # as written: CRLF rows, never CR CR LF on Windows
        click.echo(state.say("cli.wrote", path=output), err=True)


@cli.command()
@root_option
@click.option("--cycle", "cycle_id", help="The cycle; default: the newest.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.pass_obj
def checkins(state: State, root: Path, cycle_id: str | None, fmt: str) -> None:
    """Every goal's check-ins with the computed status (contract v1.2), and who has not checked in since the last period."""
    from .clock import today
    from .pipeline import checkins as rule
    from .pipeline import export

    cycle = chosen_cycle(checked_portal(portal_root(root)), cycle_id)
    records = rule.checkin_records(cycle)
    if fmt == "csv":
        click.echo(export.to_csv(records, rule.RECORD_COLUMNS).lstrip("\ufeff"), nl=False)
        return
    span = rule.last_period(cycle.settings, today()) if cycle.settings.status == "open" else None
    click.echo(export.to_json({"cycle": cycle.id, "today": today().isoformat(), "due_since": span.start.isoformat() if span else None,
                               "overdue": rule.overdue(cycle, today()), "checkins": records}), nl=False)


secret_file_option = click.option(
    "--secret-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
)


@cli.command()
@root_option
@click.option("--cycle", "cycle_id")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--site", metavar="URL", default=None)
@secret_file_option
@click.pass_obj
def codes(state: State, root: Path, cycle_id: str | None, out: Path | None, site: str | None, secret_file: Path | None) -> None:
    """Every person's, organiser's and leader's personal code of a cycle: a CSV and a page of slips to print."""
    from .site.codes import site_address, write_codes
    from .site.secret import read_secret
    from .workfolder import refuse_links

    secret = read_secret(secret_file)
    if secret is None:
        raise UsageError("codes.no_secret")
    root = portal_root(root)
    cycle = chosen_cycle(checked_portal(root), cycle_id)
    if out is None:  # a link committed at codes/ would send everyone's codes elsewhere (into site/, say)
        refuse_links(root, root / "codes", "codes.symlink")
    address = site_address(root, cycle.id, site)
    csv_path, html_path, count = write_codes(secret, cycle, out or root / "codes", state.lang, address)
    click.echo(state.say("codes.wrote", cycle=cycle.id, count=count, csv=csv_path, html=html_path))


@cli.group()
def secret() -> None:
    """The organisers' secret that personal codes and sealed results derive from (kept outside the repository)."""


@secret.command("new")
@click.option("--out", type=click.Path(path_type=Path), default=None)
@click.option("--force", is_flag=True)
@root_option
@click.pass_obj
def secret_new(state: State, out: Path | None, force: bool, root: Path) -> None:
    """Write a new random secret (256 bits) to a file outside the repository, readable by you alone (mode 600)."""
    from .site.secret import default_secret_path, write_secret_file

    path = write_secret_file(out or default_secret_path(), root, force)
    click.echo(state.say("secret.wrote", path=path))


@cli.command()
@root_option
@click.option("--cycle", "cycle_ids", multiple=True)
@click.option("--force", is_flag=True)
@secret_file_option
@click.pass_obj
def build(state: State, root: Path, cycle_ids: tuple[str, ...], force: bool, secret_file: Path | None) -> None:
    """Build the site: one version per cycle in site/<cycle>/, versions.json, latest.

    Restricted results are sealed with the personal codes derived from the secret
    ($PORTAL_SECRET or --secret-file); without a secret only the public view is built."""
    import time

    from .pipeline.reuse import Reuse
    from .site.build import build_site
    from .site.secret import read_secret

    started = time.perf_counter()
    secret = read_secret(secret_file)
    root = portal_root(root)
    reuse = Reuse(root, fresh=force)
    portal = opened_portal(root, reuse)
    for cycle_id in cycle_ids:
        chosen_cycle(portal, cycle_id)
    site = build_site(root, portal, cycle_ids or None, state.lang, progress=lambda m: click.echo(m, err=True), force=force,
                      secret=secret, reuse=reuse, meter=progress_bar)
    click.echo(state.say("build.done", path=site, seconds=f"{time.perf_counter() - started:.1f}"))


@contextmanager
def progress_bar(label: str, total: int):
    """A bar on the terminal (on stderr, like the progress lines); where stderr is not a terminal
    (a CI log), the label only."""
    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True, show_percent=False) as bar:
        yield bar.update


@cli.command()
@root_option
@click.option("--cycle", "cycle_id")
@click.option("--address", "-a", default="127.0.0.1:8000", show_default=True)
@click.pass_obj
def serve(state: State, root: Path, cycle_id: str | None, address: str) -> None:
    """Live preview of one cycle that rebuilds when a scorecard, template or content page changes."""
    from .site.build import serve_site

    root = portal_root(root)
    portal = checked_portal(root)
    if any(cycle.unopened for cycle in portal.cycles.values()):
        click.echo(state.say("vault.preview_without_key"), err=True)
    serve_site(root, portal, chosen_cycle(portal, cycle_id).id, state.lang, address)


AUTHOR_VARIABLES = ("GITHUB_ACTOR", "GITEA_ACTOR", "GITLAB_USER_LOGIN")


def change_authors(given: tuple[str, ...]) -> list[str]:
    """The --author accounts, else the CI's: GitHub/Gitea/Forgejo Actions or GitLab CI."""
    if given:
        return list(given)
    return [value for name in AUTHOR_VARIABLES if (value := os.environ.get(name, "").strip())][:1]


@cli.command("check-changes")
@root_option
@click.option("--base", required=True)
@click.option("--head", default=None)
@click.option("--author", "authors", multiple=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "gitlab"]), default="text", show_default=True)
@click.pass_obj
def check_changes_command(state: State, root: Path, base: str, head: str | None, authors: tuple[str, ...], fmt: str) -> None:
    """Check a pull request: who may change what, closed cycles frozen, one person per change, still valid."""
    from .workflow.changes import check_changes

    root = portal_root(root)
    who = change_authors(authors)
    changes, problems = check_changes(root, base, who, head)
    if fmt != "text" or problems:
        print_problems(problems, state.lang, fmt, len(changes))
    else:
        click.echo(state.say("changes.ok", files=len(changes), authors="、".join(who) or "—"))
    if problems:
        sys.exit(1)


@cli.command()
@root_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--check", is_flag=True)
@click.pass_obj
def codeowners(state: State, root: Path, output: Path | None, check: bool) -> None:
    """Write CODEOWNERS: any one owner on a file's line may approve it; organisers own everything."""
    from .workflow.owners import DEFAULT_PATH, owner_rules, people_without_account
    from .workflow.owners import codeowners as codeowners_text

    root = portal_root(root)
    portal = checked_portal(root)
    if not portal.latest().org.organisers:
        click.echo(f"{state.say('severity.warning')}: {state.say('owners.no_organisers')}", err=True)
    if missing := people_without_account(portal):
        shown = "、".join(missing[:20]) + ("……" if len(missing) > 20 else "")
        click.echo(f"{state.say('severity.warning')}: {state.say('owners.no_account_warning', count=len(missing), people=shown)}", err=True)
    text = codeowners_text(portal, state.lang)
    if check:
        target = output or root / DEFAULT_PATH
        current = target.read_text(encoding="utf-8", errors="replace") if target.is_file() and not target.is_symlink() else ""
        shown_path = target.relative_to(root).as_posix() if target.is_relative_to(root) else str(target)
        if owner_rules(current) != owner_rules(text):
            click.echo(f"{state.say('severity.error')}: {state.say('owners.stale', path=shown_path)}", err=True)
            sys.exit(1)
        click.echo(state.say("owners.current", path=shown_path))
    elif output is None:
        click.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8", newline="")  # as written: CRLF rows, never CR CR LF on Windows
        click.echo(state.say("cli.wrote", path=output), err=True)


issued_option = click.option("--issued", type=click.IntRange(0, 100_000), default=None)


@cli.command("import-ballots")
@click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@root_option
@click.option("--cycle", "cycle_id")
@click.option("--section", required=True)
@issued_option
@click.option("--force", is_flag=True)
@click.pass_obj
def import_ballots(state: State, table: Path, root: Path, cycle_id: str | None, section: str, issued: int | None, force: bool) -> None:
    """Count a survey export (a row per ballot) or a filled-in tally sheet into democratic/<section>.yaml (tallies only)."""
    from .workflow.importer import Importer

    root = portal_root(root)
    cycle = cycle_for_command(root, cycle_id)  # a colleague's broken file does not block an import
    target = democratic_target(root, cycle, section)
    existing = next((path for path in (target, sealed_path(target)) if path.exists()), None)
    if existing is not None and not force:
        raise UsageError("import.exists", path=existing.relative_to(root).as_posix())
    importer = Importer(table, str(table), cycle, section, issued)
    imported = importer.run()
    if imported is None:
        raise PortalError(importer.problems, "import.failed")
    write_tallies(state, root, cycle, target, imported)


@cli.command("tally-ballots")
@root_option
@click.option("--cycle", "cycle_id")
@click.option("--section", required=True)
@issued_option
@click.pass_obj
def tally_ballots(state: State, root: Path, cycle_id: str | None, section: str, issued: int | None) -> None:
    """Rewrite democratic/<section>.yaml from a list of single ballots into tallies of the valid ones."""
    from .workflow.importer import tally_file

    root = portal_root(root)
    cycle = chosen_cycle(opened_portal(root), cycle_id)
    target = democratic_target(root, cycle, section)
    democratic = cycle.democratic.get(section)
    if democratic is None or democratic.ballots is None:
        raise UsageError("tally.no_list", path=target.relative_to(root).as_posix())
    if cycle.settings.status == "closed":
        raise UsageError("tally.closed", cycle=cycle.id)
    imported = tally_file(section, democratic.ballots, cycle.settings, issued if issued is not None else democratic.issued)
    write_tallies(state, root, cycle, target, imported)


@cli.command("ballots")
@root_option
@click.option("--cycle", "cycle_id")
@click.option("--section", required=True)
@click.option("--copies", type=click.IntRange(1, 1000), default=None)
@click.option("--output", "-o", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("ballot-forms"),
              show_default=True)
@click.pass_obj
def ballot_forms(state: State, root: Path, cycle_id: str | None, section: str, copies: int | None, out: Path) -> None:
    """Print-ready 民主测评票 (A4, anonymous, identical) and the matching 计票单 (HTML, CSV, XLSX) for import-ballots."""
    from .workflow.forms import members_of, write_forms

    root = portal_root(root)
    cycle = chosen_cycle(checked_portal(root), cycle_id)
    democratic_target(root, cycle, section)
    members = members_of(cycle, section)
    copies = copies or max(1, len(members))
    for path in write_forms(cycle, section, out, copies, state.lang):
        click.echo(state.say("cli.wrote", path=path))
    click.echo(state.say("forms.done", copies=copies, section=section, members=len(members), path=out))


def democratic_target(root: Path, cycle, section: str) -> Path:
    if section not in cycle.section_ids():
        raise UsageError("section.unknown", value=section, sections="、".join(cycle.section_ids()))
    return root / "scorecards" / cycle.id / "democratic" / f"{section}.yaml"


def write_tallies(state: State, root: Path, cycle, target: Path, imported) -> None:
    """The tallies, sealed for the file's readers (contract v1.2: democratic/ is restricted at rest)."""
    from .workflow.importer import summary
    from .workflow.sealed_files import place_of, write_sealed
    from .workflow.yamlout import dumps

    place = place_of(root, target)
    found = write_sealed(place, dumps(imported.data, "democratic"))
    for key, args in summary(imported, cycle.settings):
        click.echo(state.say(key, **args))
    click.echo(state.say("import.done", people=imported.people, path=place.shown()))
    say_readers_without_key(state, found)


def say_readers_without_key(state: State, found) -> None:
    if found.without_key:
        click.echo(f"{state.say('severity.warning')}: {state.say('sealed.readers_without_key', accounts='、'.join(found.without_key))}",
                   err=True)


@cli.command()
@root_option
@click.option("--cycle", "cycle_id", help="The cycle; default: the newest.")
@click.option("--section", help="Only this section's people.")
@click.option("--per-person", is_flag=True, help="One file per person (default: one per section).")
@click.option("--date", "issued", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day the notices are handed out (default: appeals.notified in cycle.yaml, else today); the review window runs from it.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write; default: notices/ in the portal root (git-ignored). Never inside site/.")
@click.pass_obj
def notices(state: State, root: Path, cycle_id: str | None, section: str | None, per_person: bool, issued, out: Path | None) -> None:
    """Print-ready 考核结果通知书 (A4 HTML, one page per person) with the appeal rights and, once closed, the page check."""
    from .clock import today
    from .pipeline.aggregate import aggregate_cycle
    from .workflow.notices import write_notices
    from .workfolder import refuse_links

    root = portal_root(root)
    cycle = chosen_cycle(checked_portal(root), cycle_id)
    if section is not None and section not in cycle.section_ids():
        raise UsageError("section.unknown", value=section, sections="、".join(cycle.section_ids()))
    if out is None:  # a link committed at notices/ would send everyone's results elsewhere (into site/, say)
        refuse_links(root, root / "notices", "notices.symlink")
    windows = cycle.settings.appeals
    day = issued.date() if issued else (windows.notified if windows and windows.notified else today())
    folder = out or root / "notices"
    written = write_notices(aggregate_cycle(cycle), root, folder, state.lang, day, per_person, section)
    people = sum(1 for p in cycle.people.values() if section in (None, p.section))
    click.echo(state.say("notices.wrote", count=len(written), people=people, folder=folder))


@cli.command()
@click.argument("cycle_id", metavar="CYCLE")
@root_option
@click.option("--signer", default=None,
              help="Your account: an organiser of the cycle, listed in closing/allowed_signers (default: the one listed with the key).")
@click.option("--key", "key_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Your SSH private key; ssh-keygen signs with it (an agent may hold it). Default: git's user.signingKey, "
                   "else ~/.ssh/id_ed25519.")
@click.pass_obj
def close(state: State, cycle_id: str, root: Path, signer: str | None, key_file: Path | None) -> None:
    """Close CYCLE at HEAD: check the v1.1 rules, build it reproducibly, sign a chained manifest and tag the commit.

    Run again on a later commit after an upheld appeal: it signs an amendment chained to the last manifest."""
    from .workflow.closing import close_cycle
    from .workflow.signatures import SignatureProblem

    root = portal_root(root)
    key_file = key_file or default_signing_key(root)
    if not key_file.is_file():
        raise UsageError("close.no_key", key=str(key_file))
    portal = checked_portal(root)
    chosen_cycle(portal, cycle_id)
    click.echo(state.say("close.building", cycle=cycle_id), err=True)
    try:
        closed = close_cycle(root, portal, cycle_id, signer, key_file, lambda built: install_closed_site(root, portal, built, cycle_id))
    except SignatureProblem as problem:
        raise UsageError(problem.key, **problem.args_) from None
    manifest = closed.manifest.relative_to(root).as_posix()
    click.echo(state.say("close.amended" if closed.amendment else "close.done", cycle=cycle_id, manifest=manifest,
                         tag=closed.tag, root=closed.root, files=closed.files))
    click.echo(state.say("close.next", manifest=manifest, tag=closed.tag))


def default_signing_key(root: Path) -> Path:
    """git's user.signingKey (a file), else ~/.ssh/id_ed25519."""
    import subprocess

    configured = subprocess.run(["git", "-C", str(root), "config", "user.signingKey"], capture_output=True, text=True).stdout.strip()
    return Path(configured).expanduser() if configured and not configured.startswith("key::") else Path.home() / ".ssh" / "id_ed25519"


def install_closed_site(root: Path, portal, built: Path, cycle_id: str) -> None:
    """The archived build of a closing becomes `site/<cycle>/` (with its `closing/` folder); versions.json and latest/ follow."""
    import shutil

    from .site.build import write_versions
    from .site.closing_page import write_folder

    site = root / "site"
    if site.is_symlink():
        raise UsageError("build.site_symlink", path=site.name)
    site.mkdir(exist_ok=True)
    target = site / cycle_id
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(built, target)
    write_folder(root, target, cycle_id, "zh")
    write_versions(site, portal, "zh")


@cli.command()
@click.argument("cycle_id", metavar="CYCLE")
@click.argument("target", required=False, type=click.Path(exists=True, path_type=Path))
@root_option
@click.option("--allowed-signers", "signers_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The allowed_signers file to trust (default: closing/allowed_signers of the portal).")
@click.option("--path", "path_in_site", help="With a PAGE: its path in the cycle's site, e.g. people/zhangsan/index.html.")
@click.option("--rebuild", is_flag=True, help="Also rebuild the cycle from its tag in a temporary folder and compare.")
@click.pass_obj
def verify(state: State, cycle_id: str, target: Path | None, root: Path, signers_file: Path | None, path_in_site: str | None,
           rebuild: bool) -> None:
    """Check a deployed or downloaded site folder (default: site/), or one PAGE, against CYCLE's signed manifest and the chain.

    Reads only: nothing is ever written. Exit 1 on any difference."""
    from .workflow.verify import verify_cycle

    root = root.resolve()
    if target is None and (root / "site").is_dir():
        target = root / "site"
    found = verify_cycle(root, cycle_id, target, signers_file, rebuild, path_in_site)
    for key, args in found.failures:
        click.echo(f"{state.say('severity.error')}: {state.say(key, **args)}")
    for key, args in found.notes:
        click.echo(state.say(key, **args))
    if found.failures:
        click.echo(state.say("verify.failed", cycle=cycle_id, count=len(found.failures)))
        sys.exit(1)
    click.echo(state.say("verify.passed", cycle=cycle_id))


@cli.command()
@root_option
@click.option("--cycle", "cycle_id", help="The cycle; default: the newest.")
@click.option("--office", help="The office's name in the roll-up; default: the unit's name in org.yaml.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The bundle folder to write; default: <office>-<cycle>.bundle in the current folder.")
@click.option("--force", is_flag=True, help="Replace a bundle written earlier at --out.")
@click.option("--sign-key", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="An SSH private key to sign bundle.json with (ssh-keygen -Y sign).")
@click.pass_obj
def bundle(state: State, root: Path, cycle_id: str | None, office: str | None, out: Path | None, force: bool,
           sign_key: Path | None) -> None:
    """What the office publishes to everyone, and anonymous counts, as Parquet for the province's roll-up (docs/bundle.md)."""
    from .clock import today
    from .pipeline.aggregate import aggregate_cycle
    from .pipeline.archive import signed_manifests
    from .site.bundle import bundle_cycle, figures_public

    root = portal_root(root)
    cycle = chosen_cycle(checked_portal(root), cycle_id)
    results = aggregate_cycle(cycle)
    manifests = signed_manifests(root, cycle.id) if cycle.settings.status == "closed" else {}  # issue 20's closing
    path = bundle_cycle(results, office, out, today(), force, sign_key, manifest=manifests)
    public = state.say("bundle.public_yes" if figures_public(results, today()) else "bundle.public_no")
    click.echo(state.say("bundle.done", path=path, cycle=cycle.id, office=office or cycle.org.name, public=public))


@cli.command()
@click.argument("bundles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="The folder of the roll-up site.")
@click.option("--allowed-signers", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="An ssh-keygen allowed_signers file: every bundle must then be signed by a key listed there.")
@click.pass_obj
def rollup(state: State, bundles: tuple[Path, ...], out: Path, allowed_signers: Path | None) -> None:
    """Check the offices' bundles and build the province's roll-up site from them (DuckDB; the portal's look)."""
    from .site.rollup import build_rollup

    path, count = build_rollup(list(bundles), out, state.lang, allowed_signers)
    click.echo(state.say("rollup.done", path=path, bundles=count))


@cli.group()
def new() -> None:
    """Start a person's scorecard, their next check-in, or a new cycle from templates."""


@new.command("person")
@click.argument("person_id", metavar="ID")
@root_option
@click.option("--cycle", "cycle_id")
@click.option("--name", prompt=translate("new.prompt.name"))  # prompts and help: in the reader's language (cli_language)
@click.option("--section", prompt=translate("new.prompt.section"))
@click.option("--post", prompt=translate("new.prompt.post"))
@click.pass_obj
def new_person_command(state: State, person_id: str, root: Path, cycle_id: str | None, name: str, section: str, post: str) -> None:
    """Write scorecards/<cycle>/people/ID.yaml with a comment on every field; never overwrites."""
    from .workflow.scaffold import new_person

    root = portal_root(root)
    cycle = cycle_for_command(root, cycle_id)  # a colleague's broken file does not block a new scorecard
    path = new_person(root, cycle, person_id, name, section, post, state.lang)
    click.echo(state.say("cli.wrote", path=path.relative_to(root).as_posix()))


@new.command("checkin")
@click.argument("person_id", metavar="ID")
@root_option
@click.option("--cycle", "cycle_id", help="The cycle; default: the newest.")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day of the check-in, YYYY-MM-DD; default: today.")
@click.pass_obj
def new_checkin_command(state: State, person_id: str, root: Path, cycle_id: str | None, day) -> None:
    """Append the next check-in to scorecards/<cycle>/people/ID.yaml, with comments; changes nothing already written."""
    from .clock import today
    from .workflow.checkin_scaffold import new_checkin

    root = portal_root(root)
    cycle = cycle_for_command(root, cycle_id)  # a colleague's broken file does not block one's own check-in
    when = day.date() if day is not None else today()
    path = new_checkin(root, cycle, person_id, when, state.lang)
    click.echo(state.say("new.checkin.done", path=path.relative_to(root).as_posix(), date=when.isoformat()))


@new.command("cycle")
@click.argument("new_id", metavar="CYCLE")
@root_option
@click.option("--from", "source_id")
@click.option("--carry-standards", is_flag=True)
@click.pass_obj
def new_cycle_command(state: State, new_id: str, root: Path, source_id: str | None, carry_standards: bool) -> None:
    """Start scorecards/CYCLE/ from a previous cycle: settings (open, period moved on) and org."""
    from .workflow.scaffold import new_cycle

    root = portal_root(root)
    portal = checked_portal(root)
    source = chosen_cycle(portal, source_id)
    written = new_cycle(root, portal, new_id, source.id, carry_standards, state.lang)
    for path in written[:2]:
        click.echo(state.say("cli.wrote", path=path.relative_to(root).as_posix()))
    people = len(written) - 2
    click.echo(state.say("new.cycle_people", count=people, folder=f"scorecards/{new_id}/people/", source=source.id))
    click.echo(state.say("new.cycle_next", cycle=new_id))


@cli.command()
@click.option("--people", type=click.IntRange(1), required=True)
@click.option("--cycles", type=click.IntRange(1, 20), default=2, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--force", is_flag=True)
@click.pass_obj
def demo(state: State, people: int, cycles: int, seed: int, out: Path, force: bool) -> None:
    """Write a synthetic portal (scorecards/, mkdocs.yml, content/) for trying the portal out.

    It refuses to write where a portal already is, unless --force: then that
    portal's scorecards/, mkdocs.yml and content/ are replaced, never mixed.
    """
    from .workflow.demo import clear_portal, existing_portal_parts, write_demo

    found = existing_portal_parts(out)
    if found and not force:
        raise UsageError("demo.exists", out=str(out), found="、".join(found))
    if found:
        clear_portal(out)
    write_demo(out, people, cycles, seed, skeleton=REPOSITORY_ROOT)
    click.echo(state.say("cli.wrote", path=out))


# -- restricted files at rest (contract v1.2) ------------------------------------------


@cli.group()
def sealed() -> None:
    """Restricted files (democratic/, organizational/, objections/, appeals/), sealed at rest for their readers."""


@sealed.command("edit")
@click.argument("path", type=click.Path(path_type=Path))
@root_option
@click.option("--editor", default=None)
@click.option("--from", "source", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
@click.pass_obj
def sealed_edit(state: State, path: Path, root: Path, editor: str | None, source: Path | None) -> None:
    """Open a restricted file, edit it, check it in its cycle and seal it again for its readers (shows the diff)."""
    from .workflow.sealed_files import edit, editor_text, place_of

    root = portal_root(root_of(path.parent) if path.parent.exists() else root)
    place = place_of(root, path)
    interactive = source is None and sys.stdin.isatty()

    def retry(problems: list[Problem]) -> bool:
        for problem in problems:
            click.echo(problem.as_text(state.lang), err=True)
        return interactive and click.confirm(state.say("sealed.edit_again"), default=True)

    new_text = (lambda _old: source.read_text(encoding="utf-8-sig")) if source is not None else editor_text(editor)
    outcome = edit(place, new_text, retry)
    for line in outcome.diff:
        click.echo(line)
    if outcome.draft is not None:
        raise UsageError("sealed.kept_draft", path=place.shown(), draft=str(outcome.draft))
    for problem in outcome.problems:
        click.echo(problem.as_text(state.lang), err=True)
    if not outcome.changed:
        click.echo(state.say("sealed.unchanged", path=place.shown()))
        return
    click.echo(state.say("sealed.sealed", path=place.shown(), readers=len(outcome.readers.keys)))
    say_readers_without_key(state, outcome.readers)


@sealed.command("show")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def sealed_show(state: State, path: Path) -> None:
    """Print a sealed file's clear text (git's textconv for `git diff`); one line where your key does not open it."""
    import hashlib

    from .workflow.sealed_files import shown_text

    text = shown_text(path)
    if text is None:  # a non-reader's diff still shows that the file changed, and nothing more
        click.echo(state.say("sealed.show_unopened", digest=hashlib.sha256(path.read_bytes()).hexdigest()[:16]))
    else:
        click.echo(text, nl=not text.endswith("\n"))


@sealed.command("seal")
@root_option
@click.option("--cycle", "cycle_id", default=None)
@click.pass_obj
def sealed_seal(state: State, root: Path, cycle_id: str | None) -> None:
    """Seal every clear restricted file for its readers and remove its clear form (moving a portal to v1.2)."""
    from .workflow.sealed_files import seal_clear_files

    done, warnings = seal_clear_files(portal_root(root), cycle_id)
    for problem in warnings:
        click.echo(problem.as_text(state.lang), err=True)
    for place, found in done:
        click.echo(state.say("sealed.sealed", path=place.shown(), readers=len(found.keys)))
    missing = sorted({a for _, found in done for a in found.without_key})
    if missing:
        click.echo(f"{state.say('severity.warning')}: {state.say('sealed.readers_without_key', accounts='、'.join(missing))}", err=True)
    click.echo(state.say("sealed.seal_done", count=len(done)))


@sealed.command("rekey")
@root_option
@click.option("--cycle", "cycle_id", required=True)
@click.pass_obj
def sealed_rekey(state: State, root: Path, cycle_id: str) -> None:
    """Seal an open cycle's restricted files again for today's readers (after recipients.yaml or org.yaml changed)."""
    from .workflow.sealed_files import rekey

    done, unopened = rekey(portal_root(root), cycle_id)
    for place in done:
        click.echo(state.say("sealed.resealed", path=place.shown()))
    if unopened:
        raise UsageError("sealed.rekey_unopened", count=len(unopened), paths="、".join(unopened))


@sealed.command("setup-git")
@root_option
@click.pass_obj
def sealed_setup_git(state: State, root: Path) -> None:
    """Make `git diff` and `git log -p` show sealed files as clear text to their readers (this clone)."""
    from .workflow.sealed_files import GIT_DIFF_DRIVER, set_up_git

    attributes = set_up_git(portal_root(root), "portal sealed show")
    click.echo(state.say("sealed.git_ready", attributes=attributes, driver=GIT_DIFF_DRIVER))


@cli.group()
def keys() -> None:
    """Your own key for the restricted files."""


@keys.command("new")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--force", is_flag=True)
@click.pass_obj
def keys_new(state: State, out: Path | None, force: bool) -> None:
    """Make your key pair: the private key stays in a file of yours; give the public key (age1…) to the organisers."""
    from .workflow.keyfile import write_key_file

    path, public = write_key_file(out, force)
    click.echo(state.say("keys.wrote", path=path, public=public))


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; the one place where errors become messages and exit codes."""
    args = list(argv if argv is not None else sys.argv[1:])
    words = args[: args.index("--")] if "--" in args else args
    debug = "--debug" in words
    lang = language_of(args)  # --lang before or after the command: known before Click parses, so --help speaks it too
    speak(cli, lang)
    try:
        cli.main(args=args, prog_name="portal", standalone_mode=False, obj=State(Path("."), lang))
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.exceptions.Abort:
        return 1
    except SystemExit as done:
        return int(done.code or 0)
    except PortalError as error:
        if debug:
            raise
        for problem in capped_per_file(error.problems):
            click.echo(problem.as_text(lang), err=True)
        click.echo(translate(error.summary, lang), err=True)
        return 1
    except UsageError as error:
        if debug:
            raise
        click.echo(f"{translate('severity.error', lang)}: {error.message(lang)}", err=True)
        return 1
    except OSError as error:
        if debug:
            raise
        click.echo(f"{translate('severity.error', lang)}: {translate('cli.os_error', lang, path=error.filename or '', reason=error.strerror or error)}", err=True)
        return 1
    except Exception as error:  # a bug: say so plainly, keep the details for --debug
        if debug:
            raise
        click.echo(f"{translate('severity.error', lang)}: {translate('cli.internal_error', lang, error=repr(error))}", err=True)
        return 2
    return 0


def entry_point() -> None:
    sys.exit(main())
