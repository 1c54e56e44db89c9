"""Headless Chromium against a running `pubpack preview`: the page shows the embargo banner,
an edit to the Markdown makes the open page reload by itself, and screenshots are kept.

    python3 preview_reload.py URL MARKDOWN_FILE OUTPUT_DIR

Exit status 0 when every check passed; 1 with the reason on standard error otherwise.
"""
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BANNER = "EMBARGOED until 12:01am on Tuesday 4 August 2026"


def main(url, markdown, output):
    os.makedirs(output, exist_ok=True)
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1200,1400"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.set_page_load_timeout(20)
        driver.get(url)
        banner = driver.find_element(By.CSS_SELECTOR, ".embargo-banner")
        if BANNER not in banner.text:
            fail(f"no embargo banner, found: {banner.text!r}")
        robots = driver.find_element(By.CSS_SELECTOR, 'meta[name="robots"]').get_attribute("content")
        if robots != "noindex":
            fail(f"robots meta is {robots!r}")
        driver.find_element(By.ID, "pubpack-at")  # the time control
        # Wait for the event stream to open, so the reload is the server's doing.
        WebDriverWait(driver, 10).until(
            lambda d: d.execute_script(
                "return !!window.pubpackPreview && window.pubpackPreview.events.readyState === 1"))
        driver.save_screenshot(os.path.join(output, "1-banner.png"))

        # Mark this page load; a reload clears the mark.
        driver.execute_script("window.__beforeEdit = true;")
        marker = "This sentence was added while the page was open."
        with open(markdown, "a", encoding="utf-8") as f:
            f.write("\n" + marker + "\n")
        started = time.monotonic()
        WebDriverWait(driver, 10, poll_frequency=0.02).until(
            lambda d: d.execute_script("return window.__beforeEdit !== true;")
            and marker in d.page_source)
        elapsed = time.monotonic() - started
        driver.save_screenshot(os.path.join(output, "2-after-edit.png"))
        print(f"browser reloaded {elapsed * 1000:.0f} ms after the edit")

        # The public view at the release instant: no banner.
        driver.get(url + "?at=2026-08-04T00:01")
        if driver.find_elements(By.CSS_SELECTOR, ".embargo-banner"):
            fail("the public view at the release instant still shows the banner")
        driver.save_screenshot(os.path.join(output, "3-public-view.png"))
    finally:
        driver.quit()


def fail(reason):
    print(reason, file=sys.stderr)
    sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        fail(__doc__)
    main(*sys.argv[1:])
