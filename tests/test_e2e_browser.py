"""End to end: `prep ui` (which first builds the index) serving the app on 127.0.0.1, driven by
headless Chromium. One quiz question is answered and a score must appear; a screenshot is kept
in test-artifacts/."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.settings import PROJECT_ROOT
from tests.conftest import stop_server

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = [pytest.mark.integration, pytest.mark.server,
              pytest.mark.skipif(not (CHROMIUM and DRIVER), reason=(
                  "needs Debian chromium and chromium-driver (make system-deps installs them)"))]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, server: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the app server exited with {server.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise TimeoutError(f"the app did not listen on {port}")


@pytest.fixture
def app_url(prep_home: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "PREP_HOME": str(prep_home), "PREP_LLM": "none"}
    prep = Path(sys.executable).with_name("prep")
    server = subprocess.Popen([str(prep), "ui", "--port", str(port)], cwd=PROJECT_ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(port, server, seconds=300)  # indexing the corpus comes first
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(server)


@pytest.fixture
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager reach for the network
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                 "--window-size=1400,1800"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})  # network requests
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _button(driver, label: str, wait) -> object:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready

    return wait.until(ready.element_to_be_clickable(
        (By.XPATH, f"//button[.//p[normalize-space()='{label}']]")))


def test_a_quiz_question_answered_in_the_browser_gets_a_score(app_url: str, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 180)
    browser.get(f"{app_url}/quiz")
    _button(browser, "Start quiz", wait).click()
    answer = wait.until(ready.element_to_be_clickable((By.TAG_NAME, "textarea")))
    answer.send_keys("Sort the items first, then use a hash map to look up each complement "
                     "in O(1); the whole pass is O(n) time and O(n) space.")
    _button(browser, "Submit answer", wait).click()
    score = wait.until(ready.visibility_of_element_located(
        (By.CSS_SELECTOR, "[data-testid='stMetricValue']")))
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "e2e-quiz-score.png"))
    value, maximum = score.text.split(" / ")
    assert 0.0 <= float(value) <= 5.0 and maximum == "5"
    label = browser.find_element(By.CSS_SELECTOR, "[data-testid='stMetricLabel']")
    assert label.text == "Score"
    assert _hosts_requested(browser) == {"127.0.0.1"}  # nothing leaves the machine


def _hosts_requested(driver) -> set[str]:
    """Every host the page sent a request to, from Chromium's network log."""
    from urllib.parse import urlparse

    hosts = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.startswith(("http:", "https:", "ws:", "wss:")):
                hosts.add(urlparse(url).hostname)
    return hosts
