from django.urls import path

app_name = "participate"
urlpatterns: list = []
