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
# Light print on a dark panel (a title banner) is read inverted. A panel is a region this large
# (square inches), filling this share of its box, this much of it darker than `DARK_LEVEL`, and
# with few mid-tones (a photograph, as large and as dark, has many).
PANEL_MIN_AREA = 1.0
PANEL_FILL = 0.85
PANEL_DARK = 0.65
PANEL_MIDTONES = 0.15
DARK_LEVEL, LIGHT_LEVEL = 90, 170
# Panels are looked for on the page shrunk this many times (a few ms instead of a few hundred).
PANEL_SHRINK = 8


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
    """Find the skew, turn the page straight, turn light-on-dark panels over, and separate the ink."""
    gray = light_on_dark(gray, dpi)
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


def light_on_dark(gray: np.ndarray, dpi: float) -> np.ndarray:
    """`gray` with each dark panel's tones inverted, so its light print reads as ink on paper.

    Only the panel itself turns over (its dark area and the print it encloses), not
    the paper around it; a photograph is left as it is.
    """
    small = cv2.resize(gray, None, fx=1 / PANEL_SHRINK, fy=1 / PANEL_SHRINK, interpolation=cv2.INTER_AREA)
    dark = cv2.morphologyEx((small < LIGHT_LEVEL).astype(np.uint8), cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    min_area = PANEL_MIN_AREA * (dpi / PANEL_SHRINK) ** 2
    out = gray
    for x, y, w, h, area in (tuple(int(v) for v in stats[i]) for i in range(1, n)):
        if w * h < min_area or area < PANEL_FILL * w * h:
            continue
        box = (slice(y * PANEL_SHRINK, (y + h) * PANEL_SHRINK), slice(x * PANEL_SHRINK, (x + w) * PANEL_SHRINK))
        if not _is_panel(gray[box]):
            continue
        out = out.copy() if out is gray else out
        panel = _panel_mask(gray[box])
        out[box][panel] = 255 - gray[box][panel]
    return out


def _is_panel(region: np.ndarray) -> bool:
    tones = np.histogram(region, bins=[0, DARK_LEVEL, LIGHT_LEVEL, 256])[0] / region.size
    return bool(tones[0] >= PANEL_DARK and tones[1] <= PANEL_MIDTONES)


def _panel_mask(region: np.ndarray) -> np.ndarray:
    """The panel's pixels in its box: the dark area and what it encloses, not the paper outside."""
    dark = (cv2.blur(region, (15, 15)) < LIGHT_LEVEL).astype(np.uint8)
    outside = cv2.copyMakeBorder(1 - dark, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=1)
    fill = np.zeros((outside.shape[0] + 2, outside.shape[1] + 2), np.uint8)
    cv2.floodFill(outside, fill, (0, 0), 2)
    return np.asarray(outside[1:-1, 1:-1] != 2)
