"""The TFA commitments import on the shared engine: checked rows, all or nothing, idempotent, Secretariat only."""

import pytest

from mercator.importing import import_commitments
from mercator.models import TfaCommitment
from tests import factories as base
from wcocb.errors import ForbiddenError

pytestmark = pytest.mark.django_db

CSV = (
    b"member,measure,category,indicative_date,definitive_date,status,status_date\n"
    b"TH,7.4,B,2020-02-22,2022-02-22,implemented,2021-12-01\n"
    b"TH,10.4,C,2022-02-22,2027-02-22,in_progress,\n"
    b"KE,7.1,A,,,implemented,2017-02-22\n"
)


def test_import_writes_the_rows_and_a_second_run_changes_nothing():
    clerk = base.SecretariatFactory()
    report = import_commitments(content=CSV, filename="tfa.csv", dry_run=False, by=clerk)
    assert report.ok, [e.as_dict() for e in report.errors]
    assert report.counts == {"created": 3, "updated": 0, "unchanged": 0}
    kenya = TfaCommitment.objects.get(administration__iso_code="KE")
    assert kenya.definitive_date.isoformat() == "2017-02-22"  # category A: the entry into force
    again = import_commitments(content=CSV, filename="tfa.csv", dry_run=False, by=clerk)
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 3}
    changed = CSV.replace(b"in_progress,", b"implemented,2026-11-01")
    third = import_commitments(content=changed, filename="tfa.csv", dry_run=False, by=clerk)
    assert third.counts["updated"] == 1


def test_a_bad_row_writes_nothing_and_says_where():
    bad = CSV + b"ZZ,99.9,D,not-a-date,,done,\n"
    report = import_commitments(content=bad, filename="tfa.csv", dry_run=False, by=base.SecretariatFactory())
    assert not report.ok
    assert {(e.row, e.column) for e in report.errors} >= {(5, "member"), (5, "measure"), (5, "category"),
                                                           (5, "indicative_date"), (5, "status")}  # fmt: skip
    assert not TfaCommitment.objects.exists()


def test_implemented_without_its_date_is_refused_by_the_model_rule():
    report = import_commitments(content=b"member,measure,category,status\nTH,7.4,B,implemented\n", filename="t.csv",
                                dry_run=False, by=base.SecretariatFactory())  # fmt: skip
    assert not report.ok
    assert not TfaCommitment.objects.exists()


def test_a_dry_run_writes_nothing():
    report = import_commitments(content=CSV, filename="tfa.csv", dry_run=True, by=base.SecretariatFactory())
    assert report.ok
    assert not TfaCommitment.objects.exists()


def test_only_the_secretariat_imports(member_user):
    with pytest.raises(ForbiddenError):
        import_commitments(content=CSV, filename="tfa.csv", dry_run=False, by=member_user)
