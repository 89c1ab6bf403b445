"""Pages of this app."""

app_name = "parts"
urlpatterns: list = []
