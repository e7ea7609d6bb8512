"""The import of missions delivered before the platform existed (:mod:`reports.importing.history`)."""
