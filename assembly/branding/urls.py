"""The site identity's routes (namespace ``branding``): ``/privacy/``, ``/imprint/``, ``/site/…`` and
the per-consultation ``/c/<slug>/privacy/``, ``/manage/<slug>/privacy/`` and ``/manage/<slug>/poster/``.
"""

from django.urls import path

from assembly.branding import views

app_name = "branding"
urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("imprint/", views.imprint, name="imprint"),
    path("site/settings/", views.site_settings, name="settings"),
    path("site/logo.png", views.logo, name="logo"),
    path("site/colours.css", views.colours, name="colours"),
    path("c/<slug:slug>/privacy/", views.consultation_privacy, name="consultation_privacy"),
    path("manage/<slug:slug>/privacy/", views.consultation_notice, name="consultation_notice"),
    path("manage/<slug:slug>/poster/", views.poster, name="poster"),
]
