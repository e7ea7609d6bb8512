"""Regional candidate lists: nominations and decisions."""

import datetime

import pytest

from experts import services
from experts.choices import ExpertKind, NominationStatus
from tests import factories as base
from tests.experts import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def clerk(secretariat):
    return secretariat


def _candidate(**overrides):
    values = {
        "kind": ExpertKind.CANDIDATE,
        "candidate_topic": f.area("CAND-K9"),
        "candidate_topic_expertise": True,
        "candidate_english": True,
        "candidate_capacity_building": True,
        "candidate_wco_instruments": True,
    }
    return f.ExpertFactory(**(values | overrides))


def test_member_nominates_own_officer_and_rocb_accepts(member_user, rocb_officer):
    candidate = _candidate()
    entry = services.candidate_nominate(expert=candidate, by=member_user)
    assert entry.region.code == "AP"
    assert entry.nominated_by.iso_code == "TH"
    assert entry.status == NominationStatus.NOMINATED
    entry = services.candidate_decide(entry=entry, accept=True, by=rocb_officer)
    assert entry.status == NominationStatus.ACCEPTED
    assert entry.decided_by == rocb_officer
    with pytest.raises(services.ConflictError):
        services.candidate_decide(entry=entry, accept=False, comment="x", by=rocb_officer)


def test_incomplete_checklist_cannot_be_nominated(member_user):
    with pytest.raises(services.DomainError, match="four requirements"):
        services.candidate_nominate(expert=_candidate(candidate_english=False), by=member_user)


def test_member_cannot_nominate_another_administrations_officer(other_member_user):
    with pytest.raises(services.ForbiddenError):
        services.candidate_nominate(expert=_candidate(), by=other_member_user)


def test_rocb_of_another_region_cannot_decide(member_user):
    entry = services.candidate_nominate(expert=_candidate(), by=member_user)
    europe = base.RocbFactory(username="rocb-eur", region=base.region("EUR"))
    with pytest.raises(services.ForbiddenError):
        services.candidate_decide(entry=entry, accept=True, by=europe)


def test_rejection_needs_a_reason(member_user, rocb_officer):
    entry = services.candidate_nominate(expert=_candidate(), by=member_user)
    with pytest.raises(services.DomainError, match="reason"):
        services.candidate_decide(entry=entry, accept=False, by=rocb_officer)
    entry = services.candidate_decide(entry=entry, accept=False, comment="Not enough experience", by=rocb_officer)
    assert entry.status == NominationStatus.REJECTED
