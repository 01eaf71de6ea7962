"""The organisers' secret: made by `portal secret new`, read from PORTAL_SECRET or a file, split into per-purpose keys.

Every personal code and every sealed block is derived from one secret, so
everything published is, in principle, a test of a guessed secret: derive
the codes from the guess, try one on a wrapped key.  The only defence that
holds is a secret nobody can guess, so a weak one is refused, not warned
about.  The one form accepted is the one `portal secret new` writes:

    portal-secret-1:<64 hexadecimal digits>      (32 random bytes, 256 bits)

with at least 16 distinct byte values among the 32 (a random secret has fewer
with probability below 2^-54; a pattern typed by hand, such as 0011…ff or
one byte repeated, has far fewer).  A passphrase, however long, is refused:
an offline guesser needs only the site folder and one HMAC per guess.

The 32 bytes are the input key material of HKDF-SHA256 (RFC 5869); each
purpose (codes, content keys, wrap nonces, the sealed-block memo, the build
cache's fingerprint) gets its own key, `purpose_key`, and `derive` is an
HMAC under that key of the purpose's parts.  Nothing published is the
secret or a key derived from it; docs/access.md explains why no published
value helps an attacker against a 256-bit secret.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..problems import UsageError

SECRET_ENV = "PORTAL_SECRET"
PREFIX = "portal-secret-1:"
SECRET_BYTES = 32
MIN_DISTINCT_BYTES = 16
FORMAT = re.compile(r"portal-secret-1:([0-9a-fA-F]{64})")
HKDF_SALT = b"evaluation-portal secret v1"
FILE_NAME = "portal-secret"


def new_secret() -> str:
    """A fresh secret in the one accepted form: 256 bits from the operating system's random source."""
    return PREFIX + secrets.token_hex(SECRET_BYTES)


def parse_secret(text: str, source: str) -> bytes:
    """The 32 secret bytes of `text` (surrounding blanks ignored), or a usage error naming `source`
    (PORTAL_SECRET or the file), never the value."""
    match = FORMAT.fullmatch(text.strip())
    if match is None:
        raise UsageError("secret.weak", source=source)
    key = bytes.fromhex(match.group(1))
    if len(set(key)) < MIN_DISTINCT_BYTES:
        raise UsageError("secret.not_random", source=source)
    return key


def read_secret(secret_file: Path | None = None) -> bytes | None:
    """The secret's 32 bytes from `secret_file`, else from PORTAL_SECRET; None when neither is given.
    A secret in any other form than `portal secret new` writes is refused."""
    if secret_file is not None:
        try:
            text = Path(secret_file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError("codes.secret_unreadable", path=str(secret_file),
                             reason=getattr(error, "strerror", None) or str(error)) from None
        source = str(secret_file)
    else:
        text, source = os.environ.get(SECRET_ENV, ""), SECRET_ENV
    if not text.strip():
        return None
    return parse_secret(text, source)


@functools.lru_cache(maxsize=64)
def purpose_key(secret: bytes, purpose: str) -> bytes:
    """The key of one purpose: HKDF-SHA256(secret, salt, info = purpose), 32 bytes."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=HKDF_SALT, info=purpose.encode("utf-8")).derive(secret)


def derive(secret: bytes, purpose: str, *parts: str) -> bytes:
    """32 bytes for one purpose, bound to its parts: HMAC-SHA256 under the purpose's own key."""
    message = "\0".join(f"{len(part)}:{part}" for part in parts).encode("utf-8")
    return hmac.new(purpose_key(secret, purpose), message, hashlib.sha256).digest()


def default_secret_path() -> Path:
    """Where `portal secret new` writes without --out: the user's configuration folder, outside any repository."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "evaluation-portal" / FILE_NAME


def protected_roots(start: Path) -> list[Path]:
    """The folders a secret may not be written into, seen from `start`: the portal root at or above it
    (a folder with scorecards/) and the git work tree around that portal."""
    start = start.resolve()
    portal = next((folder for folder in [start, *start.parents] if (folder / "scorecards").is_dir()), None)
    if portal is None:
        return []
    tree = next((folder for folder in [portal, *portal.parents] if (folder / ".git").exists()), None)
    return [portal] + ([tree] if tree is not None and tree != portal else [])


def write_secret_file(path: Path, start: Path, force: bool = False) -> Path:
    """A new secret in `path` (mode 600, its folder created 700): refused inside the portal around `start`,
    and where a file already is unless `force`.  Returns the absolute path written."""
    target = Path(os.path.abspath(path.expanduser()))
    where = target.parent.resolve() / target.name  # links in the folders followed, as writing would
    existing = next(folder for folder in [where.parent, *where.parents] if folder.exists())
    for root in protected_roots(start) + protected_roots(existing):  # the portal here, and any the path lies in
        if where == root or root in where.parents:
            raise UsageError("secret.inside_portal", path=str(target), root=str(root))
    if target.is_dir():
        raise UsageError("secret.is_folder", path=str(target))
    if (target.exists() or target.is_symlink()) and not force:
        raise UsageError("secret.exists", path=str(target))
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = (new_secret() + "\n").encode("ascii")
    # without --force the file is created only if nothing is there (O_EXCL: never overwritten, not even by a
    # file that appeared meanwhile); with it, a new file is written beside and renamed over the old one
    written = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp") if force else target
    try:
        descriptor = os.open(written, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        raise UsageError("secret.exists", path=str(target)) from None
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(written, 0o600)
        if force:
            os.replace(written, target)  # a link at `target` is replaced, never written through
    except BaseException:
        written.unlink(missing_ok=True)
        raise
    return target
