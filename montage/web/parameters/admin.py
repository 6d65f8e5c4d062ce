"""The entered values in the Django admin: read only. A value entered by mistake is withdrawn
there by a platform administrator (superuser): the deletion is audited like the entry, and the
engine stops using the value at once; an amount the CSA already fixed on it stays as fixed
(docs/web-parameters.md). Entering goes through the CCA's page only (services.enter_value)."""

from django.contrib import admin

from montage.web.parameters.models import EnteredValue


@admin.register(EnteredValue)
class EnteredValueAdmin(admin.ModelAdmin):
    list_display = ("name", "valid_from", "valid_until", "value", "source", "entered_by",
                    "entered_at")
    list_filter = ("name",)
    readonly_fields = ("name", "value", "valid_from", "valid_until", "source", "entered_by",
                       "entered_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
