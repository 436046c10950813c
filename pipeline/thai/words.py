"""Which of two readings of a damaged Thai run is made of known words.

PyThaiNLP's word list and its dictionary segmenter (newmm) are loaded on the
first question only: most documents never ask one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache


@lru_cache(maxsize=1)
def _dictionary() -> tuple[Callable[..., list[str]], frozenset[str]]:
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize

    return word_tokenize, frozenset(thai_words())


def coverage(text: str) -> int:
    """How many characters of `text` fall inside dictionary words."""
    tokenize, words = _dictionary()
    return sum(len(w) for w in tokenize(text, engine="newmm", keep_whitespace=False) if w in words)


def prefer(candidates: list[str]) -> int:
    """The index of the candidate with the most dictionary coverage; the first on a tie."""
    scores = [coverage(c) for c in candidates]
    return scores.index(max(scores))
