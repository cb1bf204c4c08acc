"""End to end in a real headless chromium: `antwoord ui` on loopback, ask, see a cited answer, open the citation."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import IN_CI

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
DOCS_SCREENSHOT = ROOT / "docs" / "screenshots" / "research_chat.png"
REFRESH_ENV = "ANTWOORD_REFRESH_SCREENSHOT"  # =1: write the screenshot into docs/ (tracked); else into tmp_path
QUESTION = "what did the cabinet say about return hubs?"
UNANSWERABLE = "What is the best recipe for apple pie with cinnamon?"
# Elements of a chat message (outside its citation cards) that scroll inside the page: an inner scroll box.
INNER_SCROLL_BOXES = """
return Array.from(arguments[0].querySelectorAll('*')).filter(el => {
  if (el.closest('[data-testid="stExpander"]')) return false;
  const style = getComputedStyle(el);
  return /(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 2;
}).length;
"""
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    "--window-size=1400,2200",
)  # fmt: skip
# Scroll the element to the top of its scrolling ancestor, leaving room for Streamlit's sticky header.
SCROLL_BELOW_HEADER = """
const el = arguments[0];
el.scrollIntoView({block: 'start'});
let box = el.parentElement;
while (box && box.scrollHeight <= box.clientHeight) { box = box.parentElement; }
(box || document.scrollingElement).scrollBy(0, -140);
"""
START_TIMEOUT = 60  # seconds for the server to answer its health check
ANSWER_TIMEOUT = 240  # the first question loads the embedder in the server process


def find_chromium() -> tuple[str, str] | None:
    """(browser binary, chromedriver) from PATH, or None when either is missing."""
    browser = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@pytest.fixture(scope="session")
def chromium() -> tuple[str, str]:
    """The browser and its driver; fails under CI=true when missing, elsewhere skips with the reason.

    Session-scoped and requested first, so a missing browser is reported before the corpus index is built.
    """
    found = find_chromium()
    if found is None:
        reason = "no chromium/chromedriver on PATH (install: apt-get install -y chromium chromium-driver)"
        if IN_CI:
            pytest.fail(reason + "; the browser test is mandatory when CI=true")
        pytest.skip(reason)
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ui_command(port: int) -> list[str]:
    """`antwoord ui --port N`, through the installed console script when there is one."""
    script = Path(sys.executable).with_name("antwoord")
    base = [str(script)] if script.exists() else [sys.executable, "-c", "from ui.cli import main; main()"]
    return base + ["ui", "--port", str(port)]


def wait_healthy(port: int, process: subprocess.Popen, log: Path) -> None:
    """Wait until Streamlit's health endpoint says ok; fail with the server log if it dies or takes too long."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`antwoord ui` exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"`antwoord ui` not healthy after {START_TIMEOUT}s:\n{log.read_text()}")


@pytest.fixture
def app_url(corpus_settings, tmp_path):
    """`antwoord ui` serving the ingested corpus on a free loopback port; stopped (its process group) afterwards."""
    port = free_port()
    log = tmp_path / "ui.log"
    env = {**os.environ, "ANTWOORD_HOME": str(corpus_settings.home)}
    with log.open("w") as out:
        process = subprocess.Popen(
            ui_command(port), env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT
        )
    try:
        wait_healthy(port, process, log)
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the group: `antwoord ui` and the streamlit it started
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture
def driver(chromium, tmp_path):
    """A headless chromium with a fresh profile, quit afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, chromedriver = chromium
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    session = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    session.set_page_load_timeout(START_TIMEOUT)
    try:
        yield session
    finally:
        session.quit()


def screenshot_path(tmp_path: Path) -> Path:
    """docs/screenshots/research_chat.png when asked to refresh it (ANTWOORD_REFRESH_SCREENSHOT=1), else tmp_path."""
    return DOCS_SCREENSHOT if os.environ.get(REFRESH_ENV) == "1" else tmp_path / "research_chat.png"


def ask_and_wait(driver, question: str, replies_before: int) -> None:
    """Type a question and wait until its assistant message has finished (the chat input is enabled again)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    box = WebDriverWait(driver, START_TIMEOUT).until(
        ec.element_to_be_clickable((By.CSS_SELECTOR, '[data-testid="stChatInputTextArea"]'))
    )
    box.send_keys(question, Keys.ENTER)
    expected = 2 * (replies_before + 1)

    def answered(d) -> bool:
        messages = d.find_elements(By.CSS_SELECTOR, '[data-testid="stChatMessage"]')
        if len(messages) < expected:
            return False
        text = messages[expected - 1].text
        return "Searching the replies" not in text and ("] details" in text or "Nearest, not an answer" in text)

    WebDriverWait(driver, ANSWER_TIMEOUT).until(answered)


def test_ask_see_a_cited_answer_and_open_the_citation(chromium, app_url, driver, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(app_url)
    ask_and_wait(driver, QUESTION, replies_before=0)
    messages = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stChatMessage"]')
    assert QUESTION in messages[0].text
    answer = messages[1]
    assert "Extractive answer" in answer.text and "[1]" in answer.text
    assert answer.text.count("Extractive answer") == 1, "the way the answer was made is said once"
    assert driver.execute_script(INNER_SCROLL_BOXES, answer) == 0, "the answer shows in full, not in a scroll box"

    # Each citation once: its header line in the answer text, and a card that adds the detail without repeating it.
    summaries = answer.find_elements(By.CSS_SELECTOR, '[data-testid="stExpander"] summary')
    cards = [s for s in summaries if "Answered from" not in s.text]  # the progress box is an expander too
    labels = [card.text.strip().splitlines()[-1] for card in cards]  # the first line is the icon's name
    assert labels and all(label.startswith(f"[{n}] details") for n, label in enumerate(labels, start=1)), labels
    body = answer.text.split(labels[0])[0]
    headers = [line for line in body.splitlines() if line.startswith("[")]
    assert len(headers) == len(labels) == len(set(headers)), headers

    summary = cards[0]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", summary)
    driver.execute_script("arguments[0].click();", summary)  # a plain click can land on the sticky chat bar
    card = summary.find_element(By.XPATH, "./ancestor::div[@data-testid='stExpander'][1]")
    details = WebDriverWait(driver, 30).until(
        lambda d: card.find_element(By.CSS_SELECTOR, '[data-testid="stExpanderDetails"]')
    )
    # The card's facts render before its tabs: wait for the tabs, not just the first fact.
    WebDriverWait(driver, 30).until(lambda d: details.is_displayed() and "In the document" in details.text)
    assert "Reply" in details.text and "In the document" in details.text and "Kamerstuk" in details.text

    # Frame the screenshot: the question and answer at the top, the opened citation below.
    time.sleep(1)  # let the expander's opening animation and the chat's scroll-to-bottom finish
    driver.execute_script(SCROLL_BELOW_HEADER, messages[0])
    time.sleep(0.5)
    shot = screenshot_path(tmp_path)
    shot.parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(shot)), "chromium could not save the screenshot"
    assert shot.stat().st_size > 10_000

    # The document view: the reply in its surrounding text, its span highlighted (a coloured span, not HTML).
    tab = card.find_element(By.XPATH, './/*[@role="tab"][contains(., "In the document")]')
    driver.execute_script("arguments[0].click();", tab)
    highlight = WebDriverWait(driver, 30).until(
        lambda d: card.find_element(By.CSS_SELECTOR, '[role="tabpanel"] .stMarkdownColoredBackground')
    )
    assert highlight.text.strip(), "the highlighted reply has text"


def test_documents_picker_and_abstention(chromium, app_url, driver, corpus_settings):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from ingest.store import RecordStore
    from ui.app_state import newest_first

    driver.get(app_url)
    picker = WebDriverWait(driver, START_TIMEOUT).until(
        lambda d: d.find_element(By.XPATH, '//section[@data-testid="stSidebar"]//summary[contains(., "Documents")]')
    )
    driver.execute_script("arguments[0].click();", picker)
    sidebar = driver.find_element(By.CSS_SELECTOR, '[data-testid="stSidebar"]')
    documents = newest_first(RecordStore(corpus_settings.store_path).documents())

    def labels_rendered(_) -> list[str] | None:
        """The checkbox labels once every one shows its text (the expander opens with an animation, and a
        label not yet laid out reads as '')."""
        labels = [box.text for box in sidebar.find_elements(By.CSS_SELECTOR, '[data-testid="stCheckbox"]')]
        return labels if len(labels) >= len(documents) and all(label.strip() for label in labels) else None

    shown = WebDriverWait(driver, 30).until(labels_rendered)
    assert len(shown) == len(documents)
    for label, document in zip(shown, documents):  # newest first, each with its full title
        assert " ".join(document.title.split()) in " ".join(label.split()), (label, document.title)

    ask_and_wait(driver, UNANSWERABLE, replies_before=0)
    answer = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stChatMessage"]')[1]
    assert "do not answer" in answer.text and "Nearest, not an answer" in answer.text
    assert "No relevant reply found" not in answer.text, "no status box with a success check on an abstention"
    assert not answer.find_elements(By.CSS_SELECTOR, '[data-testid="stExpanderIconCheck"]')
