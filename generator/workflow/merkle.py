"""A Merkle tree over a cycle's files, in a few lines of hashlib (RFC 6962's shape).

Each file is a leaf: SHA-256(0x00 ‖ path ‖ 0x00 ‖ SHA-256(file)), the leaves in
the order of their paths; a node is SHA-256(0x01 ‖ left ‖ right), and an odd
node at the end of a level moves up as it is.  The prefixes keep a leaf from
passing for a node.  An inclusion proof is the list of siblings from the leaf
up to the root, each with its side: with the file, its path, the proof and
the root, anyone can check with hashlib alone that the file is one of the
files signed (content/guide/closing.md shows the dozen lines).
"""

from __future__ import annotations

import hashlib

LEAF, NODE = b"\x00", b"\x01"


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def leaf_hash(path: str, digest: str) -> bytes:
    return hashlib.sha256(LEAF + path.encode("utf-8") + b"\x00" + bytes.fromhex(digest)).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE + left + right).digest()


def levels(files: dict[str, str]) -> list[list[bytes]]:
    """Every level of the tree over `files` (path -> SHA-256 hex), leaves first, the root's level last."""
    level = [leaf_hash(path, files[path]) for path in sorted(files)]
    found = [level]
    while len(level) > 1:
        level = [node_hash(level[i], level[i + 1]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)]
        found.append(level)
    return found


def root(files: dict[str, str]) -> str:
    """The root of the tree over `files`, hex; an empty tree's root is SHA-256 of nothing."""
    if not files:
        return hashlib.sha256(b"").hexdigest()
    return levels(files)[-1][0].hex()


class Tree:
    """The tree over `files`, built once: proofs of many files (a notice per person) cost a lookup each."""

    def __init__(self, files: dict[str, str]):
        self.position = {path: index for index, path in enumerate(sorted(files))}
        self.levels = levels(files) if files else [[]]

    def proof(self, path: str) -> list[str]:
        """The siblings from `path`'s leaf to the root, each written 'L:<hex>' or 'R:<hex>' (the side it joins from)."""
        index = self.position[path]
        steps = []
        for level in self.levels[:-1]:
            sibling = index ^ 1
            if sibling < len(level):
                steps.append(("L:" if sibling < index else "R:") + level[sibling].hex())
            index //= 2
        return steps


def inclusion_proof(files: dict[str, str], path: str) -> list[str]:
    """The inclusion proof of one file (see `Tree.proof`)."""
    return Tree(files).proof(path)


def root_from_proof(path: str, digest: str, proof: list[str]) -> str:
    """The root a file's proof leads to: equal to the signed root exactly when the file is the one signed."""
    node = leaf_hash(path, digest)
    for step in proof:
        side, _, sibling = step.partition(":")
        node = node_hash(bytes.fromhex(sibling), node) if side == "L" else node_hash(node, bytes.fromhex(sibling))
    return node.hex()
