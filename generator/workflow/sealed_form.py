"""Whether a file is sealed, told without a key: the shape of age's ASCII armour.

The gate holds no key, yet must not let clear text into a restricted folder
under a sealed name (`mishu.yaml.age` holding the YAML itself would put the
tallies in the history).  An armoured age file is a header line, base64 lines
of at most 64 characters and a footer; its first decoded bytes are age's
version line.  Whatever passes this holds no clear YAML (the body decodes to
age's header and ciphertext); whether it opens is checked where a key is.
"""

from __future__ import annotations

import base64
import binascii
import re

BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----"
END = "-----END AGE ENCRYPTED FILE-----"
AGE_VERSION_LINE = b"age-encryption.org/v1\n"
BASE64_LINE = re.compile(r"[A-Za-z0-9+/]{1,64}={0,2}")


def is_age_armour(data: bytes) -> bool:
    """Whether `data` is one ASCII-armoured age file (surrounding whitespace and CRLF line ends allowed)."""
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        return False
    lines = text.strip().replace("\r\n", "\n").split("\n")
    if len(lines) < 3 or lines[0] != BEGIN or lines[-1] != END:
        return False
    body = lines[1:-1]
    if not all(BASE64_LINE.fullmatch(line) for line in body) or any(len(line) != 64 for line in body[:-1]):
        return False
    try:
        decoded = base64.b64decode("".join(body), validate=True)
    except (binascii.Error, ValueError):
        return False
    header, _, _ = decoded.partition(b"\n--- ")
    return decoded.startswith(AGE_VERSION_LINE) and b"\n-> " in header and len(decoded) > len(header) + 5
