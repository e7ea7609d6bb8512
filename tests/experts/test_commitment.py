"""Release commitment arithmetic: 60 working days in the three years after formal accreditation."""

import datetime

import pytest

from experts import services
from experts.models import Expert
from experts.selectors.commitment import CAP_DAYS, commitment_for, window_for, working_days
from tests.experts import factories as f

D = datetime.date
ACCREDITED = D(2024, 3, 11)  # a Monday; the window's last day is 2027-03-10 (a Wednesday)


def test_working_days_counts_monday_to_friday():
    assert working_days(D(2024, 3, 11), D(2024, 3, 17)) == 5  # Mon..Sun
    assert working_days(D(2024, 3, 16), D(2024, 3, 17)) == 0  # weekend only
    assert working_days(D(2024, 3, 15), D(2024, 3, 18)) == 2  # Fri..Mon
    assert working_days(D(2024, 3, 11), D(2024, 3, 11)) == 1
    assert working_days(D(2024, 3, 12), D(2024, 3, 11)) == 0
    assert working_days(D(2024, 1, 1), D(2024, 12, 31)) == 262


def test_window_ends_the_day_before_the_third_anniversary():
    assert window_for(ACCREDITED) == (ACCREDITED, D(2027, 3, 10))
    assert window_for(D(2024, 2, 29)) == (D(2024, 2, 29), D(2027, 2, 27))


@pytest.fixture
def expert(secretariat):
    expert = f.ExpertFactory()
    f.fully_accredited(expert, "DF", accredited_on=ACCREDITED, by=secretariat)
    return expert


def _deploy(expert, start, end, by):
    services.deployment_record(expert=expert, start_date=start, end_date=end, by=by)


@pytest.mark.django_db
def test_not_applicable_without_full_accreditation(secretariat):
    expert = f.ExpertFactory()
    f.first_step(expert, "DF", by=secretariat)
    assert commitment_for(expert) is None


@pytest.mark.django_db
def test_not_applicable_before_accreditation(expert):
    assert commitment_for(expert, as_of=ACCREDITED - datetime.timedelta(days=1)) is None
    assert commitment_for(expert, as_of=ACCREDITED) is not None


@pytest.mark.django_db
def test_deployment_the_day_before_the_window_does_not_count(expert, secretariat):
    _deploy(expert, D(2024, 3, 8), D(2024, 3, 8), secretariat)  # Friday before the Monday
    assert commitment_for(expert, as_of=ACCREDITED).used_days == 0


@pytest.mark.django_db
def test_deployment_on_the_first_day_counts(expert, secretariat):
    _deploy(expert, ACCREDITED, ACCREDITED, secretariat)
    assert commitment_for(expert, as_of=ACCREDITED).used_days == 1


@pytest.mark.django_db
def test_deployment_on_the_last_day_counts_and_the_day_after_does_not(expert, secretariat):
    _deploy(expert, D(2027, 3, 10), D(2027, 3, 10), secretariat)  # last day (Wednesday)
    _deploy(expert, D(2027, 3, 11), D(2027, 3, 11), secretariat)  # day after the window (Thursday)
    commitment = commitment_for(expert, as_of=D(2026, 1, 5))
    assert commitment.window_end == D(2027, 3, 10)
    assert commitment.used_days == 1


@pytest.mark.django_db
def test_deployment_straddling_the_window_end_is_clipped(expert, secretariat):
    _deploy(expert, D(2027, 3, 8), D(2027, 3, 12), secretariat)  # Mon..Fri, window ends Wednesday
    assert commitment_for(expert, as_of=D(2026, 1, 5)).used_days == 3


@pytest.mark.django_db
def test_weekend_only_deployment_uses_no_days(expert, secretariat):
    _deploy(expert, D(2025, 3, 15), D(2025, 3, 16), secretariat)
    assert commitment_for(expert, as_of=D(2025, 4, 1)).used_days == 0


@pytest.mark.django_db
def test_overlapping_deployments_count_each_day_once(expert, secretariat):
    _deploy(expert, D(2025, 3, 3), D(2025, 3, 7), secretariat)
    _deploy(expert, D(2025, 3, 5), D(2025, 3, 11), secretariat)
    assert commitment_for(expert, as_of=D(2025, 4, 1)).used_days == 7


@pytest.mark.django_db
def test_remaining_exceeded_and_closed_window(expert, secretariat):
    _deploy(expert, D(2025, 1, 6), D(2025, 3, 30), secretariat)  # 12 weeks = 60 working days
    _deploy(expert, D(2025, 6, 2), D(2025, 6, 3), secretariat)
    commitment = commitment_for(expert, as_of=D(2025, 7, 1))
    assert commitment.cap_days == CAP_DAYS == 60
    assert commitment.used_days == 62
    assert commitment.remaining_days == 0
    assert commitment.exceeded
    assert commitment.remaining == 0
    closed = commitment_for(expert, as_of=D(2027, 3, 11))
    assert not closed.is_open
    assert closed.remaining is None  # no cap once the window has ended


@pytest.mark.django_db
def test_denormalised_columns_match_the_live_computation(expert, secretariat):
    _deploy(expert, D(2025, 3, 3), D(2025, 3, 7), secretariat)
    _deploy(expert, D(2027, 3, 8), D(2027, 3, 12), secretariat)
    row = Expert.objects.get(pk=expert.pk)
    live = commitment_for(expert, as_of=D(2025, 4, 1))
    assert (row.commitment_window_start, row.commitment_window_end) == (live.window_start, live.window_end)
    assert row.commitment_used_days == live.used_days == 8


@pytest.mark.django_db
def test_withdrawing_the_full_accreditation_clears_the_commitment(expert, secretariat):
    accreditation = expert.accreditations.get()
    services.accreditation_withdraw(accreditation=accreditation, on=D(2025, 1, 6), reason="Retired", by=secretariat)
    expert.refresh_from_db()
    assert commitment_for(expert) is None
    assert expert.commitment_window_start is None
