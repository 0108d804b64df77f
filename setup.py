"""Packaging hook (the rest is in pyproject.toml): the wheel carries the Word templates and the
compiled catalogs inside the package (intake_bot/templates/*.docx, intake_bot/locale/**/*.mo),
where :func:`intake_bot.config.resource_dir` finds them once installed. In the repository they
stay at the top (templates/, locale/), where `make catalogs` and scripts/build_templates.py
write them and an editable install reads them."""

from pathlib import Path
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA = ("templates/*.docx", "locale/*/LC_MESSAGES/*.mo")


class BuildWithData(build_py):
    """build_py, plus the templates and compiled catalogs copied into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads them in place
            return
        for pattern in DATA:
            for source in sorted(ROOT.glob(pattern)):
                target = Path(self.build_lib) / "intake_bot" / source.relative_to(ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)


setup(cmdclass={"build_py": BuildWithData})
