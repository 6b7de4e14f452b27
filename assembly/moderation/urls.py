"""Moderator pages under /manage/<slug>/moderation/ (namespace ``moderation``)."""

from django.urls import path

from assembly.moderation import theme_views, views
from assembly.moderation import translation_views as translations

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("decide/", views.decide, name="decide"),
    path("log/", views.log, name="log"),
    path("log.csv", views.log_csv, name="log_csv"),
    path("participants/", views.participants, name="participants"),
    path("participants/<int:number>/", views.participant, name="participant"),
    path("participants/<int:number>/exclude/", views.exclude, name="exclude"),
    path("statements/<int:number>/correct/", views.correct, name="correct"),
    path("participants/<int:number>/include/", views.include, name="include"),
    path("file/", theme_views.file_statements, name="file"),
    path("themes/", theme_views.themes_page, name="themes"),
    path("themes/<int:theme_id>/avenues/", theme_views.avenues, name="avenues"),
    path("themes/suggest/", theme_views.suggest, name="suggest"),
    path("themes/suggestions/", theme_views.decide_suggestions, name="suggestions"),
    path("translations/", translations.queue, name="translations"),
    path("translations/save/", translations.act, name="translate"),
]

# Added to the facilitator pages (namespace ``facilitate``, under /manage/) by assembly/config/urls.py.
facilitate_urlpatterns = [path("<slug:slug>/publish/", views.publish, name="publish")]
