"""Render every Django form with Bootstrap 5 classes, without touching each form."""

from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_noop

#: Django's own form strings its Spanish catalogue leaves untranslated: marked here so that this project's
#: catalogues (which come first) carry them.
DJANGO_STRINGS = (gettext_noop("- Select an option -"),)

_CHECKS = ("checkbox.html", "checkbox_option.html", "radio_option.html")
_SELECTS = ("select.html",)
_SKIP = ("multiple_input.html", "checkbox_select.html", "radio.html", "hidden.html", "multiple_hidden.html")


class BootstrapFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if isinstance(widget, dict) and template_name.startswith("django/forms/widgets/"):
            leaf = template_name.rsplit("/", 1)[-1]
            if leaf not in _SKIP:
                if leaf in _CHECKS:
                    css = "form-check-input"
                elif leaf in _SELECTS:
                    css = "form-select"
                else:
                    css = "form-control"
                attrs = widget.setdefault("attrs", {})
                existing = attrs.get("class", "")
                if css not in existing.split():
                    attrs["class"] = f"{existing} {css}".strip()
        return super().render(template_name, context, request)
