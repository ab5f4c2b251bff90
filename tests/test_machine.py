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
