"""`portal codeowners`: who must approve which file, from the accounts in org.yaml and the scorecards.

Later lines win in CODEOWNERS (GitHub, GitLab, Gitea/Forgejo alike), so the
file goes from the general to the particular: organisers own everything;
in an open cycle a person's file is also owned by that person, a review by
the section's leader.  Ballots stay with the organisers only.
"""

from __future__ import annotations

from .catalog import translate
from .model import Portal


def handles(accounts: list[str]) -> str:
    return " ".join(f"@{a}" for a in dict.fromkeys(accounts))


def codeowners(portal: Portal, lang: str = "zh") -> str:
    """The text of a CODEOWNERS file for the portal."""
    latest = portal.latest()
    organisers = list(latest.org.organisers)
    lines = [f"# {translate('owners.header', lang)}"]
    if organisers:
        lines.append(f"* {handles(organisers)}")
    for cycle in portal.cycles.values():
        if cycle.settings.status == "closed":
            continue
        base = f"/scorecards/{cycle.id}"
        for person in sorted(cycle.people.values(), key=lambda p: p.id):
            if person.account:
                lines.append(f"{base}/people/{person.id}.yaml {handles([person.account, *cycle.org.organisers])}")
        for section in cycle.org.sections:
            if section.leader_account:
                lines.append(f"{base}/organizational/{section.id}.yaml {handles([section.leader_account, *cycle.org.organisers])}")
    return "\n".join(lines) + "\n"
