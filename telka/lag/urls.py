from django.urls import path

from . import views

app_name = "lag"

urlpatterns = [
    path("about/", views.about, name="about"),
    path("about/members/", views.members, name="members"),
    path("about/board/", views.board, name="board"),
    path("about/board/statute/", views.statute, name="statute"),
    path("contacts/", views.contacts, name="contacts"),
]
