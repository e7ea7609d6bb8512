"""The layering of the codebase: ``wcocb`` below every domain app, each app above the apps it uses.

The contract lives in ``.importlinter`` (import-linter reads every import, including those inside
functions); its layers must name every app of ``settings.DOMAIN_APPS`` in reverse order, so a new app
cannot be added without taking its place in the contract.
"""

import configparser
from pathlib import Path

from django.conf import settings
from importlinter.cli import lint_imports

CONFIG = Path(__file__).resolve().parent.parent / ".importlinter"


def _contract() -> configparser.SectionProxy:
    parser = configparser.ConfigParser()
    parser.read(CONFIG)
    return parser["importlinter:contract:layers"]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def test_the_layers_name_every_domain_app_in_dependency_order():
    parser = configparser.ConfigParser()
    parser.read(CONFIG)
    assert _lines(_contract()["layers"]) == [*reversed(settings.DOMAIN_APPS), "wcocb"]
    assert set(_lines(parser["importlinter"]["root_packages"])) == {"wcocb", *settings.DOMAIN_APPS}


def test_no_import_crosses_the_layers():
    assert lint_imports(str(CONFIG), no_cache=True, no_logo=True) == 0
