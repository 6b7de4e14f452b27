"""Staff account routes under /accounts/ (namespace ``accounts``); ``login`` and ``logout`` keep their
global names, which Django's settings and templates use."""

from django.urls import path

from assembly.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/verify/", views.verify, name="verify"),
    path("security/", views.security, name="security"),
    path("password/", views.password_change, name="password_change"),
]
