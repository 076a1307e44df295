"""The two build steps pyproject.toml cannot express (the metadata is all in pyproject.toml).

1. The package list. site/ is imported as `parentsite`, and setuptools' `packages.find` cannot
   rename a folder, so the packages are found here, on every build: each package and
   sub-package of site/ (as parentsite.*), programs/ and bookings/, plus the project-wide
   templates/, static/ and locale/ folders as data packages inside parentsite (their
   package-dir mapping and file globs are in pyproject.toml). A new sub-package needs no edit.
2. The translations. Compiled catalogues (.mo) are not in git, so the wheel gets them compiled
   from the .po files here: an installed site needs no compile step.
"""

import shutil
from pathlib import Path

import polib
from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent

# import name -> folder
APPS = {"parentsite": "site", "programs": "programs", "bookings": "bookings"}
DATA_PACKAGES = ["parentsite.templates", "parentsite.static", "parentsite.locale"]


def app_packages() -> list[str]:
    packages = []
    for name, folder in APPS.items():
        packages.append(name)
        packages += [f"{name}.{sub}" for sub in find_packages(str(ROOT / folder))]
    return packages


class BuildPyCompilingTranslations(build_py):
    """Build from a clean slate and compile every .po file that was copied into the build."""

    def run(self):
        if not self.editable_mode:
            # setuptools never removes what an earlier build left in build/lib: a module moved
            # or deleted since would still end up in the wheel.
            shutil.rmtree(self.build_lib, ignore_errors=True)
        super().run()
        if not self.editable_mode:
            for po_path in sorted(Path(self.build_lib).rglob("*.po")):
                polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))


setup(
    packages=app_packages() + DATA_PACKAGES,
    cmdclass={"build_py": BuildPyCompilingTranslations},
)
