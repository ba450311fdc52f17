from django.urls import path

from .views import annual, dashboard, participants, public, staff, work

app_name = "monitoring"

urlpatterns = [
    # Public: the strategy dashboard and approved annual reports
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/<int:number>/", dashboard.dashboard, name="dashboard_version"),
    path("dashboard/<int:number>/<slug:table>.csv", dashboard.dashboard_csv, name="dashboard_csv"),
    path("annual/", annual.annual_list, name="annual_list"),
    path("annual/<int:pk>/", annual.annual_detail, name="annual"),
    path("annual/<int:pk>/regenerate/", annual.annual_regenerate, name="annual_regenerate"),
    path("annual/<int:pk>/approve/", annual.annual_approve, name="annual_approve"),
    path("annual/<int:pk>/report.pdf", annual.annual_pdf_view, name="annual_pdf"),
    path("annual/<int:pk>/report.xlsx", annual.annual_xlsx_view, name="annual_xlsx"),
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
    path(
        "reports/<int:pk>/files/<int:attachment>/",
        work.attachment_download,
        name="attachment",
    ),
    path("work/<int:pk>/participants/", participants.participant_list, name="participants"),
    path("work/<int:pk>/participants/new/", participants.participant_add, name="participant_add"),
    path("participants/<int:pk>/", participants.participant_edit, name="participant"),
    path("work/<int:pk>/participants.csv", participants.export_csv, name="participants_csv"),
    path("work/<int:pk>/participants.xlsx", participants.export_xlsx, name="participants_xlsx"),
]
