"""Calls and proposals are run from the staff area (/calls/manage/), where every
change goes through a workflow function and is audited. The admin only shows them."""

from django.contrib import admin

from telka.lib.admin import ReadOnly

from .models import Allocation, Call, Criterion, Proposal, Submission


class AllocationInline(ReadOnly, admin.TabularInline):
    model = Allocation
    extra = 0


class CriterionInline(ReadOnly, admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Call)
class CallAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["number", "title", "status", "opens_at", "closes_at", "published_at"]
    list_filter = ["status", "lag"]
    search_fields = ["number", "title"]
    inlines = [AllocationInline, CriterionInline]


@admin.register(Proposal)
class ProposalAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["reg_number", "title", "organisation", "call", "status", "submitted_at"]
    list_filter = ["status", "call"]
    search_fields = ["reg_number", "title", "organisation__name", "organisation__legal_code"]
    list_select_related = ["organisation", "call"]


@admin.register(Submission)
class SubmissionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["registration_number", "version", "submitted_at", "content_sha256"]
    search_fields = ["registration_number"]
