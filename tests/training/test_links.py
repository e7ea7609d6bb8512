"""The personal links without an account: the feedback form and the 360° review (signed, expiring,
single-use): a wrong token, an expired link and a second use are refused and change nothing."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.training.factories import SessionFactory, completed, ended_session
from training import services
from training.choices import ReviewerSlot
from training.models import FeedbackForm, ImpactReview

pytestmark = pytest.mark.django_db

ANSWERS = {"relevance": 5, "quality": 4, "applicability": 3, "comment": "Very useful"}


@pytest.fixture
def form(secretariat):
    return completed(SessionFactory(), by=secretariat).feedback


def test_the_feedback_link_opens_and_records_the_answers_once(form):
    token = services.feedback_token(form)
    client = Client()
    assert client.get(f"/training/feedback/{token}/").status_code == 200
    response = client.post(f"/training/feedback/{token}/", ANSWERS)
    assert response.status_code == 200
    assert "link-thanks" in response.content.decode()
    form.refresh_from_db()
    assert (form.relevance, form.quality, form.applicability, form.comment) == (5, 4, 3, "Very useful")
    assert form.answered_at is not None

    again = client.post(f"/training/feedback/{token}/", {**ANSWERS, "relevance": 1})
    assert again.status_code == 409
    form.refresh_from_db()
    assert form.relevance == 5


def test_a_wrong_or_tampered_token_is_refused(form):
    token = services.feedback_token(form)
    for bad in ("nonsense", token[:-2] + ("AA" if not token.endswith("AA") else "BB"), services.review_token(form)):
        response = Client().post(f"/training/feedback/{bad}/", ANSWERS)
        assert response.status_code == 403
    form.refresh_from_db()
    assert form.answered_at is None


def test_a_link_whose_nonce_changed_is_refused(form):
    token = services.feedback_token(form)
    FeedbackForm.objects.filter(pk=form.pk).update(nonce="0" * 32)
    assert Client().get(f"/training/feedback/{token}/").status_code == 403


def test_an_expired_feedback_link_is_refused(form):
    FeedbackForm.objects.filter(pk=form.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    token = services.feedback_token(form)
    response = Client().post(f"/training/feedback/{token}/", ANSWERS)
    assert response.status_code == 409
    assert "expired" in response.content.decode()
    form.refresh_from_db()
    assert form.answered_at is None


def test_a_feedback_form_without_ratings_is_a_400_and_writes_nothing(form):
    token = services.feedback_token(form)
    response = Client().post(f"/training/feedback/{token}/", {"relevance": 9})
    assert response.status_code == 400
    form.refresh_from_db()
    assert form.answered_at is None


@pytest.fixture
def review(secretariat):
    participant = completed(ended_session("LMD"), by=secretariat)
    services.reviewer_give(
        participant=participant, slot=ReviewerSlot.PEER, name="A Peer", email="peer@example.org", by=secretariat
    )
    (created,) = services.impact_reviews_schedule()
    return created


def test_the_review_link_records_the_answers_once(review):
    token = services.review_token(review)
    client = Client()
    page = client.get(f"/training/review/{token}/")
    assert page.status_code == 200
    answers = {"leadership": 2, "management": 1, "communication": 0, "comment": "Leads better"}
    assert client.post(f"/training/review/{token}/", answers).status_code == 200
    review.refresh_from_db()
    assert review.ratings == [2, 1, 0]
    assert client.post(f"/training/review/{token}/", answers).status_code == 409


def test_a_review_link_after_the_deadline_is_refused(review):
    ImpactReview.objects.filter(pk=review.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    response = Client().post(
        f"/training/review/{services.review_token(review)}/", {"leadership": 1, "management": 1, "communication": 1}
    )
    assert response.status_code == 409
    review.refresh_from_db()
    assert review.answered_at is None


def test_a_feedback_token_does_not_open_a_review(review, form):
    assert Client().get(f"/training/review/{services.feedback_token(form)}/").status_code == 403
