"""The book's explorers move without a kernel: every control of every explorer, in Chromium.

Run after a build whose notebooks were executed with ``ACTBOOK_STATIC_EXPLORERS=1``
(``make test-html`` / ``make book`` set it): each chapter's explorer is then a set of
precomputed frames in nested ``widgets.Stack`` s that ``jslink`` ties to the controls.
With the network blocked and no kernel, for each control we change its value as a reader
would (the next option of a dropdown; the arrow key on a slider's handle) and assert the
explorer's visible image changes.  Frame counts and page sizes go to
``artifacts/explorers-static.json``.
"""

from __future__ import annotations

import json
import re

import pytest

from test_book_offline import HTML, ROOT, open_page, pages, server  # noqa: F401

CHAPTERS = [p for p in pages() if re.match(r"chapters/(0[1-9]|10)_", p)]
REPORT = ROOT / "artifacts" / "explorers-static.json"
_results: dict[str, dict] = {}

pytestmark = pytest.mark.skipif(not CHAPTERS, reason=f"no built chapters in {HTML}")

VISIBLE = """e => [...e.querySelectorAll('img')]
    .filter(i => i.offsetParent !== null && i.getBoundingClientRect().width > 0 && i.complete && i.naturalWidth > 0)
    .map(i => i.src)"""


@pytest.mark.parametrize("name", CHAPTERS)
def test_explorer_moves_without_a_kernel(browser, server, name):  # noqa: F811
    ctx, page, log = open_page(browser, f"{server}/{name}")
    try:
        assert page.locator(".actbook-explorer-live").count() == 0, \
            "the build rendered the live explorer (ACTBOOK_STATIC_EXPLORERS=1 not set?)"
        page.wait_for_selector(".actbook-explorer-static", timeout=20000)
        ex = page.locator(".actbook-explorer-static").first
        ex.scroll_into_view_if_needed()
        note = ex.inner_text()
        m = re.search(r"Precomputed for the book \((\d+) frames, (\d+) kB\)", note)
        assert m, f"the explorer does not say which settings are precomputed: {note[-300:]!r}"
        shown = ex.evaluate(VISIBLE)
        assert len(shown) == 1, f"expected one visible frame, got {len(shown)}"
        moved = 0
        selects = ex.locator("select")
        for i in range(selects.count()):
            sel = selects.nth(i)
            n = sel.locator("option").count()
            now = sel.evaluate("s => s.selectedIndex")
            sel.select_option(index=(now + 1) % n)
            page.wait_for_function(f"e => ({VISIBLE})(e)[0] !== {json.dumps(shown[0])}", arg=ex.element_handle(),
                                   timeout=5000)
            shown = ex.evaluate(VISIBLE)
            moved += 1
        handles = ex.locator(".noUi-handle")
        for i in range(handles.count()):
            h = handles.nth(i)
            h.focus()
            key = "ArrowLeft" if h.get_attribute("aria-valuenow") == h.get_attribute("aria-valuemax") else "ArrowRight"
            page.keyboard.press(key)
            page.wait_for_function(f"e => ({VISIBLE})(e)[0] !== {json.dumps(shown[0])}", arg=ex.element_handle(),
                                   timeout=5000)
            shown = ex.evaluate(VISIBLE)
            moved += 1
        assert moved >= 1, "the explorer has no control"
        assert log["pageerror"] == [] and log["console"] == [], f"JS errors: {log['pageerror'] + log['console']}"
        assert log["outside"] == [], f"requests tried to leave the machine: {log['outside'][:5]}"
        _results[name] = {"frames": int(m.group(1)), "frame_kB": int(m.group(2)), "controls_moved": moved,
                          "page_bytes": (HTML / name).stat().st_size}
    finally:
        ctx.close()
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(json.dumps(_results, indent=1, sort_keys=True))
