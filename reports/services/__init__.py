"""Every write of the reports app: starting a report run (by a user or a schedule) and executing it (the
Celery task), re-exported here: ``from reports import services``."""

from reports.services.feedback import feedback_submit
from reports.services.runs import compute, run_execute, run_schedule, run_start

__all__ = ["compute", "feedback_submit", "run_execute", "run_schedule", "run_start"]
