"""The comparison page in real headless Chromium: the charts must render.

Needs Debian's `chromium` (and `fonts-thai-tlwg` for Thai glyphs in the
screenshot). Under CI=true a missing browser fails the test; locally it skips.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image

from pipeline.compare import compare_years
from pipeline.compare.report import chart_data, render_html, write_html
from yoy import yoy_dataset

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
WINDOW = (1280, 2000)
CONTINUED_RGB = (0x3B, 0x6F, 0xB6)  # --continued in pipeline/compare/assets.py


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("headless Chromium is required under CI: apt-get install -y chromium fonts-thai-tlwg")
    pytest.skip("chromium is not installed (apt-get install -y chromium fonts-thai-tlwg)")


def _run(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, timeout=90, check=False)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> tuple[Path, dict]:
    result = compare_years(yoy_dataset(tmp_path_factory), 2566, 2569, consecutive=True)
    path = write_html(result, tmp_path_factory.mktemp("html") / "report.html")
    return path, chart_data(result)


def _expected_bars(data: dict) -> dict[str, int]:
    return {
        "measures-per-year": sum(len(y["segments"]) for y in data["years"]),
        "quantity-changes": len(data["quantities"]),
        "organizations": sum(1 for o in data["organizations"] for k in ("continued", "new", "dropped") if o[k]),
    }


def test_page_is_self_contained(page):
    path, data = page
    text = path.read_text(encoding="utf-8")
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text
    assert "<link" not in text and "src=" not in text
    assert all(count > 0 for count in _expected_bars(data).values())


def test_year_bars_add_up_to_the_measures_of_each_year(tmp_path_factory):
    result = compare_years(yoy_dataset(tmp_path_factory), 2566, 2569, consecutive=True)
    bars = {y["year"]: y["total"] for y in chart_data(result)["years"]}
    assert bars == dict(zip(result.measures_per_year["fiscal_year"], result.measures_per_year["measures"]))
    assert bars == {2566: 6, 2567: 14, 2568: 18, 2569: 10}


def test_page_is_deterministic_and_escapes_its_data(tmp_path_factory):
    result = compare_years(yoy_dataset(tmp_path_factory), 2568, 2569)
    assert render_html(result) == render_html(result)
    payload = render_html(result).split('id="comparison-data" type="application/json">')[1].split("</script>")[0]
    assert "<" not in payload


def test_charts_render_in_headless_chromium(page, tmp_path):
    path, data = page
    browser = _browser()
    done = _run(browser, tmp_path / "profile", "--dump-dom", path.as_uri())
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    dom = lxml_html.fromstring(done.stdout)
    assert dom.find("body").get("data-charts-rendered") == "3"
    for chart, expected in _expected_bars(data).items():
        svg = dom.xpath(f'//svg[@data-chart="{chart}"]')
        assert len(svg) == 1, chart
        bars = svg[0].xpath('.//rect[contains(concat(" ", @class, " "), " bar ")]')
        assert len(bars) == expected == int(svg[0].get("data-bars")), chart
        assert svg[0].get("viewbox") or svg[0].get("viewBox"), chart


def test_screenshot_shows_the_charts(page, tmp_path):
    path, _ = page
    browser = _browser()
    shot = tmp_path / "report.png"
    done = _run(
        browser,
        tmp_path / "profile",
        f"--screenshot={shot}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        "--hide-scrollbars",
        path.as_uri(),
    )
    assert done.returncode == 0 and shot.exists(), done.stderr.decode(errors="replace")[-2000:]
    image = Image.open(shot).convert("RGB")
    assert image.size == WINDOW
    # The bars are drawn in the page's "continued" blue: count pixels near it.
    colours = image.getcolors(maxcolors=WINDOW[0] * WINDOW[1])
    blue = sum(n for n, rgb in colours if all(abs(c - e) <= 6 for c, e in zip(rgb, CONTINUED_RGB)))
    assert blue > 5_000, f"only {blue} pixels of bar colour: the charts did not render"
