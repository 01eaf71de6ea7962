"""`portal rollup BUNDLE... --out DIR`: the province's picture of every office, from the offices' bundles.

Every bundle is checked before anything is written (its format and schema
version, the SHA-256 of each file against `bundle.json`, its signature where it
has one, each Parquet file's schema and version, that its rows are of the office
and cycle it says, and that no office's cycle comes twice); any fault is
reported in the reader's language and nothing changes.  DuckDB then reads the
Parquet files together, and the roll-up site is built with the portal's site
engine and look (`rollup_pages.py` renders its pages) in a staging folder that
replaces `--out` at the end.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..problems import PortalError, Problem, UsageError
from .bundle import FORMAT, META_KEY, SCHEMA_VERSION, SIGNATURE_NAMESPACE, TABLES, file_digest

MARKER = ".portal-rollup"  # in a roll-up site: --out may replace a folder holding it, never another one


@dataclass(frozen=True)
class Bundle:
    path: Path
    office: str
    cycle: str
    signed: bool


def problem(path: Path, key: str, **args: Any) -> Problem:
    return Problem(str(path), None, None, key, args)


def check_bundle(path: Path, allowed_signers: Path | None = None) -> tuple[Bundle | None, list[Problem]]:
    """One bundle folder's description, files and signature (its tables: `table_problems`, all bundles at once)."""
    described = path / "bundle.json"
    if not path.is_dir() or path.is_symlink() or not described.is_file() or described.is_symlink():
        return None, [problem(path, "rollup.not_a_bundle")]
    try:
        data = json.loads(described.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None, [problem(path, "rollup.not_a_bundle")]
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None, [problem(path, "rollup.not_a_bundle")]
    if data.get("schema_version") != SCHEMA_VERSION:
        return None, [problem(path, "rollup.schema_version", found=str(data.get("schema_version")), supported=SCHEMA_VERSION)]
    found = file_problems(path, data) or signature_problems(path, allowed_signers)
    if found:
        return None, found
    office, cycle = data.get("office"), data.get("cycle")
    if not isinstance(office, str) or not isinstance(cycle, str):
        return None, [problem(path, "rollup.not_a_bundle")]
    return Bundle(path, office, cycle, (path / "bundle.json.sig").is_file()), []


def file_problems(path: Path, data: dict) -> list[Problem]:
    """Every table is listed, and every listed file is a plain file inside the bundle with the listed SHA-256."""
    files = data.get("files")
    if not isinstance(files, dict) or not {f"{name}.parquet" for name in TABLES} <= set(files):
        return [problem(path, "rollup.tampered", file="bundle.json")]
    for name, digest in sorted(files.items()):
        target = path / name
        inside = not Path(name).is_absolute() and ".." not in Path(name).parts
        if not inside or not target.is_file() or target.is_symlink() or file_digest(target) != digest:
            return [problem(path, "rollup.tampered", file=name)]
    return []


def signature_problems(path: Path, allowed_signers: Path | None) -> list[Problem]:
    """bundle.json.sig, where there is one: with --allowed-signers, from a signer listed there; otherwise a
    valid signature of bundle.json by the key it names (which shows tampering, not who signed)."""
    signature = path / "bundle.json.sig"
    if not signature.is_file():
        return [problem(path, "rollup.signature_needed")] if allowed_signers is not None else []
    data = (path / "bundle.json").read_bytes()
    if allowed_signers is None:
        command = ["ssh-keygen", "-Y", "check-novalidate", "-n", SIGNATURE_NAMESPACE, "-s", str(signature)]
    else:
        principals = run_ssh_keygen(["ssh-keygen", "-Y", "find-principals", "-s", str(signature), "-f", str(allowed_signers)], b"")
        if principals is None or principals[0] != 0 or not principals[1].strip():
            return [problem(path, "rollup.bad_signature")]
        principal = principals[1].decode("utf-8", "replace").split()[0]
        command = ["ssh-keygen", "-Y", "verify", "-f", str(allowed_signers), "-I", principal, "-n", SIGNATURE_NAMESPACE,
                   "-s", str(signature)]
    done = run_ssh_keygen(command, data)
    return [] if done is not None and done[0] == 0 else [problem(path, "rollup.bad_signature")]


def run_ssh_keygen(command: list[str], data: bytes) -> tuple[int, bytes] | None:
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.returncode, done.stdout


def table_problems(bundles: list[Bundle]) -> dict[Path, Problem]:
    """Every bundle's Parquet files, in one DuckDB query per table: each has the schema of this version
    (columns and types in order), says so in its metadata, and holds rows of its own office and cycle only."""
    import duckdb

    found: dict[Path, Problem] = {}
    connection = duckdb.connect()
    try:
        for name, columns in TABLES.items():
            files = {(b.path / f"{name}.parquet").as_posix(): b for b in bundles if b.path not in found}
            if not files:
                break
            listed = "[" + ", ".join(f"'{quoted(f)}'" for f in files) + "]"
            try:
                meta = {(f, k): v for f, k, v in connection.execute(
                    f"SELECT file_name, key::VARCHAR, value::VARCHAR FROM parquet_kv_metadata({listed})").fetchall()}
                schemas: dict[str, list[tuple[str, str]]] = {}
                for f, column, kind in connection.execute(f"SELECT file_name, name, duckdb_type FROM parquet_schema({listed}) "
                                                          "WHERE column_id > 0 ORDER BY file_name, column_id").fetchall():
                    schemas.setdefault(f, []).append((column, kind))
            except duckdb.Error:  # a file that is not Parquet at all (its checksum matched: rewritten with bundle.json)
                for f, bundle in files.items():
                    if not is_parquet(connection, f):
                        found[bundle.path] = problem(bundle.path, "rollup.schema_mismatch", file=f"{name}.parquet", version=SCHEMA_VERSION)
                continue
            good = []
            for f, bundle in files.items():
                if meta.get((f, META_KEY)) != str(SCHEMA_VERSION) or schemas.get(f) != columns:
                    found[bundle.path] = problem(bundle.path, "rollup.schema_mismatch", file=f"{name}.parquet", version=SCHEMA_VERSION)
                else:
                    good.append(f)
            if good:
                listed = "[" + ", ".join(f"'{quoted(f)}'" for f in good) + "]"
                for f, office, cycle in connection.execute(
                        f"SELECT DISTINCT filename, office, cycle FROM read_parquet({listed}, filename = true)").fetchall():
                    bundle = files[f]
                    if (office, cycle) != (bundle.office, bundle.cycle) and bundle.path not in found:
                        found[bundle.path] = problem(bundle.path, "rollup.inconsistent", file=f"{name}.parquet",
                                                     office=bundle.office, cycle=bundle.cycle)
    finally:
        connection.close()
    return found


def is_parquet(connection, file: str) -> bool:
    import duckdb

    try:
        connection.execute(f"SELECT count(*) FROM parquet_kv_metadata('{quoted(file)}')").fetchall()
    except duckdb.Error:
        return False
    return True


def quoted(text: str) -> str:
    return text.replace("'", "''")


def checked_bundles(paths: list[Path], allowed_signers: Path | None = None) -> list[Bundle]:
    """Every bundle, or `PortalError` with every problem of every bundle (nothing is written then)."""
    bundles, problems = [], []
    for path in paths:
        bundle, found = check_bundle(path, allowed_signers)
        problems.extend(found)
        if bundle is not None:
            bundles.append(bundle)
    faulty = table_problems(bundles)
    problems.extend(faulty.values())
    bundles = [b for b in bundles if b.path not in faulty]
    seen: dict[tuple[str, str], Bundle] = {}
    for bundle in bundles:
        first = seen.setdefault((bundle.office, bundle.cycle), bundle)
        if first is not bundle:
            problems.append(problem(bundle.path, "rollup.duplicate", office=bundle.office, cycle=bundle.cycle, other=str(first.path)))
    if problems:
        raise PortalError(problems, "rollup.failed")
    if not bundles:
        raise UsageError("rollup.no_bundles")
    return bundles


# -- combining ----------------------------------------------------------------------------------------------


def combined(bundles: list[Bundle]):
    """A DuckDB connection with the views `office`, `sections` and `grades` over every bundle's Parquet files."""
    import duckdb

    connection = duckdb.connect()
    for name in TABLES:
        files = ", ".join(f"'{quoted((b.path / f'{name}.parquet').as_posix())}'" for b in bundles)
        connection.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet([{files}])")
    return connection


def prepare_out(out: Path) -> None:
    """--out may be new, empty, or an earlier roll-up; never a folder holding anything else."""
    if out.is_symlink() or (out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file()))):
        raise UsageError("rollup.out_exists", path=str(out))
    out.resolve().parent.mkdir(parents=True, exist_ok=True)


def build_rollup(paths: list[Path], out: Path, lang: str = "zh", allowed_signers: Path | None = None) -> tuple[Path, int]:
    """Check the bundles, combine them, build the roll-up site into `out`; returns (out, number of bundles)."""
    from . import engine
    from .rollup_pages import config_text, render_rollup

    prepare_out(out)
    bundles = checked_bundles(paths, allowed_signers)
    connection = combined(bundles)
    staging = Path(tempfile.mkdtemp(prefix=".rollup-", dir=out.resolve().parent))
    try:
        docs = staging / "docs"
        pages, nav = render_rollup(connection, lang)
        for relative, content in pages.items():
            target = docs / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        (staging / "mkdocs.yml").write_text(config_text(lang), encoding="utf-8")
        site = staging / "site"
        engine.build(staging / "mkdocs.yml", site, {"docs_dir": str(docs), "nav": nav})
        (site / MARKER).write_text("evaluation-portal roll-up\n", encoding="utf-8")
        site.chmod(0o755)
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}-old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
        site.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        connection.close()
        shutil.rmtree(staging, ignore_errors=True)
    return out, len(bundles)
