
app_name = "facilitate"
urlpatterns: list = []
