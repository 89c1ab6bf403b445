"""Pages of this app."""

app_name = "bulletins"
urlpatterns: list = []
