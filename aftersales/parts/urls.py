"""Pages of the parts store and loaners, mounted at /parts/."""

from django.urls import path

from aftersales.parts import views

app_name = "parts"

urlpatterns = [
    path("", views.stock_list, name="stock"),
    path("moves/new/", views.move_create, name="move_create"),
    path("<int:part_id>/ledger/", views.part_ledger, name="ledger"),
    path("reorder/", views.reorder_list, name="reorder"),
    path("reorder/export.xlsx", views.reorder_export, name="reorder_export"),
    path("counts/", views.count_list, name="counts"),
    path("counts/<int:count_id>/", views.count_detail, name="count_detail"),
    path("loaners/", views.loaner_list, name="loaners"),
    path("loans/<int:loan_id>/return/", views.loan_return, name="loan_return"),
]
