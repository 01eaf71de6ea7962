"""Sealing restricted content: AES-256-GCM under a fresh key per block, that key wrapped for each reader.

Why our own and not mkdocs-encryptcontent-plugin (see content/guide/access.md):
the seal is applied while the pages are rendered, so no site engine, search
indexer (Material's lunr, Pagefind) or sitemap ever sees restricted text in
clear; one page mixes public text (三亮) and a sealed block; the browser runs
one key derivation per code however many readers a block has; blocks are
authenticated (GCM), and nothing derived from a code is stored in clear on
disk.

The scheme, per cycle:

- salt = HMAC(secret, "salt", cycle)[:16]; every holder's key-encryption key
  is KEK = PBKDF2-SHA256(code, salt, ITERATIONS, 32 bytes) — the same
  derivation the browser runs (WebCrypto) on the code typed in;
- each block has its content key K = HMAC(secret, "content", cycle, block,
  SHA-256(plaintext)): a new key whenever the text changes, so the fixed
  nonce is never reused with another plaintext and the same input gives the
  same bytes (reproducible builds);
- the block is AES-GCM(K, plaintext); K is wrapped as AES-GCM(KEK, K) for
  every reader of the block (the person, their section's leaders, the
  organisers), the wrapped keys in a fixed order that says nothing of whose
  they are.  The browser tries its KEK on each wrapped key; GCM tells a
  wrong code at once.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .codes import Holder, code_for, derive, normalise

ITERATIONS = 600_000  # PBKDF2-SHA256; OWASP's 2023 figure for passwords, ~0.3-1.5 s in a browser
SALT_BYTES = 16
NONCE_BYTES = 12
WRAP_AAD = b"portal-key"
BOX_AAD = b"portal-content"
CACHE_FORMAT = 1


@dataclass(frozen=True)
class Keyring:
    """What sealing one cycle needs: its salt, every holder's KEK, and the secret (for content keys)."""

    cycle_id: str
    salt: bytes
    keks: dict[str, bytes]
    secret: bytes
    iterations: int = ITERATIONS


def key_from_code(code: str, salt: bytes, iterations: int = ITERATIONS) -> bytes:
    """The KEK a code gives: what the browser computes from the code typed in."""
    return hashlib.pbkdf2_hmac("sha256", normalise(code).encode("ascii"), salt, iterations, 32)


def keyring_for(secret: bytes, cycle_id: str, holders: list[Holder], cache: Path | None = None,
                iterations: int = ITERATIONS) -> Keyring:
    """Every holder's KEK.  PBKDF2 is slow on purpose, so the KEKs are kept in `cache`, itself
    encrypted under a key derived from the secret (without the secret the file is noise)."""
    salt = derive(secret, "salt", cycle_id)[:SALT_BYTES]
    known = read_cache(cache, secret, cycle_id, salt, iterations) if cache else {}
    wanted = [h.id for h in holders if h.id not in known]
    codes = [code_for(secret, cycle_id, holder_id) for holder_id in wanted]
    with ThreadPoolExecutor() as pool:  # hashlib releases the GIL while it derives
        derived = list(pool.map(lambda code: key_from_code(code, salt, iterations), codes))
    keks = {**known, **dict(zip(wanted, derived))}
    keks = {h.id: keks[h.id] for h in holders}
    if cache and wanted:
        write_cache(cache, secret, cycle_id, salt, iterations, keks)
    return Keyring(cycle_id, salt, keks, secret, iterations)


def cache_key(secret: bytes, cycle_id: str) -> bytes:
    return derive(secret, "kek-cache", cycle_id)


def read_cache(path: Path, secret: bytes, cycle_id: str, salt: bytes, iterations: int) -> dict[str, bytes]:
    try:
        data = path.read_bytes()
        plain = AESGCM(cache_key(secret, cycle_id)).decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], cycle_id.encode())
        stored = json.loads(plain)
    except (OSError, ValueError, InvalidTag):
        return {}  # no cache, another secret or a damaged file: derive again
    if stored.get("format") != CACHE_FORMAT or stored.get("salt") != salt.hex() or stored.get("iterations") != iterations:
        return {}
    return {holder: bytes.fromhex(kek) for holder, kek in stored["keks"].items()}


def write_cache(path: Path, secret: bytes, cycle_id: str, salt: bytes, iterations: int, keks: dict[str, bytes]) -> None:
    import os

    plain = json.dumps({"format": CACHE_FORMAT, "salt": salt.hex(), "iterations": iterations,
                        "keks": {holder: kek.hex() for holder, kek in keks.items()}}).encode()
    nonce = os.urandom(NONCE_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(nonce + AESGCM(cache_key(secret, cycle_id)).encrypt(nonce, plain, cycle_id.encode()))
    path.chmod(0o600)


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
