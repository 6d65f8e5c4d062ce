"""Names of the engine's checks, as the workbooks and the committee PDF print them."""

from django.utils.translation import gettext_lazy, gettext_noop

from montage.web.core.rates import RateLabel

CHECK_LABELS = {
    "fwb_initiative_floor":
        RateLabel(gettext_noop("%(rate)s floor: FWB-initiative coproductions and pre-purchases"),
                  "investments.fwb_initiative_floor"),
    "commission_cap": RateLabel(gettext_noop("%(rate)s cap: programme commissions"),
                                "investments.commission_cap"),
    "commission_development_share": RateLabel(
        gettext_noop("%(rate)s writing/development part of commissions"),
        "investments.commission_development_min_share"),
    "training_cap": RateLabel(gettext_noop("%(rate)s cap: professional training"),
                             "investments.training_cap"),
    "accessibility_cap": RateLabel(gettext_noop("%(rate)s cap: accessibility"),
                                   "investments.accessibility_cap"),
    "dubbing_subtitling_cap": RateLabel(gettext_noop("%(rate)s cap: dubbing and subtitling"),
                                        "investments.dubbing_subtitling_cap"),
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
