"""Thai spelling facts that undo the damage real PDF exports leave in text.

Each rule rests on a sequence Thai writing never produces, so it only fires
on damage: sara aa never follows a space (it cannot start a syllable), no
mark follows sara aa or a leading vowel, a cluster never carries the same
mark twice, a line never starts with a mark or a following vowel. Where a
damaged sequence has two readings, PyThaiNLP's word list picks the one
whose words it knows (`words.prefer`); it never adds a letter that neither
reading holds. Every rule counts what it changed, by kind.

>>> fix_orthography("ด าเนินการ หนา้ ฉบัับ")[0]
'ดำเนินการ หน้า ฉบับ'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from pipeline.thai.chars import ABOVE_VOWELS, BELOW_VOWELS, CONSONANTS, NIKHAHIT, TONE_LIKE, TONES, is_thai_letter
from pipeline.thai.chars import COMBINING_MARKS as MARKS
from pipeline.thai.chars import LETTERS as THAI_LETTERS

SARA_AA, SARA_AM = "\u0e32", "\u0e33"
LEADING_VOWELS = "\u0e40-\u0e44"
# Characters that cannot open a syllable: following vowels and every mark.
NON_INITIAL = "\u0e30\u0e32\u0e33\u0e45" + MARKS
MAX_PASSES = 4

# Legacy Thai fonts of the UPC and PSL families reach their raised tone-mark
# variants (drawn over an upper vowel) through Latin-1 code points, in the
# order of the standard marks: mai ek, mai tho, mai tri, mai chattawa,
# thanthakhat. A PDF's ToUnicode map copies them as Latin letters.
LATIN1_MARKS = {0xC9: "\u0e48", 0xCA: "\u0e49", 0xCB: "\u0e4a", 0xCC: "\u0e4b", 0xCD: "\u0e4c"}
_LATIN1_IN_THAI = re.compile(
    f"(?<=[{THAI_LETTERS}])[\u00c9-\u00cd]|(?<=[{THAI_LETTERS}] )[\u00c9-\u00cd]|[\u00c9-\u00cd](?= ?[{THAI_LETTERS}])"
)
# A glyph with no Unicode mapping between a consonant (and its marks) and sara aa:
# fonts that build sara am from two glyphs draw its ring as a glyph of its own,
# which no code point names, so exporters leave it unmapped; tone marks are mapped.
_UNMAPPED_RING = re.compile(f"(?<=[{CONSONANTS}{MARKS}])\ufffd(?=[{TONES}]?{SARA_AA})")
# consonant (+ tone) + spaces (+ tone) + sara aa: a sara am whose ring was lost.
_LOST_AM = re.compile(f"([{CONSONANTS}][{MARKS}]*?)([{TONES}]?)[ \u00a0]+([{TONES}]?){SARA_AA}")
_AFTER_AA = re.compile(f"([{SARA_AA}{SARA_AM}]+)([{MARKS}]+)")
_AFTER_LEAD = re.compile(f"([{CONSONANTS}])([{LEADING_VOWELS}]+)([{MARKS}]+)")
_SPACE_BEFORE_MARK = re.compile(f"[ \u00a0]+(?=[{MARKS}])")
_SPACE_BEFORE_FOLLOWING = re.compile(f"(?<=[{CONSONANTS}{MARKS}])[ \u00a0]+(?=[\u0e30\u0e45])")
_DOUBLED_AM = re.compile(f"{SARA_AM}{{2,}}")
_MARK_RUN = re.compile(f"[{MARKS}]{{2,}}")
# Thai typing order puts vowels (and nikhahit, the first half of sara am) before tone marks.
_RANK = {ch: (1 if ch in TONE_LIKE else 0) for ch in MARKS}
# A line holding nothing but marks, after a line ending in a Thai letter: the marks
# were drawn apart and the extractor broke the word around them, both times.
_MARK_LINE = re.compile(f"(?<=[{CONSONANTS}{MARKS}])\n[ \t]*([{MARKS}]+)[ \t]*\n(?=[{THAI_LETTERS}])")
# A line break before a character that cannot open a syllable.
_BREAK_BEFORE_FOLLOWING = re.compile(f"(?<=[{CONSONANTS}{MARKS}])\n(?=[{NON_INITIAL}])")


# Everything any rule below acts on: text without a match is left as it is, unread.
# Single characters first (the Latin-1 codes of `LATIN1_MARKS`, and U+FFFD): `in` finds
# one character some 25 times faster than a pattern. Then one pattern per sequence, not
# one alternation: a pattern that starts with a character set skips along the text in C,
# an alternation tries every branch at every position.
_DAMAGE_CHARS = "".join(map(chr, LATIN1_MARKS)) + "\ufffd"
_ANY_DAMAGE = tuple(
    re.compile(pattern)
    for pattern in (
        f"[\n \u00a0][{NON_INITIAL}]",
        f"[{SARA_AA}{SARA_AM}{LEADING_VOWELS}][{MARKS}]",
        f"{SARA_AM}{SARA_AM}",
        f"([{MARKS}])[{MARKS}]*\\1",
        f"[{TONES}\u0e4c\u0e4e][{ABOVE_VOWELS}{BELOW_VOWELS}\u0e4d]",
    )
)


def has_damage(text: str) -> bool:
    """Does `text` hold a sequence any rule of `fix_orthography` acts on? Most text holds none."""
    return any(char in text for char in _DAMAGE_CHARS) or any(part.search(text) for part in _ANY_DAMAGE)


def fix_orthography(text: str, prefer: Callable[[list[str]], int] | None = None) -> tuple[str, Counter[str]]:
    """`text` with every impossible sequence these rules know undone, and the counts by kind.

    `prefer(candidates)` picks between two readings (default: the word list);
    it is only asked when a damaged sequence has more than one.
    """
    counts: Counter[str] = Counter()

    def sub(kind: str, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str], text: str) -> str:
        new, n = pattern.subn(repl, text)
        if n:
            counts[kind] += n
        return new

    if not _has_thai(text) or not has_damage(text):
        return text, counts
    for _ in range(MAX_PASSES):  # a repair can expose another (a moved mark meets its twin)
        before = text
        text = sub("latin1_in_thai", _LATIN1_IN_THAI, lambda m: LATIN1_MARKS[ord(m.group())], text)
        text = sub("lost_sara_am", _UNMAPPED_RING, NIKHAHIT, text)
        text = sub("orphan_mark", _MARK_LINE, r"\1", text)
        text = sub("split_line", _BREAK_BEFORE_FOLLOWING, "", text)
        text = sub("lost_sara_am", _LOST_AM, lambda m: _lost_am(m, prefer), text)
        text = sub("mark_after_aa", _AFTER_AA, r"\2\1", text)
        text = sub("mark_after_lead", _AFTER_LEAD, r"\1\3\2", text)
        text = sub("orphan_mark", _SPACE_BEFORE_MARK, "", text)
        text = sub("stray_space", _SPACE_BEFORE_FOLLOWING, "", text)
        text = sub("doubled_mark", _DOUBLED_AM, SARA_AM, text)
        text = _MARK_RUN.sub(lambda m: _mark_run(m.group(), counts), text)
        if text == before:
            break
    return text, counts


def _mark_run(run: str, counts: Counter[str]) -> str:
    """One cluster's marks: each once (a cluster never holds the same mark twice), vowels first."""
    unique = "".join(dict.fromkeys(run))
    if len(unique) < len(run):
        counts["doubled_mark"] += len(run) - len(unique)
    return "".join(sorted(unique, key=_RANK.__getitem__))


def _lost_am(match: re.Match[str], prefer: Callable[[list[str]], int] | None) -> str:
    base, tone_before, tone_after = match.group(1), match.group(2), match.group(3)
    tone = tone_before or tone_after
    as_am = f"{base}{tone}{SARA_AM}"
    as_aa = f"{base}{tone}{SARA_AA}"
    if tone_before and tone_after:
        return as_am  # two tones around the gap: only the ring can sit between them
    # Letter-spaced text ("ภ าครัฐ") loses no ring: the word list tells the two apart.
    text = match.string
    left = re.search(f"[{THAI_LETTERS}]*$", text[max(0, match.start() - 20) : match.start()])
    right = re.match(f"[{THAI_LETTERS}]*", text[match.end() : match.end() + 20])
    context = (left.group() if left else "", right.group() if right else "")
    choose = prefer if prefer is not None else _word_list_prefers
    candidates = [context[0] + as_am + context[1], context[0] + as_aa + context[1]]
    return as_aa if choose(candidates) == 1 else as_am


def _word_list_prefers(candidates: list[str]) -> int:
    from pipeline.thai.words import prefer

    return prefer(candidates)


def _has_thai(text: str) -> bool:
    return any(is_thai_letter(ch) for ch in text)


# What stays damaged: the same sequences as the rules above look for.
DAMAGE = {
    "lost_sara_am": re.compile(f"[{CONSONANTS}] {SARA_AA}"),
    "mark_after_aa": re.compile(f"[{SARA_AA}{SARA_AM}][{MARKS}]"),
    # A mark with no base before it (or first on its line). Written mark first, looking
    # back past it, so the search skips to the marks instead of trying every position.
    "orphan_mark": re.compile(f"[{MARKS}](?<![{CONSONANTS}{MARKS}\u0e24\u0e26].)"),
    "doubled_mark": re.compile(f"([{MARKS}])\\1"),
    "mark_after_lead": re.compile(f"[{LEADING_VOWELS}][{MARKS}]"),
    "latin1_in_thai": re.compile(f"[\u00c0-\u00ff](?:(?<=[{THAI_LETTERS}].)|(?=[{THAI_LETTERS}]))"),
}


def find_damage(text: str) -> list[tuple[int, str, str]]:
    """(offset, kind, excerpt) of every impossible sequence left in `text`."""
    if not _has_thai(text):
        return []
    found = []
    for kind, pattern in DAMAGE.items():
        for m in pattern.finditer(text):
            found.append((m.start(), kind, text[max(0, m.start() - 4) : m.end() + 4]))
    return sorted(found)
