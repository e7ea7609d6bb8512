"""An expert's missions as an iCalendar feed: the subscription feed, the signed-in download, the info page."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.views import View
from django.views.generic import TemplateView

from missions import selectors
from wcocb.choices import Role


def _ics(expert) -> HttpResponse:
    response = HttpResponse(selectors.calendar_for(expert), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="wco-missions.ics"'
    return response


class IcalFeedView(View):
    """The subscription feed: no sign-in, the signed token says whose missions."""

    def get(self, request, token: str):
        expert = selectors.expert_from_feed_token(token)
        if expert is None:
            raise Http404
        return _ics(expert)


def _own_expert(user):
    expert = getattr(getattr(user, "person", None), "expert", None) if user.role == Role.EXPERT else None
    if expert is None:
        raise Http404
    return expert


class MyIcalView(LoginRequiredMixin, View):
    def get(self, request):
        return _ics(_own_expert(request.user))


class IcalInfoView(LoginRequiredMixin, TemplateView):
    """Where an expert finds their subscription link."""

    template_name = "missions/ical.html"

    def get_context_data(self, **kwargs):
        expert = _own_expert(self.request.user)
        return {**super().get_context_data(**kwargs), "expert": expert, "feed_url": selectors.feed_url(expert)}
