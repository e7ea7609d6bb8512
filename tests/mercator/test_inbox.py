"""The home inbox: reports awaiting the Secretariat; returned reports for the member."""

import pytest

from mercator import services
from mercator.choices import Phase
from mercator.contrib.wcocb import mercator_inbox
from tests import factories as base
from tests.mercator import factories as f

pytestmark = pytest.mark.django_db


def test_the_inbox_counts_reports_to_approve_and_reports_returned(member_user):
    clerk = base.SecretariatFactory()
    plan = f.advance_to(f.make_plan(clerk), Phase.PLANNING_DELIVERY, clerk)
    assert mercator_inbox(clerk) == []
    report = services.report_draft(plan=plan, by=member_user, kind="quarter", period_start=f.REQUEST_DATE.replace(
        month=4, day=1), period_end=f.REQUEST_DATE.replace(month=6, day=30), narrative="x")  # fmt: skip
    services.report_submit(report=report, by=member_user)
    assert [entry.count for entry in mercator_inbox(clerk)] == [1]
    services.report_return(report=report, by=clerk, comment="Add actuals")
    assert [entry.count for entry in mercator_inbox(member_user)] == [1]
    assert mercator_inbox(base.MemberUserFactory(administration=base.member("JP"))) == []
