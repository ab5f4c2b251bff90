"""The built HTML book works with no network: every page in headless Chromium.

Run after a build (``make test-browser``; BOOK_HTML points at the html folder).
Every request to a host other than 127.0.0.1 is blocked and recorded. For every
page we assert: nothing tried to leave the machine, no request failed, no
JavaScript error, all maths typeset by the local MathJax, every image loaded,
saved widget state rendered, basic accessibility (language, heading order, alt
text or caption). The search page must find a term. Screenshots go to
``artifacts/screenshots`` for humans to look at.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

playwright = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
HTML = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "test" / "_build" / "html"))
SHOTS = ROOT / "artifacts" / "screenshots"
PAGE_BUDGET = 3_000_000  # bytes of HTML + images per page
SKIP = {"genindex.html", "search.html", "index.html"}  # index.html is a redirect to intro.html

pytestmark = pytest.mark.skipif(not (HTML / "intro.html").exists(), reason=f"no built book in {HTML}")


def pages() -> list[str]:
    if not HTML.exists():
        return []
    return sorted(str(p.relative_to(HTML)) for p in HTML.rglob("*.html")
                  if "_static" not in p.parts and p.name not in SKIP)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    handler = functools.partial(_Quiet, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def open_page(browser, url: str):
    """A new page with outside traffic blocked and everything that goes wrong recorded."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    log = {"outside": [], "failed": [], "console": [], "pageerror": []}

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            log["outside"].append(r.request.url)
            r.abort()

    # http(s)/ws only: blob: and data: URLs (the widgets' images) never leave the page, and
    # routing a blob: request can leave it pending, so the page never reaches network idle
    ctx.route(re.compile(r"^(https?|wss?)://"), route)
    page = ctx.new_page()
    page.on("requestfailed", lambda req: log["failed"].append(f"{req.url} {req.failure}")
            if urlparse(req.url).hostname == "127.0.0.1" else None)
    page.on("response", lambda res: log["failed"].append(f"{res.url} HTTP {res.status}")
            if res.status >= 400 else None)
    page.on("console", lambda m: log["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log["pageerror"].append(str(e)))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.evaluate("""async () => {
        if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
        await new Promise(r => setTimeout(r, 300));
    }""")
    return ctx, page, log


@pytest.mark.parametrize("name", pages())
def test_page_renders_offline(browser, server, name):
    ctx, page, log = open_page(browser, f"{server}/{name}")
    try:
        info = page.evaluate("""() => {
            const maths = [...document.querySelectorAll('.math, span.math, div.math')];
            const imgs = [...document.querySelectorAll('img')];
            const heads = [...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')]
                .map(h => +h.tagName[1]);
            const widgetViews = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length;
            const widgetsRendered = document.querySelectorAll('.jupyter-widgets, .widget-inline-hbox, .lm-Widget').length;
            const main = document.querySelector('main') || document.body;
            return {
                lang: document.documentElement.lang,
                mathTotal: maths.length,
                mathUntypeset: maths.filter(m => !m.querySelector('mjx-container')).length,
                rawTex: /\\\\\\(|\\\\\\[|\\$\\$/.test(main.innerText),
                brokenImgs: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80)),
                // figures carry captions; images drawn inside a saved widget are that widget's output
                noAlt: imgs.filter(i => !i.alt && !i.closest('figure') && !i.closest('.jupyter-widgets, .lm-Widget'))
                           .map(i => i.src.slice(0, 80)),
                heads, widgetViews, widgetsRendered,
                imgSrcs: imgs.map(i => i.getAttribute('src')),
            };
        }""")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / (name.replace("/", "__") + ".png")))
        assert log["outside"] == [], f"requests tried to leave the machine: {log['outside'][:5]}"
        assert log["failed"] == [], f"failed requests: {log['failed'][:5]}"
        assert log["pageerror"] == [] and log["console"] == [], f"JS errors: {log['pageerror'] + log['console']}"
        assert info["lang"], "the page has no language set (<html lang>)"
        assert info["mathUntypeset"] == 0, f"{info['mathUntypeset']}/{info['mathTotal']} maths not typeset"
        assert not info["rawTex"], "raw TeX delimiters left in the visible text"
        assert info["brokenImgs"] == [], f"images that did not load: {info['brokenImgs']}"
        assert info["noAlt"] == [], f"images with neither alt text nor a figure caption: {info['noAlt']}"
        heads = info["heads"]
        if heads:
            assert heads[0] == 1, f"first heading is h{heads[0]}, not h1"
            jumps = [(a, b) for a, b in zip(heads, heads[1:]) if b > a + 1]
            assert not jumps, f"heading levels skip: {jumps}"
        if info["widgetViews"]:
            assert info["widgetsRendered"] > 0, "saved widget views did not render"
        weight = (HTML / name).stat().st_size
        for src in info["imgSrcs"]:
            if src and not src.startswith(("data:", "http")):
                p = (HTML / name).parent / src.split("?")[0]
                weight += p.stat().st_size if p.exists() else 0
        assert weight < PAGE_BUDGET, f"{name} weighs {weight / 1e6:.2f} MB (budget {PAGE_BUDGET / 1e6:.0f} MB)"
    finally:
        ctx.close()


def test_search_finds_a_term(browser, server):
    ctx, page, log = open_page(browser, f"{server}/search.html?q=sigmoid")
    try:
        page.wait_for_selector("#search-results li, ul.search li", timeout=20000)
        n = page.locator("#search-results li, ul.search li").count()
        assert n > 0
        assert log["outside"] == [] and log["pageerror"] == []
    finally:
        ctx.close()


def test_every_chapter_page_was_checked():
    names = pages()
    assert any(n.startswith("chapters/") for n in names), "no chapter pages found in the build"
