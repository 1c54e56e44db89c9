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
        wait_for_stream(driver)
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

        # The time control: a minute before the embargo lifts, the public sees no press release.
        choose = ("var i = document.getElementById('pubpack-at'); i.value = arguments[0]; i.form.submit();")
        driver.execute_script(choose, "2026-08-04T00:00")
        WebDriverWait(driver, 10).until(lambda d: d.title.startswith("Page not found"))
        driver.save_screenshot(os.path.join(output, "3-public-view-before.png"))

        # At the release instant it is out, with no banner.
        driver.execute_script(choose, "2026-08-04T00:01")
        WebDriverWait(driver, 10).until(
            lambda d: not d.title.startswith("Page not found") and "Public view" in d.page_source)
        if driver.find_elements(By.CSS_SELECTOR, ".embargo-banner"):
            fail("the public view at the release instant still shows the banner")
        driver.save_screenshot(os.path.join(output, "4-public-view-at-release.png"))

        # A plain link stays in the public view (the cookie), and the bar leads back.
        driver.find_element(By.CSS_SELECTOR, 'nav a[href="../ofsted-inspection/"]').click()
        WebDriverWait(driver, 10).until(lambda d: "/ofsted-inspection/" in d.current_url)
        if "Public view" not in driver.page_source or driver.find_elements(By.CSS_SELECTOR, ".embargo-banner"):
            fail("following a link left the public view")
        driver.find_element(By.LINK_TEXT, "back to the author view").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".embargo-banner"))

        # A broken edit: the open page turns into the diagnostics, and the fix brings it back.
        driver.get(url)
        wait_for_stream(driver)
        with open(markdown, encoding="utf-8") as f:
            good = f.read()
        with open(markdown, "w", encoding="utf-8") as f:
            f.write(good + "\nThe council is {{council.nmae}}.\n")
        WebDriverWait(driver, 10).until(lambda d: d.title.startswith("Build failed"))
        if "council.nmae" not in driver.page_source:
            fail("the error page does not name the broken tag")
        driver.save_screenshot(os.path.join(output, "5-build-failed.png"))
        wait_for_stream(driver)
        with open(markdown, "w", encoding="utf-8") as f:
            f.write(good)
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".embargo-banner"))
    finally:
        driver.quit()


def wait_for_stream(driver):
    """Waits until the page's live-reload event stream is open."""
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script(
            "return !!window.pubpackPreview && !!window.pubpackPreview.events"
            " && window.pubpackPreview.events.readyState === 1"))


def fail(reason):
    print(reason, file=sys.stderr)
    sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        fail(__doc__)
    main(*sys.argv[1:])
