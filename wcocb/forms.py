from django import forms

from wcocb.models import MemberAdministration


class MemberAdministrationForm(forms.ModelForm):
    class Meta:
        model = MemberAdministration
        fields = ["name_en", "name_fr", "name_es", "region", "is_active"]
