"""What an app declares to import a kind of file: its columns, its stable key, who may import, and the
row handler that checks rows and applies them through the app's services.

An app registers its :class:`ImportSpec` in the :data:`specs` store (``<app>/contrib/wcocb.py``)::

    from wcocb.importing import ImportSpec, specs

    specs.add(ImportSpec(kind="experts", label=_("Experts"), columns=COLUMNS, key="external_id",
                         handler=ExpertRowHandler, entities=("expert", "accreditation")))

The engine (:mod:`wcocb.importing.engine`) reads the file, hands the rows to the handler inside one
transaction, and rolls everything back on any error or for a dry run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from wcocb.registry import registry
from wcocb.rules import is_secretariat

if TYPE_CHECKING:
    from wcocb.importing.engine import Progress
    from wcocb.models import User

#: Every app's :class:`ImportSpec`, one per ``kind``.
specs = registry.declare("importing.specs", "ImportSpec(kind, columns, key, handler, ...) of each importable kind")

#: The outcomes a row handler reports for each entity of a row.
ACTIONS = ("created", "updated", "unchanged")


@dataclass(frozen=True)
class Column:
    name: str
    help: Any
    required: bool = False


@dataclass(frozen=True)
class RowError:
    """One problem: the spreadsheet row (the header is row 1; 0 for the whole file) and the column."""

    row: int
    column: str
    message: Any

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": str(self.message)}


@dataclass
class RowResult:
    """What applying one row did: ``actions`` maps each entity (``expert``, ``accreditation``) to
    created / updated / unchanged ("" when the row has none of it)."""

    row: int
    key: str
    actions: dict[str, str] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "key": self.key, **self.extra, **self.actions, "changes": self.changes}


class RowHandler(Protocol):
    """Built once per file (``spec.handler(spec=spec, by=user)``): loads its lookups once, then

    - :meth:`check` turns the raw rows into checked rows, with an error per bad cell (nothing written);
    - :meth:`apply` writes the checked rows through the app's services, except the row numbers in
      ``skip`` (rows whose shape is wrong), appending a :class:`RowResult` per row and a
      :class:`RowError` per refused rule to ``report``, and calling ``progress.advance()``.
    """

    def check(self, rows: list[tuple[int, dict[str, str]]]) -> tuple[list[Any], list[RowError]]: ...

    def apply(self, checked: list[Any], *, skip: frozenset[int], report: Any, progress: Progress) -> None: ...


@dataclass(frozen=True)
class ImportSpec:
    """One importable kind of file."""

    kind: str
    label: Any
    columns: tuple[Column, ...]
    #: The column whose value identifies a record across imports (re-imports are keyed on it).
    key: str
    #: ``handler(spec=..., by=...) -> RowHandler``.
    handler: Callable[..., RowHandler]
    #: What the counts are of (one row may create an expert and update an accreditation).
    entities: tuple[str, ...] = ("row",)
    #: Other spellings of header names (after lower-casing, spaces and hyphens made underscores).
    aliases: Mapping[str, str] = field(default_factory=dict)
    #: Who may import this kind (checked by the job service and the engine, not only by the views).
    may_import: Callable[[User | None], bool] = is_secretariat
    #: URL name of the app's import page (the job pages link back to it).
    page: str = ""
    #: Columns the spec does not know are refused (the default), or ignored.
    ignore_unknown_columns: bool = False
    #: The most data rows one file may hold (``None``: :data:`wcocb.importing.reading.MAX_ROWS`).
    max_rows: int | None = None

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required(self) -> list[str]:
        return [column.name for column in self.columns if column.required]


def get_spec(kind: str) -> ImportSpec | None:
    for spec in specs:
        if spec.kind == kind:
            return spec
    return None


def kinds() -> list[str]:
    return sorted(spec.kind for spec in specs)


def summarise(spec: ImportSpec, results: Iterable[RowResult]) -> dict[str, dict[str, int]]:
    """``{entity: {created: n, updated: n, unchanged: n}}``."""
    summary = {entity: dict.fromkeys(ACTIONS, 0) for entity in spec.entities}
    for result in results:
        for entity, action in result.actions.items():
            if action in ACTIONS and entity in summary:
                summary[entity][action] += 1
    return summary
