"""Debian's chromium, as every browser test drives it through Playwright."""

from __future__ import annotations

import os
import shutil

CHROMIUM = os.environ.get("ASSEMBLY_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Headless, no sandbox (tests run as root in CI), and none of chromium's own network traffic: the machines
# have no network beyond the package registries.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
