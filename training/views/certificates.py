"""Certificates: the PDF (scoped), revocation (Secretariat), and the public verification (no login, throttled)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from training import forms, selectors, services
from training.documents.certificate import render as render_pdf
from wcocb.errors import DomainError
from wcocb.mixins import FileDownloadMixin

logger = logging.getLogger(__name__)

#: Public lookups allowed per client address and window (seconds).
VERIFY_LIMIT, VERIFY_WINDOW = 20, 60


class CertificatePdfView(FileDownloadMixin, View):
    def get(self, request, pk):
        certificate = get_object_or_404(selectors.certificate_list(user=request.user), pk=pk)
        content = render_pdf(certificate, language=(get_language() or "en")[:2])
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="certificate-{certificate.pk}.pdf"'
        return response


class CertificateRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        certificate = get_object_or_404(selectors.certificate_list(user=request.user), pk=pk)
        form = forms.RevokeForm(request.POST)
        try:
            services.certificate_revoke(certificate=certificate, reason=form.data.get("reason", ""), by=request.user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The certificate is revoked."))
        return redirect(certificate.participant.get_absolute_url())


def throttled(request) -> bool:
    """Whether this client made more than :data:`VERIFY_LIMIT` lookups in the current window."""
    address = request.META.get("REMOTE_ADDR", "")
    key = f"training:verify:{address}"
    try:
        cache.add(key, 0, VERIFY_WINDOW)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, VERIFY_WINDOW)
            count = 1
    except Exception:  # the cache is down: the page still answers (unthrottled), and says so in the log
        logger.exception("Certificate lookups are not throttled: the cache failed")
        return False
    return count > VERIFY_LIMIT


class VerifyView(View):
    """``/training/verify/`` (a form) and ``/training/verify/<code>/``: who, what, when, with honours or not;
    or that the code is unknown or the certificate revoked. ``?format=json`` answers JSON."""

    def get(self, request, code: str = ""):
        code = (code or request.GET.get("code", "")).strip()[:64]
        wants_json = request.GET.get("format") == "json"
        if not code:
            return render(request, "training/verify.html", {"asked": False})
        if throttled(request):
            body = {"status": "throttled", "message": _("Too many lookups: try again in a minute.")}
            if wants_json:
                return JsonResponse(body, status=429)
            return render(request, "training/verify.html", {"asked": True, "throttled": True}, status=429)
        certificate = selectors.certificate_by_code(code)
        if wants_json:
            return JsonResponse(verification(certificate), status=200 if certificate else 404)
        return render(
            request,
            "training/verify.html",
            {"asked": True, "certificate": certificate, "code": code},
            status=200 if certificate else 404,
        )


def verification(certificate) -> dict:
    if certificate is None:
        return {"status": "unknown"}
    session = certificate.participant.session
    return {
        "status": "revoked" if certificate.is_revoked else "valid",
        "holder": certificate.holder_name,
        "administration": certificate.participant.administration.name_en,
        "programme": session.programme.title,
        "session": session.title,
        "start_date": session.start_date.isoformat(),
        "end_date": session.end_date.isoformat(),
        "issued_on": certificate.issued_on.isoformat(),
        "honours": certificate.honours,
        "revoked_on": certificate.revoked_at.date().isoformat() if certificate.revoked_at else None,
        "revoked_reason": certificate.revoked_reason or None,
    }
