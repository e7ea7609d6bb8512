"""Forms of the integrity pages. They check shape; the services check the rules."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from integrity import selectors
from integrity.choices import ActionStatus, QuestionnaireStatus
from integrity.models import EVIDENCE_HELP, Assessment, Question, Questionnaire, Risk, Section, validate_evidence
from missions.choices import MissionKind
from missions.models import MissionRequest
from training.models import Session
from wcocb.choices import Role
from wcocb.scoping import scope_queryset
from wcocb.validators import no_control_characters, no_control_characters_multiline

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label, *, required=True, multiline=False, max_length=5000, help_text=""):
    validator = no_control_characters_multiline if multiline else no_control_characters
    widget = forms.Textarea(attrs={"rows": 3}) if multiline else None
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        validators=[validator],
        widget=widget,
        help_text=help_text,
    )


class AssessmentForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        queryset=Questionnaire.objects.filter(status=QuestionnaireStatus.PUBLISHED), label=_("Questionnaire")
    )
    title = _text(_("Title"), max_length=200)
    assessed_on = forms.DateField(label=_("Reference date"), widget=DATE)
    corrects = forms.ModelChoiceField(queryset=Assessment.objects.none(), required=False, label=_("Corrects"))
    mission = forms.ModelChoiceField(
        queryset=MissionRequest.objects.none(), required=False, label=_("Integrity assessment mission")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corrects"].queryset = scope_queryset(Assessment.objects.exclude(status="draft"), user).filter(
            administration_id=user.administration_id
        )
        self.fields["mission"].queryset = scope_queryset(
            MissionRequest.objects.filter(kind=MissionKind.INTEGRITY_ASSESSMENT), user
        ).filter(administration_id=user.administration_id)


class AnswerForm(forms.Form):
    question = forms.ModelChoiceField(queryset=Question.objects.select_related("section"), widget=forms.HiddenInput)
    level = forms.TypedChoiceField(
        label=_("Level"), choices=[(n, str(n)) for n in range(1, 6)], coerce=int, widget=forms.RadioSelect
    )
    comment = _text(_("Comment"), required=False, multiline=True)


class EvidenceForm(forms.Form):
    title = _text(_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=EVIDENCE_HELP, validators=[validate_evidence])
    question = forms.ModelChoiceField(queryset=Question.objects.none(), required=False, label=_("Question"))

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = Question.objects.filter(
            section__questionnaire_id=assessment.questionnaire_id
        ).select_related("section")


class CommentForm(forms.Form):
    comment = _text(_("Comment"), required=False, multiline=True)


class ReviewForm(forms.Form):
    comment = _text(_("Review comments"), multiline=True)


class PlanForm(forms.Form):
    title = _text(_("Title"), max_length=200)
    assessment = forms.ModelChoiceField(queryset=Assessment.objects.none(), required=False, label=_("Assessment"))
    mission = forms.ModelChoiceField(
        queryset=MissionRequest.objects.none(), required=False, label=_("Integrity assessment mission")
    )
    workshop_session = forms.ModelChoiceField(
        queryset=Session.objects.none(),
        required=False,
        label=_("Integrity development workshop"),
        help_text=_(
            "The training session the plan came out of: the workshops your administration hosted or attended."
        ),
    )
    workshop = _text(
        _("Workshop held outside the platform"),
        required=False,
        max_length=200,
        help_text=_("Only when the workshop is not in the list above."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop_session"].queryset = selectors.workshop_sessions_for(user.administration_id)
        self.fields["assessment"].queryset = scope_queryset(Assessment.objects.all(), user).filter(
            administration_id=user.administration_id
        )
        self.fields["mission"].queryset = scope_queryset(
            MissionRequest.objects.filter(kind=MissionKind.INTEGRITY_ASSESSMENT), user
        ).filter(administration_id=user.administration_id)


def _owners(plan):
    return get_user_model().objects.filter(role=Role.MEMBER, is_active=True, administration_id=plan.administration_id)


class ActionForm(forms.Form):
    title = _text(_("Action"), max_length=200)
    factor = forms.ModelChoiceField(queryset=Section.objects.none(), required=False, label=_("Factor"))
    owner = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label=_("Owner"))
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    description = _text(_("Description"), required=False, multiline=True)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _owners(plan)
        sections = Section.objects.select_related("questionnaire")
        if plan.assessment_id:
            sections = sections.filter(questionnaire_id=plan.assessment.questionnaire_id)
        else:
            sections = sections.filter(
                questionnaire__code="arusha", questionnaire__status=QuestionnaireStatus.PUBLISHED
            )
        self.fields["factor"].queryset = sections


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    evidence = _text(_("Evidence"), required=False, multiline=True)
    evidence_file = forms.FileField(
        label=_("Evidence file"), required=False, help_text=EVIDENCE_HELP, validators=[validate_evidence]
    )
    comment = _text(_("Comment"), required=False, multiline=True)


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["process", "risk", "likelihood", "impact", "existing_controls", "mitigation", "owner", "review_date"]
        widgets = {
            "review_date": DATE,
            "risk": forms.Textarea(attrs={"rows": 2}),
            "existing_controls": forms.Textarea(attrs={"rows": 2}),
            "mitigation": forms.Textarea(attrs={"rows": 2}),
            "likelihood": forms.Select(choices=[(n, str(n)) for n in range(1, 6)]),
            "impact": forms.Select(choices=[(n, str(n)) for n in range(1, 6)]),
        }
