from django.contrib import admin
from django.urls import include, path

from aftersales.api.api import api

admin.site.site_header = "售后服务管理系统 · 配置"
admin.site.site_title = "售后服务管理系统"
admin.site.index_title = "系统配置"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("aftersales.web.urls")),
]
