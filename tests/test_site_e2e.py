"""``plans site`` in a real browser: headless Chromium (Debian's ``chromium`` and ``chromium-driver``)
through Selenium. Opens the home page, searches "so giao duc" (no diacritics), follows the result to the
agency page, checks that the browser logged no error, and takes screenshots on a wide and a phone-sized
screen. Skipped where Chromium is not installed; ``make e2e`` runs it (``PLANS_E2E_SHOTS=dir`` keeps
the screenshots)."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plans.commands.app import app
from site_helpers import AS_OF

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")
needs_browser = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="chromium and chromium-driver are not installed "
                                   "(apt-get install chromium chromium-driver)")
SGD = "hp.so-giao-duc-va-dao-tao"
SGD_NAME = "Sở Giáo dục và Đào tạo thành phố Hải Phòng"
SIZES = {"wide": (1280, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory, frozen_repo):
    out = tmp_path_factory.mktemp("e2e") / "_site"
    res = CliRunner().invoke(app, ["site", "-o", str(out), "--as-of", AS_OF, "--repo", str(frozen_repo / "plans"),
                                   "--repo", str(frozen_repo / "kpi")])
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def served(site_dir):
    """The site over HTTP on the loopback address, as GitHub or GitLab Pages would serve it."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def browser(width: int, height: int):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
              f"--window-size={width},{height}", "--lang=vi", "--no-first-run", "--disable-extensions",
              "--allow-file-access-from-files"):
        opts.add_argument(a)
    if width < 500:  # a phone: its own viewport and pixel ratio (a desktop window cannot be this narrow)
        opts.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height,
                                                                           "pixelRatio": 2}})
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(DRIVER), options=opts)


def errors(driver) -> list:
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def shots_dir(tmp_path) -> Path:
    d = Path(os.environ.get("PLANS_E2E_SHOTS") or tmp_path)
    d.mkdir(parents=True, exist_ok=True)
    return d


@needs_browser
@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("how", ["file", "http"])
def test_search_without_diacritics_leads_to_the_agency(site_dir, served, tmp_path, size, how):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base = site_dir.resolve().as_uri() if how == "file" else served
    shots = shots_dir(tmp_path)
    driver = browser(*SIZES[size])
    try:
        driver.get(f"{base}/index.html")
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
        assert driver.find_element(By.TAG_NAME, "h1").text == "Tổng quan thực hiện kế hoạch"
        driver.save_screenshot(str(shots / f"home-{size}-{how}.png"))
        box = driver.find_element(By.ID, "q-home")
        box.send_keys("so giao duc")
        box.send_keys(Keys.ENTER)
        wait = WebDriverWait(driver, 15)
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#results a")))
        assert "search.html" in driver.current_url
        links = driver.find_elements(By.CSS_SELECTOR, "#results a")
        names = [a.text for a in links]
        assert SGD_NAME in names, names[:10]
        # agencies are listed first: the body asked for is on the first lines, not under the tasks
        assert names.index(SGD_NAME) < 10, names[:10]
        driver.save_screenshot(str(shots / f"search-{size}-{how}.png"))
        link = next(a for a in links if a.text == SGD_NAME)
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
        link.click()
        wait.until(ec.url_contains(f"agency/{SGD}.html"))
        assert driver.find_element(By.TAG_NAME, "h1").text == SGD_NAME
        assert driver.find_elements(By.CSS_SELECTOR, "section.agency-plan table")
        driver.save_screenshot(str(shots / f"agency-{size}-{how}.png"))
        assert errors(driver) == []
    finally:
        driver.quit()


@needs_browser
def test_every_page_type_loads_without_console_errors(site_dir, served):
    from selenium.webdriver.common.by import By

    pages = ["index.html", "plans.html", "agencies.html", "kpi.html", "plan/hp-2026-kh-bcd799-pttd-pctp.html",
             "area/hp.html", f"agency/{SGD}.html", "kpi/reports.resolved-rate.html", "search.html?q=cong+an"]
    driver = browser(*SIZES["wide"])
    try:
        for rel in pages:
            driver.get(f"{served}/{rel}")
            assert driver.find_element(By.TAG_NAME, "h1").text, rel
            broken = driver.execute_script(
                "return Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
            assert broken == [], (rel, broken)
            assert errors(driver) == [], rel
    finally:
        driver.quit()
