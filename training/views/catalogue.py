"""The catalogue pages: programmes, sessions (with participants, statistics, feedback and impact)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView
from django_filters.views import FilterView

from training import rules, selectors
from training.filters import ParticipantFilterSet, ProgrammeFilterSet, SessionFilterSet
from training.rules import allowed_moves


class ProgrammeListView(LoginRequiredMixin, FilterView):
    filterset_class = ProgrammeFilterSet
    template_name = "training/programme_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.programme_list(user=self.request.user).order_by("kind", "title", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage_catalogue=rules.can_manage_catalogue(self.request.user), **kwargs)


class ProgrammeDetailView(LoginRequiredMixin, DetailView):
    template_name = "training/programme_detail.html"
    context_object_name = "programme"

    def get_queryset(self):
        return selectors.programme_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = selectors.session_list(user=self.request.user).filter(programme=self.object)
        context["sessions"] = sessions
        context["can_manage_catalogue"] = rules.can_manage_catalogue(self.request.user)
        if rules.can_see_statistics(self.request.user):
            context["statistics"] = selectors.session_statistics(sessions)
            context["feedback"] = selectors.feedback_summary(sessions)
            if self.object.has_impact_review:
                context["impact"] = selectors.impact_summary(sessions)
        return context


class SessionListView(LoginRequiredMixin, FilterView):
    filterset_class = SessionFilterSet
    template_name = "training/session_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.session_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage_catalogue=rules.can_manage_catalogue(self.request.user), **kwargs)


class SessionDetailView(LoginRequiredMixin, DetailView):
    template_name = "training/session_detail.html"
    context_object_name = "session"

    def get_queryset(self):
        return selectors.session_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        participants = list(selectors.participant_list(user=user).filter(session=self.object))
        for participant in participants:
            participant.moves = allowed_moves(user, participant)
        context["participants"] = participants
        context["statistics"] = selectors.session_statistics([self.object])
        context["can_nominate"] = rules.can_nominate(user, self.object)
        context["can_manage_catalogue"] = rules.can_manage_catalogue(user)
        if rules.can_see_statistics(user, self.object):
            context["feedback"] = selectors.feedback_summary([self.object])
            if self.object.programme.has_impact_review:
                context["impact"] = selectors.impact_summary([self.object])
        return context


class ParticipantListView(LoginRequiredMixin, FilterView):
    filterset_class = ParticipantFilterSet
    template_name = "training/participant_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.participant_list(user=self.request.user).order_by("-session__start_date", "pk")
