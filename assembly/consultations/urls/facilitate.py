"""Facilitator pages under /manage/ (namespace ``facilitate``).

assembly/config/urls.py adds the pages of the apps built on this one: publishing a draft
(:data:`assembly.moderation.urls.facilitate_urlpatterns`) and the export
(:data:`assembly.results.urls.facilitate_urlpatterns`).
"""

from django.urls import path

from assembly.consultations.views import facilitate as views

app_name = "facilitate"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/statements/", views.seed, name="seed"),
    path("<slug:slug>/close/", views.close, name="close"),
    path("<slug:slug>/reopen/", views.reopen, name="reopen"),
    path("<slug:slug>/invites/", views.invites, name="invites"),
    path("<slug:slug>/moderators/", views.moderators, name="moderators"),
]
