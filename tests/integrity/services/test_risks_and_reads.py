"""The risk map (likelihood x impact, bounded) and the read log: every read from outside the administration,
the Secretariat's included, is kept; the administration's own reads are not."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from integrity import selectors, services
from integrity.choices import ReadDoor
from integrity.models import IntegrityRead, Risk
from tests import factories as base
from tests.integrity import factories as f
from wcocb.errors import ForbiddenError

pytestmark = pytest.mark.django_db


def _risk(by, **kwargs):
    values = {
        "process": "Valuation",
        "risk": "Under-valuation",
        "likelihood": 4,
        "impact": 5,
        "owner": "Valuation unit",
        "review_date": datetime.date(2027, 1, 1),
    }
    return services.risk_create(administration=by.administration, by=by, **{**values, **kwargs})


def test_the_score_is_likelihood_times_impact_and_the_matrix_counts_each_cell():
    officer = f.member_of("TH")
    risk = _risk(officer)
    _risk(officer, likelihood=1, impact=1)
    _risk(officer, likelihood=4, impact=5, process="Refunds")
    assert Risk.objects.get(pk=risk.pk).score == 20
    matrix = selectors.risk_matrix(Risk.objects.all())
    assert [row[0]["impact"] for row in matrix] == [5, 4, 3, 2, 1]
    assert matrix[0][3] == {"likelihood": 4, "impact": 5, "count": 2, "band": "high"}
    assert matrix[4][0]["count"] == 1
    assert matrix[4][0]["band"] == "low"
    updated = services.risk_update(risk=risk, by=officer, likelihood=2)
    assert updated.score == 10


def test_the_database_holds_the_score_to_likelihood_times_impact():
    # The score is a stored column: a write past the model (a queryset update) cannot leave it stale.
    risk = _risk(f.member_of("TH"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(likelihood=1)
    Risk.objects.filter(pk=risk.pk).update(likelihood=1, score=5)
    assert Risk.objects.get(pk=risk.pk).score == 5


@pytest.mark.parametrize(
    ("field", "value"), [("likelihood", 0), ("impact", 6), ("review_date", datetime.date(1990, 1, 1))]
)
def test_a_risk_out_of_bounds_is_refused(field, value):
    with pytest.raises(ValidationError):
        _risk(f.member_of("TH"), **{field: value})
    assert not Risk.objects.exists()


def test_only_the_administration_keeps_its_risk_map():
    officer = f.member_of("TH")
    risk = _risk(officer)
    for user in (base.SecretariatFactory(), f.member_of("JP"), base.RocbFactory()):
        with pytest.raises(ForbiddenError):
            services.risk_update(risk=risk, by=user, likelihood=1)
        with pytest.raises(ForbiddenError):
            services.risk_delete(risk=risk, by=user)
    services.risk_delete(risk=risk, by=officer)
    assert not Risk.objects.exists()


def test_reads_from_outside_are_logged_and_the_administrations_own_are_not():
    officer = f.member_of("TH")
    assessment = f.start(officer, title="Our draft")
    clerk = base.SecretariatFactory(username="clerk")
    assert services.log_reads(user=officer, records=[assessment], door=ReadDoor.PAGE) == 0
    assert services.log_reads(user=clerk, records=[assessment], door=ReadDoor.API, path="/api/x/") == 1
    read = IntegrityRead.objects.get()
    assert (read.reader, read.administration, read.record_type, read.record_id, read.record_label, read.door) == (
        clerk,
        officer.administration,
        "integrity.Assessment",
        assessment.pk,
        "Our draft",
        ReadDoor.API,
    )
    # The administration sees its log; another administration does not.
    assert list(selectors.read_log(user=officer)) == [read]
    assert not selectors.read_log(user=f.member_of("JP")).exists()
