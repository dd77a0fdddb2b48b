"""Counting in bit masks: which of thousands of claims hold how many of a few words or letter
pairs, as a few dozen operations on ints as wide as the claims, rather than a loop over claims.

A long article's look-alike names and quotes over one vocabulary share their words and letter
pairs with thousands of others; a claim's bit in a mask per word (or pair) lets `at_least` count,
for every claim at once, how many of the wanted ones it holds, at the speed of a machine word per
64 claims.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def bit_mask(positions: Iterable[int], width: int) -> int:
    """An int with the given bits set, built in one pass (setting bit by bit copies the int each
    time: quadratic in the names of a long article)."""
    bits = bytearray((width + 7) // 8)
    for p in positions:
        bits[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(bits, "little")


def set_bits(mask: int) -> list[int]:
    """The positions of the bits set in `mask`, lowest first."""
    digits, found = bin(mask)[:1:-1], []
    k = digits.find("1")
    while k != -1:
        found.append(k)
        k = digits.find("1", k + 1)
    return found


def at_least(sets: Sequence[int], full: int, fewest: int) -> list[int]:
    """levels[k]: the members of `full` (a bit mask) in at least k of `sets`, for every k from
    `fewest` to len(sets) (levels below `fewest` are left incomplete: a member can only reach
    `fewest` through them while enough sets remain). A counter in bits: one pass, each set
    adding its members to each level, as wide an operation as the names of one length."""
    levels = [full] + [0] * len(sets)
    for seen, members in enumerate(sets, 1):
        if not members:
            continue
        lowest = max(1, fewest - (len(sets) - seen))
        for k in range(seen, lowest - 1, -1):
            levels[k] |= levels[k - 1] & members
    return levels
