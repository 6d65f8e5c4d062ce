"""Names of the engine's checks, as the workbooks and the committee PDF print them."""

from django.utils.translation import gettext_lazy

CHECK_LABELS = {
    "fwb_initiative_floor":
        gettext_lazy("35 % floor: FWB-initiative coproductions and pre-purchases"),
    "commission_cap": gettext_lazy("30 % cap: programme commissions"),
    "commission_development_share": gettext_lazy("20 % writing/development part of commissions"),
    "training_cap": gettext_lazy("5 % cap: professional training"),
    "accessibility_cap": gettext_lazy("5 % cap: accessibility"),
    "dubbing_subtitling_cap": gettext_lazy("5 % cap: dubbing and subtitling"),
    "obligation_met": gettext_lazy("Obligation of the year met"),
    "smoothing_shortfall_expired":
        gettext_lazy("Shortfall not executed within the smoothing period"),
    "unrealised_reassignment": gettext_lazy("Unrealised project reassigned within three years"),
    "investment_cancelled": gettext_lazy("Investment cancelled"),
    "commission_genre": gettext_lazy("Programme genre admissible as a commission"),
    "independent_producer": gettext_lazy("Independent European producer"),
    "third_party_delegation": gettext_lazy("Delegation to a third party"),
}

def check_label(name: str) -> str:
    return str(CHECK_LABELS.get(name, name))
