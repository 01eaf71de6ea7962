"""Restricted files at rest (contract v1.2, "The repository is an audience too").

`democratic/`, `organizational/`, `objections/` and `appeals/` of a cycle are
stored sealed: a whole file encrypted with age (X25519, ASCII-armoured) to
its readers' public keys, named `<name>.yaml.age`.  The readers are listed in
`scorecards/recipients.yaml`; who reads which file follows org.yaml (the
organisers read every restricted file, a section's leaders its
organizational file, and the build of the protected branch everything).
"""

from __future__ import annotations

from pathlib import PurePosixPath

RESTRICTED_FOLDERS = ("democratic", "organizational", "objections", "appeals")
SEALED_SUFFIX = ".age"
"""A sealed file is `<folder>/<name>.yaml.age`: the clear file's name plus this suffix."""
RECIPIENTS_FILE = "scorecards/recipients.yaml"


def is_restricted(path: str) -> bool:
    """Whether a portal-relative path (scorecards/<cycle>/<folder>/<file>) lies in a restricted folder."""
    parts = PurePosixPath(path).parts
    return len(parts) == 4 and parts[0] == "scorecards" and parts[2] in RESTRICTED_FOLDERS


def is_sealed_name(name: str) -> bool:
    """Whether a file name is the sealed form of a YAML file (`mishu.yaml.age`)."""
    return name.endswith((".yaml" + SEALED_SUFFIX, ".yml" + SEALED_SUFFIX))
