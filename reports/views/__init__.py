"""Report pages: the tiered dashboard, the runs (list, start, detail with its live progress, exports) and the
comparison of two snapshots. Thin: the services start runs, the selectors read them."""
