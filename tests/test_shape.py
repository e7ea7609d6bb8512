"""The one tree every app shares (``docs/architecture.md``, "Layout"), and no write outside a service.

Generated over ``wcocb`` and every app of ``settings.DOMAIN_APPS``, so a new app falls under it from its
first commit:

- the tree: the files every app has, and no file without a home (``*_extra.py``, ``*_data.py``, ``misc.py``);
- the doors (views, API views, forms, the admin) never write to the database themselves: no ``.save()``
  (a form's ``save(commit=False)`` builds an unsaved object for a service), ``.delete()``, ``create``,
  ``get_or_create``, ``update_or_create``, ``bulk_*`` or a queryset's ``update()``. They call the app's
  services, which check the caller (``tests/test_admin_writes.py`` covers what the admin inherits).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = list(settings.DOMAIN_APPS)
#: Every domain app has these (a name or any of its alternatives).
REQUIRED = [
    ("apps.py",),
    ("choices.py",),
    ("rules.py",),
    ("models.py", "models"),
    ("services.py", "services"),
    ("urls.py",),
    ("api/urls.py",),
    ("admin.py",),
]
HOMELESS = re.compile(r"(_extra|_data|^misc)\.py$")
ALWAYS_WRITES = {"delete", "create", "get_or_create", "update_or_create", "bulk_create", "bulk_update"}
QUERYSET_HINTS = {"objects", "filter", "exclude", "all", "select_for_update"}
#: Doors that write without a service, with the reason (none today).
WRITES_ALLOWED: dict[str, str] = {}


def _door_files(app: str) -> list[Path]:
    base = ROOT / app
    files: list[Path] = []
    for name in ("views", "api", "importing/views.py", "views.py", "forms.py", "admin.py"):
        path = base / name
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.py") if "migrations" not in p.parts)
        elif path.is_file():
            files.append(path)
    return files


def _receiver_chain(node: ast.AST) -> set[str]:
    """The attribute and call names a call's receiver is built from (``X.objects.filter(...)``)."""
    names: set[str] = set()
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
            node = node.value
        else:
            return names


def _writes(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        receiver = node.func.value
        if name == "save":
            commit = next((k.value for k in node.keywords if k.arg == "commit"), None)
            if isinstance(commit, ast.Constant) and commit.value is False:
                continue
            if isinstance(receiver, ast.Name) and receiver.id == "super":
                continue
        elif name == "update":
            if not _receiver_chain(receiver) & QUERYSET_HINTS:
                continue  # a dict's update()
        elif name not in ALWAYS_WRITES:
            continue
        found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node.func)}()")
    return found


@pytest.mark.parametrize("app", APPS)
def test_every_app_has_the_shared_tree(app):
    base = ROOT / app
    missing = [" or ".join(names) for names in REQUIRED if not any((base / name).exists() for name in names)]
    assert not missing, f"{app}/ lacks {missing} (docs/architecture.md, Layout)"
    assert (ROOT / "tests" / app).is_dir(), f"tests/{app}/ mirrors the app's code"
    homeless = sorted(
        str(p.relative_to(ROOT)) for p in base.rglob("*.py") if HOMELESS.search(p.name) and "migrations" not in p.parts
    )
    assert not homeless, f"Files without a home in the tree: {homeless}"


@pytest.mark.parametrize("app", ["wcocb", *APPS])
def test_the_doors_write_only_through_services(app):
    offenders = [hit for path in _door_files(app) for hit in _writes(path) if hit.split(":")[0] not in WRITES_ALLOWED]
    assert not offenders, "Views, API views, forms and admins write through the app's services: " + ", ".join(
        offenders
    )


def test_the_scan_sees_a_direct_write(tmp_path):
    door = tmp_path / "views.py"
    door.write_text(
        "def post(request, pk):\n"
        "    Thing.objects.filter(pk=pk).update(done=True)\n"
        "    form.save()\n"
        "    form.save(commit=False)\n"
        "    context.update(extra)\n"
        "    Thing.objects.create(name='x')\n"
    )
    hits = _writes(door, root=tmp_path)
    assert [hit.split(": ")[1] for hit in hits] == [
        "Thing.objects.filter(pk=pk).update()",
        "form.save()",
        "Thing.objects.create()",
    ]
