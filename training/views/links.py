"""The personal-link forms that need no account: the feedback form and the 360° review."""

from __future__ import annotations

from django.shortcuts import render
from django.views import View

from training import forms, services
from wcocb.errors import DomainError


class _LinkFormView(View):
    template_name = ""
    form_class = None
    opener = None
    answerer = None

    def _refused(self, request, exc: DomainError):
        return render(request, "training/link_refused.html", {"message": exc.message}, status=exc.status)

    def get(self, request, token):
        try:
            record = type(self).opener(token)
        except DomainError as exc:
            return self._refused(request, exc)
        return render(request, self.template_name, {"record": record, "form": self.form_class()})

    def post(self, request, token):
        try:
            record = type(self).opener(token)
        except DomainError as exc:
            return self._refused(request, exc)
        form = self.form_class(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"record": record, "form": form}, status=400)
        try:
            type(self).answerer(token=token, **form.cleaned_data)
        except DomainError as exc:
            return self._refused(request, exc)
        return render(request, "training/link_thanks.html", {"record": record})


class FeedbackAnswerView(_LinkFormView):
    template_name = "training/feedback_form.html"
    form_class = forms.FeedbackAnswerForm
    opener = staticmethod(services.feedback_open)
    answerer = staticmethod(services.feedback_answer)


class ReviewAnswerView(_LinkFormView):
    template_name = "training/review_form.html"
    form_class = forms.ReviewAnswerForm
    opener = staticmethod(services.review_open)
    answerer = staticmethod(services.review_answer)
