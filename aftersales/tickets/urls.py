from django.urls import path

from aftersales.portal import views as portal_views
from aftersales.tickets import desk_views, views

app_name = "tickets"

urlpatterns = [
    path("", views.ticket_queue, name="queue"),
    path("rows/", views.ticket_queue_rows, name="queue_rows"),
    path("new/", views.ticket_create, name="create"),
    path("<int:ticket_id>/", views.ticket_detail, name="detail"),
    path("<int:ticket_id>/actions/", views.ticket_action, name="action"),
    path("changes/", desk_views.ticket_changes, name="changes"),
    path("bulk/", desk_views.ticket_bulk, name="bulk"),
    path("filters/", desk_views.saved_filters, name="saved_filters"),
    path("filters/<int:saved_filter_id>/delete/", desk_views.saved_filter_delete, name="saved_filter_delete"),
    path("similar/", desk_views.ticket_similar, name="similar"),
]

# The customer portal, mounted at /portal/ under the namespace "portal".
portal_patterns = (
    [
        # the portal's pages are aftersales.portal's (urgency in the customer's words, no internal fields)
        path("", portal_views.portal_home, name="home"),
        path("report/", portal_views.portal_report, name="report"),
    ],
    "portal",
)
