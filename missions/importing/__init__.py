"""Imports of the missions app (today the cost tables' CSV, :mod:`missions.importing.rates`)."""
