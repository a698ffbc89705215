"""Look at the built docs site in a real browser (headless Chromium), as a reader would.

    python .ci/check_site.py SITE_DIR

Serves SITE_DIR on localhost, opens every page in Debian's Chromium through
its ChromeDriver (selenium), and fails if a page shows Sphinx roles as text
(``:class:`...```), if any code block is hidden or empty, or if the API
reference lacks typed signatures or shows private names. Writes a screenshot
of the reference page beside the site (``SITE_DIR/../reference.png``).
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import tempfile
import threading
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# As this machine's notes say Chromium must start here: no sandbox as root,
# and none of the background connections a closed network refuses.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1300,2000"]
SPHINX_ROLE = re.compile(r":(class|func|meth|attr|mod|data|exc|obj):`")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main(site: Path) -> int:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as profile:
        options.add_argument(f"--user-data-dir={profile}")
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        try:
            pages = sorted(path.relative_to(site) for path in site.rglob("index.html")
                           if "assets" not in path.parts)
            for page in pages:
                problems += _check_page(driver, f"{base}/{page.as_posix()}", str(page))
            driver.get(f"{base}/reference/index.html")
            problems += _check_reference(driver)
            driver.save_screenshot(str(site.parent / "reference.png"))
        finally:
            driver.quit()
            server.shutdown()
    for problem in problems:
        print(f"check_site: {problem}", file=sys.stderr)
    print(f"check_site: {len(pages)} pages looked at in Chromium, {len(problems)} problems")
    return 1 if problems else 0


def _check_page(driver: webdriver.Chrome, url: str, name: str) -> list[str]:
    driver.get(url)
    problems = []
    text = driver.find_element(By.TAG_NAME, "article").text
    for role in SPHINX_ROLE.finditer(text):
        problems.append(f"{name}: a Sphinx role shown as text: {text[role.start():][:60]!r}")
    blocks = driver.find_elements(By.CSS_SELECTOR, "article pre")
    for number, block in enumerate(blocks, start=1):
        driver.execute_script("arguments[0].scrollIntoView();", block)
        if not block.is_displayed() or block.size["height"] < 10:
            problems.append(f"{name}: code block {number} is not visible")
        elif not block.text.strip():
            problems.append(f"{name}: code block {number} is empty")
    return problems


def _check_reference(driver: webdriver.Chrome) -> list[str]:
    text = driver.find_element(By.TAG_NAME, "article").text
    problems = []
    for expected in ("load_corpus(", "-> Corpus[Document]", "source: Source",
                     "to_pandas() -> DataFrame", "from_post(", "exclude: Globs"):
        if expected not in text.replace("\n", " "):
            problems.append(f"reference: {expected!r} is not shown")
    for private in ("__all__", "_Model", "D_co = ", "Bases:"):
        if private in text:
            problems.append(f"reference: shows {private!r}")
    return problems


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
