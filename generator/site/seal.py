"""Sealing restricted content: AES-256-GCM under a fresh key per block, that key wrapped for each reader.

Why our own and not mkdocs-encryptcontent-plugin (see content/guide/access.md):
the seal is applied while the pages are rendered, so no site engine, search
indexer (Material's lunr, Pagefind) or sitemap ever sees restricted text in
clear; one page mixes public text (三亮) and a sealed block; the browser runs
one key derivation per code however many readers a block has; blocks are
authenticated (GCM), and nothing derived from a code is stored in clear on
disk.

The scheme, per cycle (docs/access.md has the arithmetic behind each choice):

- salt = SHA-256("kek-salt", unit name, cycle)[:16]: public, and different
  for every unit and cycle, which is all a salt must be; it is not derived
  from the secret (a value derived from the secret alone was one cheap test
  of a guessed secret per block);
- every holder's key-encryption key is KEK = PBKDF2-HMAC-SHA256(code, salt,
  1 iteration) = HMAC-SHA256(code, salt || 00000001): one HMAC, the same
  derivation the browser runs on the code typed in.  A code has 80 random
  bits, so stretching buys nothing an attacker would notice and costs every
  build and every phone seconds (issue 19);
- each block has its own content key K = HMAC(content key of the secret,
  cycle, block, SHA-256(plaintext)) and nonce HMAC(nonce key, cycle, block,
  K)[:12]: a key encrypts one plaintext only (a new key whenever the text
  changes), so a nonce is never reused with another plaintext, and the same
  secret, text and readers give the same bytes (reproducible builds,
  SIV-style);
- the block is AES-GCM(K, plaintext); K is wrapped as AES-GCM(KEK, K) for
  every reader of the block (the person, their section's leaders, the
  organisers) with nonce HMAC(wrap key, cycle, holder, K)[:12] (the same
  (KEK, nonce) pair only ever wraps the same K), the wrapped keys sorted,
  so their order says nothing of whose they are.  The browser tries its KEK
  on each wrapped key; GCM tells a wrong code at once.
"""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .codes import Holder, code_for, normalise
from .secret import derive

ITERATIONS = 1  # one HMAC per code: codes have 80 random bits (docs/access.md, "Costs and strength")
SALT_BYTES = 16
NONCE_BYTES = 12
WRAP_AAD = b"portal-key"
BOX_AAD = b"portal-content"


@dataclass(frozen=True)
class Keyring:
    """What sealing one cycle needs: its salt, every holder's KEK, and the secret (for content keys)."""

    cycle_id: str
    salt: bytes
    keks: dict[str, bytes]
    secret: bytes
    iterations: int = ITERATIONS


def cycle_salt(unit: str, cycle_id: str) -> bytes:
    """The public salt of a cycle's codes: a hash of the unit's name and the cycle, no secret in it."""
    message = "\0".join(f"{len(part)}:{part}" for part in ("evaluation-portal", "kek-salt", unit, cycle_id))
    return hashlib.sha256(message.encode("utf-8")).digest()[:SALT_BYTES]


def key_from_code(code: str, salt: bytes, iterations: int = ITERATIONS) -> bytes:
    """The KEK a code gives: what the browser computes from the code typed in."""
    return hashlib.pbkdf2_hmac("sha256", normalise(code).encode("ascii"), salt, iterations, 32)


def keyring_for(secret: bytes, cycle_id: str, holders: list[Holder], unit: str, iterations: int = ITERATIONS) -> Keyring:
    """Every holder's KEK (one HMAC each: a thousand holders take milliseconds, so nothing is kept between builds)."""
    salt = cycle_salt(unit, cycle_id)
    keks = {h.id: key_from_code(code_for(secret, cycle_id, h.id), salt, iterations) for h in holders}
    return Keyring(cycle_id, salt, keks, secret, iterations)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def sealed_block(keyring: Keyring, block_id: str, plaintext: str, readers: list[str], audience: str, public_html: str) -> str:
    """The HTML that replaces a restricted block: ciphertext and wrapped keys in attributes (never page text),
    around `public_html` (who may open it, and the form to type a code in)."""
    data = plaintext.encode("utf-8")
    key = derive(keyring.secret, "content", keyring.cycle_id, block_id, hashlib.sha256(data).hexdigest())
    nonce = derive(keyring.secret, "content-nonce", keyring.cycle_id, block_id, key.hex())[:NONCE_BYTES]
    box = nonce + AESGCM(key).encrypt(nonce, data, BOX_AAD)
    wrapped = []
    for holder in dict.fromkeys(readers):
        wrap_nonce = derive(keyring.secret, "wrap-nonce", keyring.cycle_id, holder, key.hex())[:NONCE_BYTES]
        wrapped.append(b64(wrap_nonce + AESGCM(keyring.keks[holder]).encrypt(wrap_nonce, key, WRAP_AAD)))
    return (
        f'<div class="portal-sealed" data-audience="{html.escape(audience)}" data-salt="{b64(keyring.salt)}" '
        f'data-iterations="{keyring.iterations}" data-keys="{" ".join(sorted(wrapped))}" data-box="{b64(box)}">'
        f'{public_html}</div>'
    )


def open_block(code: str, salt: bytes, iterations: int, wrapped: list[str], box: str) -> str | None:
    """What the browser does, in Python (for tests and for checking a built site): the plaintext, or None."""
    kek = key_from_code(code, salt, iterations)
    for entry in wrapped:
        raw = base64.b64decode(entry)
        try:
            key = AESGCM(kek).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], WRAP_AAD)
        except InvalidTag:
            continue
        data = base64.b64decode(box)
        return AESGCM(key).decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], BOX_AAD).decode("utf-8")
    return None
