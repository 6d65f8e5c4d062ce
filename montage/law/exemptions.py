"""Step 1 §5: the grounds on which an editor is exempt from contributing.

    « l'éditeur dont le chiffre d'affaires éligible est inférieur à 700.000 € ;
      l'éditeur de services télévisuels linéaires dont la part d'audience, par service déterminé,
      est inférieure à 2 % […] ; l'éditeur de services non-linéaires dont la part d'audience, par
      service déterminé, est inférieure à 1 % ; si l'éditeur diffuse annuellement moins de 10 %
      d'œuvres audiovisuelles, par rapport au temps de diffusion annuel, dans chacun de ses
      services. »

Montage reads the audience grounds like the works ground: the editor is exempt when every one of
its services is under its threshold (linear 2 %, non-linear 1 %). A figure not given is not
evaluated, and the result says so. All grounds that apply are listed; any one exempts. The
turnover ground is the first band of the rate scale (contribution.py), indexed like the others.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from montage.errors import InputError
from montage.law.explain import Explanation
from montage.law.parameters import Parameters, default

SERVICE_KINDS = ("linear", "non_linear")
AUDIENCE_PARAMETER = {"linear": "exemptions.linear_audience_share_min",
                      "non_linear": "exemptions.nonlinear_audience_share_min"}


@dataclass(frozen=True)
class Service:
    name: str
    kind: str
    audience_share: Decimal | None = None          # share of the FWB market, a fraction
    audiovisual_works_share: Decimal | None = None  # share of yearly airtime, a fraction

    def __post_init__(self):
        if self.kind not in SERVICE_KINDS:
            raise InputError("expected 'linear' or 'non_linear', got %(kind)r",
                             field=f"services.{self.name}.kind", params={"kind": self.kind})


@dataclass
class Exemption:
    grounds: list[str] = field(default_factory=list)
    not_evaluated: list[str] = field(default_factory=list)
    explanation: Explanation | None = None

    @property
    def exempt(self) -> bool:
        return bool(self.grounds)


def service_exemptions(year: int, services: list[Service], *, turnover_exempt: bool = False,
                       params: Parameters | None = None) -> Exemption:
    """Which exemption grounds apply; `turnover_exempt` comes from the contribution's band."""
    params = params or default()
    on = dt.date(year, 1, 1)
    result = Exemption(explanation=Explanation.of("exemption_subject", year=year))
    explanation = result.explanation
    explanation.input("year", year)
    explanation.input("turnover_exempt", turnover_exempt)
    explanation.input("services", list(services))
    if turnover_exempt:
        result.grounds.append("turnover_below_threshold")
        explanation.step("exemption_turnover")
    if not services:
        result.not_evaluated += ["audience_share", "audiovisual_works_share"]
        explanation.note("exemption_no_services")
        return result
    below, unknown = [], []
    for service in services:
        minimum = explanation.use(params.get(AUDIENCE_PARAMETER[service.kind], on))
        if service.audience_share is None:
            unknown.append(service.name)
            continue
        is_below = service.audience_share < minimum
        below.append(is_below)
        explanation.step("exemption_audience", service=service.name, kind=service.kind,
                         share=service.audience_share, minimum=minimum,
                         verdict="below_minimum" if is_below else "not_below_minimum")
    if unknown:
        result.not_evaluated.append("audience_share")
        explanation.note("exemption_unknown", what="audience_share",
                         services=", ".join(unknown))
    elif all(below):
        result.grounds.append("audience_share_below_minimum")
    works_min = explanation.use(params.get("exemptions.audiovisual_works_airtime_min", on))
    works = [s for s in services if s.audiovisual_works_share is not None]
    for service in works:
        explanation.step("exemption_works", service=service.name,
                         share=service.audiovisual_works_share, minimum=works_min,
                         verdict="below_minimum" if service.audiovisual_works_share < works_min
                         else "not_below_minimum")
    if len(works) < len(services):
        result.not_evaluated.append("audiovisual_works_share")
        explanation.note("exemption_unknown", what="audiovisual_works_share",
                         services=", ".join(s.name for s in services
                                            if s.audiovisual_works_share is None))
    elif all(s.audiovisual_works_share < works_min for s in works):
        result.grounds.append("audiovisual_works_below_minimum")
    explanation.step("exemption_result", grounds=list(result.grounds))
    return result
