"""One import engine for every app (see :mod:`wcocb.importing.engine`).

An app declares an :class:`ImportSpec` (columns, stable key, who may import, its row handler) and adds
it to :data:`specs`; files are imported in the background as :class:`~wcocb.importing.models.ImportJob`
records (:mod:`wcocb.importing.services`), with a progress page and ``/api/v1/import-jobs/``.
This package imports no domain app."""

from wcocb.importing.engine import ImportReport, Progress, check_permission, import_file, import_table
from wcocb.importing.reading import MAX_BYTES, MAX_ROWS, FileRefused, file_format, read_table
from wcocb.importing.spec import ACTIONS, Column, ImportSpec, RowError, RowHandler, RowResult, get_spec, specs

__all__ = [
    "ACTIONS",
    "MAX_BYTES",
    "MAX_ROWS",
    "Column",
    "FileRefused",
    "ImportReport",
    "ImportSpec",
    "Progress",
    "RowError",
    "RowHandler",
    "RowResult",
    "check_permission",
    "file_format",
    "get_spec",
    "import_file",
    "import_table",
    "read_table",
    "specs",
]
