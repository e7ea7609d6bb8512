"""Forms of the training pages (shape only: the services hold the rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from training.choices import Change, Rating, ReviewerSlot
from training.models import REVIEW_QUESTIONS
from wcocb.choices import Gender
from wcocb.models import MemberAdministration, Person


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
