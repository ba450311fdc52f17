from django.urls import path

from .views import participants, public, staff, work

app_name = "monitoring"

urlpatterns = [
    # Public
    path("projects/", public.project_list, name="project_list"),
    path("projects/<int:pk>/", public.project_detail, name="project"),
    # LAG staff
    path("manage/", staff.manage, name="manage"),
    path("manage/waiting/", staff.waiting, name="waiting"),
    path("manage/start/<int:pk>/", staff.start, name="start"),
    path("work/<int:pk>/complete/", staff.complete, name="complete"),
    path("work/<int:pk>/terminate/", staff.terminate, name="terminate"),
    path("reports/<int:pk>/accept/", staff.accept, name="accept"),
    path("reports/<int:pk>/return/", staff.return_, name="return"),
    # Promoter and staff
    path("my/", work.my_projects, name="my_projects"),
    path("work/<int:pk>/", work.work, name="work"),
    path(
        "work/<int:pk>/milestones/<int:milestone>/",
        work.milestone_reached,
        name="milestone_reached",
    ),
    path("reports/<int:pk>/", work.report, name="report"),
    path("reports/<int:pk>/files/", work.attachment_upload, name="attachment_upload"),
    path(
        "reports/<int:pk>/files/<int:attachment>/",
        work.attachment_download,
        name="attachment",
    ),
    path(
        "reports/<int:pk>/files/<int:attachment>/delete/",
        work.attachment_delete,
        name="attachment_delete",
    ),
    path("work/<int:pk>/participants/", participants.participant_list, name="participants"),
    path("work/<int:pk>/participants/new/", participants.participant_add, name="participant_add"),
    path("participants/<int:pk>/", participants.participant_edit, name="participant"),
    path("work/<int:pk>/participants.csv", participants.export_csv, name="participants_csv"),
    path("work/<int:pk>/participants.xlsx", participants.export_xlsx, name="participants_xlsx"),
]
