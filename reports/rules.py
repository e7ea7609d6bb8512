"""Who may start, read and export which report run: the ``can_*`` predicates the services, pages and API share.

A report's scope is all regions, one region or one member administration. The Secretariat reports on any
scope; an ROCB officer on its region or one of the region's administrations; a member administration on
itself only. Experts and read-only API clients start nothing (an API client reads every run)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wcocb.choices import Role
from wcocb.rules import has_role, is_secretariat

if TYPE_CHECKING:
    from reports.models import ReportRun
    from wcocb.models import MemberAdministration, Region, User

#: The roles that see the report pages at all.
REPORT_ROLES = frozenset({Role.SECRETARIAT, Role.ROCB, Role.MEMBER})


def may_report_on(
    user: User, *, region: Region | None = None, administration: MemberAdministration | None = None
) -> bool:
    """Whether ``user`` may see figures of this scope (all regions when both are ``None``)."""
    if is_secretariat(user):
        return True
    if has_role(user, Role.ROCB):
        if administration is not None:
            return administration.region_id == user.region_id
        return region is not None and region.pk == user.region_id
    if has_role(user, Role.MEMBER):
        return administration is not None and administration.pk == user.administration_id
    return False


def can_start_run(
    user: User, *, region: Region | None = None, administration: MemberAdministration | None = None
) -> bool:
    return has_role(user, *REPORT_ROLES) and may_report_on(user, region=region, administration=administration)


def can_view_run(user: User, run: ReportRun) -> bool:
    if has_role(user, Role.API_CLIENT):
        return True
    return may_report_on(user, region=run.scope_region, administration=run.scope_administration)


def can_export_run(user: User, run: ReportRun) -> bool:
    return can_view_run(user, run) and run.status == "succeeded"


def default_scope(user: User) -> dict:
    """The scope a user's reports start from: everything, their region, or their administration."""
    if has_role(user, Role.ROCB) and not is_secretariat(user):
        return {"region": user.region, "administration": None}
    if has_role(user, Role.MEMBER) and not is_secretariat(user):
        return {"region": None, "administration": user.administration}
    return {"region": None, "administration": None}


def can_import_history(user: User | None) -> bool:
    """Historic missions are the Secretariat's records."""
    return is_secretariat(user)


def can_give_feedback(user: User | None, mission) -> bool:
    """The beneficiary administration answers the feedback form of its own mission, once it is completed."""
    return (
        has_role(user, Role.MEMBER)
        and mission.administration_id == user.administration_id
        and mission.status in ("completed", "closed")
    )
