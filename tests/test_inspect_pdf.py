"""`thaireports inspect FILE --page N --debug-image out.png` on a PDF."""

from __future__ import annotations

import numpy as np
from click.testing import CliRunner
from PIL import Image

from cli import main
from conftest import FIXTURES, RAW

PDF = FIXTURES / "renditions" / "hospital-khoksawang-2566.pdf"


def test_debug_image_draws_the_detected_grid(tmp_path):
    out = tmp_path / "grid.png"
    result = CliRunner().invoke(main, ["inspect", str(PDF), "--page", "2", "--debug-image", str(out)])
    assert result.exit_code == 0, result.output
    image = Image.open(out).convert("RGB")
    assert image.width > 500
    pixels = np.asarray(image)
    blue = int(((pixels[..., 2] > 200) & (pixels[..., 0] < 80) & (pixels[..., 1] < 80)).sum())
    assert blue > 1000  # cell outlines were drawn


def test_debug_image_of_a_text_report_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(
        main, ["inspect", str(RAW / "abt-nongbuathong-2567.txt"), "--debug-image", str(tmp_path / "x.png")]
    )
    assert result.exit_code == 1 and "PDF pages only" in result.output
