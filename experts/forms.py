"""Forms of the experts pages. They check shape; the services check the rules."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from experts.choices import ACCREDITATION_CATEGORIES, Category, ExpertKind, Stage, WorkshopResult
from experts.importing import MAX_BYTES
from experts.models import Accreditation, AccreditationWorkshop, Expert, ExpertiseArea, WorkshopParticipation
from experts.services import PERSON_FIELDS, LanguageSkill
from wcocb.choices import Gender, LanguageLevel
from wcocb.models import Language, MemberAdministration, Region

DATE = forms.DateInput(attrs={"type": "date"})

#: Photos: the formats browsers show everywhere, and a size that keeps pages light.
PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
PHOTO_MAX_BYTES = 2 * 1024 * 1024


class LanguagesField(forms.CharField):
    """Languages as ``en:fluent, fr:working`` (code and level)."""

    def to_python(self, value) -> list[LanguageSkill]:
        value = super().to_python(value) or ""
        skills = []
        languages = {language.code: language for language in Language.objects.all()}
        for part in filter(None, (item.strip() for item in value.split(","))):
            code, _sep, level = part.partition(":")
            level = level.strip() or LanguageLevel.WORKING
            if code.strip() not in languages or level not in LanguageLevel.values:
                raise forms.ValidationError(
                    _("Write languages as code:level, e.g. “en:fluent, fr:working” (levels: %(levels)s).")
                    % {"levels": ", ".join(LanguageLevel.values)}
                )
            skills.append(LanguageSkill(languages[code.strip()], level))
        return skills


def languages_initial(expert: Expert) -> str:
    return ", ".join(f"{skill.language.code}:{skill.level}" for skill in expert.language_skills.all())


class ExpertForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False)
    nationality = forms.CharField(label=_("Nationality (ISO code)"), max_length=2, required=False)
    administration = forms.ModelChoiceField(
        label=_("Home administration"), queryset=MemberAdministration.objects.all(), required=False
    )
    current_post = forms.CharField(label=_("Current post"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ExpertKind.choices)
    is_serving = forms.BooleanField(label=_("Currently serving officer"), required=False, initial=True)
    languages = LanguagesField(label=_("Languages"), required=False, help_text=_("e.g. en:fluent, fr:working"))
    biography = forms.CharField(label=_("Short biography"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(PHOTO_FORMATS.values())}),
    )
    external_justification = forms.CharField(
        label=_("Why an External Expert"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    candidate_topic = forms.ModelChoiceField(
        label=_("Candidate topic"),
        queryset=ExpertiseArea.objects.filter(category=Category.CANDIDATE_TOPIC, is_active=True),
        required=False,
    )
    candidate_region = forms.ModelChoiceField(
        label=_("Candidate region"),
        queryset=Region.objects.order_by("code"),
        required=False,
        help_text=_("The region whose candidate list the candidate is on (or is meant for)."),
    )
    candidate_topic_expertise = forms.BooleanField(label=_("Expertise in the topic"), required=False)
    candidate_english = forms.BooleanField(label=_("Fluent in English"), required=False)
    candidate_capacity_building = forms.BooleanField(label=_("Experience in capacity building"), required=False)
    candidate_wco_instruments = forms.BooleanField(label=_("Knowledge of WCO instruments"), required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo or not hasattr(photo, "image"):  # nothing new uploaded (None) or "clear" ticked (False)
            return photo
        if photo.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError(
                _("The photo is %(size)s MB; upload one of at most 2 MB.") % {"size": f"{photo.size / 1048576:.1f}"}
            )
        if photo.image.format not in PHOTO_FORMATS:
            raise forms.ValidationError(
                _("Upload the photo as JPEG, PNG or WebP (this file is %(format)s).")
                % {"format": photo.image.format or _("an unknown format")}
            )
        return photo

    def clean(self):
        data = super().clean()
        if data.get("kind") and data["kind"] != ExpertKind.CANDIDATE and data.get("candidate_region"):
            self.add_error("candidate_region", _("Only a regional candidate has a candidate region."))
        return data

    def service_fields(self) -> dict:
        """The cleaned data as the services take it: the photo only when one was uploaded (or
        cleared), the languages apart."""
        data = dict(self.cleaned_data)
        data.pop("languages", None)
        photo = data.pop("photo", None)
        if photo is False:
            data["photo"] = ""
        elif photo:
            data["photo"] = photo
        return data

    @classmethod
    def initial_for(cls, expert: Expert) -> dict:
        person = expert.person
        initial = {name: getattr(person, name) for name in PERSON_FIELDS}
        for name in cls.base_fields:
            if hasattr(expert, name) and name not in ("languages", "photo"):
                initial.setdefault(name, getattr(expert, name))
        initial["languages"] = languages_initial(expert)
        return initial


class CandidateProposalForm(ExpertForm):
    """A member administration proposes one of its own officers as a regional candidate: the
    administration and the kind are theirs to fix, not the member's to choose."""

    OMITTED = ("administration", "kind", "is_serving", "external_justification", "photo", "candidate_region")

    nominate = forms.BooleanField(
        label=_("Nominate to our region's candidate list now"),
        required=False,
        help_text=_("Needs a topic and the four requirements ticked."),
    )
    motivation = forms.CharField(label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.OMITTED:
            del self.fields[name]
        self.fields["candidate_topic"].required = True

    def service_fields(self) -> dict:
        data = super().service_fields()
        for name in ("nominate", "motivation"):
            data.pop(name, None)
        return data


class OwnProfileForm(forms.Form):
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    languages = LanguagesField(label=_("Languages"), required=False, help_text=_("e.g. en:fluent, fr:working"))
    biography = forms.CharField(label=_("Short biography"), widget=forms.Textarea(attrs={"rows": 5}), required=False)


class PreAssessForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=ExpertiseArea.objects.filter(is_active=True).exclude(category=Category.CANDIDATE_TOPIC),
    )
    on = forms.DateField(label=_("Pre-assessed on"), widget=DATE)
    comment = forms.CharField(label=_("Comment"), required=False)


class ExpertChoiceField(forms.ModelChoiceField):
    """An expert shown with their home administration, so namesakes can be told apart."""

    def label_from_instance(self, obj: Expert) -> str:
        administration = obj.person.administration
        return f"{obj.person.full_name} ({administration.iso_code})" if administration else obj.person.full_name


def _experts(queryset) -> QuerySet[Expert]:
    return queryset.select_related("person__administration").order_by("search_name", "pk")


class PassWorkshopForm(forms.Form):
    """Only the workshops that cover the accreditation: its category, and its area or the whole category."""

    workshop = forms.ModelChoiceField(label=_("Workshop"), queryset=AccreditationWorkshop.objects.none())
    on = forms.DateField(label=_("Passed on"), widget=DATE, required=False)
    comment = forms.CharField(label=_("Comment"), required=False)

    def __init__(self, *args, accreditation: Accreditation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = AccreditationWorkshop.objects.filter(
            Q(area__isnull=True) | Q(area_id=accreditation.area_id), category=accreditation.area.category
        ).select_related("area")


class FieldEvaluationForm(forms.Form):
    """The evaluator is chosen among the experts fully accredited in the accreditation's category
    (the service checks again, with the dates)."""

    evaluator = ExpertChoiceField(label=_("Evaluator"), queryset=Expert.objects.none())
    evaluated_on = forms.DateField(label=_("Evaluated on"), widget=DATE)
    accredited_on = forms.DateField(label=_("Formally accredited on"), widget=DATE, required=False)
    mission_reference = forms.CharField(label=_("Mission"), max_length=200, required=False)
    comment = forms.CharField(label=_("Comment"), required=False)

    def __init__(self, *args, accreditation: Accreditation, **kwargs):
        super().__init__(*args, **kwargs)
        qualified = Accreditation.objects.filter(
            expert=OuterRef("pk"), stage=Stage.FULLY_ACCREDITED, area__category=accreditation.area.category
        )
        self.fields["evaluator"].queryset = _experts(
            Expert.objects.filter(Exists(qualified)).exclude(pk=accreditation.expert_id)
        )


class EndForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), required=False)


class WorkshopForm(forms.ModelForm):
    category = forms.ChoiceField(
        label=_("Category"), choices=[(c.value, c.label) for c in Category if c in ACCREDITATION_CATEGORIES]
    )

    class Meta:
        model = AccreditationWorkshop
        fields = ["kind", "category", "area", "title", "start_date", "end_date", "venue", "region"]
        widgets = {"start_date": DATE, "end_date": DATE}


class WorkshopResultForm(forms.Form):
    """The expert is one of the workshop's participants or of the experts whose pre-assessed
    accreditation the workshop covers (the only ones a pass can move)."""

    expert = ExpertChoiceField(label=_("Expert"), queryset=Expert.objects.none())
    result = forms.ChoiceField(label=_("Result"), choices=[c for c in WorkshopResult.choices if c[0]])

    def __init__(self, *args, workshop: AccreditationWorkshop, **kwargs):
        super().__init__(*args, **kwargs)
        covered = Accreditation.objects.filter(
            expert=OuterRef("pk"), stage=Stage.PRE_ASSESSED, area__category=workshop.category
        )
        if workshop.area_id:
            covered = covered.filter(area_id=workshop.area_id)
        registered = WorkshopParticipation.objects.filter(expert=OuterRef("pk"), workshop=workshop)
        self.fields["expert"].queryset = _experts(Expert.objects.filter(Exists(covered) | Exists(registered)))


class ExpertReferenceField(forms.CharField):
    """An expert by external identifier, typed with search-as-you-type suggestions (a select of
    100,000 experts would be unusable). ``queryset`` limits who may be named (the user's scope)."""

    def __init__(self, *args, queryset=None, **kwargs):
        self.queryset = queryset
        super().__init__(*args, **kwargs)

    def clean(self, value) -> Expert:
        value = (super().clean(value) or "").strip()
        queryset = self.queryset if self.queryset is not None else Expert.objects.all()
        expert = queryset.select_related("person").filter(external_id__iexact=value).first()
        if expert is None:
            raise forms.ValidationError(
                _("No expert has the identifier “%(value)s”. Type a name and pick from the suggestions.")
                % {"value": value}
            )
        return expert


class AddParticipantForm(forms.Form):
    expert = ExpertReferenceField(
        label=_("Expert"),
        max_length=64,
        help_text=_("Type a name or identifier and choose a suggestion."),
        widget=forms.TextInput(attrs={"list": "expert-suggestions", "autocomplete": "off"}),
    )


class DeploymentForm(forms.Form):
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), widget=DATE)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class UnavailabilityForm(forms.Form):
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class NominationForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("Candidate"), queryset=Expert.objects.none())
    motivation = forms.CharField(label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["expert"].queryset = candidates


class DecisionForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False)


class GapForm(forms.Form):
    """The gap analysis's date and category (page and API)."""

    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories"))] + [(c.value, c.label) for c in Category if c in ACCREDITATION_CATEGORIES],
    )


class GapCellForm(forms.Form):
    """One cell of the gap analysis: a region, an accreditation area, a date."""

    region = forms.ModelChoiceField(queryset=Region.objects.all(), to_field_name="code")
    area = forms.ModelChoiceField(queryset=ExpertiseArea.objects.filter(is_active=True), to_field_name="code")
    as_of = forms.DateField(required=False, widget=DATE)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"), help_text=_("One row per expert and accreditation."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
