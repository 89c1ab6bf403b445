from django.urls import path

from aftersales.customers import desk_views, views

app_name = "customers"

urlpatterns = [
    path("", views.customer_list, name="list"),
    path("lookup/", views.customer_lookup, name="lookup"),
    path("lookup/box/", views.customer_search_box, name="search_box"),
    path("<int:customer_id>/", views.customer_detail, name="detail"),
    path("<int:customer_id>/pick/", views.customer_pick, name="pick"),
    path("<int:customer_id>/assets/", views.asset_lookup, name="asset_lookup"),
    path("new/", desk_views.customer_create, name="create"),
    path("duplicates/", desk_views.customer_duplicates, name="duplicates"),
    path("<int:customer_id>/edit/", desk_views.customer_edit, name="edit"),
    path("<int:customer_id>/contacts/", desk_views.customer_contacts, name="contacts"),
    path("<int:customer_id>/contacts/new/", desk_views.contact_form, name="contact_new"),
    path("<int:customer_id>/contacts/<int:contact_id>/edit/", desk_views.contact_edit, name="contact_edit"),
    path("<int:customer_id>/assets/new/", desk_views.asset_form, name="asset_new"),
    path("<int:customer_id>/assets/<int:asset_id>/edit/", desk_views.asset_edit, name="asset_edit"),
]
