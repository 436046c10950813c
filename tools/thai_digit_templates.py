"""Make the Thai digit templates the OCR reader checks Tesseract's digits against.

    python -m tools.thai_digit_templates [--fonts DIR] [--out pipeline/read/ocr/thai_digits.npz]

Tesseract's Thai model confuses Thai digits (๔/๕, ๖/๒, ๘/๕) even on clean
print. Each digit ๐–๙ is drawn in every Thai font found (Debian's
`fonts-thai-tlwg`: Laksaman, which is TH Sarabun's shape, Garuda, Loma,
Norasi, Kinnari, Waree, ... regular and bold) and stored normalised
(`pipeline.read.ocr.glyph`); the file is small and ships with the package.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.read.ocr.glyph import normalise

DIGITS = "๐๑๒๓๔๕๖๗๘๙"
FONTS = Path("/usr/share/fonts/truetype/tlwg")
OUT = Path(__file__).resolve().parent.parent / "pipeline" / "read" / "ocr" / "thai_digits.npz"
# Upright faces only: reports are not set in italics. Typewriter faces are kept: forms use them.
SKIP = ("Oblique", "Italic")


def draw(font: ImageFont.FreeTypeFont, char: str) -> np.ndarray:
    image = Image.new("L", (120, 120), 0)
    ImageDraw.Draw(image).text((20, 10), char, font=font, fill=255)
    return np.asarray(image)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fonts", type=Path, default=FONTS)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    templates, labels, names = [], [], []
    for path in sorted(args.fonts.glob("*.ttf")):
        if any(s in path.stem for s in SKIP):
            continue
        font = ImageFont.truetype(str(path), 64)
        for value, char in enumerate(DIGITS):
            glyph = normalise(draw(font, char))
            if glyph is not None:
                templates.append(glyph)
                labels.append(value)
        names.append(path.stem)
    np.savez_compressed(args.out, templates=np.stack(templates), labels=np.array(labels, np.int8))
    print(f"{len(templates)} templates from {len(names)} fonts -> {args.out}")


if __name__ == "__main__":
    main()
