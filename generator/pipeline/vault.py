"""Restricted files at rest (contract v1.2, "The repository is an audience too").

`democratic/`, `organizational/`, `objections/` and `appeals/` of a cycle are
stored sealed: the whole YAML file encrypted with age (X25519, ASCII armour)
to the public keys of its readers, as `<name>.yaml.age`.  A member who clones
the repository, reads its history or a pull request's pipeline sees only
armour.  Who reads which file follows org.yaml, with the keys listed in
`scorecards/recipients.yaml`:

- the build of the protected branch (`build:`) reads every restricted file;
- the organisers (`organisers` in org.yaml) read every restricted file;
- a section's leader (`leader_account`) reads that section's organizational file.

A private key (an age identity) comes from `$PORTAL_AGE_KEY` (its text, as a CI
secret), `$PORTAL_AGE_KEY_FILE`, or `~/.config/evaluation-portal/age-key.txt`.
Without one, sealed files are simply not opened: validation checks every
public file, and results need the key.  Why age and whole files (not SOPS's
values-in-place, git-crypt or a second repository): docs/restricted-files.md.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pyrage

from ..problems import UsageError

RESTRICTED_FOLDERS = ("democratic", "organizational", "objections", "appeals")
SEALED_SUFFIX = ".age"
"""A sealed file is `<folder>/<name>.yaml.age`: the clear file's name plus this suffix."""
RECIPIENTS_FILE = "scorecards/recipients.yaml"
KEY_ENV = "PORTAL_AGE_KEY"
KEY_FILE_ENV = "PORTAL_AGE_KEY_FILE"
ARMOUR_START = b"-----BEGIN AGE ENCRYPTED FILE-----"
SECRET_KEY_PREFIX = "AGE-SECRET-KEY-1"
PUBLIC_KEY_PREFIX = "age1"


class VaultError(UsageError):
    """A key or a sealed file that cannot be used (a message key of the catalog and its arguments)."""


# -- names ------------------------------------------------------------------------------


def is_restricted(path: str) -> bool:
    """Whether a portal-relative path (scorecards/<cycle>/<folder>/<file>) lies in a restricted folder."""
    parts = PurePosixPath(path).parts
    return len(parts) == 4 and parts[0] == "scorecards" and parts[2] in RESTRICTED_FOLDERS


def is_sealed_name(name: str) -> bool:
    """Whether a file name is the sealed form of a YAML file (`mishu.yaml.age`)."""
    return name.endswith((".yaml" + SEALED_SUFFIX, ".yml" + SEALED_SUFFIX))


def clear_name(name: str) -> str:
    """`mishu.yaml.age` -> `mishu.yaml`; a clear name unchanged."""
    return name[: -len(SEALED_SUFFIX)] if is_sealed_name(name) else name


def file_stem(path: Path | PurePosixPath) -> str:
    """The id a file is named after: `mishu` for mishu.yaml and for mishu.yaml.age."""
    return PurePosixPath(clear_name(path.name)).stem


def sealed_path(path: Path) -> Path:
    """Where the sealed form of a (clear or sealed) file lies."""
    return path if is_sealed_name(path.name) else path.with_name(path.name + SEALED_SUFFIX)


def clear_path(path: Path) -> Path:
    return path.with_name(clear_name(path.name))


# -- keys -------------------------------------------------------------------------------


def default_key_file() -> Path:
    """`~/.config/evaluation-portal/age-key.txt` (or under $XDG_CONFIG_HOME): outside every portal."""
    home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(home) / "evaluation-portal" / "age-key.txt"


def identities() -> tuple:
    """The private keys this process may open sealed files with (none: nothing is opened)."""
    text = os.environ.get(KEY_ENV) or None
    file = os.environ.get(KEY_FILE_ENV) or None
    return identities_from(text, file, str(default_key_file()))


@functools.cache
def identities_from(text: str | None, file: str | None, default_file: str) -> tuple:
    if text is not None:
        return parse_identities(text, KEY_ENV)
    if file is not None:
        return parse_identities(read_key_file(Path(file), file), file)
    default = Path(default_file)
    if default.is_file():
        return parse_identities(read_key_file(default, default_file), default_file)
    return ()


def read_key_file(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise VaultError("vault.key_unreadable", path=shown) from None


def parse_identities(text: str, source: str) -> tuple:
    """Every `AGE-SECRET-KEY-1…` line of a key file (comments and blank lines skipped)."""
    found = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            found.append(pyrage.x25519.Identity.from_str(line))
        except Exception:  # pyrage raises its own IdentityError (or ValueError) for any malformed key
            raise VaultError("vault.bad_key", source=source) from None
    if not found:
        raise VaultError("vault.bad_key", source=source)
    return tuple(found)


def keyring_fingerprint() -> str:
    """A hash of the public keys this process holds: what it can open (kept results depend on it)."""
    publics = sorted(str(identity.to_public()) for identity in identities())
    return hashlib.sha256("\n".join(publics).encode()).hexdigest()


def new_identity() -> tuple[str, str]:
    """A new key pair: (private key text, public key `age1…`)."""
    identity = pyrage.x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def is_public_key(text: str) -> bool:
    try:
        pyrage.x25519.Recipient.from_str(text)
    except Exception:  # pyrage's RecipientError or ValueError
        return False
    return text.startswith(PUBLIC_KEY_PREFIX)


# -- sealing and opening ------------------------------------------------------------------


def open_sealed(data: bytes) -> bytes | None:
    """The clear bytes of a sealed file, or None when no key of this process opens it.

    Raises `VaultError` when the file is not an age file at all (damaged, or
    clear text saved under a sealed name)."""
    if not data.lstrip().startswith(ARMOUR_START) and not data.startswith(b"age-encryption.org/"):
        raise VaultError("vault.not_sealed")
    keys = identities()
    if not keys:
        return None
    try:
        return pyrage.decrypt(data, list(keys))
    except Exception:  # pyrage.DecryptError: none of our keys is a recipient (or the file is damaged)
        return None


def seal(data: bytes, public_keys: list[str]) -> bytes:
    """`data` encrypted to every public key, ASCII-armoured (a text file git and web editors handle)."""
    recipients = [pyrage.x25519.Recipient.from_str(key) for key in sorted(set(public_keys))]
    return pyrage.encrypt(data, recipients, armored=True)


# -- who reads what ---------------------------------------------------------------------


@dataclass(frozen=True)
class Readers:
    """The public keys a restricted file is sealed to, and the readers who have no key yet."""

    keys: tuple[str, ...]
    without_key: tuple[str, ...]


def readers_of(folder: str, stem: str, org, build_key: str | None, account_keys: dict[str, str]) -> Readers:
    """Who reads `<folder>/<stem>.yaml` of a cycle with this org: the build, the organisers and, for a
    section's organizational file, its leaders."""
    accounts = list(org.organisers)
    if folder == "organizational":
        accounts += [s.leader_account for s in org.sections if s.id == stem and s.leader_account]
    keys = [account_keys[a] for a in accounts if a in account_keys]
    if build_key:
        keys.append(build_key)
    missing = tuple(sorted({a for a in accounts if a not in account_keys}))
    return Readers(tuple(sorted(set(keys))), missing)
