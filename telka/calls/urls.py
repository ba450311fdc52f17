from django.urls import path

from .views import applicant, attachments, public, staff, staff_proposals

app_name = "calls"

urlpatterns = [
    path("", public.call_list, name="list"),
    path("<int:pk>/", public.call_detail, name="detail"),
    path("<int:pk>/documents/<int:document>/", public.call_document, name="document"),
    path("<int:pk>/apply/", applicant.apply, name="apply"),
    # The applicant's proposals
    path("proposals/", applicant.my_proposals, name="my_proposals"),
    path("proposals/<int:pk>/", applicant.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/edit/attachments/", attachments.attachments, name="attachments"),
    path(
        "proposals/<int:pk>/edit/<slug:section>/",
        applicant.proposal_section,
        name="proposal_section",
    ),
    path("proposals/<int:pk>/budget-totals/", applicant.budget_totals, name="budget_totals"),
    path(
        "proposals/<int:pk>/attachments/upload/",
        attachments.attachment_upload,
        name="attachment_upload",
    ),
    path(
        "proposals/<int:pk>/attachments/<int:attachment>/",
        attachments.attachment_download,
        name="attachment",
    ),
    path(
        "proposals/<int:pk>/attachments/<int:attachment>/delete/",
        attachments.attachment_delete,
        name="attachment_delete",
    ),
    path("proposals/<int:pk>/check/", applicant.proposal_check, name="proposal_check"),
    path("proposals/<int:pk>/submit/", applicant.proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/withdraw/", applicant.proposal_withdraw, name="proposal_withdraw"),
    path("proposals/<int:pk>/receipt.pdf", applicant.receipt, name="receipt"),
    path("files/<int:pk>/", attachments.submission_file, name="submission_file"),
    # LAG staff
    path("manage/", staff.manage, name="manage"),
    path("manage/new/", staff.manage_create, name="manage_create"),
    path("manage/<int:pk>/", staff.manage_detail, name="manage_detail"),
    path("manage/<int:pk>/edit/", staff.manage_edit, name="manage_edit"),
    path("manage/<int:pk>/allocations/", staff.manage_allocations, name="manage_allocations"),
    path("manage/<int:pk>/criteria/", staff.manage_criteria, name="manage_criteria"),
    path("manage/<int:pk>/documents/", staff.manage_document_add, name="manage_document_add"),
    path(
        "manage/<int:pk>/documents/<int:document>/delete/",
        staff.manage_document_delete,
        name="manage_document_delete",
    ),
    path("manage/<int:pk>/approve/", staff.manage_approve, name="manage_approve"),
    path("manage/<int:pk>/publish/", staff.manage_publish, name="manage_publish"),
    path("manage/<int:pk>/unpublish/", staff.manage_unpublish, name="manage_unpublish"),
    path(
        "manage/<int:pk>/start-assessment/",
        staff.manage_start_assessment,
        name="manage_start_assessment",
    ),
    path("manage/<int:pk>/cancel/", staff.manage_cancel, name="manage_cancel"),
    path("manage/<int:pk>/proposals/", staff_proposals.proposal_list, name="manage_proposals"),
    path(
        "manage/<int:pk>/proposals.xlsx",
        staff_proposals.proposal_list_xlsx,
        name="manage_proposals_xlsx",
    ),
    path("manage/proposals/<int:pk>/", staff_proposals.proposal_detail, name="manage_proposal"),
    path(
        "manage/proposals/<int:pk>/proposal.pdf",
        staff_proposals.proposal_detail_pdf,
        name="manage_proposal_pdf",
    ),
]
