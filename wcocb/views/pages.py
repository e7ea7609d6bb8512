"""Shell pages: home, health check, change history, reference data, account."""

from __future__ import annotations

import time

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View, defaults
from django.views.generic import TemplateView, UpdateView
from django_filters.views import FilterView

from wcocb import registry, services
from wcocb.audit import history_for
from wcocb.filters import MemberAdministrationFilterSet
from wcocb.forms import MemberAdministrationForm
from wcocb.history import readable_changes
from wcocb.middleware import TOO_BIG, api_error, is_api, too_big_response
from wcocb.mixins import RoleRequiredMixin, ScopedQuerysetMixin
from wcocb.models import ApiToken, MemberAdministration, Region, User
from wcocb.navigation import inbox_for
from wcocb.rules import is_secretariat
from wcocb.scoping import can_view


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["inbox"] = inbox_for(self.request.user)
        return context


def healthz(request):
    """Database, Redis, the Celery worker and beat: 200 when the first three answer, else 503."""
    checks: dict[str, dict] = {}

    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = {"ok": True}
    except Exception as exc:
        checks["database"] = {"ok": False, "error": exc.__class__.__name__}
    checks["database"]["ms"] = round((time.monotonic() - started) * 1000, 1)

    started = time.monotonic()
    try:
        client = cache._cache.get_client()  # Django's RedisCache client
        checks["redis"] = {"ok": bool(client.ping())}
    except Exception as exc:
        checks["redis"] = {"ok": False, "error": exc.__class__.__name__}
    checks["redis"]["ms"] = round((time.monotonic() - started) * 1000, 1)

    started = time.monotonic()
    try:
        from wcocb.celery import app as celery_app

        replies = celery_app.control.ping(timeout=1.0)
        checks["worker"] = {"ok": bool(replies), "workers": len(replies)}
    except Exception as exc:
        checks["worker"] = {"ok": False, "error": exc.__class__.__name__}
    checks["worker"]["ms"] = round((time.monotonic() - started) * 1000, 1)

    last_beat = cache.get("wcocb:beat:last") if checks["redis"]["ok"] else None
    checks["beat"] = {"ok": bool(last_beat and time.time() - float(last_beat) < 120), "last": last_beat}

    healthy = all(checks[name]["ok"] for name in ("database", "redis", "worker"))
    return JsonResponse({"status": "ok" if healthy else "degraded", "checks": checks}, status=200 if healthy else 503)


HIDDEN = gettext_lazy("(not shown to you)")
#: In a model's ``history_hidden_fields(user)``: who made each version is hidden too.
HIDE_AUTHOR = "__author__"
HISTORY_LABELS = {
    "insert": gettext_lazy("created"),
    "update": gettext_lazy("changed"),
    "delete": gettext_lazy("deleted"),
}


class HistoryView(LoginRequiredMixin, View):
    """The audit trail of one record: who changed what, when, before and after."""

    def get(self, request, model: str, pk: str):
        try:
            model_class = apps.get_model(model)
        except (LookupError, ValueError) as exc:
            raise Http404 from exc
        if model_class is User and not request.user.is_superuser:
            raise Http404
        try:
            obj = model_class._default_manager.filter(pk=pk).first()
        except (ValueError, ValidationError) as exc:  # a key of the wrong type ("abc" for an integer)
            raise Http404 from exc
        deleted = obj is None
        if deleted:
            # A deleted record keeps its history; only the Secretariat may read it (no scope to check).
            if not is_secretariat(request.user):
                raise Http404
            obj = model_class(pk=model_class._meta.pk.to_python(pk))
        elif not can_view(request.user, obj):
            raise Http404
        elif isinstance(obj, ApiToken) and not (request.user.is_superuser or obj.user_id == request.user.pk):
            raise Http404  # a credential's trail is its owner's (and the superusers', as in the admin)
        events = list(history_for(obj)[:200])
        if deleted and not events:
            raise Http404
        user_ids = {event.pgh_context.get("user") for event in events if event.pgh_context}
        users = {user.pk: str(user) for user in User.objects.filter(pk__in=[u for u in user_ids if u])}
        # A model may keep some of its fields from some viewers (e.g. a release letter's answer).
        hidden_for = getattr(obj, "history_hidden_fields", None)
        hidden = hidden_for(request.user) if hidden_for and not deleted else set()
        for event in events:
            # A change of hidden fields only (bar the timestamp) hides who made it too: a release answer's
            # author would tell the answer.
            concealed = HIDE_AUTHOR in hidden or bool(
                hidden and event.pgh_diff and all(field in hidden or field == "updated_at" for field in event.pgh_diff)
            )
            if hidden and event.pgh_diff:
                event.pgh_diff = {
                    field: ((HIDDEN, HIDDEN) if field in hidden else change)
                    for field, change in event.pgh_diff.items()
                }
            context = event.pgh_context or {}
            event.actor = HIDDEN if concealed else users.get(context.get("user"), _("system"))
            event.url = context.get("url", "")
            event.what = HISTORY_LABELS.get(event.pgh_label, event.pgh_label)
        readable_changes(model_class, events, hidden, HIDDEN)
        registry.call_each(registry.history_read, user=request.user, obj=obj, events=events, path=request.path)
        return render(
            request,
            "history.html",
            {
                "object": obj,
                "deleted": deleted,
                "events": events,
                "model_name": model_class._meta.verbose_name,
            },
        )


class MemberListView(LoginRequiredMixin, ScopedQuerysetMixin, FilterView):
    model = MemberAdministration
    filterset_class = MemberAdministrationFilterSet
    paginate_by = 25
    template_name = "wcocb/member_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["regions"] = Region.objects.all()
        return context

    def get_template_names(self):
        if self.request.htmx:
            return ["wcocb/_member_table.html"]
        return [self.template_name]


class MemberUpdateView(LoginRequiredMixin, RoleRequiredMixin, UpdateView):
    model = MemberAdministration
    form_class = MemberAdministrationForm
    template_name = "wcocb/member_form.html"

    def form_valid(self, form):
        try:
            self.object = services.member_administration_update(
                administration=self.object,  # the service re-reads it, so the move is detected
                by=self.request.user,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was saved.") % {"name": self.object.name})
        return redirect(self.get_success_url())

    def get_success_url(self):
        return "/reference/members/"


class AccountView(LoginRequiredMixin, TemplateView):
    """The user's own account: role, scope, password change, and their API tokens (issue, revoke).
    A new token's key is shown once, on the page that issued it: only its digest is kept."""

    template_name = "account.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = ApiToken.objects.filter(user=self.request.user)
        context["token_days"] = settings.API_TOKEN_TTL_DAYS
        return context

    def post(self, request):
        if "revoke" in request.POST:
            token = ApiToken.objects.filter(user=request.user, pk=_int_or_none(request.POST["revoke"])).first()
            if token is None:
                raise Http404
            services.api_token_revoke(token=token, by=request.user)
            messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
            return redirect("account")
        try:
            token, key = services.api_token_issue(
                user=request.user, by=request.user, name=request.POST.get("name", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("account")
        messages.success(request, _("A new API token was issued. Copy it now: it is not shown again."))
        return self.render_to_response(self.get_context_data(new_token=token, new_key=key))


def _int_or_none(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def error_400(request, exception=None):
    if is_api(request):
        if isinstance(exception, TOO_BIG):
            return too_big_response(exception)
        return api_error(400)
    return defaults.bad_request(request, exception)


def error_403(request, exception=None):
    if is_api(request):
        return api_error(403)
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    if is_api(request):
        return api_error(404)
    return render(request, "404.html", status=404)


def error_500(request):
    if is_api(request):
        return api_error(500)
    return render(request, "500.html", status=500)
