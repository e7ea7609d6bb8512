"""The timeline's system lines are written out in the reader's language, not in the language of whoever recorded
the entry: the same entries read in French and in Spanish, on the mission page (language cookie) and in the API
(``Accept-Language``), in mails (the recipient's language); what someone wrote stays as written; who may not read
an entry's comment reads none of its system lines either."""

import datetime
import html
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from experts import services as expert_services
from missions import notifications, selectors, services
from missions.choices import Action, AvailabilityAnswer, MissionKind, TeamRole
from missions.models import Assignment, MissionEvent
from tests import factories as base
from tests import samples
from tests.missions import flow
from tests.missions.factories import START, MissionRequestFactory, home_member, make_expert

pytestmark = pytest.mark.django_db

END = START + datetime.timedelta(days=4)

#: What each person wrote, kept as written on its entry.
COMMENTS = {
    Action.ROCB_COMMENTED: "Agreed by phone with the ROCB",
    Action.PLANNED: "Plan 2027, first quarter",
    Action.DATES_SET: "Dates confirmed with the beneficiary",
    Action.SHORTLISTED: "Shortlist agreed with the ROCB",
    Action.RELEASE_REQUESTED: "Letters out today",
    Action.RELEASE_DECLINED: "Needed at home for the annual audit",
    Action.COMMITMENT_OVERRIDDEN: "Only evaluator in the topic",
    Action.TEAM_FORMED: "Team confirmed",
    Action.BRIEFED: "Background sent",
    Action.DOCUMENT_REMOVED: "Wrong version",
    Action.EVALUATION_RECORDED: "Excellent delivery",
}
APPROVAL_COMMENT = "Released, with pleasure"
AVAILABILITY_NOTE = "Back from leave on 28 February"


@pytest.fixture
def story(secretariat, expert_user):
    """A field-evaluation mission for Thailand carried from the ROCB's comment to the report, every entry recorded
    in English: A leads (the ``expert_user``), B evaluates (over the release commitment, overridden, released by
    the Secretariat for Japan), C is evaluated, D is deselected, E's release is declined by Korea."""
    a = make_expert(administration="JP", user=expert_user)
    b = make_expert(administration="JP", full=("ET-VAL",))
    c = make_expert(administration="JP", full=(), first_step=("ET-HS",))
    d = make_expert(administration="JP")
    e = make_expert(administration="KR")
    clerk = base.SecretariatFactory(username="deployment-clerk")
    expert_services.deployment_record(  # 56 working days used: releasing B goes beyond the commitment
        expert=b, start_date=datetime.date(2026, 2, 2), end_date=datetime.date(2026, 4, 20), by=clerk, description="x"
    )
    mission = MissionRequestFactory(kind=MissionKind.FIELD_EVALUATION, preferred_start=START, preferred_end=END)
    with translation.override("en"):
        services.request_rocb_comment(request=mission, comment=COMMENTS[Action.ROCB_COMMENTED], by=secretariat)
        services.request_plan(
            request=mission,
            plan_year=2027,
            start_date=START,
            end_date=END,
            by=secretariat,
            comment=COMMENTS[Action.PLANNED],
        )
        services.request_set_dates(
            request=mission, start_date=START, end_date=END, by=secretariat, comment=COMMENTS[Action.DATES_SET]
        )
        services.request_start_search(request=mission, by=secretariat)
        roles = [TeamRole.LEAD, TeamRole.EVALUATOR, TeamRole.UNDER_EVALUATION, TeamRole.MEMBER, TeamRole.MEMBER]
        assignments = services.request_shortlist(
            request=mission,
            entries=[services.ShortlistEntry(expert=x, role=r) for x, r in zip([a, b, c, d, e], roles, strict=True)],
            by=secretariat,
            comment=COMMENTS[Action.SHORTLISTED],
        )
        by_expert = {assignment.expert_id: assignment for assignment in assignments}
        for expert in (a, b, c, d, e):
            services.assignment_record_availability(
                assignment=by_expert[expert.pk],
                answer=AvailabilityAnswer.AVAILABLE,
                selected=True,
                note=AVAILABILITY_NOTE if expert == a else "",
                by=secretariat,
            )
        services.assignment_record_availability(
            assignment=by_expert[d.pk], answer=AvailabilityAnswer.AVAILABLE, selected=False, by=secretariat
        )
        services.assignment_override_commitment(
            assignment=by_expert[b.pk], reason=COMMENTS[Action.COMMITMENT_OVERRIDDEN], by=secretariat
        )
        services.request_request_release(
            request=mission, deadline=flow.DEADLINE, by=secretariat, comment=COMMENTS[Action.RELEASE_REQUESTED]
        )
        letter = {expert: Assignment.objects.get(pk=by_expert[expert.pk].pk).release_letter for expert in (a, b, c, e)}
        services.release_decline(letter=letter[e], by=home_member(e), reason=COMMENTS[Action.RELEASE_DECLINED])
        services.release_approve(letter=letter[a], by=home_member(a), comment=APPROVAL_COMMENT)
        services.release_approve(letter=letter[b], by=secretariat)  # on Japan's behalf
        services.release_approve(letter=letter[c], by=home_member(c))
        services.request_form_team(request=mission, by=secretariat, comment=COMMENTS[Action.TEAM_FORMED])
        for expert in (a, b, c):
            services.assignment_brief(
                assignment=by_expert[expert.pk],
                by=secretariat,
                comment=COMMENTS[Action.BRIEFED] if expert == a else "",
            )
        services.document_upload(
            request=mission, kind="tor", file=ContentFile(b"%PDF-1.4 ToR", name="tor.pdf"), title="ToR", by=secretariat
        )
        [tor] = mission.documents.all()
        services.document_replace(
            request=mission, document=tor, file=samples.upload("tor-v2.pdf", samples.PDF), by=secretariat
        )
        agenda = services.document_upload(
            request=mission,
            kind="agenda",
            file=samples.upload("agenda.pdf", samples.PDF),
            title="Plan",
            by=secretariat,
        )
        services.document_remove(
            request=mission, document=agenda, by=secretariat, comment=COMMENTS[Action.DOCUMENT_REMOVED]
        )
        mission.refresh_from_db()
        flow.deploy(request=mission, by=secretariat)
        with flow.on(END):
            services.report_save_draft(
                request=mission, by=expert_user, attachment=samples.upload("photos.pdf", samples.PDF)
            )
        flow.complete(request=mission, by=secretariat)
        services.assignment_record_evaluation(
            assignment=by_expert[c.pk], positive=True, by=secretariat, comment=COMMENTS[Action.EVALUATION_RECORDED]
        )
    mission.refresh_from_db()
    return {"mission": mission, "a": a, "b": b, "c": c, "d": d, "e": e}


def expected_lines(story, language: str) -> dict[str, list[str]]:
    """Each converted kind of system line as a reader in ``language`` reads it (written out by hand)."""
    a, b, c, d, e = (str(story[key]) for key in "abcde")
    fr = language == "fr"
    return {
        "rocb on behalf": ["Enregistré au nom du ROCB." if fr else "Registrado en nombre de la ROCB."],
        "mission dates": [
            "Dates de la mission : du 1 mars 2027 au 5 mars 2027"
            if fr
            else "Fechas de la misión: del 1 de marzo de 2027 al 5 de marzo de 2027"
        ],
        "availability": [
            f"{a} : Disponible · sélectionné" if fr else f"{a}: Disponible · seleccionado",
            f"{d} : Disponible · désélectionné" if fr else f"{d}: Disponible · deseleccionado",
        ],
        "commitment overridden": [
            f"Engagement de mise à disposition de {b} outrepassé."
            if fr
            else f"Compromiso de liberación de {b} anulado."
        ],
        "release approved": [
            f"{a} mis à disposition par l'administration d'origine."
            if fr
            else f"{a} liberado por la administración de origen."
        ],
        "release approved on behalf, over the commitment": [
            f"{b} mis à disposition par l'administration d'origine (Japon), selon l'enregistrement du Secrétariat."
            if fr
            else f"{b} liberado por la administración de origen (Japón), según lo registrado por la Secretaría.",
            f"Engagement outrepassé : {COMMENTS[Action.COMMITMENT_OVERRIDDEN]}"
            if fr
            else f"Compromiso anulado: {COMMENTS[Action.COMMITMENT_OVERRIDDEN]}",
        ],
        "release declined": [f"Mise à disposition de {e} refusée." if fr else f"Liberación de {e} denegada."],
        "team formed": [
            f"{a} (Chef d'équipe)" if fr else f"{a} (Jefe de equipo)",
            f"{b} (Évaluateur)" if fr else f"{b} (Evaluador)",
            f"{c} (Expert en cours d'évaluation sur le terrain)"
            if fr
            else f"{c} (Experto en evaluación sobre el terreno)",
        ],
        "document uploaded": ["Termes de référence : ToR" if fr else "Términos de referencia: ToR"],
        "document replaced": ["Termes de référence : ToR (tor" if fr else "Términos de referencia: ToR (tor"],
        "document removed": ["Ordre du jour : Plan" if fr else "Orden del día: Plan"],
        "evaluation": [f"{c} : positive" if fr else f"{c}: positiva"],
        "report attachment": ["Pièce jointe du rapport : photos.pdf" if fr else "Anexo del informe: photos.pdf"],
    }


def page_lines(client, mission, language: str) -> list[str]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(mission.get_absolute_url())
    assert response.status_code == 200
    timeline = response.content.decode().split('id="timeline"', 1)[1].split("</ol>", 1)[0]
    return [html.unescape(text) for text in re.findall(r'<div class="text-break">(.*?)</div>', timeline, re.S)]


def api_timeline(api, mission, language: str) -> list[dict]:
    response = api.get(f"/api/v1/mission-requests/{mission.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.json()["timeline"]


def missing(expected: dict[str, list[str]], lines: list[str]) -> dict[str, list[str]]:
    """The expected lines no shown line contains (an empty dict when every one is shown)."""
    gaps = {
        kind: [text for text in texts if not any(text in line for line in lines)] for kind, texts in expected.items()
    }
    return {kind: texts for kind, texts in gaps.items() if texts}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_page_writes_every_system_line_in_the_readers_language(client_as, secretariat, story, language):
    lines = page_lines(client_as(secretariat), story["mission"], language)
    assert missing(expected_lines(story, language), lines) == {}
    assert not any("Mission dates" in line or "released by the home administration" in line for line in lines)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_api_writes_every_system_line_in_the_readers_language(api_as, secretariat, story, language):
    timeline = api_timeline(api_as(secretariat), story["mission"], language)
    lines = [line for event in timeline for line in event["system_lines"]]
    assert missing(expected_lines(story, language), lines) == {}
    # ``comment`` is the whole entry: its system lines, then what someone wrote.
    for event in timeline:
        written = MissionEvent.objects.get(pk=event["id"]).comment
        assert event["comment"] == "\n".join([*event["system_lines"], *([written] if written else [])])


def test_what_people_wrote_stays_as_written(story):
    timeline = story["mission"].timeline.all()
    for action, text in COMMENTS.items():
        assert text in [event.comment for event in timeline if event.action == action], action
    assert [event.comment for event in timeline if event.action == Action.RELEASE_APPROVED and event.comment] == [
        APPROVAL_COMMENT
    ]
    assert AVAILABILITY_NOTE in [event.comment for event in timeline if event.action == Action.AVAILABILITY_RECORDED]
    # Nothing the platform wrote is in a comment: it is in the entry's system lines.
    assert not [event for event in timeline if "Mission dates" in event.comment or ": Available" in event.comment]


def test_an_entry_recorded_in_french_reads_in_spanish_and_english(secretariat, client_as, api_as):
    mission = flow.commented(secretariat)
    with translation.override("fr"):
        services.request_plan(request=mission, plan_year=2027, start_date=START, end_date=END, by=secretariat)
    event = mission.timeline.get(action=Action.PLANNED)
    assert event.comment == ""
    [spanish] = [line for line in page_lines(client_as(secretariat), mission, "es") if line.startswith("Fechas")]
    assert spanish == "Fechas de la misión: del 1 de marzo de 2027 al 5 de marzo de 2027"
    [entry] = [entry for entry in api_timeline(api_as(secretariat), mission, "en") if entry["id"] == event.pk]
    assert entry["system_lines"] == ["Mission dates: March 1, 2027 to March 5, 2027"]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_who_may_not_read_a_comment_reads_none_of_its_system_lines(client_as, api_as, member_user, story, language):
    """The requesting administration (Thailand) reads neither the availabilities nor the release answers nor the
    override, in any language; it still reads the lines of the entries it may read."""
    hidden = {"availability", "commitment overridden", "release approved", "release declined"}
    hidden.add("release approved on behalf, over the commitment")
    expected = expected_lines(story, language)
    secrets = [text for kind in hidden for text in expected[kind]]
    lines = page_lines(client_as(member_user), story["mission"], language)
    assert [text for text in secrets if any(text in line for line in lines)] == []
    assert missing({kind: texts for kind, texts in expected.items() if kind not in hidden}, lines) == {}
    timeline = api_timeline(api_as(member_user), story["mission"], language)
    confidential = [
        event for event in timeline if event["action"] in {*selectors.CONFIDENTIAL_EVENT_ACTIONS, "release_answered"}
    ]
    assert confidential
    assert {(event["comment"], tuple(event["system_lines"])) for event in confidential} == {("", ())}


def test_the_history_of_a_confidential_entry_hides_its_system_lines(client_as, member_user, secretariat, story):
    """An entry's row changes only when a migration rewrites it (0013 moves old system text into ``data``)."""
    event = story["mission"].timeline.filter(action=Action.AVAILABILITY_RECORDED).first()
    MissionEvent.objects.filter(pk=event.pk).update(comment="", data={**event.data, "rewritten": True})
    url = reverse("history", args=["missions.missionevent", event.pk])
    page = client_as(member_user).get(url)
    assert page.status_code == 200
    [changes] = [entry.changes for entry in page.context["events"] if entry.pgh_diff]
    assert {(str(before), str(after)) for _label, before, after in changes} == {
        ("(not shown to you)", "(not shown to you)")
    }
    assert str(story["a"]) not in page.content.decode()
    page = client_as(secretariat).get(url)
    [changes] = [entry.changes for entry in page.context["events"] if entry.pgh_diff]
    assert any(str(story["a"]) in str(before) for _label, before, _after in changes)


@pytest.mark.parametrize(
    ("language", "line"), [("fr", "Dates de la mission : du"), ("es", "Fechas de la misión: del")]
)
def test_a_mail_writes_the_system_lines_in_the_recipients_language(secretariat, member_user, language, line):
    member_user.preferred_language = language
    member_user.email = "member@example.org"
    member_user.save()
    mission = flow.commented(secretariat)
    services.request_plan(
        request=mission, plan_year=2027, start_date=START, end_date=END, by=secretariat, comment="See you in March"
    )
    event = mission.timeline.get(action=Action.PLANNED)
    mail.outbox.clear()
    for message in notifications.mails_for_event(event):
        notifications.send(message)
    [sent] = [message for message in mail.outbox if message.to == ["member@example.org"]]
    assert line in sent.body
    assert "See you in March" in sent.body
    assert "Mission dates" not in sent.body
