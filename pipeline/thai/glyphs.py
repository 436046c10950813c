"""Repairing Thai text damaged by PDF fonts and text extractors.

Thai fonts made for old renderers (TH SarabunPSK among them) draw tone marks
and upper vowels in lowered or left-shifted positions with extra glyphs in the
Private Use Area, and PDF text layers often carry those code points instead of
the characters they stand for. Extractors also split sara am into nikhahit +
sara aa, put a space before a combining mark, or emit marks out of typing
order. `repair_thai` undoes what is known and lists what is not.

>>> repair_thai("ร\\uf70aาง น\\uf70b\\u0e4d\\u0e32").text
'ร่าง น้ำ'
>>> repair_thai("ก\\ufffdข").issues
(GlyphIssue(offset=1, char='\\ufffd', code='replacement_char'),)
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from pipeline.thai.chars import COMBINING_MARKS, NIKHAHIT, TONE_LIKE, TONES
from pipeline.thai.orthography import find_damage, fix_orthography, has_damage

# The inverse of HarfBuzz's Thai PUA fallback tables: harfbuzz/harfbuzz,
# src/hb-ot-shaper-thai.cc, `thai_pua_shape` (SD_mappings, SDL_mappings,
# SL_mappings, RD_mappings). Each entry is (standard, Windows PUA, Mac PUA);
# the position variants (shifted down, down-left, left; consonant without
# descender) all stand for the same character.
_HARFBUZZ_PUA = (
    # SD: shifted down (tone marks over a short consonant, below vowels under
    # a consonant with a descender)
    (0x0E48, 0xF70A, 0xF88B),
    (0x0E49, 0xF70B, 0xF88E),
    (0x0E4A, 0xF70C, 0xF891),
    (0x0E4B, 0xF70D, 0xF894),
    (0x0E4C, 0xF70E, 0xF897),
    (0x0E38, 0xF718, 0xF89B),
    (0x0E39, 0xF719, 0xF89C),
    (0x0E3A, 0xF71A, 0xF89D),
    # SDL: shifted down and left (tone marks over an ascender consonant)
    (0x0E48, 0xF705, 0xF88C),
    (0x0E49, 0xF706, 0xF88F),
    (0x0E4A, 0xF707, 0xF892),
    (0x0E4B, 0xF708, 0xF895),
    (0x0E4C, 0xF709, 0xF898),
    # SL: shifted left (marks over an ascender consonant)
    (0x0E48, 0xF713, 0xF88A),
    (0x0E49, 0xF714, 0xF88D),
    (0x0E4A, 0xF715, 0xF890),
    (0x0E4B, 0xF716, 0xF893),
    (0x0E4C, 0xF717, 0xF896),
    (0x0E31, 0xF710, 0xF884),
    (0x0E34, 0xF701, 0xF885),
    (0x0E35, 0xF702, 0xF886),
    (0x0E36, 0xF703, 0xF887),
    (0x0E37, 0xF704, 0xF888),
    (0x0E47, 0xF712, 0xF889),
    (0x0E4D, 0xF711, 0xF899),
    # RD: consonant with its descender removed (room for a below vowel)
    (0x0E0D, 0xF70F, 0xF89A),
    (0x0E10, 0xF700, 0xF89E),
)
PUA_TO_THAI: dict[int, int] = {pua: standard for standard, win, mac in _HARFBUZZ_PUA for pua in (win, mac)}

SARA_AA, SARA_AM = "\u0e32", "\u0e33"
SARA_E, SARA_AE = "\u0e40", "\u0e41"


# Thai typing order puts vowels (and nikhahit, which only stands in for the
# first half of sara am) before tone marks; renderers accept either order but
# text comparison does not.
_MARK_RANK = {ch: (1 if ch in TONE_LIKE else 0) for ch in COMBINING_MARKS}

_SPACE_BEFORE_MARK = re.compile(f"[ \u00a0]+(?=[{COMBINING_MARKS}])")
_SPACE_THEN_MARK = re.compile(f"[ \u00a0][{COMBINING_MARKS}]")
_ANY_PUA_VARIANT = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(PUA_TO_THAI)) + "]")
_MARK_RUN = re.compile(f"[{COMBINING_MARKS}]{{2,}}")
# Where `_MARK_RANK` is out of order: most texts have no such pair, and one search says so
# faster than visiting every run of marks.
_TONE_BEFORE_VOWEL = re.compile(f"[{TONE_LIKE}][{''.join(sorted(set(COMBINING_MARKS) - set(TONE_LIKE)))}]")
_SPLIT_AM = re.compile(f"{NIKHAHIT}([{TONES}]?){SARA_AA}")
# A broken ActualText can give sara am and then the sara aa it was split into.
_AM_THEN_AA = re.compile(f"{SARA_AM}{SARA_AA}+")
_DOUBLE_E = re.compile(f"{SARA_E}{SARA_E}")

_CID = r"\(cid:\d+\)"
_PUA = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_LEFTOVER = re.compile(f"(\ufffd)|({_CID})|([{_PUA}])")
_LEFTOVER_CODES = ("replacement_char", "cid_glyph", "unknown_private_use")
_ANY_PUA = re.compile(f"[{_PUA}]")


@dataclass(frozen=True)
class GlyphIssue:
    """A character the repair could not map back to a standard one."""

    offset: int  # in the repaired text
    char: str  # e.g. "\ufffd", "(cid:12)", "\uf8ff", or the damaged sequence
    code: str  # "replacement_char" | "cid_glyph" | "unknown_private_use" | a kind of `orthography.DAMAGE`


@dataclass(frozen=True)
class Repaired:
    text: str
    repairs: tuple[tuple[str, int], ...] = ()  # (kind, how many), sorted by kind

    @cached_property
    def issues(self) -> tuple[GlyphIssue, ...]:
        """What is left unrepaired; looked for only when asked (a text file's reader never asks)."""
        return find_glyph_issues(self.text)


def count_repairs(*counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    total: Counter[str] = Counter()
    for c in counts:
        total.update(c)
    return tuple(sorted((k, n) for k, n in total.items() if n))


def repair_thai(text: str, known: Counter[str] | None = None) -> Repaired:
    """Map known glyph variants back to Thai characters, in canonical order.

    Steps, each a general fact about Thai fonts or extractors: PUA variants to
    standard marks; the impossible sequences of `orthography` undone; no space
    before a combining mark; vowels before tone marks; nikhahit (+ tone) +
    sara aa -> (tone +) sara am; a stray sara aa after sara am dropped; sara e
    + sara e -> sara ae; NFC. U+FFFD, ``(cid:N)``, unknown PUA code points and
    any impossible sequence left stay in the text and are listed in `issues`;
    `repairs` counts what changed by kind (with `known`, repairs made before).

    >>> repair_thai("ที\\u0e48 เเละ").text
    'ที่ และ'
    """
    counts: Counter[str] = Counter()
    # str.translate walks every character through the dict; a search finds the rare page
    # that holds a variant many times faster (likewise for a space before a mark).
    translated = text.translate(PUA_TO_THAI) if _ANY_PUA_VARIANT.search(text) else text
    if translated != text:
        counts["pua_glyph"] += sum(1 for a, b in zip(text, translated) if a != b)
    # A space before a mark and a tone before a vowel are damage `has_damage` looks for:
    # text it finds clean needs neither the spelling rules nor the two steps after them.
    text = translated
    if has_damage(text):
        text, fixed = fix_orthography(text)
        counts.update(fixed)
        if _SPACE_THEN_MARK.search(text):
            text = _SPACE_BEFORE_MARK.sub("", text)
        if _TONE_BEFORE_VOWEL.search(text):
            text = _MARK_RUN.sub(_order_marks, text)
    text = _SPLIT_AM.sub(lambda m: m.group(1) + SARA_AM, text)
    text = _AM_THEN_AA.sub(SARA_AM, text)
    text = _DOUBLE_E.sub(SARA_AE, text)
    text = unicodedata.normalize("NFC", text)
    return Repaired(text, count_repairs(counts, known or Counter()))


def needs_repair(text: str) -> bool:
    """Could `repair_thai` change `text` or find an issue in it? False holds for every
    line of `text` too, so texts joined by line breaks are asked once for all
    (`any_needs_repair`).

    It asks each step of `repair_thai` and `find_glyph_issues` whether it has
    anything to act on, so a step added to either must be asked here too. A
    line break is no letter, mark or private-use code and completes no
    sequence they look for: a line's match is a match in the joined text, and
    a match a break makes (a mark after it) only costs the texts their own
    repair.
    """
    return bool(
        has_damage(text)  # the spelling rules' sequences
        or _may_hold_leftovers(text)  # the fonts' variants among the private-use codes
        or _SPLIT_AM.search(text)
        or _AM_THEN_AA.search(text)
        or _DOUBLE_E.search(text)
        or not unicodedata.is_normalized("NFC", text)
        or find_damage(text)
    )


def any_needs_repair(texts: Iterable[str]) -> bool:
    """`needs_repair` of any of `texts`, asked once of them joined by line breaks."""
    return needs_repair("\n".join(texts))


def find_glyph_issues(text: str) -> tuple[GlyphIssue, ...]:
    """Every U+FFFD, ``(cid:N)``, private-use code point and impossible sequence left in `text`."""
    leftovers = []
    if _may_hold_leftovers(text):
        leftovers = [GlyphIssue(m.start(), m.group(), _leftover_code(m)) for m in _LEFTOVER.finditer(text)]
    damage = [GlyphIssue(offset, excerpt, kind) for offset, kind, excerpt in find_damage(text)]
    return tuple(sorted(leftovers + damage, key=lambda issue: issue.offset))


def _may_hold_leftovers(text: str) -> bool:
    """Could `_LEFTOVER` match? Most texts hold no leftover: three plain scans say so
    several times faster than the pattern."""
    return "\ufffd" in text or "(cid:" in text or _ANY_PUA.search(text) is not None


def _leftover_code(match: re.Match[str]) -> str:
    """The code of the `_LEFTOVER` group that matched."""
    return next(code for code, group in zip(_LEFTOVER_CODES, match.groups()) if group is not None)


def _order_marks(match: re.Match[str]) -> str:
    # sorted() is stable: marks of the same rank keep their extracted order.
    return "".join(sorted(match.group(), key=_MARK_RANK.__getitem__))
