#!/usr/bin/env python3
"""Build a synthetic archive of ITA reports from the corpus, to test and measure at scale.

    python bench/make_archive.py OUT --docs 5000 [--seed 0] [--renditions 20] [--bad 10] [--duplicates 25]

Each document is one of the corpus reports (txt and HTML) with another
agency name of the same kind, another district and province, another fiscal
year (every 4-digit Buddhist-era year in the text shifted alike) and another
encoding (UTF-8, UTF-8 with BOM, UTF-16, cp874), laid out as
``OUT/<year>/<province no>/<n>-<report>.<ext>``. Every document's bytes are
distinct. Optional extras: copies of the PDF/DOCX renditions made distinct
without changing their content, broken files (empty, binary junk, no fiscal
year, a legacy .doc), byte-identical duplicates under a second path, and
hidden/temporary files that discovery must skip. The same seed gives the
same archive.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.thai.provinces import PROVINCES

REPO = Path(__file__).resolve().parents[1]
DEFAULT_RAW = REPO / "tests" / "fixtures" / "raw"
DEFAULT_GOLD = REPO / "tests" / "fixtures" / "gold"
DEFAULT_RENDITIONS = REPO.parent / "shared" / "corpus" / "renditions"

KINDS = ("องค์การบริหารส่วนตำบล", "เทศบาลตำบล", "เทศบาลเมือง", "โรงพยาบาล", "โรงเรียน")
SYLLABLES = (
    "หนอง",
    "บัว",
    "ทอง",
    "โคก",
    "สว่าง",
    "ห้วย",
    "ขาว",
    "บ่อ",
    "ไผ่",
    "ดำ",
    "นา",
    "ดอน",
    "แก้ว",
    "ป่า",
    "ตาล",
    "บ้าน",
    "ใหม่",
    "คลอง",
    "สาม",
    "น้ำ",
    "เย็น",
    "ศรี",
    "สุข",
    "เจริญ",
    "ผล",
    "วัง",
    "ทราย",
    "มูล",
    "ยาง",
    "หิน",
    "กอง",
    "เมือง",
    "พง",
    "สะแก",
    "โพธิ์",
    "ชัย",
    "ราษฎร์",
    "หลวง",
)
YEARS = tuple(range(2560, 2570))
# (encoding, share); cp874 is what old Windows tools wrote, UTF-16 what Excel exports.
ENCODINGS = (("utf-8", 0.55), ("utf-8-sig", 0.15), ("cp874", 0.2), ("utf-16", 0.1))
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_NO_YEAR = re.compile(r"(ประจำ)?ปีงบประมาณ\s*(พ\.\s*ศ\.)?\s*[0-9๐-๙]{4}")
_BE_YEAR = re.compile(r"(?<![0-9๐-๙])([2๒][5๕][0-9๐-๙]{2})(?![0-9๐-๙])")


@dataclass(frozen=True)
class Base:
    """A corpus report and the facts of its title block."""

    name: str
    text: str
    suffix: str
    organization: str
    district: str
    province: str
    fiscal_year: int


def load_bases(raw: Path, gold: Path) -> list[Base]:
    bases = []
    for path in sorted(raw.iterdir()):
        facts = json.loads((gold / f"{path.name}.json").read_text(encoding="utf-8"))["document"]
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp874")
        bases.append(
            Base(
                path.stem,
                text.replace("\r\n", "\n"),
                path.suffix,
                facts["organization"],
                facts["district"],
                facts["province"],
                int(facts["fiscal_year"]),
            )
        )
    return bases


def vary(base: Base, rng: random.Random, used: set[tuple]) -> tuple[str, int]:
    """The base report as another agency, place and year; never the same combination twice."""
    while True:
        kind = next((k for k in KINDS if base.organization.startswith(k)), "")
        place = "".join(rng.sample(SYLLABLES, 2))
        district, province, year = "".join(rng.sample(SYLLABLES, 2)), rng.choice(PROVINCES), rng.choice(YEARS)
        key = (base.name, place, district, province, year)
        if key not in used:
            used.add(key)
            break
    text = base.text.replace(base.organization, kind + place)
    text = text.replace(f"อำเภอ{base.district}", f"อำเภอ{district}")
    text = text.replace(f"จังหวัด{base.province}", f"จังหวัด{province}")
    return _shift_years(text, year - base.fiscal_year), year


def _shift_years(text: str, delta: int) -> str:
    def shifted(match: re.Match) -> str:
        digits = match.group(1)
        year = str(int(digits.translate(_ARABIC)) + delta)
        return year if digits.isascii() else year.translate(_THAI_DIGITS)

    return _BE_YEAR.sub(shifted, text)


def encode(text: str, suffix: str, rng: random.Random) -> bytes:
    encoding = rng.choices([e for e, _ in ENCODINGS], [w for _, w in ENCODINGS])[0]
    if suffix == ".html":
        text = re.sub(r'charset="?[\w-]+"?', f'charset="{"windows-874" if encoding == "cp874" else "utf-8"}"', text)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:  # a character cp874 lacks: fall back to UTF-8
        return text.encode("utf-8")


def write_documents(out: Path, bases: list[Base], n: int, rng: random.Random) -> list[Path]:
    used: set[tuple] = set()
    written = []
    for index in range(n):
        base = bases[index % len(bases)]
        text, year = vary(base, rng, used)
        path = out / str(year) / f"{rng.randrange(len(PROVINCES)):02d}" / f"{index:06d}-{base.name}{base.suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(encode(text, base.suffix, rng))
        written.append(path)
    return written


def write_renditions(out: Path, renditions: Path, n: int) -> None:
    sources = sorted(p for p in renditions.iterdir() if p.suffix in (".pdf", ".docx")) if renditions.is_dir() else []
    for index in range(n if sources else 0):
        source = sources[index % len(sources)]
        target = out / "renditions" / f"{index:05d}-{source.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_distinct(source, index))


def _distinct(source: Path, index: int) -> bytes:
    """Other bytes, same document: a PDF comment after %%EOF, a ZIP comment in a .docx."""
    data = source.read_bytes()
    if source.suffix == ".pdf":
        return data + f"\n%thaireports-bench {index}\n".encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item))
        new.comment = f"thaireports-bench {index}".encode()
    return buffer.getvalue()


def write_extras(
    out: Path, bases: list[Base], documents: list[Path], bad: int, duplicates: int, rng: random.Random
) -> None:
    broken = out / "broken"
    broken.mkdir(parents=True, exist_ok=True)
    for index in range(bad):
        kind = index % 4
        name = broken / (f"{index:05d}-" + ("empty.txt", "junk.txt", "noyear.txt", "legacy.doc")[kind])
        if kind == 0:
            name.write_bytes(b"")
        elif kind == 1:
            name.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
        elif kind == 2:
            text = _NO_YEAR.sub("", bases[index % len(bases)].text)
            name.write_bytes((text + "\n" * index).encode("utf-8"))
        else:
            name.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(index))
    for index in range(min(duplicates, len(documents))):
        source = documents[rng.randrange(len(documents))]
        target = out / "copies" / f"{index:05d}-{source.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    (out / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (out / "copies" / "~$report.docx").parent.mkdir(parents=True, exist_ok=True)
    (out / "copies" / "~$report.docx").write_bytes(b"lock")
    (out / "copies" / "draft.txt.tmp").write_text("ปีงบประมาณ พ.ศ. 2567", encoding="utf-8")


def build(
    out: Path,
    docs: int,
    seed: int = 0,
    renditions: int = 0,
    bad: int = 0,
    duplicates: int = 0,
    raw: Path = DEFAULT_RAW,
    gold: Path = DEFAULT_GOLD,
    renditions_dir: Path = DEFAULT_RENDITIONS,
) -> int:
    """Write the archive; returns how many distinct documents it holds that should convert."""
    rng = random.Random(seed)
    bases = load_bases(raw, gold)
    written = write_documents(out, bases, docs, rng)
    write_renditions(out, renditions_dir, renditions)
    if bad or duplicates:
        write_extras(out, bases, written, bad, duplicates, rng)
    return docs + renditions


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=5000, help="varied text/HTML reports (default 5000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--renditions", type=int, default=0, help="distinct copies of the PDF/DOCX renditions")
    parser.add_argument("--bad", type=int, default=0, help="broken files (empty, junk, no fiscal year, .doc)")
    parser.add_argument("--duplicates", type=int, default=0, help="byte-identical copies under a second path")
    parser.add_argument("--renditions-dir", type=Path, default=DEFAULT_RENDITIONS)
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    n = build(
        args.out, args.docs, args.seed, args.renditions, args.bad, args.duplicates, renditions_dir=args.renditions_dir
    )
    print(f"{args.out}: {n} documents, {args.bad} broken files, {args.duplicates} duplicates")


if __name__ == "__main__":
    main()
