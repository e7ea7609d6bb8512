from django.urls import path

from integrity.views import assessments, plans, reads, risks

app_name = "integrity"
urlpatterns = [
    path("", assessments.HomeView.as_view(), name="home"),
    path("assessments/", assessments.AssessmentListView.as_view(), name="assessment-list"),
    path("assessments/new/", assessments.AssessmentCreateView.as_view(), name="assessment-create"),
    path("assessments/<int:pk>/", assessments.AssessmentDetailView.as_view(), name="assessment-detail"),
    path("assessments/<int:pk>/fill/", assessments.AssessmentFillView.as_view(), name="assessment-fill"),
    path("assessments/<int:pk>/answer/", assessments.AnswerView.as_view(), name="assessment-answer"),
    path("assessments/<int:pk>/evidence/", assessments.EvidenceUploadView.as_view(), name="evidence-upload"),
    path("assessments/<int:pk>/submit/", assessments.SubmitView.as_view(), name="assessment-submit"),
    path("assessments/<int:pk>/review/", assessments.ReviewView.as_view(), name="assessment-review"),
    path("assessments/<int:pk>/share/", assessments.ShareView.as_view(), name="assessment-share"),
    path("assessments/<int:pk>/unshare/", assessments.UnshareView.as_view(), name="assessment-unshare"),
    path("assessments/<int:pk>/compare/", assessments.CompareView.as_view(), name="assessment-compare"),
    path("assessments/<int:pk>/export.csv", assessments.ExportView.as_view(), name="assessment-export"),
    path("evidence/<int:pk>/", assessments.EvidenceDownloadView.as_view(), name="evidence-download"),
    path("templates/", assessments.QuestionnaireListView.as_view(), name="questionnaire-list"),
    path("templates/<int:pk>/", assessments.QuestionnaireDetailView.as_view(), name="questionnaire-detail"),
    path("plans/", plans.PlanListView.as_view(), name="plan-list"),
    path("plans/new/", plans.PlanCreateView.as_view(), name="plan-create"),
    path("plans/<int:pk>/", plans.PlanDetailView.as_view(), name="plan-detail"),
    path("plans/<int:pk>/adopt/", plans.PlanMoveView.as_view(to="adopted"), name="plan-adopt"),
    path("plans/<int:pk>/close/", plans.PlanMoveView.as_view(to="closed"), name="plan-close"),
    path("plans/<int:pk>/actions/", plans.ActionCreateView.as_view(), name="action-create"),
    path("actions/<int:pk>/", plans.ActionProgressView.as_view(), name="action-detail"),
    path("actions/<int:pk>/evidence/", plans.ActionEvidenceView.as_view(), name="action-evidence"),
    path("risks/", risks.RiskMapView.as_view(), name="risk-map"),
    path("risks/new/", risks.RiskCreateView.as_view(), name="risk-create"),
    path("risks/<int:pk>/edit/", risks.RiskEditView.as_view(), name="risk-edit"),
    path("risks/<int:pk>/delete/", risks.RiskDeleteView.as_view(), name="risk-delete"),
    path("reads/", reads.ReadLogView.as_view(), name="read-log"),
]
