"""SSH signatures of the closing manifests: signed with `ssh-keygen -Y sign`, checked in pure Python (`sshsig`).

Offices already hold SSH keys (the git host's), and OpenSSH signs files with
them under a namespace, so a signature made for the portal can never pass as
a git commit's or a login's.  Who may sign is the repository's
`closing/allowed_signers` (OpenSSH's format: `account [valid-after=…,valid-before=…] key-type key`);
a key is valid for a manifest when the manifest's signing time lies in its
window.  Checking needs no OpenSSH: `sshsig` verifies the signature with
`cryptography`, and the allowed-signers file is read here, so an auditor with
Python alone can check an archive.
"""

from __future__ import annotations

import datetime
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

NAMESPACE = "evaluation-portal-closing"
ALLOWED_SIGNERS = "closing/allowed_signers"


class SignatureProblem(Exception):
    """A signature that does not hold; `key` and `args` name the message in the catalog."""

    def __init__(self, key: str, **args: object):
        super().__init__(key)
        self.key = key
        self.args_ = args


@dataclass(frozen=True)
class Signer:
    principals: tuple[str, ...]
    key: str  # "key-type base64", as OpenSSH writes a public key
    valid_after: datetime.datetime | None = None
    valid_before: datetime.datetime | None = None

    def valid_at(self, moment: datetime.datetime) -> bool:
        return (self.valid_after is None or moment >= self.valid_after) and (self.valid_before is None or moment < self.valid_before)


def ssh_time(text: str) -> datetime.datetime:
    """OpenSSH's YYYYMMDD[HHMM[SS]] (UTC with a trailing Z, else read as UTC too: a manifest's time is UTC)."""
    text = text.strip('"').rstrip("Zz")
    shape = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}.get(len(text))
    if shape is None:
        raise ValueError(text)
    return datetime.datetime.strptime(text, shape).replace(tzinfo=datetime.UTC)


def read_allowed_signers(text: str) -> list[Signer]:
    """The signers of an allowed_signers file; a line that cannot be read raises ValueError (the file is the trust anchor)."""
    from sshsig.allowed_signers import AllowedSigner

    signers = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parsed = AllowedSigner.parse(line)
        options = parsed.options or {}
        namespaces = options.get("namespaces")
        if namespaces is not None and NAMESPACE not in namespaces.strip('"').split(","):
            continue
        signers.append(Signer(tuple(parsed.principals.split(",")), f"{parsed.key_type} {parsed.base64_key}",
                              ssh_time(options["valid-after"]) if "valid-after" in options else None,
                              ssh_time(options["valid-before"]) if "valid-before" in options else None))
    return signers


def signing_key(armored: bytes, message: bytes) -> str:
    """The public key ("type base64") that made `armored` over `message` in our namespace; SignatureProblem if none did."""
    import sshsig

    try:
        key = sshsig.check_signature(message, armored, NAMESPACE)
    except (sshsig.InvalidSignature, ValueError, NotImplementedError):
        raise SignatureProblem("verify.bad_signature") from None
    return " ".join(key.openssh_str().split()[:2])


def check(message: bytes, armored: bytes, signers: list[Signer], principal: str, moment: datetime.datetime) -> Signer:
    """That `principal` signed `message` with a key allowed for them at `moment`; the signer, or SignatureProblem."""
    key = signing_key(armored, message)
    known = [s for s in signers if s.key == key]
    if not known:
        raise SignatureProblem("verify.unknown_key", principal=principal)
    theirs = [s for s in known if principal in s.principals]
    if not theirs:
        raise SignatureProblem("verify.wrong_signer", principal=principal, others="、".join(known[0].principals))
    valid = [s for s in theirs if s.valid_at(moment)]
    if not valid:
        window = theirs[0]
        raise SignatureProblem("verify.key_expired", principal=principal, moment=moment.isoformat(),
                               before=window.valid_before.isoformat() if window.valid_before else "—",
                               after=window.valid_after.isoformat() if window.valid_after else "—")
    return valid[0]


def sign(message: bytes, key_file: Path) -> bytes:
    """`ssh-keygen -Y sign` of `message` with the private key in `key_file` (an agent's key via its .pub too)."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "manifest"
        target.write_bytes(message)
        done = subprocess.run(["ssh-keygen", "-q", "-Y", "sign", "-f", str(key_file), "-n", NAMESPACE, str(target)],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise SignatureProblem("close.sign_failed", key=str(key_file), reason=(done.stderr or "").strip()[:300])
        return (Path(folder) / "manifest.sig").read_bytes()


def public_key_of(key_file: Path) -> str:
    """The public key ("type base64") of a private key file, from its .pub or from ssh-keygen -y."""
    pub = key_file.with_name(key_file.name + ".pub")
    if pub.is_file():
        text = pub.read_text(encoding="utf-8")
    else:
        done = subprocess.run(["ssh-keygen", "-y", "-f", str(key_file)], capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise SignatureProblem("close.sign_failed", key=str(key_file), reason=(done.stderr or "").strip()[:300])
        text = done.stdout
    return " ".join(text.split()[:2])
