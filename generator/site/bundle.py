"""`portal bundle`: what an office publishes to everyone, plus anonymous counts, for the province's roll-up.

A bundle is a folder `<office>-<cycle>.bundle/` holding three Parquet tables
(`office`, `sections`, `grades`; schema in `docs/bundle.md`, versioned by
`SCHEMA_VERSION`), `bundle.json` (what the bundle is, the SHA-256 of every
file), optionally `bundle.json.sig` (an SSH signature of bundle.json, from
`--sign-key`), and `manifest/` (a closed cycle's signed manifests from closing/,
with their signatures and allowed_signers).

It never holds a person: no name, id, score, grade or rank, only counts over
the office or a section, and only those the public view of the cycle shows
(`audiences`): participation and ballot return always; the grade counts, the
quota and the sections' complete members and mean composites only once the
cycle's figures are public (contract v1.2: closed, or from `publicity.start`),
a section's mean only over at least `min_raters` complete members.  Goals by
status come from `pipeline.checkins` (check-ins are public, as goals are).

DuckDB writes the Parquet files (no pyarrow): the tables are created with the
documented column types and copied out, each file carrying the schema version
in its key-value metadata.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..pipeline.aggregate import CycleResults, quota_limit
from ..pipeline.ballots import published_counts
from ..pipeline.checkins import STATUSES, cycle_checkins
from ..problems import UsageError
from . import audiences

FORMAT = "evaluation-portal-bundle"
SCHEMA_VERSION = 1
SIGNATURE_NAMESPACE = "evaluation-portal-bundle"
META_KEY = "portal.bundle.schema_version"
GOAL_COLUMNS = [(f"goals_{s}", "INTEGER") for s in (*STATUSES, "unchecked")]
BALLOT_COLUMNS = [("issued", "INTEGER"), ("returned", "INTEGER"), ("valid", "INTEGER"), ("void", "INTEGER"), ("return_rate", "DOUBLE")]
# The schema (version 1): every table's columns in order, with DuckDB's types (docs/bundle.md says what each holds).
TABLES: dict[str, list[tuple[str, str]]] = {
    "office": [
        ("office", "VARCHAR"), ("cycle", "VARCHAR"), ("title", "VARCHAR"), ("status", "VARCHAR"),
        ("period_start", "DATE"), ("period_end", "DATE"), ("bundled_on", "DATE"), ("figures_public", "BOOLEAN"),
        ("people", "INTEGER"), ("submitted", "INTEGER"), ("participation", "DOUBLE"), ("sections", "INTEGER"),
        *BALLOT_COLUMNS, ("complete", "INTEGER"), ("first_grade", "VARCHAR"), ("excellent_quota", "DOUBLE"),
        ("quota_limit", "INTEGER"), ("first_grade_count", "INTEGER"),
        ("objections_open", "INTEGER"), ("objections_upheld", "INTEGER"), ("objections_dismissed", "INTEGER"),
        ("checkins_used", "BOOLEAN"), *GOAL_COLUMNS, ("overdue_people", "INTEGER"),
    ],
    "sections": [
        ("office", "VARCHAR"), ("cycle", "VARCHAR"), ("section", "VARCHAR"), ("section_name", "VARCHAR"),
        ("members", "INTEGER"), ("submitted", "INTEGER"), ("participation", "DOUBLE"), *BALLOT_COLUMNS,
        ("quorum_met", "BOOLEAN"), ("complete", "INTEGER"), ("mean_composite", "DOUBLE"), *GOAL_COLUMNS, ("overdue_people", "INTEGER"),
    ],
    "grades": [("office", "VARCHAR"), ("cycle", "VARCHAR"), ("band", "INTEGER"), ("grade", "VARCHAR"), ("people", "INTEGER")],
}


def figures_public(results: CycleResults, today: datetime.date) -> bool:
    """Contract v1.2: figures that move with one person (grade counts, quota, means) only in a closed cycle
    or from `publicity.start`; an open cycle without a 公示 shows them once it is closed."""
    settings = results.cycle.settings
    return settings.status == "closed" or audiences.publicity_phase(settings, today) in ("during", "after")


def ratio(part: int | None, whole: int | None) -> float | None:
    return part / whole if part is not None and whole else None


def summed(rows: Iterable[dict[str, Any]], key: str) -> int | None:
    values = [row[key] for row in rows if row.get(key) is not None]
    return sum(values) if values else None


def bundle_rows(results: CycleResults, office: str, today: datetime.date) -> dict[str, list[tuple]]:
    """The three tables' rows for one cycle: the public view as counts, nothing of any one person."""
    cycle, people = results.cycle, results.people
    settings = cycle.settings
    public = figures_public(results, today)
    checkins = cycle_checkins(cycle, today)
    late = set(checkins.overdue)
    members: dict[str, list[str]] = {sid: [] for sid in cycle.section_ids()}
    for pid, section in zip(people.index, people["section"]):
        members[section].append(pid)
    complete = people[people["status"] == "complete"]
    section_rows, ballots = [], []
    for row in results.sections.to_dict("records"):
        sid = row["id"]
        counts = published_counts(cycle.democratic.get(sid), settings)
        ballots.append(counts)
        enough = audiences.means_are_public(int(row["complete"]), settings.min_raters)
        goals = checkins.counts(members[sid])
        section_rows.append((
            office, cycle.id, sid, row["name"], int(row["members"]), int(row["submitted"]),
            ratio(int(row["submitted"]), int(row["members"])),
            counts.get("issued"), counts.get("returned"), counts.get("valid"), counts.get("void"),
            ratio(counts.get("returned"), counts.get("issued")), counts.get("quorum_met"),
            int(row["complete"]) if public else None,
            float(row["mean_composite_exact"]) if public and enough and row["mean_composite_exact"] is not None else None,
            *(goals[s] for s in (*STATUSES, "unchecked")), sum(p in late for p in members[sid]),
        ))
    grade_counts = complete["grade"].value_counts()
    limit = quota_limit(settings.excellent_quota, len(complete))
    first = settings.grades[0].name
    objections = audiences.objection_counts(cycle)
    goals = checkins.counts()
    both = [b for b in ballots if b.get("issued") is not None and b.get("returned") is not None]
    issued, returned = summed(both, "issued"), summed(both, "returned")  # the return rate's basis: sections giving both
    office_row = (
        office, cycle.id, settings.title, settings.status, settings.period.start, settings.period.end, today, public,
        len(people), int(people["self"].notna().sum()), results.participation, len(results.sections),
        issued, returned, summed(ballots, "valid"), summed(ballots, "void"), ratio(returned, issued),
        len(complete) if public else None, first, float(settings.excellent_quota), limit if public else None,
        int(grade_counts.get(first, 0)) if public else None,
        objections["open"], objections["upheld"], objections["dismissed"],
        checkins.used, *(goals[s] for s in (*STATUSES, "unchecked")), len(late),
    )
    grades = [(office, cycle.id, band, g.name, int(grade_counts.get(g.name, 0))) for band, g in enumerate(settings.grades)] if public else []
    return {"office": [office_row], "sections": section_rows, "grades": grades}


# -- writing -------------------------------------------------------------------------------------------


def write_tables(tables: dict[str, list[tuple]], folder: Path, connection=None) -> dict[str, str]:
    """Each table as `<name>.parquet` in `folder`, written by DuckDB with the schema's types; returns
    {file name: "sha256:…"}.  `connection`: a DuckDB connection to reuse (many bundles in one process)."""
    import duckdb

    own = connection is None
    connection = connection or duckdb.connect()
    digests = {}
    try:
        for name, columns in TABLES.items():
            connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({', '.join(f'{c} {t}' for c, t in columns)})")
            if tables.get(name):
                connection.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' for _ in columns)})", tables[name])
            path = folder / f"{name}.parquet"
            connection.execute(f"COPY {name} TO '{path.as_posix()}' (FORMAT parquet, COMPRESSION zstd, "
                                f"KV_METADATA {{'{META_KEY}': '{SCHEMA_VERSION}'}})")
            digests[path.name] = file_digest(path)
    finally:
        if own:
            connection.close()
    return digests


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


@dataclass(frozen=True)
class Meta:
    office: str
    cycle: str
    title: str
    status: str
    bundled_on: datetime.date


def description(meta: Meta, files: dict[str, str], manifest: list[str]) -> dict[str, Any]:
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION, "office": meta.office, "cycle": meta.cycle, "title": meta.title,
            "status": meta.status, "bundled_on": meta.bundled_on.isoformat(), "portal_version": __version__,
            "files": dict(sorted(files.items())), "manifest": manifest}


def write_bundle(tables: dict[str, list[tuple]], meta: Meta, out: Path, force: bool = False, sign_key: Path | None = None,
                 manifest: dict[str, bytes] | None = None, connection=None) -> Path:
    """Write the bundle folder `out` (built aside, then moved in: a failure leaves nothing half-written)."""
    if out.exists() and not (force and (out / "bundle.json").is_file() and not out.is_symlink()):
        raise UsageError("bundle.exists", path=str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".bundle-", dir=out.parent))
    try:
        files = write_tables(tables, staging, connection)
        for name, data in sorted((manifest or {}).items()):  # issue 20's signed manifest of a closed cycle, as given
            target = staging / "manifest" / Path(name).name
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(data)
            files[f"manifest/{target.name}"] = file_digest(target)
        text = json.dumps(description(meta, files, sorted(f"manifest/{Path(n).name}" for n in manifest or {})),
                          ensure_ascii=False, indent=2) + "\n"
        (staging / "bundle.json").write_text(text, encoding="utf-8")
        if sign_key is not None:
            sign(staging / "bundle.json", sign_key)
        staging.chmod(0o755)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out


def sign(path: Path, key: Path) -> None:
    """bundle.json.sig: an SSH signature (`ssh-keygen -Y sign`, namespace evaluation-portal-bundle)."""
    try:
        done = subprocess.run(["ssh-keygen", "-Y", "sign", "-q", "-f", str(key), "-n", SIGNATURE_NAMESPACE, str(path)],
                              capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise UsageError("bundle.sign_failed", key=str(key), reason=str(error)) from error
    if done.returncode != 0:
        raise UsageError("bundle.sign_failed", key=str(key), reason=(done.stderr or done.stdout).strip()[:300])


def bundle_cycle(results: CycleResults, office: str | None, out: Path | None, today: datetime.date, force: bool = False,
                 sign_key: Path | None = None, manifest: dict[str, bytes] | None = None) -> Path:
    """`portal bundle`: the cycle's public view and counts as a bundle folder (default `<office>-<cycle>.bundle`)."""
    cycle = results.cycle
    office = office or cycle.org.name
    out = out or Path(f"{safe_name(office)}-{cycle.id}.bundle")
    meta = Meta(office, cycle.id, cycle.settings.title, cycle.settings.status, today)
    return write_bundle(bundle_rows(results, office, today), meta, out, force, sign_key, manifest)


def safe_name(text: str) -> str:
    """A file name from an office's name: its letters (Chinese too), digits, '_' and '-'; others dropped."""
    kept = "".join(c if c.isalnum() or c in "_-" else "-" for c in text).strip("-")
    return kept or "office"
