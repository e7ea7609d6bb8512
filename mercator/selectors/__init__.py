"""Every read of the Mercator app that matters, shaped for its screen."""

from mercator.selectors.matrix import ImplementationRate, Matrix, implementation_rate, matrix
from mercator.selectors.plans import (
    activity_list,
    article_list,
    commitment_list,
    diagnostic_list,
    finding_list,
    kpi_list,
    measure_list,
    milestone_list,
    plan_detail,
    plan_list,
    recommendation_list,
    report_list,
    risk_list,
    served_by_mission,
)
from mercator.selectors.progress import KpiProgress, PlanProgress, kpi_progress, plan_progress

__all__ = [
    "ImplementationRate",
    "KpiProgress",
    "Matrix",
    "PlanProgress",
    "activity_list",
    "article_list",
    "commitment_list",
    "diagnostic_list",
    "finding_list",
    "implementation_rate",
    "kpi_list",
    "kpi_progress",
    "matrix",
    "measure_list",
    "milestone_list",
    "plan_detail",
    "plan_list",
    "plan_progress",
    "recommendation_list",
    "report_list",
    "risk_list",
    "served_by_mission",
]
