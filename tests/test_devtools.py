"""Development tools stay out of the installed package, and their commands say where to run them."""

import sys
import tomllib
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from setuptools import find_namespace_packages

from cms.management import devtools

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def no_devtools(monkeypatch):
    """As on a server where the app was installed from a wheel: no devtools package at all."""
    for name in [name for name in sys.modules if name.split(".")[0] == "devtools"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "devtools", None)


def test_installed_package_list_leaves_devtools_out():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    find = config["tool"]["setuptools"]["packages"]["find"]
    packages = find_namespace_packages(ROOT, include=find["include"])
    assert "cms" in packages and "cms.management.commands" in packages
    assert not [name for name in packages if name.split(".")[0] == "devtools"]
    assert not any(
        "demo" in pattern for pattern in config["tool"]["setuptools"]["package-data"]["cms"]
    )


@pytest.mark.parametrize(
    "command, arguments",
    [
        ("loadtest", ["--seconds", "1"]),
        ("bench", ["--entries", "10", "--requests", "2"]),
        ("bench_search", ["--entries", "1"]),
        ("quickstart", ["--no-serve"]),
    ],
)
def test_command_without_devtools_says_to_run_it_from_a_checkout(no_devtools, command, arguments):
    with pytest.raises(CommandError, match=rf"“{command}” needs the development tools"):
        call_command(command, *arguments)


def test_a_dependency_missing_inside_devtools_is_reported_as_itself(monkeypatch):
    def import_module(name):
        raise ModuleNotFoundError("No module named 'snowballstemmer'", name="snowballstemmer")

    monkeypatch.setattr(devtools.importlib, "import_module", import_module)
    with pytest.raises(ModuleNotFoundError, match="snowballstemmer"):
        devtools.load("search_bench", "bench_search")


def test_devtools_are_found_from_a_checkout():
    assert devtools.load("percentiles", "bench_search").percentile([3.0, 1.0, 2.0], 0.5) == 2.0
