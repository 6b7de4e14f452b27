"""Participant pages (namespace ``participate``)."""

from django.urls import path

from assembly.consultations.views import browse, privacy
from assembly.consultations.views import participate as views

app_name = "participate"
urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.consultation_page, name="consultation"),
    path("c/<slug:slug>/vote/", views.vote, name="vote"),
    path("c/<slug:slug>/undo/", views.undo, name="undo"),
    path("c/<slug:slug>/submit/", views.submit, name="submit"),
    path("c/<slug:slug>/similar/", views.similar, name="similar"),
    path("c/<slug:slug>/mine/", views.mine, name="mine"),
    path("c/<slug:slug>/statements/", browse.statements, name="statements"),
    path("c/<slug:slug>/embed/", views.embed, name="embed"),
    path("c/<slug:slug>/invite/<str:token>/", views.invite, name="invite"),
    path("c/<slug:slug>/continue/", views.continue_with_link, name="continue"),
    path("c/<slug:slug>/my-data/", privacy.my_data, name="my_data"),
    path("c/<slug:slug>/my-data.json", privacy.download, name="my_data_download"),
    path("c/<slug:slug>/my-data/erase/", privacy.erase, name="my_data_erase"),
]
