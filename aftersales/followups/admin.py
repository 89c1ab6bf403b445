"""Configuration screens of callbacks and surveys: read-only lists (callbacks and answers change only through
`followups.services`, which also reopen requests, open complaints and complete work items)."""

from __future__ import annotations

from django.contrib import admin

from aftersales.followups.models import Callback, CallbackAttempt, Question, Survey, SurveyAnswer, SurveyInvitation


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CallbackAttemptInline(ReadOnlyMixin, admin.TabularInline):
    model = CallbackAttempt
    extra = 0


@admin.register(Callback)
class CallbackAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "ticket",
        "customer",
        "due_on",
        "status",
        "attempts",
        "resolved",
        "satisfaction",
        "courtesy",
        "done_at",
    )
    list_filter = ("status", "resolved", "satisfaction", "due_on")
    search_fields = ("customer__name", "ticket__title", "answered_by", "remarks")
    list_select_related = ("ticket", "customer")
    inlines = [CallbackAttemptInline]


class QuestionInline(ReadOnlyMixin, admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Survey)
class SurveyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("name", "starts_on", "ends_on", "status", "launched_at")
    list_filter = ("status",)
    search_fields = ("name",)
    inlines = [QuestionInline]


class SurveyAnswerInline(ReadOnlyMixin, admin.TabularInline):
    model = SurveyAnswer
    extra = 0


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("survey", "customer", "name", "channel", "sent_at", "responded_at", "response_channel")
    list_filter = ("survey", "channel", "response_channel")
    search_fields = ("customer__name", "name", "email", "phone")
    list_select_related = ("survey", "customer")
    exclude = ("nonce",)
    inlines = [SurveyAnswerInline]
