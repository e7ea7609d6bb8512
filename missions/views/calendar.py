"""An expert's missions as an iCalendar feed: the subscription feed, the signed-in download, the page where the
expert makes, replaces or revokes their subscription address."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from missions import selectors, services
from wcocb.choices import Role
from wcocb.errors import DomainError


def _ics(expert) -> HttpResponse:
    response = HttpResponse(selectors.calendar_for(expert), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="wco-missions.ics"'
    return response


class IcalFeedView(View):
    """The subscription feed: no sign-in, the random key in the address says whose missions."""

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


class IcalInfoView(LoginRequiredMixin, View):
    """Where an expert makes their subscription address (shown once), replaces it, or revokes it."""

    template_name = "missions/ical.html"

    def _page(self, request, expert, key: str = ""):
        context = {
            "expert": expert,
            "live_token": selectors.live_feed_token(expert),
            "feed_url": selectors.feed_url(key) if key else "",
        }
        return render(request, self.template_name, context)

    def get(self, request):
        return self._page(request, _own_expert(request.user))

    def post(self, request):
        expert = _own_expert(request.user)
        try:
            if request.POST.get("action") == "revoke":
                services.calendar_feed_revoke(expert=expert, by=request.user)
                messages.success(request, _("Your calendar address no longer works."))
                return redirect("missions:ical-info")
            _token, key = services.calendar_feed_rotate(expert=expert, by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("missions:ical-info")
        return self._page(request, expert, key)
