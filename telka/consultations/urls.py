from django.urls import path

from .views import manage, public, suggestions

app_name = "consultations"

urlpatterns = [
    path("", public.consultation_list, name="list"),
    path("<int:pk>/", public.detail, name="detail"),
    path("<int:pk>/take-part/", public.take_part, name="take_part"),
    path("<int:pk>/follow/", public.follow, name="follow"),
    path("<int:pk>/documents/<int:document_pk>/", public.document, name="document"),
    path("<int:pk>/report.pdf", public.report_pdf, name="report_pdf"),
    path("<int:pk>/report.xlsx", public.report_xlsx, name="report_xlsx"),
    path("<int:pk>/suggest/", suggestions.submit, name="submit"),
    path("suggestions/<int:pk>/", suggestions.detail, name="suggestion"),
    path("suggestions/<int:pk>/support/", suggestions.support, name="support"),
    path("suggestions/<int:pk>/comment/", suggestions.comment, name="comment"),
    path("suggestions/<int:pk>/attachment/", suggestions.attachment, name="attachment"),
    path("suggestions/<int:pk>/report/", suggestions.report_suggestion, name="report_suggestion"),
    path("suggestions/<int:pk>/answer/", manage.answer, name="answer"),
    path("comments/<int:pk>/reply/", suggestions.reply, name="reply"),
    path("comments/<int:pk>/report/", suggestions.report_comment, name="report_comment"),
    path("manage/", manage.manage_list, name="manage_list"),
    path("manage/new/", manage.create, name="create"),
    path("manage/<int:pk>/", manage.manage, name="manage"),
    path("manage/<int:pk>/edit/", manage.edit, name="edit"),
    path("manage/<int:pk>/finish/", manage.finish, name="finish"),
    path("manage/<int:pk>/documents/", manage.add_document, name="add_document"),
    path(
        "manage/<int:pk>/documents/<int:document_pk>/remove/",
        manage.remove_document,
        name="remove_document",
    ),
    path("manage/<int:pk>/<slug:name>/", manage.action, name="action"),
    path("manage/hide/<slug:kind>/<int:pk>/", manage.hide, name="hide"),
    path("manage/restore/<slug:kind>/<int:pk>/", manage.restore, name="restore"),
    path("manage/reports/<int:pk>/dismiss/", manage.dismiss, name="dismiss"),
]
