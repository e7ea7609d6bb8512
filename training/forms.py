"""Forms of the training pages (shape only: the services hold the rules)."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from experts.models import Expert
from training.choices import Change, Rating, ReviewerSlot
from training.models import FIRST_YEAR, LAST_YEAR, REVIEW_QUESTIONS, Programme, Session
from training.services.catalogue import SESSION_FIELDS
from wcocb.choices import Gender
from wcocb.models import MemberAdministration, Person

DATE = forms.DateInput(
    format="%Y-%m-%d", attrs={"type": "date", "min": f"{FIRST_YEAR}-01-01", "max": f"{LAST_YEAR}-12-31"}
)


def _bounded(field: forms.Field, low: int, high: int) -> None:
    field.widget.attrs.update(min=low, max=high)


class ProgrammeForm(forms.ModelForm):
    """A programme of the catalogue (the Secretariat's; ``services.programme_save`` writes it)."""

    class Meta:
        model = Programme
        fields = ["code", "kind", "title", "topic", "description", "duration_weeks", "hours", "languages", "is_active"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "languages": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bounded(self.fields["duration_weeks"], 1, 104)
        _bounded(self.fields["hours"], 1, 2000)
        self.fields["hours"].help_text = _("Required for an e-learning course.")

    def service_fields(self) -> dict:
        """The cleaned data as ``programme_save`` takes it (the languages apart)."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {"languages": data.pop("languages"), **data}


class TutorPicker(forms.SelectMultiple):
    """The session's tutors and experts: those chosen, as ticked boxes (untick to remove), and a search as you
    type (htmx, ``training:tutor-picker``) that offers more experts as boxes to tick, keeping the ticked ones."""

    template_name = "training/widgets/tutor_picker.html"
    url = reverse_lazy("training:tutor-picker")

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.chosen: list[Expert] = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(url=str(self.url), chosen=self.chosen)
        return context


class SessionForm(forms.ModelForm):
    """A session of a programme, with its tutors and experts (``services.session_save`` writes it)."""

    tutors = forms.ModelMultipleChoiceField(
        label=_("Tutors and experts"),
        queryset=Expert.objects.all(),
        required=False,
        widget=TutorPicker,
        help_text=_("Search the experts database by name, area or administration and tick the ones to add."),
    )

    class Meta:
        model = Session
        fields = list(SESSION_FIELDS)  # what the catalogue service takes
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bounded(self.fields["capacity"], 1, 1000)
        self.fields["programme"].queryset = Programme.objects.order_by("kind", "title")
        self.fields["rtc"].help_text = _("For an in-person session: a venue or a Regional Training Centre.")
        if self.is_bound:
            chosen = [value for value in self.data.getlist(self.add_prefix("tutors")) if str(value).isdigit()]
        elif self.instance.pk:
            chosen = [tutor.pk for tutor in self.instance.tutors.all()]
        else:
            chosen = []
        self.fields["tutors"].initial = chosen
        self.fields["tutors"].widget.chosen = list(
            Expert.objects.filter(pk__in=chosen).select_related("person__administration").order_by("person__last_name")
        )

    def service_fields(self) -> dict:
        """The cleaned data as ``session_save`` takes it."""
        return {name: self.cleaned_data[name] for name in [*self.Meta.fields, "tutors"]}


class NominationForm(forms.Form):
    """An officer of the nominating administration: one already known, or a new one by name."""

    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label=_("An officer already known to the platform")
    )
    administration = forms.ModelChoiceField(
        queryset=MemberAdministration.objects.all(), required=False, label=_("Administration")
    )
    first_name = forms.CharField(max_length=100, required=False, label=_("First name"))
    last_name = forms.CharField(max_length=100, required=False, label=_("Last name"))
    gender = forms.ChoiceField(choices=[("", "—"), *Gender.choices], required=False, label=_("Gender"))
    email = forms.EmailField(required=False, label=_("Email"))
    post = forms.CharField(max_length=200, required=False, label=_("Post"))
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Comment"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_secretariat:
            self.fields["person"].queryset = Person.objects.filter(administration__isnull=False)
        else:
            self.fields["person"].queryset = Person.objects.filter(
                administration_id=getattr(user, "administration_id", None)
            )
            del self.fields["administration"]

    def clean(self):
        data = super().clean()
        if not data.get("person") and not (data.get("first_name") and data.get("last_name")):
            raise forms.ValidationError(_("Choose an officer, or give the new officer's first and last name."))
        return data


class CommentForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Comment"))
    honours = forms.BooleanField(required=False, label=_("With honours"))


class ReviewerForm(forms.Form):
    slot = forms.ChoiceField(choices=ReviewerSlot.choices, label=_("Reviewer"))
    name = forms.CharField(max_length=200, label=_("Name"))
    email = forms.EmailField(label=_("Email"))


class RevokeForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, label=_("Reason"))


class FeedbackAnswerForm(forms.Form):
    relevance = forms.TypedChoiceField(
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        label=_("How relevant was the session to your work?"),
    )
    quality = forms.TypedChoiceField(
        choices=Rating.choices, coerce=int, widget=forms.RadioSelect, label=_("How good was the content and delivery?")
    )
    applicability = forms.TypedChoiceField(
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        label=_("How much of it can you apply in your job?"),
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000, label=_("Comments")
    )


class ReviewAnswerForm(forms.Form):
    leadership = forms.TypedChoiceField(
        choices=Change.choices, coerce=int, widget=forms.RadioSelect, label=REVIEW_QUESTIONS["leadership"]
    )
    management = forms.TypedChoiceField(
        choices=Change.choices, coerce=int, widget=forms.RadioSelect, label=REVIEW_QUESTIONS["management"]
    )
    communication = forms.TypedChoiceField(
        choices=Change.choices, coerce=int, widget=forms.RadioSelect, label=REVIEW_QUESTIONS["communication"]
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000, label=_("Comments")
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("The e-learning platform's export (CSV or XLSX)"))
