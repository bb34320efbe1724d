from django.contrib.auth import views as auth_views
from django.urls import path

from osmari.accounts import second_factor_views as second_factor
from osmari.accounts import sso_views, views
from osmari.accounts import user_management as users

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/area/", views.area_switch, name="area_switch"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path(
        "accounts/second-factor/",
        second_factor.second_factor_verify,
        name="second_factor_verify",
    ),
    path(
        "accounts/second-factor/setup/",
        second_factor.second_factor_setup,
        name="second_factor_setup",
    ),
    path("accounts/security/", second_factor.second_factor_detail, name="second_factor"),
    path(
        "accounts/security/recovery-codes/",
        second_factor.recovery_codes,
        name="recovery_codes",
    ),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("privacy/register/", views.privacy_register, name="privacy_register"),
    # Single sign-on; the provider returns to /oidc/callback/, as registered there.
    path("oidc/authenticate/", sso_views.SsoStartView.as_view(), name="sso_start"),
    path("oidc/callback/", sso_views.SsoCallbackView.as_view(), name="sso_callback"),
    path("accounts/invitation/<str:token>/sso/", sso_views.sso_invitation, name="sso_invitation"),
    path("accounts/invitation/<str:token>/", users.invitation, name="invitation"),
    path("users/", users.user_list, name="user_list"),
    path("users/invite/", users.user_invite, name="user_invite"),
    path("users/review/", users.access_review, name="access_review"),
    path("users/<int:pk>/", users.user_detail, name="user_detail"),
    path("users/<int:pk>/roles/", users.user_role_add, name="user_role_add"),
    path(
        "users/<int:pk>/roles/<int:membership_pk>/remove/",
        users.user_role_remove,
        name="user_role_remove",
    ),
    path("users/<int:pk>/deactivate/", users.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", users.user_reactivate, name="user_reactivate"),
    path(
        "users/<int:pk>/second-factor/reset/",
        users.user_second_factor_reset,
        name="user_second_factor_reset",
    ),
    path("users/<int:pk>/invitation/", users.user_invitation_resend, name="user_invitation_resend"),
    path("users/<int:pk>/confirm/", users.access_review_confirm, name="access_review_confirm"),
]
