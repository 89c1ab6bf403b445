"""Pages of this app."""

app_name = "complaints"
urlpatterns: list = []
