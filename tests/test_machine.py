"""tools/machine.py: the preflight and the browser-stage policy (find, install as root, skip loudly, never under CI)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import machine  # noqa: E402


@pytest.fixture
def no_browser(monkeypatch, tmp_path):
    monkeypatch.setattr(machine, "SKIP_MARK", tmp_path / ".skipped")
    monkeypatch.setattr(machine, "find_chromium", lambda: None)
    monkeypatch.setattr(machine, "has_cjk_font", lambda: True)
    monkeypatch.setattr(machine, "can_apt_install", lambda: False)
    return tmp_path / ".skipped"


def test_browser_found_prints_its_path(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(machine, "SKIP_MARK", tmp_path / ".skipped")
    monkeypatch.setattr(machine, "find_chromium", lambda: "/opt/chrome")
    monkeypatch.setattr(machine, "has_cjk_font", lambda: True)
    assert machine.browser() == 0
    assert capsys.readouterr().out.strip() == "/opt/chrome"
    assert not (tmp_path / ".skipped").exists()


def test_missing_browser_is_skipped_loudly_outside_ci(monkeypatch, capsys, no_browser):
    monkeypatch.delenv("CI", raising=False)
    assert machine.browser() == 3
    err = capsys.readouterr().err
    assert "SKIPPING the browser tests" in err and "apt-get install chromium" in err
    machine.summary()
    out = capsys.readouterr().out
    assert "SKIPPED" in out and "browser tests" in out and "all checks passed" in out


def test_missing_browser_fails_under_ci(monkeypatch, capsys, no_browser):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(SystemExit) as e:
        machine.browser()
    assert e.value.code == 1
    assert "CI may not skip" in capsys.readouterr().err.replace("\n", " ")
    assert not no_browser.exists()


def test_missing_cjk_font_counts_as_missing(monkeypatch, capsys, no_browser):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(machine, "find_chromium", lambda: "/opt/chrome")
    monkeypatch.setattr(machine, "has_cjk_font", lambda: False)
    assert machine.browser() == 3
    assert "CJK font" in no_browser.read_text()


def test_root_installs_what_is_missing(monkeypatch, capsys, no_browser):
    state = {"installed": False}
    monkeypatch.setattr(machine, "can_apt_install", lambda: True)
    monkeypatch.setattr(machine, "apt_install", lambda pkgs: state.update(installed=pkgs) or True)
    monkeypatch.setattr(machine, "find_chromium", lambda: "/usr/bin/chromium" if state["installed"] else None)
    assert machine.browser() == 0
    assert state["installed"] == ["chromium"]


def test_summary_without_skips(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(machine, "SKIP_MARK", tmp_path / "none")
    machine.summary()
    assert capsys.readouterr().out.strip() == "make test: all checks passed"


def test_preflight_rejects_old_python(monkeypatch, capsys):
    monkeypatch.setattr(machine.sys, "version_info", (3, 8, 0))
    with pytest.raises(SystemExit):
        machine.preflight(".venv")
    assert "needs Python 3.10 or newer" in capsys.readouterr().err.replace("\n", " ")


def test_preflight_checks_disk_when_venv_is_missing(monkeypatch, capsys):
    class Usage:
        free = 2**29  # 0.5 GB
    monkeypatch.setattr(machine.shutil, "disk_usage", lambda path: Usage)
    with pytest.raises(SystemExit):
        machine.preflight("no-such-venv")
    assert "disk space" in capsys.readouterr().err


def test_index_failure_is_one_paragraph(capsys):
    with pytest.raises(SystemExit):
        machine.index("/nonexistent/python")
    err = capsys.readouterr().err
    assert "package index cannot be reached" in err.replace("\n", " ")
    assert "Traceback" not in err


# ----------------------------------------------------------------------------- clean-build stamp
FLAGS = "-W -n --keep-going"


@pytest.fixture
def tree(monkeypatch, tmp_path):
    """A small git checkout standing in for the book's tree, with machine.py pointed at it."""
    import subprocess

    root = tmp_path / "book"
    (root / "src").mkdir(parents=True)
    (root / "src" / "a.py").write_text("x = 1\n")
    (root / "_config.yml").write_text("title: t\n")
    (root / ".gitignore").write_text("_build/\n")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    monkeypatch.setattr(machine, "ROOT", root)
    monkeypatch.setattr(machine, "BOOK_START", root / "_build" / ".book-start.json")
    monkeypatch.setattr(machine, "BOOK_STAMP", root / "_build" / ".clean-build.json")
    monkeypatch.setenv("ACTBOOK_STATIC_EXPLORERS", "1")
    return root


def _build(root, rc=0, during=None):
    """What `make book` does around jupyter-book: start, (build), done."""
    machine.book_start(FLAGS)
    (root / "_build" / "html").mkdir(parents=True, exist_ok=True)
    (root / "_build" / "html" / "intro.html").write_text("<html></html>")
    (root / "_build" / ".jupyter_cache").mkdir(exist_ok=True)
    if during:
        during()
    machine.book_done(rc, FLAGS)


def test_a_clean_strict_build_is_reused_only_for_the_very_same_tree(tree, capsys, monkeypatch):
    _build(tree)
    assert "stamp written" in capsys.readouterr().out
    assert machine.book_check(FLAGS) == 0
    assert machine.book_check("-n") == 1                        # other flags
    (tree / "src" / "a.py").write_text("x = 2\n")               # a change in src/ ...
    assert machine.book_check(FLAGS) == 1
    assert "the tree changed" in capsys.readouterr().out
    (tree / "src" / "a.py").write_text("x = 1\n")               # ... undone: the same tree again
    assert machine.book_check(FLAGS) == 0
    (tree / "src" / "new.py").write_text("")                     # a new (untracked) file counts
    assert machine.book_check(FLAGS) == 1
    (tree / "src" / "new.py").unlink()
    (tree / "_build" / "junk").write_text("")                    # ignored files do not
    assert machine.book_check(FLAGS) == 0
    monkeypatch.setenv("ACTBOOK_STATIC_EXPLORERS", "0")          # built with live explorers
    assert machine.book_check(FLAGS) == 1


def test_no_stamp_unless_clean_passing_and_still(tree, capsys):
    _build(tree)                       # stamped; the next build reuses the cache: not clean
    _build(tree)
    assert "did not start from a clean _build" in capsys.readouterr().out
    assert machine.book_check(FLAGS) == 1
    import shutil
    shutil.rmtree(tree / "_build")
    _build(tree, rc=1)                 # warnings (-W) fail the build: no stamp
    assert "the build failed" in capsys.readouterr().out
    assert machine.book_check(FLAGS) == 1
    shutil.rmtree(tree / "_build")
    _build(tree, during=lambda: (tree / "src" / "a.py").write_text("x = 3\n"))
    assert "changed during the build" in capsys.readouterr().out
    assert machine.book_check(FLAGS) == 1
    shutil.rmtree(tree / "_build")
    _build(tree)
    (tree / "_build" / "html" / "intro.html").unlink()   # the stamped HTML is gone
    assert machine.book_check(FLAGS) == 1
