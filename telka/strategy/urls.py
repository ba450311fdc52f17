from django.urls import path

from .views import amendments, rules, versions

app_name = "strategy"

urlpatterns = [
    path("", versions.detail, name="detail"),
    path("versions/", versions.history, name="history"),
    path("rules/", rules.rules, name="rules"),
    path("versions/<int:number>/", versions.version, name="version"),
    path("versions/<int:number>/changes/", versions.changes, name="changes"),
    path("versions/<int:number>/in-force/", versions.first_in_force, name="first_in_force"),
    path("amendments/<int:pk>/minutes/", versions.minutes, name="minutes"),
    path("amendments/", amendments.amendment_list, name="amendments"),
    path("amendments/<int:pk>/", amendments.amendment_detail, name="amendment"),
    path("amendments/<int:pk>/edit/", amendments.amendment_edit, name="amendment_edit"),
    path("amendments/<int:pk>/steps/<slug:step>/", amendments.amendment_step, name="step"),
    path("amendments/<int:pk>/<slug:kind>/add/", amendments.item_add, name="item_add"),
    path(
        "amendments/<int:pk>/<slug:kind>/<int:item_pk>/",
        amendments.item_edit,
        name="item_edit",
    ),
    path(
        "amendments/<int:pk>/<slug:kind>/<int:item_pk>/remove/",
        amendments.item_remove,
        name="item_remove",
    ),
]
