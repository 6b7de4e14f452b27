"""The assistant's routes (namespace ``assistant``), under ``/manage/<slug>/assistant/``."""

from django.urls import path

from assembly.assistant import views

app_name = "assistant"
urlpatterns = [
    path("", views.drafts, name="drafts"),
    path("ask/", views.ask, name="ask"),
    path("<int:pk>/", views.decide, name="decide"),
]
