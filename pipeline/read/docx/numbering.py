"""Word's automatic list numbering, rebuilt as the labels Word shows.

Word keeps list numbers out of the paragraph text: a paragraph names a
numbering definition (w:numPr) and Word counts. `Numbering` reads
numbering.xml and the paragraph styles and renders each numbered
paragraph's label ("1.", "๑.", "ก)", "•") as Word would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from lxml import etree

from pipeline.errors import DOCX_NUMBERING_MISSING, Problem
from pipeline.thai.digits import to_thai_digits

# Symbol-font bullets (Word stores them at F000+code) as the characters they draw.
SYMBOL_BULLETS = {
    "F0B7": "•",
    "F0A7": "▪",
    "F0D8": "➢",
    "F0FC": "✓",
    "F076": "❖",
    "F0A8": "□",
    "F06C": "●",
    "F06E": "■",
    "F0E8": "➔",
    "F02D": "-",
}


def int_val(el: etree._Element | None, default: int) -> int:
    try:
        return int(el.get(qn("w:val"))) if el is not None else default
    except (TypeError, ValueError):
        return default


_THAI_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
_DASHES = "-–—−"
_BULLETS = "•●▪■◦○➢✓❖□➔"


@dataclass(frozen=True)
class _Level:
    """One level of a list definition (w:abstractNum/w:lvl)."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    suffix: str = " "
    restart_after: int | None = None  # w:lvlRestart: reset only when this level (1-based) advances
    legal: bool = False
    style: str | None = None


@dataclass(frozen=True)
class _Num:
    """A list instance (w:num): its definition and per-level start overrides."""

    abstract: str
    starts: dict[int, int] = field(default_factory=dict)
    levels: dict[int, _Level] = field(default_factory=dict)


class Numbering:
    """Rebuilds the labels Word draws for numbered and bulleted paragraphs.

    Counters belong to the list definition (abstractNum), as in Word: two list
    instances of one definition continue each other unless one of them has a
    start override, which restarts the count where that instance first appears.
    """

    def __init__(
        self,
        abstracts: dict[str, dict[int, _Level]],
        nums: dict[str, _Num],
        styles: dict[str, tuple[str | None, str | None, int | None]],
    ) -> None:
        self.abstracts, self.nums, self.styles = abstracts, nums, styles
        self.counters: dict[str, dict[int, int]] = {}
        self.seen: set[tuple[str, int]] = set()
        self.reported: set[str] = set()

    @classmethod
    def from_document(cls, document: docx.document.Document) -> Numbering:
        numbering = _related_xml(document, RT.NUMBERING)
        styles = _paragraph_styles(_related_xml(document, RT.STYLES))
        if numbering is None:
            return cls({}, {}, styles)
        abstracts = {a.get(qn("w:abstractNumId")): _levels(a) for a in numbering.iterchildren(qn("w:abstractNum"))}
        nums = {n.get(qn("w:numId")): _num(n) for n in numbering.iterchildren(qn("w:num"))}
        links = {
            a.get(qn("w:abstractNumId")): _val(a.find(qn("w:numStyleLink")))
            for a in numbering.iterchildren(qn("w:abstractNum"))
        }
        for aid, style in links.items():  # a list style: the levels live behind the style's num
            target = nums.get(styles.get(style or "", (None, None, None))[1] or "")
            if style and target and not abstracts.get(aid):
                abstracts[aid] = abstracts.get(target.abstract, {})
        return cls(abstracts, nums, styles)

    def label(self, p: etree._Element, problems: list[Problem], place: str, line: int | None) -> str:
        num_id, ilvl = self._num_pr(p)
        if num_id is None or num_id == "0":
            return ""
        num = self.nums.get(num_id)
        levels = self.abstracts.get(num.abstract, {}) if num else {}
        if num is None or not levels:
            if num_id not in self.reported:
                self.reported.add(num_id)
                problems.append(DOCX_NUMBERING_MISSING.problem(place=place, line=line, num_id=num_id))
            return ""
        if ilvl is None:
            style = _pstyle(p)
            ilvl = next((i for i, lv in levels.items() if style and lv.style == style), 0)
        levels = {**levels, **num.levels}
        counts = self._advance(num_id, num, ilvl, levels)
        return _render(levels, counts, ilvl)

    def _advance(self, num_id: str, num: _Num, ilvl: int, levels: dict[int, _Level]) -> dict[int, int]:
        counts = self.counters.setdefault(num.abstract, {})
        level = levels.get(ilvl, _Level())
        if (num_id, ilvl) not in self.seen and ilvl in num.starts:
            counts.pop(ilvl, None)
            level = replace(level, start=num.starts[ilvl])
        self.seen.add((num_id, ilvl))
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else level.start
        for deeper in [k for k in counts if k > ilvl]:
            if _restarts(levels.get(deeper, _Level()).restart_after, deeper, ilvl):
                del counts[deeper]
        return counts

    def _num_pr(self, p: etree._Element) -> tuple[str | None, int | None]:
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id = _val(num_pr.find(qn("w:numId"))) if num_pr is not None else None
        ilvl_el = num_pr.find(qn("w:ilvl")) if num_pr is not None else None
        ilvl = int_val(ilvl_el, 0) if ilvl_el is not None else None
        style, hops = _pstyle(p), 0
        while num_id is None and style in self.styles and hops < 20:  # inherited from the style chain
            based_on, num_id, style_ilvl = self.styles[style]
            ilvl = ilvl if ilvl is not None else style_ilvl
            style, hops = based_on, hops + 1
        return num_id, ilvl


def _restarts(restart_after: int | None, deeper: int, used: int) -> bool:
    """Whether using level `used` resets level `deeper` (w:lvlRestart, 1-based; 0 = never)."""
    if restart_after is None or restart_after - 1 >= deeper:  # absent, or invalid and so ignored
        return True
    return restart_after != 0 and used <= restart_after - 1


def _related_xml(document: docx.document.Document, reltype: str) -> etree._Element | None:
    try:
        part = document.part.part_related_by(reltype)
    except (KeyError, AttributeError):
        return None
    return part.element if isinstance(part, XmlPart) else None


def _paragraph_styles(styles: etree._Element | None) -> dict[str, tuple[str | None, str | None, int | None]]:
    """styleId -> (basedOn, numId, ilvl) for styles that may carry list numbering."""
    out: dict[str, tuple[str | None, str | None, int | None]] = {}
    for st in styles.iterchildren(qn("w:style")) if styles is not None else ():
        num_pr = st.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        ilvl = num_pr.find(qn("w:ilvl")) if num_pr is not None else None
        out[st.get(qn("w:styleId"))] = (
            _val(st.find(qn("w:basedOn"))),
            _val(num_pr.find(qn("w:numId"))) if num_pr is not None else None,
            int_val(ilvl, 0) if ilvl is not None else None,
        )
    return out


def _levels(abstract: etree._Element) -> dict[int, _Level]:
    return {_ilvl(lvl): _level(lvl) for lvl in abstract.iterchildren(qn("w:lvl"))}


def _ilvl(el: etree._Element) -> int:
    try:
        return int(el.get(qn("w:ilvl"), "0"))
    except ValueError:
        return 0


def _level(lvl: etree._Element) -> _Level:
    restart = lvl.find(qn("w:lvlRestart"))
    suff = _val(lvl.find(qn("w:suff"))) or "tab"
    return _Level(
        fmt=_val(lvl.find(qn("w:numFmt"))) or "decimal",
        text=_val(lvl.find(qn("w:lvlText"))) or "",
        start=int_val(lvl.find(qn("w:start")), 1),
        suffix="" if suff == "nothing" else " ",
        restart_after=int_val(restart, 0) if restart is not None else None,
        legal=lvl.find(qn("w:isLgl")) is not None,
        style=_val(lvl.find(qn("w:pStyle"))),
    )


def _num(num: etree._Element) -> _Num:
    starts, levels = {}, {}
    for override in num.iterchildren(qn("w:lvlOverride")):
        ilvl = _ilvl(override)
        start = override.find(qn("w:startOverride"))
        if start is not None:
            starts[ilvl] = int_val(start, 1)
        lvl = override.find(qn("w:lvl"))
        if lvl is not None:
            levels[ilvl] = _level(lvl)
    return _Num(abstract=_val(num.find(qn("w:abstractNumId"))) or "", starts=starts, levels=levels)


def _render(levels: dict[int, _Level], counts: dict[int, int], ilvl: int) -> str:
    level = levels.get(ilvl, _Level())
    if level.fmt == "none" or not level.text:
        return ""
    if level.fmt == "bullet":
        return _bullet(level.text) + level.suffix

    def number(m: re.Match[str]) -> str:
        k = int(m.group(1)) - 1
        parent = levels.get(k, _Level())
        fmt = "decimal" if level.legal and k < ilvl else parent.fmt
        return format_number(counts.get(k, parent.start), fmt)  # an unused parent shows its start

    return re.sub(r"%([1-9])", number, level.text) + level.suffix


def _bullet(text: str) -> str:
    """A bullet glyph the item splitter knows; symbol-font code points mean a dot."""
    char = text.strip()[:1]
    if char and char in _DASHES:
        return "-"
    if char and char in _BULLETS:
        return char
    return SYMBOL_BULLETS.get(f"{ord(char):04X}", "•") if char else "•"


def format_number(n: int, fmt: str) -> str:
    if fmt == "thaiNumbers":
        return to_thai_digits(str(n))
    if fmt == "thaiLetters":
        return _letters(n, _THAI_LETTERS)
    if fmt in ("lowerLetter", "upperLetter"):
        text = _letters(n, "abcdefghijklmnopqrstuvwxyz")
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        text = _roman(n)
        return text.upper() if fmt == "upperRoman" else text
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal, and the decimal fallback Word itself uses for rare formats


def _letters(n: int, alphabet: str) -> str:
    """Word's letter numbering: a..z, then aa..zz, aaa.. (the letter repeated)."""
    n = max(n, 1)
    return alphabet[(n - 1) % len(alphabet)] * ((n - 1) // len(alphabet) + 1)


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out) or str(n)


def _pstyle(p: etree._Element) -> str | None:
    return _val(p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}"))


def _val(el: etree._Element | None) -> str | None:
    return el.get(qn("w:val")) if el is not None else None
