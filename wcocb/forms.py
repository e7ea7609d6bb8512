"""Forms of the project package, and the base every app's forms build on."""

from django import forms

from wcocb.models import MemberAdministration
from wcocb.validators import text_validator


class CleanTextMixin:
    """Every text field of the form refuses control characters (:mod:`wcocb.validators`): one drawn as a
    ``Textarea`` keeps tab and line breaks. A field error, like any other, and nothing is saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                validator = text_validator(isinstance(field.widget, forms.Textarea))
                if validator not in field.validators:
                    field.validators.append(validator)


class Form(CleanTextMixin, forms.Form):
    pass


class ModelForm(CleanTextMixin, forms.ModelForm):
    pass


class MemberAdministrationForm(ModelForm):
    class Meta:
        model = MemberAdministration
        fields = ["name_en", "name_fr", "name_es", "region", "is_active"]
