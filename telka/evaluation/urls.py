from django.urls import path

from .views import applicant, assessment, check, designation, pool, results, workspace

app_name = "evaluation"

urlpatterns = [
    # LAG staff
    path("", check.index, name="index"),
    path("tasks/<slug:kind>/", check.tasks, name="tasks"),
    path("calls/<int:pk>/", check.call_detail, name="call"),
    path("calls/<int:pk>/checklist/", check.checklist, name="checklist"),
    path("checklist/<int:pk>/delete/", check.delete_checklist_item, name="delete_item"),
    path("calls/<int:pk>/ranking/", results.ranking, name="ranking"),
    path("calls/<int:pk>/assessor-pool/", pool.pool, name="pool"),
    path("calls/<int:pk>/scores.xlsx", results.scores_xlsx, name="scores_xlsx"),
    path("proposals/<int:pk>/check/", check.check, name="check"),
    path("proposals/<int:pk>/check/start/", check.start_check, name="start_check"),
    path("proposals/<int:pk>/designation/", designation.designate, name="designate"),
    path(
        "proposals/<int:pk>/independence/",
        designation.declare_independence,
        name="declare_independence",
    ),
    path(
        "proposals/<int:pk>/check/clarification/",
        check.request_clarification,
        name="request_clarification",
    ),
    path("proposals/<int:pk>/check/reject/", check.reject, name="reject"),
    path("proposals/<int:pk>/check/eligible/", check.declare_eligible, name="eligible"),
    path("proposals/<int:pk>/assessors/", assessment.assessors, name="assessors"),
    path("assessments/<int:pk>/remove/", assessment.remove_assessor, name="remove_assessor"),
    path("proposals/<int:pk>/scores/", assessment.scores, name="scores"),
    path("proposals/<int:pk>/sheet.pdf", assessment.sheet_pdf, name="sheet_pdf"),
    # Assessors
    path("my/", workspace.workspace, name="workspace"),
    path("my/calls/<int:pk>/declaration/", workspace.call_declaration, name="call_declaration"),
    path("my/assessments/<int:pk>/", workspace.assessment, name="assessment"),
    path("my/assessments/<int:pk>/declare/", workspace.declare, name="declare"),
    # Applicants
    path("proposals/<int:pk>/status/", applicant.status, name="status"),
    path("clarifications/<int:pk>/", applicant.clarification, name="clarification"),
]
