"""pytest in a checkout tests the checkout, whichever copy of policykg is installed."""
import subprocess
import sys
from pathlib import Path

import policykg
import policykg.queries

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_under_test_is_this_checkout():
    assert Path(policykg.__file__).resolve() == ROOT / "__init__.py"
    assert Path(policykg.queries.__file__).resolve() == ROOT / "queries" / "__init__.py"


def test_policykg_processes_started_by_tests_run_this_checkout():
    found = subprocess.run([sys.executable, "-c", "import policykg.cli; print(policykg.cli.__file__)"],
                           capture_output=True, text=True, check=True).stdout.strip()
    assert Path(found).resolve() == ROOT / "cli.py"


def test_pip_install_ships_every_module_and_data_file_of_the_checkout():
    """`pip install .` installs the packages and data files setup.cfg names: a subpackage or a
    data file missing there is missing for every user (loaders.layouts was, and `policykg load`
    failed on a fresh machine while the tests, which run this checkout, passed)."""
    import configparser
    from fnmatch import fnmatch

    setup = configparser.ConfigParser()
    setup.read(ROOT / "setup.cfg")
    listed = set(setup["options"]["packages"].split())
    patterns = {name: [p.strip() for p in value.split(",")] for name, value in setup["options.package_data"].items()}

    def shipped(path: Path) -> bool:  # in the package tree: not tests, tools, caches, builds or git
        parts = path.relative_to(ROOT).parts
        return not (parts and parts[0] in {"tests", "bench", "examples", "docs", "build", "dist"}) and not any(
            part.startswith(".") or part.endswith(".egg-info") or part == "__pycache__" for part in parts)

    packages = {".".join(("policykg", *init.parent.relative_to(ROOT).parts))
                for init in ROOT.rglob("__init__.py") if shipped(init)}
    unshipped = []
    for path in ROOT.rglob("*"):
        if path.is_dir() or path.suffix == ".py" or not shipped(path) or path.parent == ROOT:
            continue  # the root holds the project's own files (README, setup.cfg): no data
        package = next(parent for parent in path.parents if (parent / "__init__.py").exists())
        name = ".".join(("policykg", *package.relative_to(ROOT).parts))
        if not any(fnmatch(path.relative_to(package).as_posix(), pattern) for pattern in patterns.get(name, [])):
            unshipped.append(f"{name}: {path.relative_to(package).as_posix()}")
    assert sorted(packages - listed) == [] and unshipped == []
