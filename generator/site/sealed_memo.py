"""Sealed blocks kept between builds: a restricted block whose inputs are unchanged is not converted and sealed again.

Turning a restricted block's Markdown into HTML costs a few milliseconds per
person (a sealed cycle of 1,000 people: ~5 s of every rebuild, even when one
scorecard changed).  A block's sealed form is a function of its inputs and
the secret (`seal.sealed_block` derives its keys and nonces), so it is kept
in `.portal/sealed/<cycle>.json`, looked up by an HMAC of everything the
block is made from — its page, id, Markdown, readers, public unlock form, the
site's URL style, the keyring's salt and iterations, and the generator's and
libraries' versions — under a key derived from the secret.

What is kept is what the site publishes anyway (ciphertext and the unlock
form).  The lookup keys reveal nothing of the text to anyone without the
secret, and each entry carries an HMAC of its key and value under the same
derived key: nobody without the secret can make or alter an entry that a
build would use (a planted one is ignored).  A build keeps only the entries
it used, so the file follows the cycle's size.
`portal build --force` looks nothing up and keeps what it makes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import tempfile
from pathlib import Path

from ..pipeline.reuse import code_fingerprint
from .seal import Keyring
from .secret import derive


class SealedMemo:
    """The sealed blocks of one cycle kept from the last build, and those made or used in this one."""

    def __init__(self, path: Path, keyring: Keyring, fresh: bool = False):
        self.path = path
        self.secret = derive(keyring.secret, "sealed-memo", keyring.cycle_id)
        self.context = [keyring.cycle_id, base64.b64encode(keyring.salt).decode("ascii"), str(keyring.iterations),
                        code_fingerprint()]
        self.kept = {} if fresh else self.read()
        self.used: dict[str, str] = {}

    def read(self) -> dict[str, list]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def tag(self, key: str, sealed: str) -> str:
        return hmac.new(self.secret, f"{key}\0{sealed}".encode(), hashlib.sha256).hexdigest()

    def key(self, *parts: str) -> str:
        """The lookup key of a block made from `parts` (and this cycle's keyring and code)."""
        message = "\0".join(f"{len(part)}:{part}" for part in [*self.context, *parts]).encode("utf-8")
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def get(self, key: str) -> str | None:
        """The sealed block kept under `key`, if its tag shows this secret made it."""
        entry = self.kept.get(key)
        if not (isinstance(entry, list) and len(entry) == 2 and all(isinstance(part, str) for part in entry)):
            return None
        tag, sealed = entry
        if not hmac.compare_digest(tag, self.tag(key, sealed)):
            return None
        self.used[key] = sealed
        return sealed

    def put(self, key: str, sealed: str) -> None:
        self.used[key] = sealed

    def save(self) -> None:
        """Keep the entries this build used (atomically; a memo that cannot be written only costs time)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.path.parent, prefix=".sealed-",
                                             delete=False) as out:
                json.dump({key: [self.tag(key, sealed), sealed] for key, sealed in self.used.items()}, out, ensure_ascii=False)
            os.replace(out.name, self.path)
        except OSError:
            return
