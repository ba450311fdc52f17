"""Projects, reports, participants and annual reports are workflow-owned (the grant,
planned indicators and accepted figures must match what was decided and reported):
the admin shows them; staff and promoters change them on their pages. Only the
monitoring settings are edited here, audited."""

from django.contrib import admin

from telka.lib.admin import Audited, ReadOnly

from .models import (
    AnnualReport,
    Expenditure,
    IndicatorValue,
    Milestone,
    MonitoringSettings,
    Participant,
    Project,
    ProjectIndicator,
    Report,
    ReportAttachment,
)


class ProjectIndicatorInline(ReadOnly, admin.TabularInline):
    model = ProjectIndicator
    extra = 0


class MilestoneInline(ReadOnly, admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["number", "title", "promoter", "status", "grant_amount", "starts_on"]
    list_filter = ["status", "lag", "measure"]
    search_fields = ["number", "title", "promoter__name"]
    raw_id_fields = ["proposal", "promoter"]
    inlines = [ProjectIndicatorInline, MilestoneInline]
    readonly_fields = ["status", "closed_on"]


class IndicatorValueInline(ReadOnly, admin.TabularInline):
    model = IndicatorValue
    extra = 0


class ExpenditureInline(ReadOnly, admin.TabularInline):
    model = Expenditure
    extra = 0


class ReportAttachmentInline(ReadOnly, admin.TabularInline):
    model = ReportAttachment
    extra = 0


@admin.register(Report)
class ReportAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["project", "sequence", "period_end", "due_on", "status"]
    list_filter = ["status"]
    search_fields = ["project__number", "project__title"]
    raw_id_fields = ["project", "submitted_by", "reviewed_by"]
    readonly_fields = ["status"]
    inlines = [IndicatorValueInline, ExpenditureInline, ReportAttachmentInline]


@admin.register(Participant)
class ParticipantAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["pk", "project", "entered_on", "status_at_entry", "exited_on"]
    search_fields = ["project__number"]
    raw_id_fields = ["project"]


@admin.register(MonitoringSettings)
class MonitoringSettingsAdmin(Audited, admin.ModelAdmin):
    list_display = ["lag", "remind_days_before", "commitment_milestone_on"]


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["strategy", "year", "status", "approved_on"]
    readonly_fields = ["status"]
