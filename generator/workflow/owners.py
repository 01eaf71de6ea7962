"""`portal codeowners`: the CODEOWNERS file, from the accounts in org.yaml and the scorecards.

What the file enforces is only this: when the git host requires a code owner's
review, a change to a file needs the approval of ANY ONE of the accounts on
the last line that matches it (GitHub and GitLab alike; the author's own
approval never counts on GitHub).  So a person's file can be approved by that
person or by any organiser; a person without `account` gets no line and is
covered by the organisers' `*` line only.  Who may *author* a change is
checked by `portal check-changes`, not by this file.

Later lines win, so the file goes from the general to the particular:
organisers (and maintainers, outside scorecards/) own everything; in an open
cycle a person's file is also owned by that person, a review by the section's
leader (its sealed file, `<section>.yaml.age`: restricted files are sent sealed
only).  Ballots, settings and closed cycles stay with the organisers.

GitHub reads .github/CODEOWNERS; GitLab reads CODEOWNERS, docs/ or .gitlab/
(write it there with --output).  Gitea and Forgejo use regular expressions
in their own CODEOWNERS and are not served by this file.
"""

from __future__ import annotations

from ..catalog import translate
from ..pipeline.model import Portal
from ..pipeline.schema import SCHEMA_FOLDER
from ..pipeline.vault import SEALED_SUFFIX

DEFAULT_PATH = ".github/CODEOWNERS"


def handles(accounts: list[str]) -> str:
    return " ".join(f"@{a}" for a in dict.fromkeys(accounts))


def people_without_account(portal: Portal) -> list[str]:
    """`cycle/id` of every person in an open cycle whose file names no account."""
    return [f"{cycle.id}/{person.id}"
            for cycle in portal.cycles.values() if cycle.settings.status != "closed"
            for person in sorted(cycle.people.values(), key=lambda p: p.id) if not person.account]


def codeowners(portal: Portal, lang: str = "zh") -> str:
    """The text of a CODEOWNERS file for the portal."""
    latest = portal.latest()
    organisers = list(latest.org.organisers)
    maintainers = list(latest.org.maintainers)
    lines = [f"# {line}" for line in translate("owners.header", lang).splitlines()]
    if missing := people_without_account(portal):
        lines.append(f"# {translate('owners.no_account', lang, people='、'.join(missing))}")
    if organisers or maintainers:
        lines.append(f"* {handles(organisers + maintainers)}")
    if maintainers and organisers:
        lines.append(f"/scorecards/ {handles(organisers)}")
        lines.append(f"/scorecards/{SCHEMA_FOLDER}/ {handles(organisers + maintainers)}")
    for cycle in portal.cycles.values():
        if cycle.settings.status == "closed":
            continue
        base = f"/scorecards/{cycle.id}"
        owners = list(cycle.org.organisers)
        for person in sorted(cycle.people.values(), key=lambda p: p.id):
            if person.account:
                lines.append(f"{base}/people/{person.id}.yaml {handles([person.account, *owners])}")
        for section in cycle.org.sections:
            if section.leader_account:
                lines.append(f"{base}/organizational/{section.id}.yaml{SEALED_SUFFIX} {handles([section.leader_account, *owners])}")
    return "\n".join(lines) + "\n"


def owner_rules(text: str) -> list[str]:
    """The lines of a CODEOWNERS text that decide something (comments and blank lines left out)."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
