"""A scanned page as pixels: rendered by PDFium, straightened, ink separated from paper.

OpenCV (`opencv-python-headless`) does the image work: its adaptive
threshold, morphology and affine warp are single C++ calls on the whole page,
a few milliseconds each, where pure-Python or scikit-image equivalents are
tens of times slower on a 300 dpi page, and the headless wheel brings no GUI
libraries.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Tesseract reads Thai best with glyphs about 30 px tall: 300 dpi for 14–16 pt print.
OCR_DPI = 300
# Skew searched (degrees) and the steps of the coarse and fine search.
MAX_SKEW = 3.0
COARSE_STEP = 0.2
FINE_STEP = 0.02
# Adaptive threshold window (share of an inch) and offset: ink is this much darker than its surround.
THRESHOLD_WINDOW = 0.12
THRESHOLD_OFFSET = 12


@dataclass(frozen=True)
class PageImage:
    """A straightened greyscale page and its ink mask (255 = ink), in pixels at `dpi`.

    `ink` keeps every dark speck (the recogniser's cleaning needs to see them);
    `solid` has specks of a pixel or two opened away (for finding rules).
    """

    gray: np.ndarray
    ink: np.ndarray
    dpi: float
    skew: float  # degrees the scan was turned back by

    @property
    def scale(self) -> float:
        """Points per pixel."""
        return 72.0 / self.dpi

    @property
    def solid(self) -> np.ndarray:
        return cv2.morphologyEx(self.ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))


def render(page: object, dpi: float = OCR_DPI) -> np.ndarray:
    """The page as an 8-bit greyscale array at `dpi`."""
    bitmap = page.render(scale=dpi / 72.0, grayscale=True)  # type: ignore[attr-defined]
    return np.ascontiguousarray(np.asarray(bitmap.to_pil().convert("L")))


def prepare(gray: np.ndarray, dpi: float) -> PageImage:
    """Find the skew, turn the page straight, and separate the ink."""
    ink = binarize(gray, dpi)
    angle = skew_angle(ink)
    if abs(angle) >= FINE_STEP:
        gray = rotate(gray, angle, 255)
        ink = binarize(gray, dpi)
    return PageImage(gray, ink, dpi, angle)


def binarize(gray: np.ndarray, dpi: float) -> np.ndarray:
    window = int(dpi * THRESHOLD_WINDOW) | 1
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, window, THRESHOLD_OFFSET)


def rotate(image: np.ndarray, angle: float, fill: int) -> np.ndarray:
    h, w = image.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


def skew_angle(ink: np.ndarray) -> float:
    """The rotation (degrees) that makes text lines and rules horizontal.

    Printed lines and rules make the row profile of ink sharpest when level,
    so the angle maximising the profile's energy is the page's skew; searched
    on a quarter-size image, coarse then fine.
    """
    small = cv2.resize(ink, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)

    def sharpness(angle: float) -> float:
        profile = rotate(small, angle, 0).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    coarse = np.arange(-MAX_SKEW, MAX_SKEW + COARSE_STEP / 2, COARSE_STEP)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - COARSE_STEP, best + COARSE_STEP + FINE_STEP / 2, FINE_STEP)
    return round(float(max(fine, key=sharpness)), 2)
