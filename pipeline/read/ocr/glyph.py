"""A glyph image in the one shape every comparison uses: ink cropped, scaled into a square.

Shared by the digit templates (made from fonts by `tools.thai_digit_templates`)
and the glyphs cut from a scan, so both are compared alike.
"""

from __future__ import annotations

import cv2
import numpy as np

SIZE = 24  # side of the normalised square, pixels


def normalise(ink: np.ndarray) -> np.ndarray | None:
    """`ink` (nonzero = ink) cropped to its ink, scaled to fit SIZE×SIZE keeping its shape, as floats.

    The result has zero mean and unit norm, so a dot product is a correlation.
    """
    ys, xs = np.nonzero(ink)
    if len(xs) == 0:
        return None
    crop = (ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1] > 0).astype(np.float32)
    h, w = crop.shape
    scale = (SIZE - 2) / max(h, w)
    resized = cv2.resize(crop, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    canvas = np.zeros((SIZE, SIZE), np.float32)
    top, left = (SIZE - resized.shape[0]) // 2, (SIZE - resized.shape[1]) // 2
    canvas[top : top + resized.shape[0], left : left + resized.shape[1]] = resized
    square: np.ndarray = cv2.GaussianBlur(canvas, (3, 3), 0.8)
    square = square - square.mean()
    norm = float(np.linalg.norm(square))
    return square / norm if norm else None
