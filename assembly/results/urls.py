"""Results routes, mounted at ``/c/<slug>/results/``: ``results:*``."""

from django.urls import path

from assembly.results import views

app_name = "results"
urlpatterns = [
    path("", views.results, name="results"),
    path("you/", views.standing, name="standing"),
    path("live/status/", views.live_status, name="live_status"),
    path("live/analysis/", views.live_analysis, name="live_analysis"),
    path("groups/", views.name_groups, name="name_groups"),
    path("report/", views.report, name="report"),
]

# Added to the facilitator pages (namespace ``facilitate``, under /manage/) by assembly/config/urls.py.
facilitate_urlpatterns = [path("<slug:slug>/export/", views.export, name="export")]
