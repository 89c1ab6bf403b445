"""Pages of this app."""

app_name = "dispatch"
urlpatterns: list = []
