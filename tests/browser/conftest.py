"""What every browser test shares: one headless Chromium per test module.

``$CHROMIUM`` names the executable (``make test-browser`` / ``make test-lab`` set it from
``tools/machine.py browser``); else ``chromium`` on PATH, else /usr/bin/chromium.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
#: No background traffic, no GPU, no sandbox (containers): a quiet, offline browser.
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions")


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium (playwright), closed after the module; fails if there is none."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield b
        b.close()
