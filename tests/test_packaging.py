"""The built wheel carries the templates and compiled catalogs and finds them once installed
(issue 11): ``pip install .`` used to ship neither, so an Arabic household silently got French
and /documents failed. Built and installed offline: the fresh venv borrows the test
environment's dependencies through a .pth file (measured: about 3 s in all)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = shutil.ignore_patterns(".venv", ".git", "data", "build", "dist", "*.egg-info",
                                 "__pycache__", ".ci")


def build_wheel(tmp_path: Path) -> Path:
    """The wheel of a copy of the working tree (the tree itself is left untouched)."""
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=SKIPPED)
    subprocess.run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-index",
                    "--no-build-isolation", "-q", "-w", str(tmp_path / "dist")],
                   cwd=source, check=True, capture_output=True)
    [wheel] = (tmp_path / "dist").glob("intake_bot-*.whl")
    return wheel


def fresh_venv(tmp_path: Path, wheel: Path) -> Path:
    """A new venv with the wheel installed; its dependencies are the test environment's."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], check=True, capture_output=True, text=True).stdout
    (Path(site.strip()) / "borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index",
                    "--no-deps", "-q", str(wheel)], check=True, capture_output=True)
    return venv


def test_the_installed_wheel_runs_an_arabic_interview_with_its_own_catalogs(tmp_path):
    wheel = build_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert {"intake_bot/templates/diagnostic_social.docx",
            "intake_bot/templates/contrat_accompagnement.docx",
            "intake_bot/locale/ar/LC_MESSAGES/intake_bot.mo",
            "intake_bot/locale/fa_AF/LC_MESSAGES/intake_bot.mo"} <= set(names)
    assert {"intake_bot/templates/bilan_accompagnement.docx",  # issue 13: the reviews
            "intake_bot/flows/reviews/intermediate.yaml",
            "intake_bot/flows/reviews/final.yaml"} <= set(names)
    assert len([n for n in names if n.endswith(".mo")]) == 15
    venv = fresh_venv(tmp_path, wheel)
    elsewhere = tmp_path / "elsewhere"  # not the checkout: nothing found beside the sources
    elsewhere.mkdir()
    env = {**os.environ, "INTAKE_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": ""}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import intake_bot.i18n as i; print(i.LOCALE_DIR)"],
                           cwd=elsewhere, env=env, check=True, capture_output=True, text=True)
    assert where.stdout.startswith(str(venv))
    run = subprocess.run([str(venv / "bin" / "intake-bot"), "run", "--locale", "ar",
                          "--role", "household"], input="\n1\n", cwd=elsewhere, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "هل توافق على الإجابة" in run.stdout  # the consent question, in Arabic
    assert "Traceback" not in run.stderr
