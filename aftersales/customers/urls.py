from django.urls import path

from aftersales.customers import views

app_name = "customers"

urlpatterns = [
    path("", views.customer_list, name="list"),
    path("lookup/", views.customer_lookup, name="lookup"),
    path("lookup/box/", views.customer_search_box, name="search_box"),
    path("<int:customer_id>/", views.customer_detail, name="detail"),
    path("<int:customer_id>/pick/", views.customer_pick, name="pick"),
    path("<int:customer_id>/assets/", views.asset_lookup, name="asset_lookup"),
]
