"""The Mercator, training and integrity sections on crafted data: counts checked against what the test made."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from reports.sections.base import ReportContext
from reports.sections.programmes import integrity_section, mercator_section, training_section
from tests import factories as base
from tests.integrity import factories as integrity
from tests.mercator import factories as mercator
from tests.training import factories as training

pytestmark = pytest.mark.django_db


def _headline(section: dict) -> dict:
    return {entry["key"]: entry["value"] for entry in section["headline"]}


def _around_today(**scope) -> ReportContext:
    today = timezone.localdate()
    return ReportContext(
        period_start=today - datetime.timedelta(days=400), period_end=today + datetime.timedelta(days=60),
        as_of=today + datetime.timedelta(days=60), **scope,
    )  # fmt: skip


def test_mercator_plans_diagnostics_recommendations_and_milestones(secretariat):
    plan = mercator.make_plan(secretariat, administration="TH")
    mercator.make_plan(secretariat, administration="KE")
    plan = mercator.advance_to(plan, "planning_delivery", secretariat)
    mercator.add_recommendation(plan, secretariat)
    day = timezone.localdate()
    mercator.add_milestone(
        plan, secretariat, due=day - datetime.timedelta(days=5), achieved_on=day - datetime.timedelta(days=6)
    )
    mercator.add_milestone(plan, secretariat, due=day - datetime.timedelta(days=3))
    context = ReportContext(period_start=datetime.date(2026, 1, 1), period_end=day, as_of=day)
    figures = _headline(mercator_section(context))
    assert figures["plans"] == 2
    assert figures["multi_year"] == 2
    assert figures["diagnostics"] == 1  # March 2026
    assert figures["recommendations"] == 1
    assert figures["implemented_share"] == 0.0
    assert figures["milestones_on_time"] == 50.0
    thai_context = ReportContext(
        period_start=datetime.date(2026, 1, 1), period_end=day, as_of=day, administration=base.member("TH")
    )
    thai = _headline(mercator_section(thai_context))
    assert thai["plans"] == 1


def test_training_participants_certified_honours_and_gender(secretariat):
    session = training.SessionFactory()
    training.enrolled(session, training.officer("TH", gender="F"), by=secretariat)
    training.certified(session, training.officer("TH", gender="M"), by=secretariat, honours=True)
    training.certified(session, training.officer("KE", gender="F"), by=secretariat)
    training.nominated(session, training.officer("JP"), by=secretariat)  # not enrolled: not counted
    figures = _headline(training_section(_around_today()))
    assert (figures["participants"], figures["administrations"]) == (3, 2)
    assert (figures["completed"], figures["certified"], figures["honours"]) == (2, 2, 1)
    gender = {row[0]["en"]: row[1] for row in training_section(_around_today())["tables"][0]["rows"]}
    assert (gender["Female"], gender["Male"]) == (2, 1)
    kenya = _headline(training_section(_around_today(administration=base.member("KE"))))
    assert kenya["participants"] == 1


def test_integrity_counts_only(secretariat):
    thai = integrity.member_of("TH")
    integrity.submitted(thai)
    integrity.start(integrity.member_of("KE", username="member-ke"))  # a draft: not counted
    section = integrity_section(_around_today())
    figures = _headline(section)
    assert figures["assessments"] == 1
    assert figures["administrations"] == 1
    assert section["tables"] == []  # counts only, never an administration's content
