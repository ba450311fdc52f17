"""Periods and funds are seeded data with their legal sources: shown here, read-only.
A change of a rule is a data migration, reviewed like code."""

from django.contrib import admin

from telka.lib.admin import ReadOnly

from .models import Fund, PeriodFund, ProgrammingPeriod


class PeriodFundInline(ReadOnly, admin.TabularInline):
    model = PeriodFund
    extra = 0


@admin.register(ProgrammingPeriod)
class ProgrammingPeriodAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["code", "first_year", "last_year", "default_fund"]
    inlines = [PeriodFundInline]


@admin.register(Fund)
class FundAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
