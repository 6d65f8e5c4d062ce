"""The words of explanations, in French and English. Keys are used by the engine's modules."""

MESSAGES: dict[str, dict[str, str]] = {
    # contribution (step 1 §4)
    "contribution_subject": {
        "fr": "Contribution de l'année d'obligation {year} (étape 1 §4)",
        "en": "Contribution for obligation year {year} (step 1 §4)"},
    "index_factor": {
        "fr": "Indexation {year} des montants du tableau (prix de {base_month:month}) : "
              "indice de {month:month} {current:decimal} / indice de {base_month:month} "
              "{base:decimal} = facteur {factor:decimal}",
        "en": "{year} indexation of the table's amounts ({base_month:month} prices): "
              "{month:month} index {current:decimal} / {base_month:month} index "
              "{base:decimal} = factor {factor:decimal}"},
    "index_missing": {
        "fr": "Montant provisoire : l'indice des prix à la consommation de {needed:month}, dont "
              "l'année {year} a besoin, n'est pas encore connu de Montage ; calcul sur le "
              "dernier indice connu, celui de {used:month}. Le CSA ne peut arrêter ce montant "
              "qu'une fois l'indice de {needed:month} (Statbel) encodé.",
        "en": "Provisional amount: the consumer price index of {needed:month}, which {year} "
              "needs, is not yet known to Montage; computed on the latest known index, that of "
              "{used:month}. The CSA can fix this amount only once the {needed:month} index "
              "(Statbel) is entered."},
    # a parameter value entered after the release (montage.web.parameters), in explanations
    "parameter_entered": {
        "fr": "encodé par {by} le {at:date}",
        "en": "entered by {by} on {at:date}"},
    "band": {
        "fr": "Le chiffre d'affaires éligible {turnover:money} est dans la tranche de "
              "{lower:money} (compris) à {upper:money} (non compris) : taux {year} de "
              "{rate:rate}",
        "en": "Eligible turnover {turnover:money} lies in the band from {lower:money} "
              "(included) to {upper:money} (excluded): {year} rate {rate:rate}"},
    # the band below the top one: the top row reads « >150.000.000 € », its bound is in here
    "band_upper_included": {
        "fr": "Le chiffre d'affaires éligible {turnover:money} est dans la tranche de "
              "{lower:money} (compris) à {upper:money} (compris) : taux {year} de {rate:rate}",
        "en": "Eligible turnover {turnover:money} lies in the band from {lower:money} "
              "(included) to {upper:money} (included): {year} rate {rate:rate}"},
    "band_open": {
        "fr": "Le chiffre d'affaires éligible {turnover:money} est dans la tranche à partir de "
              "{lower:money} (compris) : taux {year} de {rate:rate}",
        "en": "Eligible turnover {turnover:money} lies in the band from {lower:money} "
              "(included) upwards: {year} rate {rate:rate}"},
    "band_above": {
        "fr": "Le chiffre d'affaires éligible {turnover:money} est dans la tranche au-delà de "
              "{lower:money} : taux {year} de {rate:rate}",
        "en": "Eligible turnover {turnover:money} lies in the band above {lower:money}: "
              "{year} rate {rate:rate}"},
    "flat_rate": {
        "fr": "Taux appliqué à tout le chiffre d'affaires : {turnover:money} × {rate:rate} "
              "= {amount:money} (arrondi au cent)",
        "en": "Rate applied to the whole turnover: {turnover:money} × {rate:rate} "
              "= {amount:money} (rounded to the cent)"},
    "exempt_turnover": {
        "fr": "Chiffre d'affaires éligible {turnover:money} inférieur à {threshold:money} : "
              "dérogation (étape 1 §5, 1er tiret), contribution nulle",
        "en": "Eligible turnover {turnover:money} below {threshold:money}: exemption "
              "(step 1 §5, first indent), no contribution"},
    "presumed_subject": {
        "fr": "Contribution présumée de l'année {year} (informations non transmises à temps, "
              "étape 1 §2)",
        "en": "Presumed contribution for {year} (information not sent in time, step 1 §2)"},
    "presumed_amount": {
        "fr": "Montant présumé {base:money} indexé : {amount:money}, à verser au CCA",
        "en": "Presumed amount {base:money} indexed: {amount:money}, payable to the CCA"},
}

MESSAGES.update({
    # eligible turnover (step 1 §3)
    "turnover_subject": {
        "fr": "Chiffre d'affaires éligible pour l'obligation {year} (éditeur {kind:label}, étape 1 §3)",
        "en": "Eligible turnover for obligation {year} ({kind:label} editor, step 1 §3)"},
    "turnover_net": {
        "fr": "{category:label}{service:paren} : {amount:money} HTVA − commissions de régie "
              "{commissions:money} = {net:money}",
        "en": "{category:label}{service:paren}: {amount:money} excl. VAT − ad-sales commissions "
              "{commissions:money} = {net:money}"},
    "turnover_counted": {
        "fr": "{category:label}{service:paren} : {net:money} compté en entier ({market:label})",
        "en": "{category:label}{service:paren}: {net:money} counted in full ({market:label})"},
    "turnover_deducted": {
        "fr": "{category:label}{service:paren} : {net:money} déduit (État de l'UE où l'éditeur contribue déjà)",
        "en": "{category:label}{service:paren}: {net:money} deducted (EU state where the editor already "
              "contributes)"},
    "turnover_brussels_total": {
        "fr": "{category:label}{service:paren} : toute la Région de Bruxelles-Capitale {net:money} × "
              "{share:rate} = {counted:money}",
        "en": "{category:label}{service:paren}: whole Brussels-Capital Region {net:money} × {share:rate} "
              "= {counted:money}"},
    "turnover_belgium_total": {
        "fr": "{category:label}{service:paren} : toute la Belgique {net:money} × {share:rate} "
              "= {counted:money}",
        "en": "{category:label}{service:paren}: whole of Belgium {net:money} × {share:rate} "
              "= {counted:money}"},
    "turnover_total": {
        "fr": "Chiffre d'affaires éligible : {amount:money} (arrondi au cent)",
        "en": "Eligible turnover: {amount:money} (rounded to the cent)"},
    # exemptions (step 1 §5)
    "exemption_subject": {
        "fr": "Dérogations pour l'année {year} (étape 1 §5)",
        "en": "Exemptions for {year} (step 1 §5)"},
    "exemption_turnover": {
        "fr": "Chiffre d'affaires éligible sous le seuil : dérogation",
        "en": "Eligible turnover below the threshold: exemption"},
    "exemption_no_services": {
        "fr": "Aucun service décrit : parts d'audience et d'œuvres non évaluées",
        "en": "No service described: audience and works shares not evaluated"},
    "exemption_audience": {
        "fr": "Service {service} ({kind:label}) : part d'audience {share:rate}, {verdict:label} "
              "{minimum:rate}",
        "en": "Service {service} ({kind:label}): audience share {share:rate}, {verdict:label} "
              "{minimum:rate}"},
    "exemption_works": {
        "fr": "Service {service} : œuvres audiovisuelles {share:rate} du temps de diffusion, "
              "{verdict:label} {minimum:rate}",
        "en": "Service {service}: audiovisual works {share:rate} of airtime, "
              "{verdict:label} {minimum:rate}"},
    "exemption_unknown": {
        "fr": "{what:label} inconnue pour : {services} ; motif non évalué",
        "en": "{what:label} unknown for: {services}; ground not evaluated"},
    "exemption_result": {
        "fr": "Motifs de dérogation retenus : {grounds:labels}",
        "en": "Exemption grounds that apply: {grounds:labels}"},
})


# Names of the codes used in data files and JSON, for explanations.
LABELS: dict[str, dict[str, str]] = {
    "local": {"fr": "local", "en": "local"},
    "external": {"fr": "extérieur", "en": "external"},
    "linear": {"fr": "linéaire", "en": "linear"},
    "non_linear": {"fr": "non linéaire", "en": "non-linear"},
    "all": {"fr": "tous marchés", "en": "all markets"},
    "french_language_region": {"fr": "région de langue française", "en": "French-language region"},
    "brussels_francophone": {"fr": "public francophone de Bruxelles",
                             "en": "French-speaking public of Brussels"},
    "advertising": {"fr": "Publicité", "en": "Advertising"},
    "sponsorship": {"fr": "Parrainage", "en": "Sponsorship"},
    "teleshopping": {"fr": "Télé-achat", "en": "Teleshopping"},
    "product_placement": {"fr": "Placement de produits", "en": "Product placement"},
    "other_commercial_communication": {"fr": "Autre communication commerciale",
                                       "en": "Other commercial communication"},
    "distribution_fees": {"fr": "Recettes de distribution", "en": "Distribution fees"},
    "subscriptions": {"fr": "Abonnements", "en": "Subscriptions"},
    "programme_sales": {"fr": "Achats de programmes par des tiers", "en": "Programme sales"},
    "call_tv": {"fr": "Call TV", "en": "Call TV"},
    "other_content_revenue": {"fr": "Autres recettes du contenu", "en": "Other content revenue"},
    "coproduction": {"fr": "Coproduction", "en": "Coproduction"},
    "prepurchase": {"fr": "Préachat", "en": "Pre-purchase"},
    "commission_production": {"fr": "Commande de programme (production)",
                              "en": "Programme commission (production)"},
    "commission_development": {"fr": "Commande de programme (écriture/développement)",
                               "en": "Programme commission (writing/development)"},
    "writing_development": {"fr": "Écriture et développement d'œuvres",
                            "en": "Writing and development of works"},
    "training": {"fr": "Formation professionnelle", "en": "Professional training"},
    "accessibility": {"fr": "Accessibilité", "en": "Accessibility"},
    "dubbing_subtitling": {"fr": "Doublage et sous-titrage", "en": "Dubbing and subtitling"},
    "investments": {"fr": "investissements", "en": "investments"},
    "payment": {"fr": "versement au CCA", "en": "payment to the CCA"},
}

MESSAGES.update({
    # investment validation (step 2 §3)
    "validation_subject": {
        "fr": "Investissements comptabilisables de l'année {year} (étape 2 §3)",
        "en": "Countable investments of {year} (step 2 §3)"},
    "investment_cancelled": {
        "fr": "{investment} ({amount:money}) : investissement annulé, non comptabilisé",
        "en": "{investment} ({amount:money}): investment cancelled, not counted"},
    "investment_reassignment": {
        "fr": "{investment} ({amount:money}) : réaffectation du projet non concrétisé "
              "{origin} (§6), déjà comptabilisé l'année de la décision initiale",
        "en": "{investment} ({amount:money}): reassignment of the unrealised project {origin} "
              "(§6), already counted in the year of the initial decision"},
    "commission_genre_excluded": {
        "fr": "{investment} ({amount:money}) : genre « {genre:label} » exclu de la commande de "
              "programmes (annexe 1), non comptabilisé",
        "en": "{investment} ({amount:money}): genre “{genre:label}” excluded from programme "
              "commissions (annex 1), not counted"},
    "commission_genre_not_promoting": {
        "fr": "{investment} ({amount:money}) : genre « {genre:label} » exclu sauf s'il met en "
              "valeur des artistes ou le patrimoine de la FWB (§3.2), ce qui n'est pas établi",
        "en": "{investment} ({amount:money}): genre “{genre:label}” excluded unless it showcases "
              "FWB artists or heritage (§3.2), which is not established"},
    "commission_genre_promoting": {
        "fr": "{investment} ({amount:money}) : genre « {genre:label} » admis, car il met en "
              "valeur des artistes ou le patrimoine de la FWB (§3.2)",
        "en": "{investment} ({amount:money}): genre “{genre:label}” admitted, as it showcases "
              "FWB artists or heritage (§3.2)"},
    "producer_not_independent": {
        "fr": "{investment} ({amount:money}) : le producteur délégué n'est pas un producteur "
              "indépendant européen (§4), non comptabilisé",
        "en": "{investment} ({amount:money}): the delegated producer is not an independent "
              "European producer (§4), not counted"},
    "delegation_commission": {
        "fr": "{investment} ({amount:money}) : la commande de programmes ne peut être confiée à "
              "une société tierce (§7)",
        "en": "{investment} ({amount:money}): programme commissions cannot be delegated to a "
              "third party (§7)"},
    "delegation_other_obligation": {
        "fr": "{investment} ({amount:money}) : investissement de la société tierce déjà "
              "comptabilisé pour une autre obligation légale (§7)",
        "en": "{investment} ({amount:money}): third-party investment already counted under "
              "another legal obligation (§7)"},
    "delegation_legal_advantage": {
        "fr": "{investment} ({amount:money}) : investissement de la société tierce bénéficiant "
              "d'un avantage légal (Tax Shelter…) (§7)",
        "en": "{investment} ({amount:money}): third-party investment benefiting from a legal "
              "advantage (Tax Shelter…) (§7)"},
    "weight_writing": {
        "fr": "Écriture et développement d'œuvres : {amount:money} × {weight} = {counted:money} "
              "(§3.3)",
        "en": "Writing and development of works: {amount:money} × {weight} = {counted:money} "
              "(§3.3)"},
    "commission_development_share": {
        "fr": "Commandes : écriture/développement {development:money} sur {total:money} ; "
              "minimum {share:rate}, les commandes comptent donc au plus pour {limit:money}",
        "en": "Commissions: writing/development {development:money} of {total:money}; "
              "minimum {share:rate}, so commissions count for at most {limit:money}"},
    "commission_cap": {
        "fr": "Commandes : {total:money} pour un plafond de {share:rate} de l'obligation "
              "({cap:money}) : {kept:money} comptabilisés, {cut:money} non comptabilisés",
        "en": "Commissions: {total:money} against a cap of {share:rate} of the obligation "
              "({cap:money}): {kept:money} counted, {cut:money} not counted"},
    "commission_cap_within": {
        "fr": "Commandes : {total:money} pour un plafond de {share:rate} de l'obligation "
              "({cap:money}) : {kept:money} comptabilisés en entier",
        "en": "Commissions: {total:money} against a cap of {share:rate} of the obligation "
              "({cap:money}): {kept:money} counted in full"},
    "commission_counted": {
        "fr": "Commandes comptabilisées : {counted:money} sur {total:money}, "
              "{cut:money} non comptabilisés",
        "en": "Commissions counted: {counted:money} of {total:money}, {cut:money} not counted"},
    "small_cap": {
        "fr": "{category:label} : {amount:money} pour un plafond de {share:rate} de "
              "l'obligation ({cap:money}) : {kept:money} comptabilisés, {cut:money} non "
              "comptabilisés",
        "en": "{category:label}: {amount:money} against a cap of {share:rate} of the "
              "obligation ({cap:money}): {kept:money} counted, {cut:money} not counted"},
    "small_cap_within": {
        "fr": "{category:label} : {amount:money} pour un plafond de {share:rate} de "
              "l'obligation ({cap:money}) : {kept:money} comptabilisés en entier",
        "en": "{category:label}: {amount:money} against a cap of {share:rate} of the "
              "obligation ({cap:money}): {kept:money} counted in full"},
    "fwb_floor": {
        "fr": "Œuvres d'initiative belge francophone : {works:money} pour un minimum de "
              "{share:rate} de l'obligation ({floor:money})",
        "en": "French-speaking Belgian initiative works: {works:money} against a floor of "
              "{share:rate} of the obligation ({floor:money})"},
    "countable_floor_met": {
        "fr": "Plancher atteint : tout compte, soit {works:money} d'œuvres d'initiative belge "
              "francophone et {others:money} d'autres investissements, au total {total:money}",
        "en": "Floor reached: everything counts, that is {works:money} of French-speaking "
              "Belgian initiative works and {others:money} of other investments, "
              "{total:money} in all"},
    "countable_floor_missed": {
        "fr": "Plancher non atteint : les autres investissements ({others:money}) comptent au "
              "plus pour {limit:money} ; comptabilisés : {works:money} d'œuvres d'initiative "
              "belge francophone et {kept:money} d'autres investissements, au total "
              "{total:money}",
        "en": "Floor missed: the other investments ({others:money}) count for at most "
              "{limit:money}; counted: {works:money} of French-speaking Belgian initiative "
              "works and {kept:money} of other investments, {total:money} in all"},
})

MESSAGES.update({
    "pass": {"fr": "conforme", "en": "pass"},
    "independence_subject": {
        "fr": "Indépendance du producteur européen {producer} (étape 2 §4, annexe 1)",
        "en": "Independence of the European producer {producer} (step 2 §4, annex 1)"},
    "independence_eu": {
        "fr": "Établi dans un État membre de l'UE : {verdict:label}",
        "en": "Established in an EU member state: {verdict:label}"},
    "independence_personality": {
        "fr": "Personnalité juridique distincte de celle d'un éditeur : {verdict:label}",
        "en": "Legal personality distinct from an editor's: {verdict:label}"},
    "independence_missing": {
        "fr": "Donnée manquante ({what:label}) : indépendance non établie",
        "en": "Missing data ({what:label}): independence not established"},
    "independence_holds": {
        "fr": "Part détenue dans un éditeur : {share:rate} (maximum {limit:rate}) : "
              "{verdict:label}",
        "en": "Share held in an editor: {share:rate} (maximum {limit:rate}): {verdict:label}"},
    "independence_held_by_editor": {
        "fr": "Capital détenu par un éditeur : {share:rate} (maximum {limit:rate}) : "
              "{verdict:label}",
        "en": "Capital held by an editor: {share:rate} (maximum {limit:rate}): {verdict:label}"},
    "independence_held_via": {
        "fr": "Capital détenu par une société détenant plus de {limit:rate} d'un éditeur : "
              "{share:rate} (maximum {limit:rate}) : {verdict:label}",
        "en": "Capital held by a company holding more than {limit:rate} of an editor: "
              "{share:rate} (maximum {limit:rate}): {verdict:label}"},
    "independence_turnover": {
        "fr": "Ventes à {editor} sur {first}–{last} : {sales:money} sur {total:money} = "
              "{share:rate} (maximum {limit:rate}) : {verdict:label}",
        "en": "Sales to {editor} over {first}–{last}: {sales:money} of {total:money} = "
              "{share:rate} (maximum {limit:rate}): {verdict:label}"},
    "independence_short_period": {
        "fr": "Chiffre d'affaires connu sur {years} an(s) seulement au lieu de {period}",
        "en": "Turnover known for {years} year(s) only instead of {period}"},
    "independence_result": {
        "fr": "Producteur indépendant : {verdict:label}",
        "en": "Independent producer: {verdict:label}"},
})
LABELS.update({
    "pass": {"fr": "conforme", "en": "pass"},
    "fail": {"fr": "non conforme", "en": "fail"},
    "unknown": {"fr": "non établi", "en": "not established"},
})

MESSAGES.update({
    "smoothing_subject": {
        "fr": "Lissage sur trois ans, année {year} (étape 2 §8)",
        "en": "Three-year smoothing, year {year} (step 2 §8)"},
    "smoothing_payment_form": {
        "fr": "Forme « versement » : {amount:money} à verser au CCA (pas de lissage)",
        "en": "Payment form: {amount:money} payable to the CCA (no smoothing)"},
    "smoothing_use": {
        "fr": "{amount:money} {source:label} {origin} affectés {target:label} {target_year}",
        "en": "{amount:money} {source:label} {origin} applied {target:label} {target_year}"},
    "smoothing_new_surplus": {
        "fr": "Excédent de l'année : {amount:money}, déductible les deux années suivantes",
        "en": "Surplus of the year: {amount:money}, deductible in the two following years"},
    "smoothing_new_shortfall": {
        "fr": "Manquement de l'année : {amount:money}, à exécuter les deux années suivantes",
        "en": "Shortfall of the year: {amount:money}, to execute in the two following years"},
    "smoothing_shortfall_expired": {
        "fr": "Fin du lissage du manquement {origin} : {amount:money} à verser au CCA début "
              "{pay_year}",
        "en": "End of smoothing for the {origin} shortfall: {amount:money} payable to the CCA "
              "at the start of {pay_year}"},
    "smoothing_surplus_expired": {
        "fr": "Fin du lissage de l'excédent {origin} : {amount:money} ne peut plus être "
              "comptabilisé",
        "en": "End of smoothing for the {origin} surplus: {amount:money} can no longer be "
              "counted"},
    "smoothing_open_shortfall": {
        "fr": "Reste à investir : {amount:money} de l'année {origin} (au plus tard en "
              "{last_year})",
        "en": "Still to invest: {amount:money} from {origin} (by {last_year} at the latest)"},
    "smoothing_open_surplus": {
        "fr": "Excédent disponible : {amount:money} de l'année {origin} (jusqu'en {last_year})",
        "en": "Surplus available: {amount:money} from {origin} (until {last_year})"},
})
LABELS.update({
    "own": {"fr": "investissements", "en": "investments"},
    "surplus": {"fr": "excédent", "en": "surplus"},
    "obligation": {"fr": "obligation", "en": "obligation"},
    "shortfall": {"fr": "manquement", "en": "shortfall"},
})

MESSAGES.update({
    "spillover_subject": {
        "fr": "Retombées économiques en FWB de l'investissement {investment} ({amount:money}, "
              "étape 2 §9)",
        "en": "FWB economic spillover of investment {investment} ({amount:money}, step 2 §9)"},
    "spillover_address_unknown": {
        "fr": "{expense} ({amount:money}) : adresse inconnue (aucun code postal), non retenu",
        "en": "{expense} ({amount:money}): address unknown (no postal code), not counted"},
    "spillover_outside": {
        "fr": "{expense} ({amount:money}) : siège hors région de langue française et "
              "Bruxelles ({where}), non retenu",
        "en": "{expense} ({amount:money}): seat outside the French-language region and Brussels "
              "({where}), not counted"},
    "spillover_missing_fields": {
        "fr": "{expense} ({amount:money}) : mentions obligatoires manquantes ({fields:labels}), "
              "non retenu",
        "en": "{expense} ({amount:money}): mandatory fields missing ({fields:labels}), not "
              "counted"},
    "spillover_invoices": {
        "fr": "Factures retenues {invoices:money} ; salaires bruts {salaries:money}",
        "en": "Invoices counted {invoices:money}; gross salaries {salaries:money}"},
    "spillover_capped": {
        "fr": "{kind:label} : {amount:money}, plafond {share:rate} de l'investissement "
              "({cap:money}) : {kept:money} retenus, {cut:money} non retenus",
        "en": "{kind:label}: {amount:money}, cap {share:rate} of the investment ({cap:money}): "
              "{kept:money} counted, {cut:money} not counted"},
    "spillover_complete": {
        "fr": "Retombées {counted:money} pour {required:money} exigés : justifiées",
        "en": "Spillover {counted:money} for {required:money} required: proven"},
    "spillover_in_progress": {
        "fr": "Retombées {counted:money} sur {required:money} exigés ; à compléter avant le "
              "{deadline:date}",
        "en": "Spillover {counted:money} of {required:money} required; to complete by "
              "{deadline:date}"},
    "spillover_cancelled": {
        "fr": "Aucune retombée présentée au {deadline:date} : investissement annulé",
        "en": "No spillover shown by {deadline:date}: investment cancelled"},
    "spillover_reduced": {
        "fr": "Au {deadline:date}, retombées {counted:money} sur {required:money} : "
              "investissement comptabilisé pour {countable:money}",
        "en": "By {deadline:date}, spillover {counted:money} of {required:money}: investment "
              "counted for {countable:money}"},
})
LABELS.update({
    "overhead": {"fr": "Frais généraux (forfait)", "en": "Overheads (flat rate)"},
    "producer_fee": {"fr": "Rémunération du producteur (société)", "en": "Producer company fee"},
    "invoice": {"fr": "Facture", "en": "Invoice"},
    "salary": {"fr": "Salaire brut", "en": "Gross salary"},
})

MESSAGES.update({
    "calendar_subject": {
        "fr": "Calendrier de l'obligation {year} au {as_of:date}",
        "en": "Calendar of the {year} obligation on {as_of:date}"},
    "calendar_first_year": {
        "fr": "Première année d'activité (début le {start:date}) : choix de la forme dans les "
              "{days} jours, soit au plus tard le {due:date}",
        "en": "First year of activity (started {start:date}): form to be chosen within {days} "
              "days, i.e. by {due:date}"},
    "calendar_payment_default": {
        "fr": "Aucune forme officialisée au {due:date} : la contribution prend obligatoirement "
              "la forme d'un versement au CCA (étape 1 §2)",
        "en": "No form made official by {due:date}: the contribution must take the form of a "
              "payment to the CCA (step 1 §2)"},
    "calendar_done": {
        "fr": "{step:label} : échéance {due:date}, fait le {done_on:date}",
        "en": "{step:label}: due {due:date}, done on {done_on:date}"},
    "calendar_late": {
        "fr": "{step:label} : échéance {due:date}, fait en retard le {done_on:date}",
        "en": "{step:label}: due {due:date}, done late on {done_on:date}"},
    "calendar_overdue": {
        "fr": "{step:label} : échéance {due:date} dépassée, non fait",
        "en": "{step:label}: due {due:date}, overdue"},
    "calendar_upcoming": {
        "fr": "{step:label} : échéance {due:date}",
        "en": "{step:label}: due {due:date}"},
    "calendar_presumption_rebutted": {
        "fr": "Informations transmises hors délai, mais le CSA a fixé la contribution le "
              "{done_on:date} : la présomption de 3 M€ indexés (réfragable, étape 1 §2) ne "
              "s'applique plus",
        "en": "Information sent late, but the CSA fixed the contribution on {done_on:date}: the "
              "presumption of 3 M€ indexed (rebuttable, step 1 §2) no longer applies"},
    "calendar_presumption": {
        "fr": "Informations non transmises dans les délais : contribution présumée de 3 M€ "
              "indexés, à verser au CCA (présomption réfragable, étape 1 §2)",
        "en": "Information not sent in time: contribution presumed at 3 M€ indexed, payable to "
              "the CCA (rebuttable presumption, step 1 §2)"},
    "calendar_presumption_amount": {
        "fr": "Informations non transmises dans les délais : contribution présumée de "
              "{amount:money} ({base:money} indexés), à verser au CCA (présomption réfragable, "
              "étape 1 §2)",
        "en": "Information not sent in time: contribution presumed at {amount:money} "
              "({base:money} indexed), payable to the CCA (rebuttable presumption, step 1 §2)"},
    "calendar_presumption_provisional": {
        "fr": "Informations non transmises dans les délais : contribution présumée de "
              "{amount:money} ({base:money} indexés), montant provisoire tant que l'indice des "
              "prix de {needed:month} n'est pas connu, à verser au CCA (présomption réfragable, "
              "étape 1 §2)",
        "en": "Information not sent in time: contribution presumed at {amount:money} "
              "({base:money} indexed), a provisional amount until the {needed:month} price "
              "index is known, payable to the CCA (rebuttable presumption, step 1 §2)"},
})
LABELS.update({
    "choice_of_form": {"fr": "Choix de la forme de contribution", "en": "Choice of form"},
    "turnover_estimate": {"fr": "Estimation du chiffre d'affaires n-1",
                          "en": "Estimate of turnover n-1"},
    "turnover_form": {"fr": "Formulaire CA", "en": "Turnover form"},
    "csa_decision": {"fr": "Décision du CSA", "en": "CSA decision"},
    "investment_filing": {"fr": "Présentation des investissements au CCA",
                          "en": "Investments filed with the CCA"},
    "payment_letter": {"fr": "Lettre de paiement du CCA", "en": "CCA payment letter"},
})

MESSAGES.update({
    "case_year_subject": {
        "fr": "{editor} — obligation {year} (forme : {form:label})",
        "en": "{editor} — {year} obligation (form: {form:label})"},
    "case_obligation_given": {
        "fr": "Montant de l'obligation fixé par le CSA : {amount:money}",
        "en": "Obligation amount fixed by the CSA: {amount:money}"},
    "case_payment_form_investments": {
        "fr": "Forme « versement » : les investissements déclarés cette année ne sont pas "
              "comptabilisés",
        "en": "Payment form: the investments declared this year are not counted"},
    "case_obligation_met": {
        "fr": "Obligation {obligation:money} respectée pour l'année",
        "en": "Obligation {obligation:money} met for the year"},
    "case_obligation_short": {
        "fr": "Obligation {obligation:money} : manquement de {shortfall:money} reporté",
        "en": "Obligation {obligation:money}: shortfall of {shortfall:money} carried forward"},
    "case_unrealised_open": {
        "fr": "Projet non concrétisé {investment} : {remainder:money} à réaffecter au plus tard "
              "le {deadline:date} (§6)",
        "en": "Unrealised project {investment}: {remainder:money} to reassign by "
              "{deadline:date} (§6)"},
    "case_unrealised_payment": {
        "fr": "À verser au CCA : {remainder:money} du projet non concrétisé {investment} "
              "(décision {origin}, §6)",
        "en": "Payable to the CCA: {remainder:money} of the unrealised project {investment} "
              "({origin} decision, §6)"},
    "case_unrealised_expired": {
        "fr": "Projet non concrétisé {investment} : {remainder:money} non réaffecté au "
              "{deadline:date}, à verser au CCA (§6)",
        "en": "Unrealised project {investment}: {remainder:money} not reassigned by "
              "{deadline:date}, payable to the CCA (§6)"},
})

MESSAGES.update({
    # issue 12, findings 4–11: refusals and verdicts in the words of the vade-mecum
    "investment_refused": {
        "fr": "{investment} ({amount:money}) : investissement refusé par le CCA (étape 2 §3), "
              "non comptabilisé",
        "en": "{investment} ({amount:money}): investment refused by the CCA (step 2 §3), not "
              "counted"},
    "investment_cancelled_spillover": {
        "fr": "{investment} ({amount:money}) : investissement annulé faute de retombées "
              "économiques présentées dans les trois ans suivant le contrat (§9), non "
              "comptabilisé",
        "en": "{investment} ({amount:money}): investment cancelled, no economic spillover shown "
              "within three years of the contract (§9), not counted"},
    "investment_reassignment_partial": {
        "fr": "{investment} ({amount:money}) : {reassigned:money} réaffectent le projet non "
              "concrétisé {origin} (§6), déjà comptabilisé ; les {rest:money} restants comptent "
              "comme un investissement ordinaire de l'année",
        "en": "{investment} ({amount:money}): {reassigned:money} reassign the unrealised project "
              "{origin} (§6), already counted; the remaining {rest:money} count as an ordinary "
              "investment of the year"},
    "delegation_not_works": {
        "fr": "{investment} ({amount:money}) : {category:label} confiée à une société tierce ; "
              "la délégation n'est permise que « sous forme de coproduction ou de préachat » "
              "(§7), non comptabilisé",
        "en": "{investment} ({amount:money}): {category:label} delegated to a third party; "
              "delegation is allowed only as coproduction or pre-purchase (§7), not counted"},
    "legal_advantage_works": {
        "fr": "{investment} ({amount:money}) : coproduction ou préachat bénéficiant d'un avantage "
              "légal (Tax Shelter…) : « pas […] pris en considération » (§7), non comptabilisé",
        "en": "{investment} ({amount:money}): coproduction or pre-purchase benefiting from a "
              "legal advantage (Tax Shelter…): not taken into account (§7), not counted"},
    "legal_advantage_other_category": {
        "fr": "{investment} ({amount:money}) : avantage légal déclaré pour {category:label} ; "
              "l'exclusion du §7 vise la coproduction et le préachat, investissement compté",
        "en": "{investment} ({amount:money}): legal advantage declared for {category:label}; "
              "the §7 exclusion covers coproduction and pre-purchase, investment counted"},
    "validation_payment_form": {
        "fr": "Forme « versement » : les règles d'investissement (§3, dont le minimum "
              "d'initiative FWB) ne s'appliquent pas cette année",
        "en": "Payment form: the investment rules (§3, the FWB-initiative floor among them) do "
              "not apply this year"},
    "fwb_floor_covered": {
        "fr": "Œuvres d'initiative belge francophone : {works:money} pour un minimum de "
              "{floor:money} ; l'obligation de l'année est couverte par l'excédent reporté "
              "(§8) sans que rien ne soit écarté : en ordre",
        "en": "French-speaking Belgian initiative works: {works:money} against a floor of "
              "{floor:money}; the year's obligation is covered by the surplus carried forward "
              "(§8) and nothing was cut: in order"},
    "case_commitment_moved": {
        "fr": "{investment} ({amount:money}) : lettre d'engagement datée du {date:date} ; « c'est "
              "la date du courrier électronique qui déterminera l'année d'engagement » (§5) : "
              "comptée pour l'obligation {year}, pas pour {listed}",
        "en": "{investment} ({amount:money}): commitment letter dated {date:date}; its date "
              "decides the commitment year (§5): counted for the {year} obligation, not for "
              "{listed}"},
    "case_commitment_received": {
        "fr": "{investment} ({amount:money}) : déclarée en {listed}, la lettre d'engagement "
              "datée du {date:date} engage l'année {year} (§5) : comptée ici",
        "en": "{investment} ({amount:money}): filed under {listed}, the commitment letter dated "
              "{date:date} commits the year {year} (§5): counted here"},
    "case_commitment_outside": {
        "fr": "{investment} ({amount:money}) : lettre d'engagement datée du {date:date} ; sa date "
              "détermine l'année d'engagement (§5) : elle relève de l'obligation {year}, hors de "
              "ce dossier, et n'est pas comptée pour {listed}",
        "en": "{investment} ({amount:money}): commitment letter dated {date:date}; its date "
              "decides the commitment year (§5): it belongs to the {year} obligation, outside "
              "this case, and does not count for {listed}"},
    "case_reassignment_late": {
        "fr": "{investment} ({amount:money}) : réaffectation du projet non concrétisé {origin} "
              "datée du {date:date}, après le délai du {deadline:date} (« au plus tard 3 ans "
              "après la décision », §6) : elle ne réaffecte rien et compte comme un "
              "investissement ordinaire de {year}",
        "en": "{investment} ({amount:money}): reassignment of the unrealised project {origin} "
              "dated {date:date}, after the {deadline:date} deadline (three years after the "
              "decision at the latest, §6): it reassigns nothing and counts as an ordinary "
              "investment of {year}"},
    "case_reassignment_excess": {
        "fr": "{investment} ({amount:money}) : il ne restait que {left:money} à réaffecter du "
              "projet non concrétisé {origin} (§6) ; l'excédent de {excess:money} compte comme un "
              "investissement ordinaire de {year}",
        "en": "{investment} ({amount:money}): only {left:money} was left to reassign from the "
              "unrealised project {origin} (§6); the excess of {excess:money} counts as an "
              "ordinary investment of {year}"},
    "case_spillover_none_recorded": {
        "fr": "{investment} : aucune retombée économique enregistrée et le délai de trois ans "
              "après le contrat a expiré le {deadline:date} ; l'absence de preuve vaut absence "
              "de retombées (§9)",
        "en": "{investment}: no economic spillover recorded and the three years after the "
              "contract ended on {deadline:date}; absent evidence is no evidence (§9)"},
    "spillover_undated": {
        "fr": "Contrat non daté : les trois ans sont comptés à partir du {start:date} (fin de "
              "l'année d'engagement), soit jusqu'au {deadline:date}",
        "en": "Contract not dated: the three years run from {start:date} (end of the "
              "commitment year), i.e. until {deadline:date}"},
    "case_shortfall_expired_after_case": {
        "fr": "Aucun investissement connu après {last_year} : au {as_of:date}, le manquement "
              "{origin} de {amount:money} n'a pas été exécuté lors des deux exercices suivants ; "
              "l'éditeur le verse définitivement au CCA début {pay_year}, au plus tard le "
              "{due:date} (§8)",
        "en": "No investment known after {last_year}: on {as_of:date}, the {origin} shortfall "
              "of {amount:money} was not executed in the two following years; the editor pays "
              "it to the CCA at the start of {pay_year}, by {due:date} at the latest (§8)"},
    "case_unrealised_payment_after_case": {
        "fr": "À verser au CCA début {pay_year}, au plus tard le {due:date} : {remainder:money} "
              "du projet non concrétisé {investment} (décision {origin}, §6)",
        "en": "Payable to the CCA at the start of {pay_year}, by {due:date} at the latest: "
              "{remainder:money} of the unrealised project {investment} ({origin} decision, §6)"},
})

MESSAGES.update({
    # step 1 §2: the first year of activity
    "calendar_first_year_no_turnover": {
        "fr": "Première année d'activité : pas de chiffre d'affaires de l'année précédente, ni "
              "estimation ni Formulaire CA à transmettre ; seul le choix de la forme est dû, "
              "et la présomption de 3 M€ ne peut naître de leur absence",
        "en": "First year of activity: no turnover of the previous year, so neither an estimate "
              "nor a turnover form is due; only the choice of form is, and the 3 M€ "
              "presumption cannot arise from their absence"},
})

MESSAGES.update({
    # the parts of a rendered explanation (explain.Explanation.render)
    "head_inputs": {"fr": "Données :", "en": "Inputs:"},
    "head_parameters": {"fr": "Paramètres :", "en": "Parameters:"},
    "head_steps": {"fr": "Étapes :", "en": "Steps:"},
    "head_notes": {"fr": "Remarques :", "en": "Notes:"},
    "input_line": {"fr": "- {name} : {value}", "en": "- {name}: {value}"},
    "input_list": {"fr": "- {name} :", "en": "- {name}:"},
    "parameter_line": {
        "fr": "{description} : {value} ({period}) — {source}",
        "en": "{description}: {value} ({period}) — {source}"},
    "valid_between": {"fr": "du {start:date} au {end:date}",
                      "en": "from {start:date} to {end:date}"},
    "valid_since": {"fr": "depuis le {start:date}", "en": "since {start:date}"},
    "factor_value": {"fr": "{value:decimal} kg CO2e par {per:unit}",
                     "en": "{value:decimal} kg CO2e per {per:unit}"},
    "scale_band": {"fr": "de {lower:whole_money} : {rate:percent}",
                   "en": "from {lower:whole_money}: {rate:percent}"},
    "scale_band_above": {"fr": "au-delà de {lower:whole_money} : {rate:percent}",
                         "en": "above {lower:whole_money}: {rate:percent}"},
    "list_separator": {"fr": " ; ", "en": "; "},
    "month_day": {"fr": "{day}", "en": "{day}"},
    "month_day_next_year": {"fr": "{day} de l'année suivante",
                            "en": "{day} of the following year"},
    # one item of an input list (INPUTS)
    "input_turnover_line": {
        "fr": "{category:label}{service:paren} : {amount:money} HTVA, commissions de régie "
              "{commissions:money} ({market:label})",
        "en": "{category:label}{service:paren}: {amount:money} excl. VAT, ad-sales commissions "
              "{commissions:money} ({market:label})"},
    "input_service": {
        "fr": "{name} ({kind:label}) : part d'audience {audience_share:rate}, œuvres "
              "audiovisuelles {audiovisual_works_share:rate} du temps de diffusion",
        "en": "{name} ({kind:label}): audience share {audience_share:rate}, audiovisual works "
              "{audiovisual_works_share:rate} of airtime"},
    "input_investment": {
        "fr": "{category:label} {amount:money}{ref:paren}{marks:marks}",
        "en": "{category:label} {amount:money}{ref:paren}{marks:marks}"},
    "input_open": {"fr": "{amount:money} de l'année {origin}",
                   "en": "{amount:money} from {origin}"},
    "input_expense": {
        "fr": "{kind:label} {amount:money}{name:paren} : {where:address}{missing_fields:missing}",
        "en": "{kind:label} {amount:money}{name:paren}: {where:address}{missing_fields:missing}"},
    "postal_code": {"fr": "code postal {code}", "en": "postal code {code}"},
    "missing_fields": {"fr": " ; mentions obligatoires manquantes : {fields:labels}",
                       "en": "; mandatory fields missing: {fields:labels}"},
    "input_holding": {"fr": "{key} : {value:rate}", "en": "{key}: {value:rate}"},
    "input_shareholder": {
        "fr": "{name} : {share:rate} du capital ; éditeur : {is_editor:yesno} ; part la plus "
              "grande détenue dans un éditeur : {share_in_an_editor:rate}",
        "en": "{name}: {share:rate} of the capital; editor: {is_editor:yesno}; largest share "
              "held in an editor: {share_in_an_editor:rate}"},
    "input_producer_turnover": {
        "fr": "{year} : chiffre d'affaires {total:money} ; ventes de production : "
              "{by_editor:money_by}",
        "en": "{year}: turnover {total:money}; sales of production: {by_editor:money_by}"},
    "input_done": {"fr": "{key:label} : le {value:date}", "en": "{key:label}: on {value:date}"},
    # a rule's verdict as the CLI prints it (montage.law.investments.Check.text)
    "check_line": {"fr": "{name:label} : {verdict:label} — {detail}",
                   "en": "{name:label}: {verdict:label} — {detail}"},
})

# The inputs an explanation records (Explanation.input): their names, and how a value is shown
# (a format of explain._Formatter; "each:KEY" a list, one item a line by the message KEY; "pairs:KEY"
# a mapping, each {key, value} by KEY).
INPUTS: dict[str, dict[str, str]] = {
    "year": {"fr": "Année d'obligation", "en": "Obligation year", "as": ""},
    "eligible_turnover": {"fr": "Chiffre d'affaires éligible", "en": "Eligible turnover",
                          "as": "money"},
    "editor_kind": {"fr": "Éditeur", "en": "Editor", "as": "label"},
    "turnover_lines": {"fr": "Lignes du Formulaire CA", "en": "Turnover form lines",
                       "as": "each:input_turnover_line"},
    "turnover_exempt": {"fr": "Chiffre d'affaires sous le seuil de dérogation",
                        "en": "Turnover below the exemption threshold", "as": "yesno"},
    "services": {"fr": "Services", "en": "Services", "as": "each:input_service"},
    "obligation": {"fr": "Montant de l'obligation", "en": "Obligation amount", "as": "money"},
    "form": {"fr": "Forme de la contribution", "en": "Form of contribution", "as": "label"},
    "investments": {"fr": "Investissements déclarés", "en": "Investments declared",
                    "as": "each:input_investment"},
    "countable": {"fr": "Investissements comptabilisables de l'année",
                  "en": "Countable investments of the year", "as": "money"},
    "shortfalls_open": {"fr": "Manquements ouverts au début de l'année",
                        "en": "Shortfalls open at the start of the year", "as": "each:input_open"},
    "surpluses_open": {"fr": "Excédents ouverts au début de l'année",
                       "en": "Surpluses open at the start of the year", "as": "each:input_open"},
    "investment": {"fr": "Montant de l'investissement", "en": "Investment amount",
                   "as": "money"},
    "contract_date": {"fr": "Date du contrat", "en": "Contract date", "as": "date"},
    "as_of": {"fr": "Situation au", "en": "As of", "as": "date"},
    "expenses": {"fr": "Dépenses présentées", "en": "Expenses shown",
                 "as": "each:input_expense"},
    "producer": {"fr": "Producteur", "en": "Producer", "as": ""},
    "established_in_eu": {"fr": "Établi dans l'UE", "en": "Established in the EU",
                          "as": "yesno"},
    "separate_legal_personality": {"fr": "Personnalité juridique distincte",
                                   "en": "Separate legal personality", "as": "yesno"},
    "holdings_in_editors": {"fr": "Parts détenues dans des éditeurs",
                            "en": "Shares held in editors", "as": "pairs:input_holding"},
    "shareholders": {"fr": "Actionnaires", "en": "Shareholders", "as": "each:input_shareholder"},
    "producer_turnover": {"fr": "Chiffre d'affaires par année", "en": "Turnover by year",
                          "as": "each:input_producer_turnover"},
    "chosen_form": {"fr": "Forme choisie", "en": "Form chosen", "as": "label"},
    "done": {"fr": "Échéances remplies", "en": "Deadlines met", "as": "pairs:input_done"},
    "first_activity_day": {"fr": "Premier jour d'activité", "en": "First day of activity",
                           "as": "date"},
}

LABELS.update({
    # the fields of a row of a list parameter (wallimage.tranche_schedule)
    "share": {"fr": "part", "en": "share"},
    "spend_share": {"fr": "après dépenses prouvées", "en": "after proven spend"},
    "none": {"fr": "aucun", "en": "none"},
    "address_unknown": {"fr": "adresse inconnue", "en": "address unknown"},
    "not_given": {"fr": "non communiqué", "en": "not given"},
    "yes": {"fr": "oui", "en": "yes"},
    "no": {"fr": "non", "en": "no"},
    "not_known": {"fr": "inconnu", "en": "unknown"},
    "met": {"fr": "respecté", "en": "met"},
    "not_met": {"fr": "non respecté", "en": "not met"},
    # markets of a turnover line
    "eu_contributing_state": {"fr": "État de l'UE où l'éditeur contribue déjà",
                              "en": "EU state where the editor already contributes"},
    "brussels_total": {"fr": "toute la Région de Bruxelles-Capitale",
                       "en": "whole Brussels-Capital Region"},
    "belgium_total": {"fr": "toute la Belgique", "en": "whole of Belgium"},
    # exemptions
    "below_minimum": {"fr": "sous le minimum de", "en": "below the minimum of"},
    "not_below_minimum": {"fr": "pas sous le minimum de", "en": "not below the minimum of"},
    "audience_share": {"fr": "Part d'audience", "en": "Audience share"},
    "audiovisual_works_share": {"fr": "Part d'œuvres audiovisuelles",
                                "en": "Share of audiovisual works"},
    "turnover_below_threshold": {"fr": "chiffre d'affaires éligible sous le seuil",
                                 "en": "eligible turnover below the threshold"},
    "audience_share_below_minimum": {"fr": "part d'audience sous le minimum",
                                     "en": "audience share below the minimum"},
    "audiovisual_works_below_minimum": {"fr": "œuvres audiovisuelles sous le minimum",
                                        "en": "audiovisual works below the minimum"},
    # genres of programme commissions (annex 1)
    "audiovisual_work": {"fr": "œuvre audiovisuelle", "en": "audiovisual work"},
    "commercial_communication": {"fr": "communication commerciale",
                                 "en": "commercial communication"},
    "paid_interaction": {"fr": "interaction payante", "en": "paid interaction"},
    "game_show": {"fr": "jeu", "en": "game show"},
    "news": {"fr": "actualités", "en": "news"},
    "reality_tv": {"fr": "téléréalité", "en": "reality TV"},
    "sports_event": {"fr": "retransmission sportive", "en": "sports event"},
    # marks on an investment (input_investment)
    "fwb_initiative": {"fr": "initiative belge francophone",
                       "en": "French-speaking Belgian initiative"},
    "delegated": {"fr": "confié à une société tierce", "en": "delegated to a third party"},
    "legal_advantage": {"fr": "avantage légal", "en": "legal advantage"},
    "cancelled": {"fr": "annulé", "en": "cancelled"},
    "unrealised": {"fr": "non concrétisé", "en": "unrealised"},
    # smoothing (smoothing_use)
    "from_own": {"fr": "des investissements de", "en": "of investments of"},
    "from_surplus": {"fr": "de l'excédent de", "en": "of the surplus of"},
    "to_obligation": {"fr": "à l'obligation de", "en": "to the obligation of"},
    "to_shortfall": {"fr": "au manquement de", "en": "to the shortfall of"},
    # mandatory invoice fields (spillover)
    "invoice_mention": {"fr": "mention « Facture »", "en": "the word “Invoice”"},
    "supplier_name": {"fr": "nom du fournisseur", "en": "supplier's name"},
    "supplier_address": {"fr": "adresse du fournisseur", "en": "supplier's address"},
    "client_name": {"fr": "nom du client", "en": "client's name"},
    "client_address": {"fr": "adresse du client", "en": "client's address"},
    "invoice_date": {"fr": "date de la facture", "en": "invoice date"},
    "supplier_vat_number": {"fr": "numéro de TVA du fournisseur",
                            "en": "supplier's VAT number"},
    "client_vat_number": {"fr": "numéro de TVA du client", "en": "client's VAT number"},
    "description": {"fr": "description", "en": "description"},
    "vat_rate": {"fr": "taux de TVA", "en": "VAT rate"},
    "amount_excl_vat": {"fr": "montant hors TVA", "en": "amount excluding VAT"},
    # missing producer facts (independence_missing)
    "holdings_in_editors": {"fr": "parts détenues dans des éditeurs",
                            "en": "shares held in editors"},
    "shareholders": {"fr": "actionnaires", "en": "shareholders"},
    "turnover": {"fr": "chiffre d'affaires par année", "en": "turnover by year"},
    # the rules' checks (Check.name)
    "commission_development_share": {"fr": "Part d'écriture et de développement des commandes",
                                      "en": "Writing and development share of commissions"},
    "commission_cap": {"fr": "Plafond des commandes de programmes",
                       "en": "Cap on programme commissions"},
    "training_cap": {"fr": "Plafond de la formation professionnelle",
                     "en": "Cap on professional training"},
    "accessibility_cap": {"fr": "Plafond de l'accessibilité", "en": "Cap on accessibility"},
    "dubbing_subtitling_cap": {"fr": "Plafond du doublage et du sous-titrage",
                               "en": "Cap on dubbing and subtitling"},
    "fwb_initiative_floor": {"fr": "Minimum d'œuvres d'initiative belge francophone",
                             "en": "Floor of French-speaking Belgian initiative works"},
    "obligation_met": {"fr": "Obligation de l'année", "en": "Obligation of the year"},
    "smoothing_shortfall_expired": {"fr": "Fin du lissage d'un manquement",
                                    "en": "End of smoothing of a shortfall"},
    "unrealised_reassignment": {"fr": "Réaffectation d'un projet non concrétisé",
                                "en": "Reassignment of an unrealised project"},
    "commitment_year": {"fr": "Année d'engagement", "en": "Commitment year"},
    "investment_refused": {"fr": "Investissement refusé", "en": "Investment refused"},
    "investment_cancelled": {"fr": "Investissement annulé", "en": "Investment cancelled"},
    "commission_genre": {"fr": "Genre de la commande", "en": "Genre of the commission"},
    "independent_producer": {"fr": "Producteur indépendant", "en": "Independent producer"},
    "third_party_delegation": {"fr": "Délégation à une société tierce",
                               "en": "Delegation to a third party"},
})


def register(owner: str, *pairs: tuple[dict, dict]) -> None:
    """Add another package's words (finance, fund) to these catalogues, as (catalogue, extra)
    pairs, so that one formatter renders every explanation; a key already used with other words
    is refused rather than overwritten."""
    for catalogue, extra in pairs:
        for key, texts in extra.items():
            if key in catalogue and catalogue[key] != texts:
                raise RuntimeError(f"{owner} message key {key!r} is already used by the engine")
            catalogue[key] = texts
