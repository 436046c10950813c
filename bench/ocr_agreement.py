#!/usr/bin/env python3
"""Text of a real scan by OCR against its hand-made transcription, ours and plain Tesseract's.

    python bench/ocr_agreement.py [--corpus ../shared/corpus]

In one run: `thaireports text` of the real scan (every page by OCR), and the
`tesseract` command on the same pages rendered at 300 dpi with
`-l tha+eng --psm 6`; both scored with the corpus's `agree.py --sequence`
(reading-order agreement of Thai characters and digits, 1 - CER).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pypdfium2 as pdfium

from pipeline.read.ocr.engine import LANGUAGES
from pipeline.read.ocr.image import OCR_DPI

SCAN = "realworld/vc-kantharalak-o11-project-report-scanned.pdf"
TARGET = 0.93


def agreement(corpus: Path, text: Path) -> float:
    reference = corpus / SCAN.replace(".pdf", ".reference.txt")
    out = subprocess.run(
        [sys.executable, str(corpus / "realworld" / "agree.py"), str(text), str(reference), "--sequence"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(out.strip().splitlines()[-1].split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    args = parser.parse_args()
    scan = args.corpus / SCAN
    with tempfile.TemporaryDirectory() as tmp:
        ours = Path(tmp) / "ours.txt"
        text = subprocess.run(
            [sys.executable, "-m", "cli", "text", str(scan)], cwd=REPO, check=True, capture_output=True, text=True
        ).stdout
        ours.write_text(text, encoding="utf-8")
        pages = []
        pdf = pdfium.PdfDocument(str(scan))
        for index in range(len(pdf)):
            image = Path(tmp) / f"page{index}.png"
            pdf[index].render(scale=OCR_DPI / 72, grayscale=True).to_pil().save(image)
            pages.append(
                subprocess.run(
                    ["tesseract", str(image), "-", "-l", LANGUAGES, "--psm", "6"],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
        pdf.close()
        plain = Path(tmp) / "plain.txt"
        plain.write_text("\f".join(pages), encoding="utf-8")
        mine, theirs = agreement(args.corpus, ours), agreement(args.corpus, plain)
    print(f"thaireports text:                       {mine:.4f}")
    print(f"plain tesseract -l {LANGUAGES} --psm 6: {theirs:.4f}")
    print(f"target >= {TARGET}: {'met' if mine >= TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
