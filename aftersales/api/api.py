"""The NinjaAPI object: auth, error mapping and every app's router under /api/v1/."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DataError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from aftersales.accounts.api import router as accounts_router
from aftersales.api.access import guard
from aftersales.api.auth import SessionOrBearer
from aftersales.assets.api import router as assets_router
from aftersales.bulletins.api import router as bulletins_router
from aftersales.complaints.api import router as complaints_router
from aftersales.core.errors import DomainError
from aftersales.customers.api import router as customers_router
from aftersales.dispatch.api import router as dispatch_router
from aftersales.followups.api import router as followups_router
from aftersales.inspections.api import router as inspections_router
from aftersales.network.api import router as network_router
from aftersales.notifications.api import router as notifications_router
from aftersales.parts.api import router as parts_router
from aftersales.plans.api import router as plans_router
from aftersales.reports.api import router as reports_router
from aftersales.sales.api import router as sales_router
from aftersales.subsidy.api import router as subsidy_router
from aftersales.tickets.api import router as tickets_router
from aftersales.vehicles.api import router as vehicles_router
from aftersales.warranty.api import router as warranty_router

api = NinjaAPI(
    title="售后服务管理系统 API / Aftersales API",
    version="1.0.0",
    description="服务请求、客户与设备档案、服务级别。Bearer 令牌认证：POST /api/v1/auth/token。",
    auth=SessionOrBearer(),
    urls_namespace="api",
)
api.add_decorator(guard, mode="operation")  # every operation checked against accounts.access_table


def _error(request, code: str, zh: str, en: str, status: int, **extra):
    body = {"code": code, "message": f"{zh} / {en}", "message_zh": zh, "message_en": en, **extra}
    return api.create_response(request, body, status=status)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_json(), status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    fields = []
    for error in exc.errors:
        loc = ".".join(str(p) for p in error.get("loc", ())[1:] if p not in ("body", "payload")) or "body"
        fields.append({"field": loc, "error": error.get("msg", ""), "type": error.get("type", "")})
    names = ", ".join(f["field"] for f in fields)
    return _error(request, "invalid_input", f"输入无效：{names}", f"Invalid input: {names}", 422, errors=fields)


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return _error(request, "unauthorized", "未登录或令牌无效", "Not authenticated or invalid token", 401)


@api.exception_handler(DataError)
def data_error(request, exc):
    """Text the database cannot store (a NUL byte in PostgreSQL) is invalid input; nothing was stored."""
    return _error(
        request, "invalid_text", "输入包含无法保存的字符", "The input contains characters that cannot be stored", 422
    )


@api.exception_handler(RequestDataTooBig)
def request_too_big(request, exc):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE: the API's error shape, not Django's HTML 400 page."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return _error(
        request,
        "request_too_large",
        f"请求体过大（上限 {limit} 字节）",
        f"The request body is too large (at most {limit} bytes)",
        400,
    )


@api.exception_handler(OverflowError)
def id_out_of_range(request, exc):
    """An id beyond the database's integer range names no object."""
    return _error(request, "not_found", "对象不存在", "Not found", 404)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, "not_found", "对象不存在", "Not found", 404)


# Ninja raises HttpError for requests it cannot even read; give them the same bilingual shape.
HTTP_MESSAGES = {
    400: ("bad_request", "请求格式错误，无法解析", "The request could not be parsed"),
    405: ("method_not_allowed", "不支持该请求方法", "Method not allowed"),
}


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    code, zh, en = HTTP_MESSAGES.get(exc.status_code, ("http_error", str(exc), str(exc)))
    return _error(request, code, zh, en, exc.status_code, detail=str(exc))


# Django tries the operations' paths in this order for every call: the busiest router (service requests: intake,
# the queue, actions) first.
api.add_router("/tickets", tickets_router)
api.add_router("/", accounts_router)
api.add_router("/customers", customers_router)
api.add_router("/assets", assets_router)
api.add_router("/notifications", notifications_router)
api.add_router("/", dispatch_router)
api.add_router("/", parts_router)
api.add_router("/", warranty_router)
api.add_router("/", plans_router)
api.add_router("/", followups_router)
api.add_router("/", complaints_router)
api.add_router("/", inspections_router)
api.add_router("/", vehicles_router)
api.add_router("/", bulletins_router)
api.add_router("/subsidy", subsidy_router)
api.add_router("/", sales_router)  # /sales/…, /installations/… (full paths in the router)
api.add_router("/network", network_router)
api.add_router("/reports", reports_router)
