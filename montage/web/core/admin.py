"""Django admin for platform administrators (superusers). Changes are audited like any other."""

from django.contrib import admin

from montage.web.contribution.models import EditorProfile, ObligationYear, Service, TurnoverDeclaration, TurnoverLine
from montage.web.investments.models import Investment
from montage.web.ledger.models import Expense
from montage.web.registry.models import AuditEntry, Company, Credit, Membership, Organisation, Person, Work


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "enterprise_number")
    list_filter = ("kind",)
    search_fields = ("name", "enterprise_number")
    inlines = [MembershipInline]


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0


@admin.register(EditorProfile)
class EditorProfileAdmin(admin.ModelAdmin):
    list_display = ("organisation", "establishment", "country")
    inlines = [ServiceInline]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "enterprise_number", "registered_postal_code",
                    "operating_postal_code", "owner")
    search_fields = ("name", "enterprise_number", "vat_number")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "nationality", "gender", "owner")
    search_fields = ("last_name", "first_name")


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0


@admin.register(Work)
class WorkAdmin(admin.ModelAdmin):
    list_display = ("title", "work_type", "initiative", "status", "producer")
    list_filter = ("work_type", "initiative", "status")
    search_fields = ("title",)
    inlines = [CreditInline]


@admin.register(ObligationYear)
class ObligationYearAdmin(admin.ModelAdmin):
    list_display = ("editor", "year", "form", "eligible_turnover", "amount", "status")
    list_filter = ("year", "status", "form")


class TurnoverLineInline(admin.TabularInline):
    """Read only: a turnover line is written through the contribution service only
    (services.step1_create_line / step1_update_line / step1_delete_line, which enforce the lock;
    docs/web-contribution.md), by the page, the Formulaire CA import or the API."""
    model = TurnoverLine
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TurnoverDeclaration)
class TurnoverDeclarationAdmin(admin.ModelAdmin):
    list_display = ("obligation", "market_basis", "status", "submitted_on")
    inlines = [TurnoverLineInline]


@admin.register(Investment)
class InvestmentAdmin(admin.ModelAdmin):
    list_display = ("editor", "obligation", "category", "work", "producer", "amount", "status",
                    "confidential")
    list_filter = ("category", "status", "confidential")


@admin.register(Expense)
class ExpenseAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "number", "supplier", "work", "amount_excl_vat", "owner")
    list_filter = ("kind",)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "action", "object_repr", "field", "old_value",
                    "new_value")
    list_filter = ("action", "content_type")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
