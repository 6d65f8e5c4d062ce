"""The words of the producer's-desk rules, in French and English.

They are added to the engine's message catalogue (`montage.law.messages.register`) on import, so
that `montage.law.explain.Explanation` renders them like every other explanation; a key already
used by the engine is refused rather than overwritten.
"""

from montage.law.messages import INPUTS, LABELS, MESSAGES, register

FINANCE_MESSAGES: dict[str, dict[str, str]] = {
    # verdicts: Wallimage
    "fin_wallimage_in_region": {
        "fr": "{expense} : {amount:money}, siège social à {place}, en Région wallonne",
        "en": "{expense}: {amount:money}, registered seat in {place}, Walloon Region"},
    "fin_wallimage_outside": {
        "fr": "{expense} : siège social ({where}) hors de la Région wallonne",
        "en": "{expense}: registered seat ({where}) outside the Walloon Region"},
    "fin_wallimage_location_rental": {
        "fr": "{expense} : location de lieu de tournage, non éligible depuis le 01/01/2024",
        "en": "{expense}: shooting-location rental, not eligible since 1 Jan 2024"},
    "fin_wallimage_rtbf_before": {
        "fr": "{expense} : studios RTBF Média Rives, éligibles seulement à partir du 01/04/2025",
        "en": "{expense}: RTBF Média Rives studios, eligible only from 1 Apr 2025"},
    "fin_wallimage_no_av": {
        "fr": "{expense} : le fournisseur n'a pas d'activité audiovisuelle",
        "en": "{expense}: the supplier has no audiovisual activity"},
    "fin_wallimage_av_not_shown": {
        "fr": "{expense} : activité audiovisuelle du fournisseur (objet social, codes NACE) non "
              "démontrée, exigée depuis 2025",
        "en": "{expense}: supplier's audiovisual activity (corporate purpose, NACE codes) not "
              "shown, required since 2025"},
    "fin_wallimage_manager_deducted": {
        "fr": "{expense} : prestations du gérant non domicilié en Wallonie {deducted:money} "
              "déduites ; compte {amount:money}",
        "en": "{expense}: services of a manager not living in Wallonia {deducted:money} "
              "deducted; counts {amount:money}"},
    "fin_wallimage_manager_post": {
        "fr": "{expense} : {amount:money}, post-production (VFX compris) : les prestations du "
              "gérant comptent même s'il ne vit pas en Wallonie",
        "en": "{expense}: {amount:money}, post-production (VFX included): the manager's "
              "services count even if the manager does not live in Wallonia"},
    # verdicts: broadcasters' FWB spillover
    "fin_spill_in": {
        "fr": "{expense} : {amount:money}, retombée en FWB (vade-mecum étape 2 §9)",
        "en": "{expense}: {amount:money}, FWB spillover (vade-mecum step 2 §9)"},
    "fin_spill_in_capped": {
        "fr": "{expense} : {amount:money}, retombée en FWB, frais généraux ou rémunération du "
              "producteur (plafonnés en part de l'investissement, étape 2 §9)",
        "en": "{expense}: {amount:money}, FWB spillover, overhead or producer fee (capped as a "
              "share of the investment, step 2 §9)"},
    "fin_spill_out": {
        "fr": "{expense} : siège ({where}) hors région de langue française et Bruxelles",
        "en": "{expense}: seat ({where}) outside the French-language region and Brussels"},
    "fin_spill_fields": {
        "fr": "{expense} : facture sans les mentions obligatoires {fields:labels}",
        "en": "{expense}: invoice lacks mandatory fields {fields:labels}"},
    # verdicts: screen.brussels
    "fin_sb_in": {
        "fr": "{expense} : {amount:money}, siège social et d'exploitation dans les 19 communes",
        "en": "{expense}: {amount:money}, registered and operating seats in the 19 "
              "municipalities"},
    "fin_sb_outside": {
        "fr": "{expense} : siège {seat:label} ({where}) hors de la Région de Bruxelles-Capitale",
        "en": "{expense}: {seat:label} seat ({where}) outside the Brussels-Capital Region"},
    "fin_sb_excluded": {
        "fr": "{expense} : dépense exclue par screen.brussels ({what:label})",
        "en": "{expense}: expense excluded by screen.brussels ({what:label})"},
    "fin_sb_no_av": {
        "fr": "{expense} : l'activité principale du fournisseur n'est pas audiovisuelle",
        "en": "{expense}: the supplier's main activity is not audiovisual"},
    # verdicts: Tax Shelter
    "fin_ts_belgian": {
        "fr": "{expense} : {amount:money}, dépense effectuée en Belgique ({place})",
        "en": "{expense}: {amount:money}, expense made in Belgium ({place})"},
    "fin_ts_eea": {
        "fr": "{expense} : dépense dans l'EEE ({country}) mais pas en Belgique",
        "en": "{expense}: EEA expense ({country}) but not made in Belgium"},
    "fin_ts_outside_eea": {
        "fr": "{expense} : dépense hors EEE ({country})",
        "en": "{expense}: expense outside the EEA ({country})"},
    "fin_ts_studio": {
        "fr": "{expense} : studio {studio} non éligible au Tax Shelter",
        "en": "{expense}: studio {studio} not eligible for the Tax Shelter"},
    "fin_ts_window": {
        "fr": "{expense} : dépense du {date:date}, hors de la période {start:date} – {end:date}",
        "en": "{expense}: expense of {date:date}, outside the period {start:date} – {end:date}"},
    # obligation status
    "fin_status_subject": {
        "fr": "Obligation de dépenses {obligation:label}{label}",
        "en": "Spend obligation {obligation:label}{label}"},
    "fin_required_ratio": {
        "fr": "Exigé : {investment:money} × {ratio:number} = {required:money} (ratio retenu : "
              "le plus élevé du règlement {minimum:number} et du contrat {committed:number})",
        "en": "Required: {investment:money} × {ratio:number} = {required:money} (ratio used: the "
              "higher of the regulation's {minimum:number} and the contract's {committed:number})"},
    "fin_counted": {
        "fr": {"one": "Compté : {counted:money} sur {count} dépense",
               "other": "Compté : {counted:money} sur {count} dépenses"},
        "en": {"one": "Counted: {counted:money} from {count} expense",
               "other": "Counted: {counted:money} from {count} expenses"}},
    "fin_excluded_total": {
        "fr": "Non compté : {amount:money} — {reason:label}",
        "en": "Not counted: {amount:money} — {reason:label}"},
    "fin_missing": {
        "fr": "Manque {missing:money} pour atteindre {required:money} (compté {counted:money})",
        "en": "Missing {missing:money} to reach {required:money} (counted {counted:money})"},
    "fin_met": {
        "fr": "Obligation atteinte : {counted:money} pour {required:money} exigés "
              "(excédent {surplus:money})",
        "en": "Obligation met: {counted:money} for {required:money} required "
              "(surplus {surplus:money})"},
    "fin_wallimage_over_cap": {
        "fr": "Investissement {investment:money} supérieur au plafond de {cap:money} par projet",
        "en": "Investment {investment:money} above the per-project cap of {cap:money}"},
    "fin_tranche_signature": {
        "fr": "Tranche {n} : {amount:money}, à la signature",
        "en": "Tranche {n}: {amount:money}, at signature"},
    "fin_tranche_spend": {
        "fr": "Tranche {n} : {amount:money}, sur preuve de {proof:money} de dépenses "
              "({reached:label})",
        "en": "Tranche {n}: {amount:money}, on proof of {proof:money} spend ({reached:label})"},
    "fin_spill_status": {
        "fr": "Contrôle des retombées délégué à montage.law.spillover : statut {status:label}",
        "en": "Spillover check delegated to montage.law.spillover: status {status:label}"},
    "fin_sb_required": {
        "fr": "Exigé : le plus élevé du minimum {format:label} {minimum:money} et du montant "
              "demandé {requested:money} = {required:money}",
        "en": "Required: the higher of the {format:label} minimum {minimum:money} and the "
              "amount requested {requested:money} = {required:money}"},
    "fin_sb_over_cap": {
        "fr": "Montant demandé {requested:money} supérieur au plafond de {cap:money}",
        "en": "Amount requested {requested:money} above the cap of {cap:money}"},
    "fin_sb_financing": {
        "fr": "Financement acquis {share:rate}, sous le minimum de {minimum:rate}",
        "en": "Financing secured {share:rate}, below the minimum of {minimum:rate}"},
    "fin_ts_required": {
        "fr": "Exigé : dépenses belges ≥ {share:rate} de la valeur fiscale {value:money} = "
              "{required:money}, du {start:date} au {end:date}",
        "en": "Required: Belgian spend ≥ {share:rate} of the tax value {value:money} = "
              "{required:money}, from {start:date} to {end:date}"},
    "fin_ts_fees": {
        "fr": "Frais de producteur, frais généraux et commissions {fees:money} : admis jusqu'à "
              "{cap:rate} des dépenses belges, soit {kept:money} (autres dépenses belges "
              "{other:money})",
        "en": "Producer fees, overheads and commissions {fees:money}: admitted up to {cap:rate} "
              "of Belgian expenses, i.e. {kept:money} (other Belgian expenses {other:money})"},
    "fin_ts_direct": {
        "fr": "Dépenses directement liées {direct:money} = {share:rate} des dépenses belges "
              "{belgian:money} (minimum {minimum:rate}) : facteur de réduction {factor:number}",
        "en": "Directly linked expenses {direct:money} = {share:rate} of Belgian expenses "
              "{belgian:money} (minimum {minimum:rate}): reduction factor {factor:number}"},
    "fin_ts_max_value": {
        "fr": "Valeur fiscale admissible : min(10/9 × dépenses belges × facteur {belgian:money} ; "
              "{eea_share:rate} des dépenses EEE {eea:money} ; {cap:money}) = {value:money}",
        "en": "Admissible tax value: min(10/9 × Belgian spend × factor {belgian:money}; "
              "{eea_share:rate} of EEA expenses {eea:money}; {cap:money}) = {value:money}"},
    "fin_ts_value_too_high": {
        "fr": "Valeur fiscale demandée {value:money} supérieure à la valeur admissible "
              "{max:money}",
        "en": "Tax value requested {value:money} above the admissible value {max:money}"},
    "fin_ts_investors": {
        "fr": "Sommes des investisseurs {money:money} supérieures à {share:rate} du budget "
              "{budget:money}",
        "en": "Investors' money {money:money} above {share:rate} of the budget {budget:money}"},
    "fin_ts_certificate": {
        "fr": "Attestation à délivrer au plus tard le {deadline:date}",
        "en": "Certificate to be issued by {deadline:date}"},
    # budget and cost report
    "fin_fringe": {
        "fr": "Charges patronales {code} : {base:money} × {rate:rate} = {amount:money} "
              "(taux du projet : {source})",
        "en": "Employer charges {code}: {base:money} × {rate:rate} = {amount:money} "
              "(project rate: {source})"},
    "fin_cost_incomplete": {
        "fr": "{line} : {figure:label} inconnu, total incomplet",
        "en": "{line}: {figure:label} unknown, total incomplete"},
    "fin_cost_subject": {
        "fr": "Rapport de coûts {label}",
        "en": "Cost report {label}"},
    # the recoupment waterfall (montage.finance.recoupment)
    "fin_recoup_subject": {"fr": "Répartition des recettes nettes, période {period}",
                           "en": "Allocation of the net receipts, period {period}"},
    "fin_recoup_net": {"fr": "recettes nettes de la période : {amount:money}",
                       "en": "net receipts of the period: {amount:money}"},
    "fin_recoup_corridor": {"fr": "couloir « {corridor} » : y entrent {amount:money}",
                            "en": "corridor “{corridor}”: {amount:money} enters"},
    "fin_recoup_share_fixed": {
        "fr": "{name} : part fixe de {rate:rate}, reçoit {amount:money}",
        "en": "{name}: fixed share of {rate:rate}, receives {amount:money}"},
    "fin_recoup_share_pro_rata": {
        "fr": "{name} : au prorata de son financement ({financing:money}), soit {rate:rate}, "
              "reçoit {amount:money}",
        "en": "{name}: pro rata of its financing ({financing:money}), that is {rate:rate}, "
              "receives {amount:money}"},
    "fin_recoup_share_beyond_pro_rata": {
        "fr": "{name} : part négociée au-delà de son prorata, {rate:rate}, reçoit {amount:money}",
        "en": "{name}: share negotiated beyond its pro rata, {rate:rate}, receives "
              "{amount:money}"},
    "fin_recoup_cap": {
        "fr": "{name} : {recouped:money} récupérés sur un plafond de {ceiling:money} "
              "({cap:money} et une prime de {premium:rate})",
        "en": "{name}: {recouped:money} recouped of a cap of {ceiling:money} "
              "({cap:money} and a premium of {premium:rate})"},
    "fin_recoup_cap_reached": {
        "fr": "{name} : plafond atteint, {recouped:money} récupérés sur {ceiling:money} "
              "({cap:money} et une prime de {premium:rate}) ; au-delà, sa part après plafond",
        "en": "{name}: cap reached, {recouped:money} recouped of {ceiling:money} "
              "({cap:money} and a premium of {premium:rate}); beyond it, its after-cap share"},
    "fin_recoup_residue": {
        "fr": "{name} reçoit le cent d'arrondi (plus grand reste)",
        "en": "{name} receives the rounding cent (largest remainder)"},
    "fin_recoup_producer": {"fr": "reste au producteur : {amount:money}",
                            "en": "stays with the producer: {amount:money}"},
    "fin_recoup_receipt": {"fr": "Recette nette d'un relevé", "en": "Net receipt of a statement"},
    "fin_recoup_receipt_gross": {
        "fr": "recette brute {gross:number}, commission de {rate:rate} : {commission:number}",
        "en": "gross receipt {gross:number}, commission of {rate:rate}: {commission:number}"},
    "fin_recoup_receipt_expenses": {
        "fr": "frais déclarés {expenses:number}, admis {allowed:number} (plafond : {cap:number})",
        "en": "expenses declared {expenses:number}, allowed {allowed:number} (cap: {cap:number})"},
    "fin_recoup_receipt_rate": {"fr": "converti en euros au taux de {rate:decimal}",
                                "en": "converted to euros at {rate:decimal}"},
    "fin_recoup_receipt_net": {"fr": "recette nette : {amount:money}",
                               "en": "net receipt: {amount:money}"},
    # the pre-check of projected compliance (montage.finance.projection)
    "fin_proj_subject": {
        "fr": "Conformité projetée : obligation {obligation:label}{label}",
        "en": "Projected compliance: obligation {obligation:label}{label}"},
    "fin_proj_actual": {
        "fr": "Dépenses du grand livre à ce jour : {counted:money} comptés pour "
              "{required:money} exigés",
        "en": "Ledger spend to date: {counted:money} counted for {required:money} required"},
    "fin_proj_planned": {
        "fr": "Reste du budget attribué à un lieu de dépense (bons de commande ouverts, "
              "fournisseur ou lieu prévu des lignes) : {planned:money}, daté du {day:date}, "
              "dont {counted:money} comptés par la même règle",
        "en": "Remaining budget with a place of spend (open purchase orders, the lines' planned "
              "supplier or place): {planned:money}, dated {day:date}, of which {counted:money} "
              "counted by the same rule"},
    "fin_proj_unplanned": {
        "fr": "{amount:money} du reste du budget n'ont ni fournisseur ni lieu prévu : comptés "
              "par aucune règle",
        "en": "{amount:money} of the remaining budget have no planned supplier or place: "
              "counted by no rule"},
    "fin_proj_ratio_met": {
        "fr": "Le ratio projeté finit à {ratio} % contre {required} % exigés : atteint",
        "en": "The projected ratio ends at {ratio} % against {required} % required: met"},
    "fin_proj_ratio_short": {
        "fr": "Le ratio projeté finit à {ratio} % contre {required} % exigés : manque "
              "{points} points, soit {missing:money}",
        "en": "The projected ratio ends at {ratio} % against {required} % required: "
              "{points} points short, {missing:money}"},
    "fin_proj_short": {
        "fr": "Projeté : {counted:money} pour {required:money} exigés : manque {missing:money}",
        "en": "Projected: {counted:money} for {required:money} required: {missing:money} "
              "short"},
    "fin_proj_met": {
        "fr": "Projeté : {counted:money} pour {required:money} exigés : atteint",
        "en": "Projected: {counted:money} for {required:money} required: met"},
    "fin_proj_assumed_date": {
        "fr": "Date de signature, de décision ou de convention-cadre pas encore enregistrée : "
              "les règles en vigueur le {day:date} sont appliquées",
        "en": "Signature, decision or framework agreement date not recorded yet: the rules in "
              "force on {day:date} are applied"},
}

CARBON_MESSAGES: dict[str, dict[str, str]] = {
    "carbon_footprint": {"fr": "Empreinte carbone", "en": "Carbon footprint"},
    "carbon_footprint_of": {"fr": "Empreinte carbone {basis:label} de {title}",
                            "en": "{basis:label} carbon footprint of {title}"},
    "carbon_contribution": {"fr": "{label}", "en": "{label}"},
    "carbon_factor_step": {
        "fr": "{quantity:decimal} {unit:unit} × {factor:decimal} kg CO2e par {unit:unit} = "
              "{kg:decimal} kg CO2e (facteur : {source})",
        "en": "{quantity:decimal} {unit:unit} × {factor:decimal} kg CO2e per {unit:unit} = "
              "{kg:decimal} kg CO2e (factor: {source})"},
    "carbon_user_step": {
        "fr": "{quantity:decimal} {unit:unit} × {factor:decimal} kg CO2e par {unit:unit} "
              "(facteur saisi par l'utilisateur) = {kg:decimal} kg CO2e",
        "en": "{quantity:decimal} {unit:unit} × {factor:decimal} kg CO2e per {unit:unit} "
              "(factor entered by the user) = {kg:decimal} kg CO2e"},
    "carbon_spend_step": {
        "fr": "{quantity:money} × {factor:decimal} kg CO2e par euro (facteur monétaire saisi par "
              "l'utilisateur) = {kg:decimal} kg CO2e",
        "en": "{quantity:money} × {factor:decimal} kg CO2e per euro (spend-based factor entered "
              "by the user) = {kg:decimal} kg CO2e"},
    "carbon_spend_note": {
        "fr": "estimation d'après la dépense (ratio monétaire), faute de donnée d'activité",
        "en": "estimate from the spend (spend-based ratio), no activity data recorded"},
    "carbon_user_note": {
        "fr": "facteur non fourni par Montage, saisi avec sa source : {source}",
        "en": "factor not shipped with Montage, entered with its source: {source}"},
    "carbon_post_total": {"fr": "{post:post} : {kg:decimal} kg CO2e, soit {t:decimal} t CO2e",
                          "en": "{post:post}: {kg:decimal} kg CO2e, that is {t:decimal} t CO2e"},
    "carbon_total": {
        "fr": "Total : {kg:decimal} kg CO2e, soit {t:decimal} t CO2e (arrondi au kg), dont "
              "{measured:decimal} t d'après des données d'activité et {spend:decimal} t estimées "
              "d'après la dépense",
        "en": "Total: {kg:decimal} kg CO2e, that is {t:decimal} t CO2e (rounded to the kg), of "
              "which {measured:decimal} t from activity data and {spend:decimal} t estimated "
              "from spend"},
    "carbon_user_total": {
        "fr": "{t:decimal} t CO2e reposent sur des facteurs saisis par l'utilisateur (non "
              "fournis par Montage), chacun avec sa source",
        "en": "{t:decimal} t CO2e rest on factors entered by the user (not shipped with "
              "Montage), each with its source"},
    "carbon_action": {
        "fr": "action : {label}, réduction estimée {t:decimal} t CO2e (non déduite du total)",
        "en": "action: {label}, estimated reduction {t:decimal} t CO2e (not deducted from the "
              "total)"},
}

CARBON_LABELS: dict[str, dict[str, str]] = {
    "post.locations": {"fr": "Lieux", "en": "Locations"},
    "post.production": {"fr": "Production", "en": "Production"},
    "post.hmc": {"fr": "HMC (coiffure, maquillage, costumes)",
                 "en": "HMC (hair, make-up, costumes)"},
    "post.post_production": {"fr": "Post-production", "en": "Post-production"},
    "post.sets": {"fr": "Déco", "en": "Sets"},
    "post.regie": {"fr": "Régie", "en": "Unit services (régie)"},
    "post.transport": {"fr": "Transports", "en": "Transport"},
    "post.technical": {"fr": "Moyens techniques", "en": "Technical means"},
    "phase.preparation": {"fr": "préparation", "en": "preparation"},
    "phase.shooting": {"fr": "tournage", "en": "shooting"},
    "phase.post_production": {"fr": "post-production", "en": "post-production"},
    "unit.litre": {"fr": "litre", "en": "litre"},
    "unit.km": {"fr": "km", "en": "km"},
    "unit.passenger_km": {"fr": "passager.km", "en": "passenger.km"},
    "unit.room_night": {"fr": "nuit de chambre", "en": "room night"},
    "unit.kwh": {"fr": "kWh", "en": "kWh"},
    "unit.tonne": {"fr": "tonne", "en": "tonne"},
    "unit.kg": {"fr": "kg", "en": "kg"},
    "unit.meal": {"fr": "repas", "en": "meal"},
    "unit.day": {"fr": "jour", "en": "day"},
    "unit.euro": {"fr": "euro", "en": "euro"},
    "forecast": {"fr": "prévisionnelle", "en": "forecast"},
    "carbon_actual": {"fr": "réelle", "en": "actual"},
}

CARBON_INPUTS: dict[str, dict[str, str]] = {
    # the terms a spend obligation is computed on (montage/finance/obligations.py)
    "signature_date": {"fr": "Date de signature", "en": "Signature date", "as": "date"},
    "committed_ratio": {"fr": "Ratio de dépenses engagé par contrat",
                        "en": "Spend ratio committed by contract", "as": "number"},
    "format": {"fr": "Format", "en": "Format", "as": "label"},
    "amount_requested": {"fr": "Montant demandé", "en": "Amount requested", "as": "money"},
    "certificate_value": {"fr": "Valeur de l'attestation Tax Shelter",
                          "en": "Tax Shelter certificate value", "as": "money"},
    "agreement_date": {"fr": "Date de la convention-cadre", "en": "Framework agreement date",
                       "as": "date"},
    "animation": {"fr": "Animation (période de dépenses plus longue)",
                  "en": "Animation (longer spend period)", "as": "yesno"},
    "carbon_post": {"fr": "Poste", "en": "Post", "as": "post"},
    "carbon_phase": {"fr": "Phase", "en": "Phase", "as": "phase"},
}

FINANCE_LABELS: dict[str, dict[str, str]] = {
    "wallimage": {"fr": "Wallimage Coproductions", "en": "Wallimage Coproductions"},
    "fwb_spillover": {"fr": "retombées FWB du diffuseur", "en": "broadcaster's FWB spillover"},
    "screen_brussels": {"fr": "screen.brussels", "en": "screen.brussels"},
    "tax_shelter": {"fr": "Tax Shelter", "en": "Tax Shelter"},
    "registered": {"fr": "social", "en": "registered"},
    "operating": {"fr": "d'exploitation", "en": "operating"},
    "vehicle_rental_agency": {"fr": "véhicule loué à une agence de location",
                              "en": "vehicle hired from a rental agency"},
    "hotel_night": {"fr": "nuitée d'hôtel", "en": "hotel night"},
    "private_flat_set": {"fr": "appartement d'un particulier loué comme décor",
                         "en": "private flat rented as a set"},
    "feature_film": {"fr": "long métrage", "en": "feature film"},
    "series_over_10_min": {"fr": "série de plus de 10 min", "en": "series over 10 min"},
    "animation": {"fr": "animation", "en": "animation"},
    "documentary": {"fr": "documentaire", "en": "documentary"},
    "special_format": {"fr": "format spécial", "en": "special format"},
    "short_series": {"fr": "série courte", "en": "short series"},
    "complete": {"fr": "justifié", "en": "complete"},
    "in_progress": {"fr": "en cours", "en": "in progress"},
    "cancelled": {"fr": "annulé", "en": "cancelled"},
    "reduced": {"fr": "réduit", "en": "reduced"},
    "reached": {"fr": "atteinte", "en": "reached"},
    "not_yet": {"fr": "pas encore", "en": "not yet"},
    # reasons, as named in a summary of what was not counted
    "fin_wallimage_outside": {"fr": "hors de la Région wallonne",
                              "en": "outside the Walloon Region"},
    "fin_wallimage_location_rental": {"fr": "locations de lieux de tournage (depuis 2024)",
                                      "en": "shooting-location rentals (since 2024)"},
    "fin_wallimage_rtbf_before": {"fr": "studios RTBF Média Rives avant le 01/04/2025",
                                  "en": "RTBF Média Rives studios before 1 Apr 2025"},
    "fin_wallimage_no_av": {"fr": "fournisseur sans activité audiovisuelle",
                            "en": "supplier without audiovisual activity"},
    "fin_wallimage_av_not_shown": {"fr": "activité audiovisuelle du fournisseur non démontrée",
                                   "en": "supplier's audiovisual activity not shown"},
    "fin_wallimage_manager_deducted": {"fr": "prestations de gérants non domiciliés en Wallonie",
                                       "en": "services of managers not living in Wallonia"},
    "fin_spill_out": {"fr": "hors région de langue française et Bruxelles",
                      "en": "outside the French-language region and Brussels"},
    "fin_spill_fields": {"fr": "factures sans mentions obligatoires",
                         "en": "invoices lacking mandatory fields"},
    "fin_spill_in_capped": {"fr": "au-delà des plafonds de frais généraux et de rémunération",
                            "en": "beyond the overhead and producer-fee caps"},
    "fin_sb_outside": {"fr": "siège social ou d'exploitation hors des 19 communes",
                       "en": "registered or operating seat outside the 19 municipalities"},
    "fin_sb_excluded": {"fr": "dépenses exclues (véhicules d'agence, hôtel, appartement privé)",
                        "en": "excluded expenses (agency vehicles, hotel, private flat)"},
    "fin_sb_no_av": {"fr": "fournisseur dont l'activité principale n'est pas audiovisuelle",
                     "en": "supplier whose main activity is not audiovisual"},
    "fin_ts_eea": {"fr": "dépenses EEE hors Belgique", "en": "EEA expenses outside Belgium"},
    "fin_ts_outside_eea": {"fr": "dépenses hors EEE", "en": "expenses outside the EEA"},
    "fin_ts_studio": {"fr": "studios non éligibles au Tax Shelter",
                      "en": "studios not eligible for the Tax Shelter"},
    "fin_ts_window": {"fr": "dépenses hors de la période de 18 (24) mois",
                      "en": "expenses outside the 18 (24) month period"},
    "fin_ts_belgian": {"fr": "frais au-delà de leur plafond en part des dépenses belges",
                       "en": "fees beyond their cap as a share of Belgian expenses"},
    "baseline": {"fr": "budget initial", "en": "baseline budget"},
    "current": {"fr": "budget actuel", "en": "current budget"},
    "committed": {"fr": "engagé", "en": "committed"},
    "actual": {"fr": "réalisé", "en": "actual"},
    "paid": {"fr": "payé", "en": "paid"},
    "estimate_to_complete": {"fr": "reste à faire", "en": "estimate to complete"},
}


register("finance", (MESSAGES, FINANCE_MESSAGES), (LABELS, FINANCE_LABELS),
         (MESSAGES, CARBON_MESSAGES), (LABELS, CARBON_LABELS), (INPUTS, CARBON_INPUTS))
