"""Pages of this app."""

app_name = "followups"
urlpatterns: list = []
