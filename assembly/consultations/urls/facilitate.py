from django.urls import path

app_name = "facilitate"
urlpatterns: list = []
