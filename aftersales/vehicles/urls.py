"""Pages of this app."""

app_name = "vehicles"
urlpatterns: list = []
