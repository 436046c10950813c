"""Thai text from characters and where they are drawn: the evidence of the boxes.

A PDF text layer gives each character a box. Where the order or the code of
a character is wrong, its box still tells the truth:

- a mark belongs to the base character its box sits over, wherever the
  content stream put it (visual order ``หนา้``, marks drawn as separate text
  objects that an extractor puts on a line of their own);
- a "space" or an unmapped glyph with ink above a consonant is drawn, so it
  is no space: it is the ring of a sara am whose Unicode was lost;
- a Latin-1 code of a legacy Thai font drawn above a consonant is one of
  its raised tone-mark variants (`orthography.LATIN1_MARKS`);
- characters that share their glyph's pen position with a base came from
  that one glyph (an exporter wrote a whole cluster's text for its first
  glyph; the extractor then split the glyph's box between them, so their
  boxes say nothing): they stay with it, and the same mark drawn again over
  that base is one mark;
- a line break or space the extractor made up between two characters
  drawn side by side on one line is no break: it came from a displaced mark
  or from letter spacing before a character that cannot open a syllable;
- a private-use code of a symbol font is a check box or bullet by the
  font's name (`symbols.symbol_char`).

Coordinates are top-down (``top`` < ``bottom``). `arrange` is pure: the PDF
reader gathers the `PlacedChar`s.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from math import floor
from typing import NamedTuple

from pipeline.thai.chars import TONE_LIKE, is_thai_consonant
from pipeline.thai.glyphs import PUA_TO_THAI
from pipeline.thai.orthography import LATIN1_MARKS, MARKS, NIKHAHIT, SARA_AA, TONES
from pipeline.thai.symbols import symbol_char

_MARKS = frozenset(MARKS)
_TONES = frozenset(TONES)
_FOLLOWING = frozenset("\u0e30\u0e32\u0e33\u0e45")  # following vowels: never open a syllable
_SPACES = frozenset(" \u00a0")
# How far a mark's middle may stand from its base's (in the base's ink heights:
# a line's em box is too loose a measure with some fonts), and the slack of
# the horizontal overlap test (in em).
SAME_LINE_HEIGHTS = 1.6
OVERLAP_SLACK_EM = 0.06
# How far (in em) apart two characters on one line may be for a made-up break between them to go.
JOIN_FOLLOWING_EM = 1.0
JOIN_AFTER_MARK_EM = 0.3
SEARCH_WINDOW = 150  # characters either side where a displaced mark's base is looked for


class PlacedChar(NamedTuple):
    ch: str
    x0: float
    x1: float
    top: float
    bottom: float
    em: float  # the font's line height at this size; 0 when unknown
    generated: bool = False  # made up by the extractor (line breaks, gap spaces)
    font: str = ""  # only needed for private-use and Latin-1 codes
    origin: tuple[float, float] | None = None  # pen position of the glyph the character comes from
    advance: tuple[float, float] | None = None  # left and right of the glyph's advance (its loose box)


@dataclass
class Placement:
    """What the evidence says about each character of a page."""

    chars: list[PlacedChar]  # a glyph split between characters has its whole box on its base
    glyphs: list[str]  # each character's code, corrected where its box or font says otherwise
    marks_of: dict[int, list[str]]  # base index -> the marks drawn over or under it
    moved: set[int]  # marks given to a base, or dropped as twins: not written where they stand
    counts: Counter[str]  # repairs made, by kind

    def marks(self, i: int) -> str:
        """The marks of base `i` in Thai typing order (vowels before tone marks)."""
        held = self.marks_of.get(i)
        if not held:
            return ""
        return held[0] if len(held) == 1 else "".join(sorted(held, key=_RANK.__getitem__))


def arrange(chars: Sequence[PlacedChar]) -> tuple[str, Counter[str]]:
    """The page's text in logical order, and the repairs made, counted by kind."""
    return text_of(place(chars))


def text_of(placement: Placement) -> tuple[str, Counter[str]]:
    """The text a placement spells in logical order, and its repairs with those made writing it.

    The placement's own counts stay as they were: a reader that also builds
    cells from it counts its repairs without the separators this drops.
    """
    written = replace(placement, counts=Counter(placement.counts))
    return _emit(written), written.counts


def place(chars: Sequence[PlacedChar]) -> Placement:
    """Give every mark to the base it is drawn with; read codes their box or font corrects."""
    counts: Counter[str] = Counter()
    chars = _whole_glyphs(chars)
    glyphs = _read_codes(chars, counts)
    marks_of: dict[int, list[str]] = {}
    ghosts: set[int] = set()  # bases whose own code already spelled their whole cluster
    moved: set[int] = set()  # indices of marks emitted with a base (or dropped), not where they stand
    last_base: int | None = None
    index = _Consonants(chars, glyphs)  # built when a mark's box first needs it
    seen = 0  # characters before this one are accounted for in `last_base`
    # Only marks and maybe-marks need a decision; the characters between them only move `last_base`.
    for i in [i for i, g in enumerate(glyphs) if g in _MARK_LIKE]:
        last_base = _last_base(chars, glyphs, seen, i, last_base)
        seen = i + 1
        c, ch = chars[i], glyphs[i]
        if c.generated:
            continue
        if ch not in _MARKS:
            if ch in _MAYBE_MARKS:
                target = _drawn_mark_base(i, last_base, chars, glyphs, index)
            else:
                target = None
            if target is None:
                if ch not in _SPACES and ch not in "\r\n":
                    last_base = i
                continue
            if ch == "\ufffd":
                if target in ghosts:  # a mark drawn again after its cluster was spelled: a twin
                    counts["doubled_mark"] += 1
                    moved.add(i)
                continue
            counts["latin1_in_thai"] += 1
            ch = glyphs[i] = LATIN1_MARKS[ord(ch)]
        elif last_base is not None and _same_glyph(c, chars[last_base]):
            target = last_base
            ghosts.add(target)
        else:
            target = _base_of(i, last_base, chars, glyphs, index)
            if target is None:
                continue
        if target != last_base:
            counts["mark_order"] += 1
        held = marks_of.setdefault(target, [])
        if ch in held:
            counts["doubled_mark"] += 1
        else:
            held.append(ch)
        moved.add(i)
    return Placement(chars, glyphs, marks_of, moved, counts)


# Codes that may be a mark drawn above a consonant: legacy Latin-1 variants, unmapped glyphs.
_MAYBE_MARKS = frozenset([chr(code) for code in LATIN1_MARKS] + ["\ufffd"])
_MARK_LIKE = _MARKS | _MAYBE_MARKS


def _last_base(chars: Sequence[PlacedChar], glyphs: list[str], start: int, i: int, current: int | None) -> int | None:
    """The last base before `i` among characters `start`..`i`-1 (neither marks nor maybe-marks), else `current`."""
    for k in range(i - 1, start - 1, -1):
        g = glyphs[k]
        if g not in _MARKS and g not in _SPACES and g not in "\r\n" and not chars[k].generated:
            return k
    return current


def _drawn_mark_base(
    i: int, last_base: int | None, chars: Sequence[PlacedChar], glyphs: list[str], index: _Consonants
) -> int | None:
    """The consonant a maybe-mark is drawn above, if it is drawn above one."""
    target = _base_of(i, last_base, chars, glyphs, index)
    if target is None or not is_thai_consonant(glyphs[target]) or not _inked_above(chars[i], chars[target], 1.0):
        return None
    return target


def _whole_glyphs(chars: Sequence[PlacedChar]) -> list[PlacedChar]:
    """Give a base the box of its whole glyph where the extractor split it between its characters."""
    out = list(chars)
    n = len(out)
    for i in [i for i, c in enumerate(out) if c.origin is not None and c.ch not in _MARKS]:
        head = out[i]
        j = i + 1
        while j < n and out[j].origin == head.origin and out[j].ch in _MARKS and not out[j].generated:
            j += 1
        if j - i > 1:
            out[i] = head._replace(x1=max(c.x1 for c in out[i:j]))
    return out


def _same_glyph(mark: PlacedChar, base: PlacedChar) -> bool:
    """Does a mark come from its base's own glyph (one code spelling a whole cluster)?

    A mark glyph of its own is drawn after the base, at the pen position the
    base's advance moved to; only a character of the base's glyph starts where the base does.
    """
    return mark.origin is not None and mark.origin == base.origin


_CORRECTABLE = frozenset(" \u00a0\ufffd\r\n")


def _read_codes(chars: Sequence[PlacedChar], counts: Counter[str]) -> list[str]:
    """Each character's code, corrected where its box and font say otherwise."""
    out = [c.ch for c in chars]
    last: int | None = None  # the last base so far
    seen = 0  # characters before this one are accounted for in `last`
    # Most characters stay as they are: only spaces, breaks, unmapped and private-use codes are read again.
    for i in [i for i, ch in enumerate(out) if ch in _CORRECTABLE or "\ue000" <= ch <= "\uf8ff"]:
        for k in range(i - 1, seen - 1, -1):
            if out[k] not in _MARKS:
                last = k
                break
        seen = i + 1
        c, ch = chars[i], out[i]
        if c.generated or ch in "\r\n":
            continue
        if ord(ch) in PUA_TO_THAI:  # a glyph variant: the character it stands for, placed by its box
            ch = chr(PUA_TO_THAI[ord(ch)])
            counts["pua_glyph"] += 1
        if ch in _SPACES or ch == "\ufffd":
            if last is not None and _inked_above(c, chars[last]) and _ring_fits(chars, i, ch):
                counts["lost_sara_am"] += 1
                ch = NIKHAHIT
        elif "\ue000" <= ch <= "\uf8ff" and c.font:
            symbol = symbol_char(ch, c.font)
            if symbol is not None:
                counts["symbol_glyph"] += 1
                ch = symbol
        if ch not in _MARKS and ch not in _SPACES:
            last = i
        out[i] = ch
    return out


def _inked_above(c: PlacedChar, base: PlacedChar, slack_em: float = 0.25) -> bool:
    """Is `c` drawn (it has ink) above `base`, within its width (give or take `slack_em`)?"""
    if c.x1 <= c.x0 or c.bottom <= c.top or base.bottom <= base.top:
        return False
    height = base.bottom - base.top
    slack = slack_em * (c.em or height)
    return (
        c.bottom <= base.top + 0.25 * height
        and c.bottom >= base.top - height
        and c.x0 < base.x1 + slack
        and c.x1 > base.x0 - slack
    )


def _ring_fits(chars: Sequence[PlacedChar], i: int, ch: str) -> bool:
    """A drawn space is a ring anywhere; an unmapped glyph only before (a tone and) sara aa."""
    if ch != "\ufffd":
        return True
    following = [c.ch for c in chars[i + 1 : i + 3] if not c.generated]
    return bool(following) and (following[0] == SARA_AA or (following[0] in _TONES and following[1:2] == [SARA_AA]))


def _overlap(mark: PlacedChar, base: PlacedChar) -> float:
    slack = OVERLAP_SLACK_EM * (base.em or (base.bottom - base.top))
    return min(mark.x1, base.x1 + slack) - max(mark.x0, base.x0 - slack)


def _same_line(mark: PlacedChar, base: PlacedChar) -> bool:
    """Is a mark drawn near enough above or below a base to be its own (in the base's ink heights)?"""
    height = base.bottom - base.top
    return abs((mark.top + mark.bottom) / 2 - (base.top + base.bottom) / 2) < SAME_LINE_HEIGHTS * height


def _nearer(mark: PlacedChar, a: PlacedChar, b: PlacedChar) -> bool:
    middle = (mark.top + mark.bottom) / 2
    return abs((a.top + a.bottom) / 2 - middle) < abs((b.top + b.bottom) / 2 - middle)


class _Consonants:
    """Consonants by horizontal position, so a displaced mark's candidates are found without a scan.

    Most marks sit over the base before them and never ask; the first few
    questions of a page scan the characters around the mark instead, and
    the index is built only for a page that keeps asking.
    """

    def __init__(self, chars: Sequence[PlacedChar], glyphs: list[str]):
        self.chars, self.glyphs = chars, glyphs
        self.buckets: dict[int, list[int]] | None = None
        self.asked = 0

    def _build(self) -> dict[int, list[int]]:
        buckets: dict[int, list[int]] = {}
        chars = self.chars
        for j in [j for j, g in enumerate(self.glyphs) if is_thai_consonant(g)]:
            c = chars[j]
            if not c.generated and c.x1 > c.x0:
                for b in range(floor(c.x0 / _BUCKET), floor(c.x1 / _BUCKET) + 1):
                    buckets.setdefault(b, []).append(j)
        return buckets

    def near(self, mark: PlacedChar, i: int) -> list[int]:
        """Consonants within `SEARCH_WINDOW` characters of mark `i` whose buckets meet the mark's (give or
        take two), in stream order."""
        slack = 2 * _BUCKET
        low, high = floor((mark.x0 - slack) / _BUCKET), floor((mark.x1 + slack) / _BUCKET)
        self.asked += 1
        if self.buckets is None and self.asked <= _SCAN_FIRST:
            chars, glyphs = self.chars, self.glyphs
            found = []
            for j in range(max(0, i - SEARCH_WINDOW + 1), min(len(chars), i + SEARCH_WINDOW)):
                if is_thai_consonant(glyphs[j]):
                    c = chars[j]
                    if (
                        not c.generated
                        and c.x1 > c.x0
                        and floor(c.x0 / _BUCKET) <= high
                        and floor(c.x1 / _BUCKET) >= low
                    ):
                        found.append(j)
            return found
        if self.buckets is None:
            self.buckets = self._build()
        near: set[int] = set()
        for b in range(low, high + 1):
            column = self.buckets.get(b)
            if column:  # in stream order: the window is a slice, not the whole page's column
                start = bisect_right(column, i - SEARCH_WINDOW)
                near.update(column[start : bisect_left(column, i + SEARCH_WINDOW, start)])
        return sorted(near)


_SCAN_FIRST = 8  # questions a page's consonants answer by a scan before they are indexed
_BUCKET = 6.0  # pt


def _base_of(
    i: int, last_base: int | None, chars: Sequence[PlacedChar], glyphs: list[str], index: _Consonants
) -> int | None:
    """The base a mark belongs to: the one before it, unless its box sits over another consonant."""
    mark = chars[i]
    if mark.x1 <= mark.x0:
        return last_base  # no box to go by
    width = mark.x1 - mark.x0
    own = _overlap(mark, chars[last_base]) if last_base is not None else 0.0
    if last_base is not None and own >= 0.5 * width and _same_line(mark, chars[last_base]):
        return last_base
    best, best_overlap = last_base, own if last_base is not None and _same_line(mark, chars[last_base]) else 0.0
    for j in index.near(mark, i):
        c = chars[j]
        if j == last_base or not _same_line(mark, c):
            continue
        amount = _overlap(mark, c)
        if amount > best_overlap + 1e-6 or (
            best is not None
            and best != last_base
            and abs(amount - best_overlap) <= 1e-6
            and _nearer(mark, c, chars[best])
        ):
            best, best_overlap = j, amount
    return best


_RANK = {ch: (1 if ch in TONE_LIKE else 0) for ch in MARKS}


def _emit(placement: Placement) -> str:
    chars, glyphs, moved, counts = placement.chars, placement.glyphs, placement.moved, placement.counts
    marks_of = placement.marks_of
    out: list[str] = []
    previous: PlacedChar | None = None
    gap: list[str] = []  # made-up separators since the last character written
    gap_had_mark = False
    for i, c in enumerate(chars):  # once per character of a page: tests inline, marks only where held
        ch = glyphs[i]
        if i in moved:
            gap_had_mark = True
            continue
        if c.generated or ch in "\r\n":
            gap.append(ch)
            continue
        if gap:
            out.append(_resolve_gap(gap, previous, c, ch, gap_had_mark, counts))
            gap = []
        gap_had_mark = False
        out.append(ch)
        if i in marks_of:
            out.append(placement.marks(i))
        if ch not in _SPACES:
            previous = c
    if gap:
        out.append(_collapse(gap))
    return "".join(out).replace("\ufffe", "-")


def _resolve_gap(
    gap: list[str], previous: PlacedChar | None, c: PlacedChar, ch: str, had_mark: bool, counts: Counter[str]
) -> str:
    """Drop made-up separators between two characters drawn side by side on one line."""
    if previous is not None and previous.em and _level(previous, c) < 0.3 * previous.em:
        distance = c.x0 - previous.x1
        limit = JOIN_FOLLOWING_EM if ch in _FOLLOWING else JOIN_AFTER_MARK_EM if had_mark else None
        if limit is not None and -0.3 * previous.em < distance < limit * previous.em:
            counts["split_line" if "\n" in gap or "\r" in gap else "stray_space"] += 1
            return ""
    return _collapse(gap)


def _level(a: PlacedChar, b: PlacedChar) -> float:
    """How far apart two characters stand vertically: by their tops or their feet, the nearer."""
    return min(abs(a.top - b.top), abs(a.bottom - b.bottom))


def _collapse(gap: list[str]) -> str:
    text = "".join(gap).replace("\r\n", "\n").replace("\r", "\n")
    while "\n\n" in text:
        text = text.replace("\n\n", "\n")
    return text
