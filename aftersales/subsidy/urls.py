"""Pages of this area (mounted in aftersales.config.urls at /subsidy/)."""

from django.urls import path

from aftersales.subsidy import views

app_name = "subsidy"
urlpatterns = [
    path("", views.home, name="home"),
    path("public/", views.public, name="public"),
    path("sales/", views.sales, name="sales"),
    path("sales/new/", views.sale_new, name="sale_new"),
    path("sales/<int:sale_id>/", views.sale_detail, name="sale_detail"),
    path("items/<int:sale_item_id>/return/", views.return_new, name="return_new"),
    path("claims/desk/", views.claim_desk, name="claim_desk"),
    path("claims/", views.claims, name="claims"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:claim_id>/form.pdf", views.claim_form_pdf, name="claim_form_pdf"),
    path("claims/<int:claim_id>/verify/", views.claim_verify, name="claim_verify"),
    path("claims/<int:claim_id>/pay/", views.claim_pay, name="claim_pay"),
    path("returns/<int:return_id>/refund/", views.refund_confirm, name="refund_confirm"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger.xlsx", views.ledger_xlsx, name="ledger_xlsx"),
    path("ledger.pdf", views.ledger_pdf, name="ledger_pdf"),
    path("group-orders/", views.group_orders, name="group_orders"),
    path("group-orders/<int:group_order_id>/deliver/", views.group_deliver, name="group_deliver"),
    path("outlets/", views.outlets, name="outlets"),
    path("outlets/late/", views.late_outlets, name="late_outlets"),
    path("outlets/<int:outlet_id>/form.pdf", views.outlet_form_pdf, name="outlet_form_pdf"),
    path("outlets/<int:outlet_id>/review/", views.outlet_review, name="outlet_review"),
    path("outlets/<int:outlet_id>/suspend/", views.outlet_suspend, name="outlet_suspend"),
    path("outlets/<int:outlet_id>/restore/", views.outlet_restore, name="outlet_restore"),
]
