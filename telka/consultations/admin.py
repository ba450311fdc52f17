"""Consultations in the back office: readable, searchable, but changed only in the
staff area, where every step is checked and audited (workflow.py)."""

from django.contrib import admin

from telka.lib.admin import ReadOnly

from .models import Comment, Consultation, ConsultationDocument, Report, Response, Suggestion


class DocumentInline(ReadOnly, admin.TabularInline):
    model = ConsultationDocument
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "status", "opens_at", "closes_at", "amendment"]
    list_filter = ["status", "lag"]
    search_fields = ["title", "text"]
    inlines = [DocumentInline]


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "title",
        "consultation",
        "author_name",
        "support_count",
        "comment_count",
        "hidden_at",
    ]
    list_filter = ["consultation"]
    search_fields = ["title", "text", "author_name"]


@admin.register(Comment)
class CommentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "suggestion", "author_name", "created_at", "hidden_at"]
    search_fields = ["text", "author_name"]


@admin.register(Response)
class ResponseAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["suggestion", "outcome", "answered_at"]
    list_filter = ["outcome"]


@admin.register(Report)
class ReportAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "created_at", "handled_at", "outcome"]
    list_filter = ["outcome"]
