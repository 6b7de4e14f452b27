"""Take the documentation's screenshots of the participant, moderation and results pages.

Runs what a new user runs: ``assembly demo --no-serve`` in a fresh data folder, then ``assembly serve``
(with its background analysis), adds two participant submissions through the JSON API so the
moderation queue has something in it, waits for the analysis, and photographs the pages with
Playwright driving Debian's chromium. Writes docs/screenshots/*.png.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--port 8765]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "culture-for-ai-simulated"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SUBMISSIONS = (
    "Museums should publish which AI tools they use and why",
    "Archives need funding before they can share data for AI",
)
# The part of the (long) results page photographed, in CSS pixels.
RESULTS_CLIP = {"x": 0, "y": 0, "width": 1100, "height": 3000}
# Seconds to wait for the server to answer and for the first analysis.
PATIENCE = 120


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our own local server)
        return json.load(response)


def _post(url: str, body: dict) -> dict:
    request = urllib.request.Request(  # noqa: S310 (our own local server)
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)


def _wait(what: str, check) -> None:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"screenshots: gave up waiting for {what}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    base = f"http://127.0.0.1:{args.port}"
    with tempfile.TemporaryDirectory(prefix="assembly-screenshots-") as data:
        env = {**os.environ, "ASSEMBLY_DATA_DIR": data, "PYTHONPATH": str(ROOT)}
        env.pop("DATABASE_URL", None)
        subprocess.run([python, "-m", "assembly", "demo", "--no-serve"], env=env, check=True, cwd=ROOT)
        username, password = (Path(data) / "demo-login.txt").read_text().split()
        server = subprocess.Popen(
            [python, "-m", "assembly", "serve", "--port", str(args.port)], env=env, cwd=ROOT
        )
        try:
            _wait("the server", lambda: _get(f"{base}/api/consultations"))
            for text in SUBMISSIONS:
                _post(f"{base}/api/consultations/{SLUG}/statements", {"text": text})
            results = f"{base}/api/consultations/{SLUG}/results"
            _wait("the analysis", lambda: _get(results)["analysis"] and not _get(results)["status"]["behind"])
            _photograph(base, username, password, args.out)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


def _photograph(base: str, username: str, password: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(f"{base}/c/{SLUG}/")
        page.keyboard.press("a")  # one vote with the keyboard: the card moves on to the next statement
        page.wait_for_selector("#vote-card :text('remaining')")
        page.screenshot(path=out / "participant.png", full_page=True)

        phone = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2)
        phone.goto(f"{base}/c/{SLUG}/")
        phone.screenshot(path=out / "participant-phone.png")

        page.goto(f"{base}/accounts/login/?next=/manage/{SLUG}/moderation/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_selector("article.queue-item")
        page.screenshot(path=out / "moderation.png", full_page=True)

        page.goto(f"{base}/c/{SLUG}/results/")
        page.wait_for_selector("#opinion-map")
        # The top of the page: status, counts, map, groups and the first category (the rest is long).
        page.screenshot(path=out / "results.png", full_page=True, clip=RESULTS_CLIP)
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            height = page.evaluate("document.scrollingElement.scrollHeight")
            print(f"results page at {width} px: {height} px tall")

        # Where do I stand: the phone's participant votes on every statement, then, once the analysis
        # placed them, opens their own page from the end card.
        phone.goto(f"{base}/c/{SLUG}/")
        card = "document.querySelector('#vote-card').innerText"
        while phone.locator("#end-links").count() == 0:
            before = phone.evaluate(card)
            phone.keyboard.press("a")
            phone.wait_for_function(f"before => {card} !== before", arg=before)
        phone.get_by_role("link", name="See where you stand").click()
        _wait("the participant's placing", lambda: "You are in" in (phone.reload() and phone.content()))
        phone.screenshot(path=out / "standing-phone.png")  # the first screen: group, map and ring
        browser.close()
    for name in ("participant", "participant-phone", "moderation", "results", "standing-phone"):
        print(out / f"{name}.png")


if __name__ == "__main__":
    sys.exit(main())
