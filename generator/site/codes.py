"""Personal codes: who holds one in a cycle, and each holder's code, derived from a secret.

A code is an HMAC of the cycle and the holder under the secret's "code" key
(`secret.derive`), cut to 80 bits and written as 16 characters of a
32-symbol alphabet without 0/O/1/I (easy to read off a slip and type).  The
secret never enters the repository, the site or the work folder: it comes
from PORTAL_SECRET or a file named on the command line (`secret.py`, which
refuses anything weaker than the 256 bits `portal secret new` writes), and
the same secret gives the same codes, so slips can be printed again.  Each
cycle has its own codes; a new secret gives everyone new ones.

Holders: every person of the cycle; every organiser (org.yaml `organisers`);
every section leader (one code per leader, covering all their sections).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..pipeline.export import csv_text
from ..pipeline.model import Cycle
from .secret import SECRET_ENV, derive, read_secret  # noqa: F401 (read_secret and SECRET_ENV: re-exported)

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: no 0, O, 1 or I
CODE_LENGTH = 16  # 16 symbols x 5 bits = 80 bits
CODE_BITS = CODE_LENGTH * 5


@dataclass(frozen=True)
class Holder:
    """One person who gets a code: `id` is unique within the cycle (`organiser:…`, `leader:…` for those roles)."""

    id: str
    name: str
    kind: str  # person | organiser | leader
    sections: tuple[str, ...] = ()  # a person's own section; a leader's sections


def leader_key(section) -> str:
    """A leader is known by their account on the git host when org.yaml gives it, else by name."""
    return section.leader_account or section.leader.strip()


def holders(cycle: Cycle) -> list[Holder]:
    """Everyone who gets a code in `cycle`: people by id, then organisers, then leaders, in file order."""
    people = [Holder(pid, p.name, "person", (p.section,)) for pid, p in sorted(cycle.people.items())]
    organisers = [Holder(f"organiser:{account}", account, "organiser") for account in dict.fromkeys(cycle.org.organisers)]
    leaders: dict[str, Holder] = {}
    for section in cycle.org.sections:
        key = leader_key(section)
        known = leaders.get(key)
        sections = (*known.sections, section.id) if known else (section.id,)
        leaders[key] = Holder(f"leader:{key}", section.leader, "leader", sections)
    return people + organisers + list(leaders.values())


def code_for(secret: bytes, cycle_id: str, holder_id: str) -> str:
    """The holder's code in `cycle_id`: 16 symbols of ALPHABET (80 bits), without separators."""
    number = int.from_bytes(derive(secret, "code", cycle_id, holder_id)[:10], "big")
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(CODE_LENGTH)))


def normalise(code: str) -> str:
    """What people type, as the key derivation reads it: upper case, no spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch not in " -\t")


def grouped(code: str) -> str:
    """XXXX-XXXX-XXXX-XXXX, as printed on a slip."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def codes_csv(rows: list[tuple[Holder, str]]) -> str:
    """id,name,code (grouped as on the slips); names are written as text a spreadsheet will not run."""
    return csv_text([["id", "name", "code"], *([holder.id, holder.name, grouped(code)] for holder, code in rows)])


def slips_html(cycle: Cycle, rows: list[tuple[Holder, str]], lang: str) -> str:
    """A print-ready A4 page of slips, two to a row, dashed cut lines (HTML, every value escaped)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from ..catalog import translate

    env = Environment(loader=FileSystemLoader(Path(__file__).parent.parent / "templates"), autoescape=True, undefined=StrictUndefined)
    say = lambda key, **args: translate(key, lang, **args)  # noqa: E731
    slips = [{"name": h.name, "role": say(f"codes.kind.{h.kind}"), "code": grouped(code)} for h, code in rows]
    return env.get_template("code_slips.html.j2").render(
        title=say("codes.slip.title", title=cycle.settings.title), heading=say("codes.slip.heading"),
        cycle_title=f"{cycle.org.name} · {cycle.settings.title}", holder_label=say("codes.slip.holder"),
        code_label=say("codes.slip.code"), how=say("codes.slip.how"), cut=say("codes.slip.cut"), slips=slips,
    )


def cycle_codes(secret: bytes, cycle: Cycle) -> list[tuple[Holder, str]]:
    """Every holder of `cycle` with their code."""
    return [(holder, code_for(secret, cycle.id, holder.id)) for holder in holders(cycle)]


def write_codes(secret: bytes, cycle: Cycle, out: Path, lang: str) -> tuple[Path, Path, int]:
    """codes-<cycle>.csv and slips-<cycle>.html in `out` (made private to the user); returns both paths and the count."""
    rows = cycle_codes(secret, cycle)
    out.mkdir(parents=True, exist_ok=True)
    out.chmod(0o700)
    csv_path, html_path = out / f"codes-{cycle.id}.csv", out / f"slips-{cycle.id}.html"
    for path, text in ((csv_path, "\ufeff" + codes_csv(rows)), (html_path, slips_html(cycle, rows, lang))):
        path.write_text(text, encoding="utf-8", newline="")  # the CSV as written (CRLF rows), on any system
        path.chmod(0o600)
    return csv_path, html_path, len(rows)
