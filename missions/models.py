"""Models of the missions app."""
