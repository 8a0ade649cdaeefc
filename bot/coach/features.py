"""Hashed word and character n-gram features of sentences, for the coach's linear model.

One function, `featurize`, serves both training and inference, so the two can never drift
apart. A sentence is normalised (lower case, mentions, links and digits folded), then split into
word 1-2-grams and character 3-5-grams (across word boundaries, so "me," and "on me" count).
Each n-gram is hashed with a polynomial hash in numpy's wrapping uint64 arithmetic and folded
into one of `2**BITS` buckets; nothing is stored per n-gram, so unseen words cost nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

BITS = 19
BUCKETS = 1 << BITS
CHAR_SIZES = (3, 4, 5)
# A block's values are 1/sqrt(max(n, floor)) for its n distinct buckets: the floor (words,
# characters) keeps a two-word "Sorry." from weighing each n-gram as much as a whole sentence.
FLOORS = np.array([8, 60])

# Slack markup that says nothing about tone, folded so "<@U07ABC>" and "<@U09XYZ>" look alike.
_MENTION = re.compile(r"<@[^>\s]*>|(?<!\w)@[\w.-]+")
_CHANNEL = re.compile(r"<#[^>\s]*>")
_LINK = re.compile(r"<?https?://[^\s>]+>?")
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_WORD = re.compile(r"[a-z0-9@#]+(?:'[a-z]+)?")
# Between sentences in the joined text; never part of an n-gram.
_SEP = "\x01"

_P = 0x100000001B3  # the 64-bit FNV prime: odd, so invertible modulo 2**64
_P_INV = pow(_P, -1, 1 << 64)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of h * _MIX are the bucket
_SHIFT = np.uint64(64 - BITS)
_BIGRAM = np.uint64(0xC2B2AE3D27D4EB4F)
# Per n-gram type, so "the" as a word and "the" as characters land in different buckets.
_SALT = {name: np.uint64(n * 0x165667B19E3779F9 + 1) for n, name in enumerate(("w1", "w2", "c"))}


def _fold(text: str) -> str:
    """Lower case, straight quotes, runs of spaces as one; mentions, channels, links, digits
    folded. Nothing here reaches across " \x01 ", so a joined text folds as its parts do."""
    s = text.translate(_QUOTES)
    s = _LINK.sub(" link ", s)
    s = _MENTION.sub(" @someone ", s)
    s = _CHANNEL.sub(" #channel ", s)
    s = _DIGIT.sub("0", s.lower())
    return _SPACE.sub(" ", s)


def normalise(sentence: str) -> str:
    """Lower case, straight quotes, one space; mentions, channels, links, digits folded."""
    return _fold(sentence).strip()


def _powers(base: int, n: int) -> np.ndarray:
    """base**0 .. base**(n-1) modulo 2**64, shape (n,)."""
    powers = np.full(n, base, dtype=np.uint64)
    powers[0] = 1
    return np.cumprod(powers, dtype=np.uint64)


def _bucket(hashes: np.ndarray, salt: np.uint64) -> np.ndarray:
    return ((hashes + salt) * _MIX) >> _SHIFT


def featurize(sentences: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sparse features of `sentences` as (row, bucket, value) arrays of equal length, sorted
    by row.

    row (int64) indexes `sentences`; bucket (int64) is in [0, BUCKETS); value (float32) is
    1/sqrt(n) for each of the n distinct word buckets of a row and likewise for its character
    buckets, so each block has unit L2 norm whatever the sentence length. A bucket shared by a
    word and a character n-gram appears twice in a row; consumers sum the two.
    """
    # Folded once as a whole: five regex passes, not five per sentence.
    text = _SEP + _fold("".join(f" {s} {_SEP}" for s in sentences))
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes)
    row = np.cumsum(codes == ord(_SEP)) - 1  # sentence of each character; -1 on separators
    row[codes == ord(_SEP)] = -1
    # prefix[i] = hash of text[:i]; hash of text[a:b] = prefix[b] - prefix[a] * P**(b-a)
    up = _powers(_P, n + 1)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    prefix[1:] = up[:n] * np.cumsum(codes * _powers(_P_INV, n), dtype=np.uint64)

    rows, buckets, blocks = [], [], []
    for size in CHAR_SIZES:
        starts = np.arange(n - size + 1)
        ok = (row[starts] >= 0) & (row[starts] == row[starts + size - 1])
        starts = starts[ok]
        rows.append(row[starts])
        buckets.append(_bucket(prefix[starts + size] - prefix[starts] * up[size], _SALT["c"]))
        blocks.append(np.ones(len(starts), dtype=np.int64))

    spans = np.array([m.span() for m in _WORD.finditer(text)], dtype=np.int64).reshape(-1, 2)
    a, b = spans[:, 0], spans[:, 1]
    words = prefix[b] - prefix[a] * up[b - a]
    rows.append(row[a])
    buckets.append(_bucket(words, _SALT["w1"]))
    same = row[a[:-1]] == row[a[1:]]
    rows.append(row[a[:-1]][same])
    buckets.append(_bucket(words[:-1][same] * _BIGRAM + words[1:][same], _SALT["w2"]))
    blocks += [np.zeros(len(a), dtype=np.int64), np.zeros(int(same.sum()), dtype=np.int64)]

    r = np.concatenate(rows)
    k = np.concatenate(buckets).astype(np.int64)
    blk = np.concatenate(blocks)
    # One key per (row, block, bucket): presence, not counts, so a repeated word weighs once.
    # Sorted and deduplicated by hand: np.unique's hash path is 20x slower on these sizes.
    key = np.sort((r << (BITS + 1)) | (blk << BITS) | k)
    key = key[np.concatenate(([True], key[1:] != key[:-1]))]
    r, blk, k = key >> (BITS + 1), (key >> BITS) & 1, key & (BUCKETS - 1)
    group = r * 2 + blk
    sizes = np.bincount(group, minlength=2 * len(sentences))
    sizes = np.maximum(sizes.reshape(-1, 2), FLOORS).reshape(-1)
    value = (1.0 / np.sqrt(sizes[group])).astype(np.float32)
    return r, k, value
