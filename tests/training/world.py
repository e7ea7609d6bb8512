"""The training app's records in the isolation world (``tests/world.py``): per tenant, its expert's person
as a participant of an LMD session (the same person record the experts database uses), certified, with a
feedback form, a 360° reviewer asked, and an e-learning completion; sessions and programmes are the
catalogue every role reads."""

from __future__ import annotations

from tests import world as w


@w.builder
def _training_records(tenant: str, clerk, copy: int = 0) -> list[w.Record]:
    from tests.training.factories import ended_session, programme
    from training import services
    from training.choices import ReviewerSlot
    from training.models import ELearningCompletion
    from wcocb.models import Person

    suffix = f"-{copy}" if copy else ""
    person = Person.objects.get(user__username=f"world-expert-{tenant.lower()}{suffix}")
    session = ended_session("LMD", title=f"LMD world session {tenant}{suffix}")
    participant = services.participant_nominate(
        session=session, person=person, by=clerk, post=f"{w.MISSION_MARK[tenant]} director"
    )
    services.participant_select(participant=participant, by=clerk)
    services.participant_enrol(participant=participant, by=clerk)
    services.participant_complete(participant=participant, by=clerk)
    certificate = services.participant_certify(participant=participant, by=clerk, honours=True)
    reviewer = services.reviewer_give(
        participant=participant, slot=ReviewerSlot.SUPERIOR, name="Superior", email="superior@example.org", by=clerk
    )
    services.impact_reviews_schedule()
    reviewer.refresh_from_db()
    completion = ELearningCompletion.objects.create(
        external_id=f"world-{tenant}{suffix}", course=programme("EL-HS"), person=person, completed_on=session.end_date
    )
    own = {"tenant": tenant, "expert_owner": tenant}
    records = [
        w.Record(session, None),
        w.Record(participant, **own),
        w.Record(certificate, **own),
        w.Record(participant.feedback, **own),
        w.Record(reviewer.review, **own),
        w.Record(completion, **own),
    ]
    if tenant == "A" and not copy:
        records.append(w.Record(programme("LMD"), None))
    return records


#: From the domain: the catalogue is public; a participant's records are seen by the Secretariat, the ROCB of
#: their region, their administration and the officer; feedback answers only by the Secretariat and the
#: participant (aggregated for the others).
PARTICIPANT_RECORD = w.Rule(rocb="region")
w.VISIBILITY.update(
    {
        "training.Programme": w.PUBLIC,
        "training.Session": w.PUBLIC,
        "training.Participant": PARTICIPANT_RECORD,
        "training.Certificate": PARTICIPANT_RECORD,
        "training.FeedbackForm": w.Rule(rocb="none", member="none"),
        "training.ImpactReview": PARTICIPANT_RECORD,
        "training.ELearningCompletion": PARTICIPANT_RECORD,
    }
)
w.PAGE_PK_MODELS.update(
    {
        "training/programmes/": "training.Programme",
        "training/sessions/": "training.Session",
        "training/participants/": "training.Participant",
        "training/certificates/": "training.Certificate",
    }
)
w.PAGE_ARGUMENTS.setdefault("move", {})["training/participants/"] = "withdraw"
w.PAGES_NOT_GENERATED.update(
    {
        "training/verify/": "the public verification form: anonymous by design (tests/training/views/test_verify.py)",
        "training/verify/<str:code>/": "a certificate's random code, not a record id; public by design "
        "(tests/training/views/test_verify.py)",
        "training/feedback/<str:token>/": "a signed one-time link, not a record id (tests/training/test_links.py)",
        "training/review/<str:token>/": "a signed one-time link, not a record id (tests/training/test_links.py)",
    }
)
