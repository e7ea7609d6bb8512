"""Assessment pages: the integrity home, the list, starting one, the form section by section (each answer saved
as it is given, with htmx), evidence, submit / review / share, the assessment page with its radar chart and
table, the comparison of two assessments, the export. Thin: services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView

from integrity import exporting, forms, rules, selectors, services
from integrity.choices import ReadDoor
from integrity.filters import AssessmentFilterSet
from integrity.models import Assessment, Evidence, Question, Questionnaire
from integrity.views._common import IntegrityPage, LoggedListMixin, download, errors_of, logged, seen_or_404
from wcocb.errors import DomainError
from wcocb.mixins import FileDownloadMixin
from wcocb.scoping import scope_queryset


class HomeView(IntegrityPage, TemplateView):
    """The administration's integrity home: its assessments, its plans, its risk map (the Secretariat sees every
    administration's, a ROCB the assessments shared with it)."""

    template_name = "integrity/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        assessments = logged(self.request, selectors.assessment_list(user=user)[:10])
        context["assessments"] = assessments
        if rules.is_rocb(user):
            context["plans"], context["risk_matrix"], context["risk_total"] = [], None, 0
            return context
        context["plans"] = logged(self.request, selectors.plan_list(user=user)[:5])
        risks = selectors.risk_list(user=user)
        context["risk_matrix"] = selectors.risk_matrix(risks)
        context["risk_total"] = risks.count()
        context["can_start"] = rules.can_start_assessment(user, user.administration)
        return context


class AssessmentListView(IntegrityPage, LoggedListMixin, FilterView):
    filterset_class = AssessmentFilterSet
    paginate_by = 25
    template_name = "integrity/assessment_list.html"

    def get_queryset(self):
        return selectors.assessment_list(user=self.request.user)


class AssessmentCreateView(IntegrityPage, FormView):
    form_class = forms.AssessmentForm
    template_name = "integrity/assessment_form.html"

    def test_func(self) -> bool:
        user = self.request.user
        return super().test_func() and rules.can_start_assessment(user, user.administration)

    def get_initial(self):
        initial = {"assessed_on": timezone.localdate()}
        corrects = self.request.GET.get("corrects", "")
        if corrects.isdigit():
            initial["corrects"] = int(corrects)
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            assessment = services.assessment_start(
                administration=self.request.user.administration, by=self.request.user, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        except ValidationError as exc:
            form.add_error(None, errors_of(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("The assessment is started: answer it section by section."))
        return redirect("integrity:assessment-fill", pk=assessment.pk)


def _assessment(request, pk: int) -> Assessment:
    return seen_or_404(
        request.user, Assessment.objects.select_related("administration", "questionnaire", "shared_region"), pk=pk
    )


class AssessmentDetailView(IntegrityPage, TemplateView):
    template_name = "integrity/assessment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        assessment = _assessment(self.request, kwargs["pk"])
        logged(self.request, [assessment])
        scores = selectors.section_scores(assessment)
        context.update(
            assessment=assessment,
            scores=scores,
            chart=selectors.radar(
                [row.section for row in scores], [(assessment.title, [row.score for row in scores])]
            ),
            timeline=assessment.timeline.select_related("actor"),
            evidence=assessment.evidence.all(),
            plans=scope_queryset(assessment.action_plans.all(), user),
            earlier=scope_queryset(Assessment.objects.filter(administration_id=assessment.administration_id), user)
            .exclude(pk=assessment.pk)
            .order_by("-assessed_on"),
            can_edit=rules.can_edit_assessment(user, assessment),
            can_review=rules.can_review_assessment(user, assessment),
            can_share=rules.can_share_assessment(user, assessment),
            can_correct=rules.can_correct_assessment(user, assessment),
            review_form=forms.ReviewForm(),
        )
        return context


class AssessmentFillView(IntegrityPage, TemplateView):
    """The form, one section at a time (``?section=<code>``); each answer posts by itself and is saved."""

    template_name = "integrity/assessment_fill.html"

    def get(self, request, *args, **kwargs):
        assessment = _assessment(request, kwargs["pk"])
        if not rules.can_edit_assessment(request.user, assessment):
            messages.info(request, _("This assessment cannot be changed any more."))
            return redirect(assessment)
        sections = selectors.assessment_form(assessment)
        code = request.GET.get("section") or sections[0][0].code
        current = next((i for i, (section, _rows) in enumerate(sections) if section.code == code), 0)
        return self.render_to_response(
            {
                "assessment": assessment,
                "sections": sections,
                "section": sections[current][0],
                "rows": sections[current][1],
                "previous": sections[current - 1][0] if current > 0 else None,
                "next": sections[current + 1][0] if current + 1 < len(sections) else None,
                "levels": assessment.questionnaire.levels.all(),
                "evidence_form": forms.EvidenceForm(assessment=assessment),
                "evidence": assessment.evidence.select_related("question"),
                "answered": assessment.answers.count(),
                "total": Question.objects.filter(section__questionnaire_id=assessment.questionnaire_id).count(),
            }
        )


class AnswerView(IntegrityPage, View):
    """Save one answer (htmx: the question's row comes back with a "saved" mark)."""

    def post(self, request, pk: int):
        assessment = _assessment(request, pk)
        form = forms.AnswerForm(request.POST)
        error = None
        answer = None
        if form.is_valid():
            try:
                answer = services.answer_save(assessment=assessment, by=request.user, **form.cleaned_data)
            except DomainError as exc:
                error = exc.message
            except ValidationError as exc:
                error = errors_of(exc)
        else:
            error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        if not request.htmx:
            if error:
                messages.error(request, error)
            question = form.cleaned_data.get("question") if form.is_valid() else None
            section = f"?section={question.section.code}" if question else ""
            return redirect(reverse("integrity:assessment-fill", args=[pk]) + section)
        question = answer.question if answer else form.cleaned_data.get("question")
        if question is None:
            return HttpResponse(error or "", status=400)
        return render(
            request,
            "integrity/_question.html",
            {
                "assessment": assessment,
                "question": question,
                "answer": answer or assessment.answers.filter(question=question).first(),
                "levels": assessment.questionnaire.levels.all(),
                "saved": answer is not None,
                "error": error,
            },
            status=200 if answer else 400,
        )


class EvidenceUploadView(IntegrityPage, View):
    def post(self, request, pk: int):
        assessment = _assessment(request, pk)
        form = forms.EvidenceForm(request.POST, request.FILES, assessment=assessment)
        if form.is_valid():
            try:
                services.evidence_add(assessment=assessment, by=request.user, **form.cleaned_data)
                messages.success(request, _("The evidence is attached."))
            except DomainError as exc:
                messages.error(request, exc.message)
            except ValidationError as exc:
                messages.error(request, errors_of(exc))
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("integrity:assessment-fill", pk=pk)


class EvidenceDownloadView(FileDownloadMixin, View):
    """An evidence file, for those who see its assessment (a read from outside is logged)."""

    def get(self, request, pk: int):
        evidence = seen_or_404(request.user, Evidence.objects.select_related("assessment"), pk=pk)
        logged(request, [evidence], door=ReadDoor.DOWNLOAD)
        return download(evidence.file)


class _AssessmentAction(IntegrityPage, View):
    form_class = forms.CommentForm
    done = ""

    def act(self, assessment, by, form):  # pragma: no cover - each subclass says what it does
        raise NotImplementedError

    def post(self, request, pk: int):
        assessment = _assessment(request, pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
            return redirect(assessment)
        try:
            self.act(assessment, request.user, form)
            messages.success(request, self.done)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect(assessment)


class SubmitView(_AssessmentAction):
    done = _("The assessment is submitted; it can no longer be changed.")

    def act(self, assessment, by, form):
        services.assessment_submit(assessment=assessment, by=by, **form.cleaned_data)


class ReviewView(_AssessmentAction):
    form_class = forms.ReviewForm
    done = _("The review is recorded.")

    def act(self, assessment, by, form):
        services.assessment_review(assessment=assessment, by=by, **form.cleaned_data)


class ShareView(_AssessmentAction):
    done = _("The assessment is shared with your ROCB.")

    def act(self, assessment, by, form):
        services.assessment_share(assessment=assessment, by=by, shared=True, **form.cleaned_data)


class UnshareView(_AssessmentAction):
    done = _("The ROCB no longer sees the assessment.")

    def act(self, assessment, by, form):
        services.assessment_share(assessment=assessment, by=by, shared=False, **form.cleaned_data)


class CompareView(IntegrityPage, TemplateView):
    """This assessment against an earlier one of the same administration (``?since=<id>``; by default the one
    before): a radar chart with both, and the change per factor."""

    template_name = "integrity/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        after = _assessment(self.request, kwargs["pk"])
        same = scope_queryset(Assessment.objects.filter(administration_id=after.administration_id), user).exclude(
            pk=after.pk
        )
        since = self.request.GET.get("since", "")
        if since:
            before = same.filter(pk=int(since) if since.isdigit() else 0).first()
            if before is None:
                raise Http404
        else:
            before = selectors.previous_assessment(after, same)
        logged(self.request, [a for a in (before, after) if a is not None])
        changes = selectors.compare(before, after)
        series = [(after.title, [c.after for c in changes])]
        if before is not None:
            series.insert(0, (before.title, [c.before for c in changes]))

        class _Axis:
            def __init__(self, name):
                self.name = name

        context.update(
            before=before,
            after=after,
            changes=changes,
            chart=selectors.radar([_Axis(c.name) for c in changes], series),
            choices=same.order_by("-assessed_on"),
        )
        return context


class ExportView(IntegrityPage, View):
    """One assessment's answers as CSV (formula-safe), for those who see it; a read from outside is logged."""

    def get(self, request, pk: int):
        assessment = _assessment(request, pk)
        logged(request, [assessment], door=ReadDoor.EXPORT)
        return exporting.assessment_csv(assessment)


class QuestionnaireListView(IntegrityPage, FilterView):
    template_name = "integrity/questionnaire_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.questionnaire_list(user=self.request.user)

    def get_filterset_class(self):
        from integrity.filters import QuestionnaireFilterSet

        return QuestionnaireFilterSet


class QuestionnaireDetailView(IntegrityPage, TemplateView):
    template_name = "integrity/questionnaire_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["questionnaire"] = seen_or_404(
            self.request.user,
            Questionnaire.objects.prefetch_related("levels", "sections__questions"),
            pk=kwargs["pk"],
        )
        return context
