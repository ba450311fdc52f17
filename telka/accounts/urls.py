from django.contrib.auth import views as auth_views
from django.urls import path

from .views import access, dashboard, links, organisations, people, privacy, profile

app_name = "accounts"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    # Joining and logging in
    path("login/", access.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", access.register, name="register"),
    path("register/sent/", access.registration_sent, name="registration_sent"),
    path("verify/resend/", access.resend_verification, name="resend_verification"),
    path("verify/<str:token>/", access.verify_email, name="verify_email"),
    # Passwords
    path("password/", access.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", access.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        access.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        access.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        access.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # The person's own data
    path("profile/", profile.profile, name="profile"),
    path("profile/cancel-email-change/", profile.cancel_email_change, name="cancel_email_change"),
    path("privacy/", privacy.privacy_notice, name="privacy"),
    path("privacy/my-data/", privacy.my_data, name="my_data"),
    path("privacy/my-data/download/", privacy.download_data, name="download_data"),
    path("delete/", privacy.delete_account, name="delete_account"),
    # Organisations
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", organisations.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:pk>/leave/", organisations.organisation_leave, name="organisation_leave"
    ),
    path("organisations/<int:pk>/members/", organisations.member_add, name="member_add"),
    path(
        "organisations/<int:pk>/members/<int:member_pk>/role/",
        organisations.member_role,
        name="member_role",
    ),
    path(
        "organisations/<int:pk>/members/<int:member_pk>/remove/",
        organisations.member_remove,
        name="member_remove",
    ),
    # LAG staff: people and their roles
    path("people/", people.people_list, name="people"),
    path("people/lag-organisation/", people.lag_organisation, name="lag_organisation"),
    path("people/links/", links.links, name="links"),
    path("people/links/<int:pk>/end/", links.end_link, name="end_link"),
    path("people/<int:pk>/", people.person, name="person"),
    path("people/<int:pk>/<slug:action>/", people.person_action, name="person_action"),
]
