"""Pages of bulletins and the knowledge base (mounted at /bulletins/)."""

from django.urls import path

from aftersales.bulletins import views

app_name = "bulletins"
urlpatterns = [
    path("", views.bulletin_list, name="list"),
    path("new/", views.bulletin_create, name="new"),
    path("<int:bulletin_id>/", views.bulletin_detail, name="detail"),
    path("<int:bulletin_id>/publish/", views.bulletin_publish, name="publish"),
    path("deliveries/<int:delivery_id>/acknowledge/", views.delivery_acknowledge, name="acknowledge"),
    path("portal/", views.portal_list, name="portal"),
    path("portal/<int:delivery_id>/", views.portal_detail, name="portal_detail"),
    path("ack/<str:token>/", views.ack_link, name="ack_link"),
    path("knowledge/", views.knowledge_search, name="knowledge"),
    path("knowledge/new/", views.article_create, name="article_new"),
    path("knowledge/<int:article_id>/", views.article_detail, name="article"),
    path("suggest/", views.suggest, name="suggest"),
]
