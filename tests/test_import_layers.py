"""The import layers `make lint` checks (pyproject.toml) cover every package of ours, so a new app cannot slip past them."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_APPLICATION_CODE = {"tests", "bench"}


def import_linter_config():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def test_every_package_of_ours_is_checked_and_placed_on_a_layer():
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py") if path.parent.name not in NOT_APPLICATION_CODE}
    config = import_linter_config()
    layered = {
        name.strip()
        for contract in config["contracts"]
        if contract["type"] == "layers"
        for layer in contract["layers"]
        for name in layer.split("|")
    }
    assert packages == set(config["root_packages"]) == layered


def test_the_project_package_is_the_top_layer_so_no_app_may_import_it():
    (layers,) = [contract["layers"] for contract in import_linter_config()["contracts"] if contract["type"] == "layers"]
    assert layers[0] == "website"
