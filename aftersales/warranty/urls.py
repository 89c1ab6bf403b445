"""Pages of this app."""

app_name = "warranty"
urlpatterns: list = []
