from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from aftersales.api.api import api
from aftersales.tickets.urls import portal_patterns

admin.site.site_header = _("售后服务管理系统 · 配置")
admin.site.site_title = _("售后服务管理系统")
admin.site.index_title = _("系统配置")

urlpatterns = [
    path("api/v1/", api.urls),  # first: tried for every request, and most requests are API calls
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("dispatch/", include("aftersales.dispatch.urls")),
    path("parts/", include("aftersales.parts.urls")),
    path("warranty/", include("aftersales.warranty.urls")),
    path("plans/", include("aftersales.plans.urls")),
    path("followups/", include("aftersales.followups.urls")),
    path("complaints/", include("aftersales.complaints.urls")),
    path("inspections/", include("aftersales.inspections.urls")),
    path("vehicles/", include("aftersales.vehicles.urls")),
    path("bulletins/", include("aftersales.bulletins.urls")),
    path("tickets/", include("aftersales.tickets.urls")),
    path("customers/", include("aftersales.customers.urls")),
    path("portal/", include(portal_patterns)),
    path("notifications/", include("aftersales.notifications.urls")),
    path("subsidy/", include("aftersales.subsidy.urls")),
    path("sales/", include("aftersales.sales.urls")),
    path("network/", include("aftersales.network.urls")),
    path("attachments/", include("aftersales.attachments.urls")),
    path("portal/", include("aftersales.portal.urls")),
    path("reports/", include("aftersales.reports.urls")),  # preferences; the inbox is in web
    path("", include("aftersales.web.urls")),
]


def _not_found(request, exception=None):
    """API paths answer 404 in the API's JSON shape; pages get Django's page."""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse(
            {
                "code": "not_found",
                "message": "对象不存在 / Not found",
                "message_zh": "对象不存在",
                "message_en": "Not found",
            },
            status=404,
        )
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


handler404 = _not_found
