"""The admin only shows what the signatures workflow owns: anchors come from
import_trust_anchors, documents and validations from the uploads."""

from django.contrib import admin

from telka.lib.admin import ReadOnly

from .models import SignedDocument, TrustAnchor, Validation


@admin.register(TrustAnchor)
class TrustAnchorAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["subject", "not_after", "source", "imported_at"]
    search_fields = ["subject", "fingerprint", "source"]
    exclude = ["der"]


class ValidationInline(ReadOnly, admin.TabularInline):
    model = Validation
    extra = 0
    fields = ["validated_at", "validated_by", "ok", "anchors"]


@admin.register(SignedDocument)
class SignedDocumentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "created_at", "sha256"]
    search_fields = ["title", "sha256"]
    inlines = [ValidationInline]
