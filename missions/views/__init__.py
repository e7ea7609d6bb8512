"""The missions pages by sub-domain: requests, letters, reports, costs, calendar, files (routed by urls.py)."""
