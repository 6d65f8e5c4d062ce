"""The words of the fund's explanations (montage.fund), in French and English.

Registered in the engine's catalogue (`montage.law.messages.register`) on import, so that a
source line of a table, a yield step or a film-office step is a `montage.law.explain.Line` (a key
and its figures) rendered in the reader's language by the one formatter: money "1 234,56 €",
rates "12,34 %", codes by their names.
"""

from montage.law.messages import LABELS, MESSAGES, register

FUND_MESSAGES: dict[str, dict[str, str]] = {
    # a group's totals (montage.fund.report.total)
    "fund_rows": {
        "fr": {"one": "{count} projet (ligne {lines} de la source) : {titles}",
               "other": "{count} projets (lignes {lines} de la source) : {titles}"},
        "en": {"one": "{count} project (line {lines} of the source): {titles}",
               "other": "{count} projects (lines {lines} of the source): {titles}"}},
    "fund_no_rows": {"fr": "Aucun projet", "en": "No project"},
    "fund_investment_sum": {
        "fr": "Montants investis = {terms:moneys} = {total:money}",
        "en": "Invested = {terms:moneys} = {total:money}"},
    "fund_spend_sum": {
        "fr": "Dépenses wallonnes = {terms:moneys} = {total:money}",
        "en": "Walloon spend = {terms:moneys} = {total:money}"},
    "fund_ratio": {
        "fr": "Ratio = dépenses wallonnes / montants investis = {spend:money} / "
              "{investment:money} = {ratio:rate} (arrondi au centième de pour cent, demi "
              "supérieur)",
        "en": "Ratio = Walloon spend / invested = {spend:money} / {investment:money} = "
              "{ratio:rate} (half-up to a hundredth of a percent)"},
    "fund_ratio_undefined": {
        "fr": "Ratio non défini : rien n'est investi (le rapport imprime « NA »)",
        "en": "Ratio undefined: nothing is invested (the report prints “NA”)"},
    "fund_average": {
        "fr": "Investissement moyen = montants investis / projets = {investment:money} / "
              "{projects} = {average:money} (arrondi au cent, demi supérieur)",
        "en": "Average investment = invested / projects = {investment:money} / {projects} = "
              "{average:money} (half-up to the cent)"},
    "fund_average_none": {
        "fr": "Investissement moyen : aucun projet, 0,00 € (comme le rapport pour une catégorie "
              "vide)",
        "en": "Average investment: no project, €0.00 (as the report prints for an empty "
              "category)"},
    # the rows of the annual report's tables (montage.fund.annual_report)
    "fund_unrounded": {
        "fr": "Le ratio et les parts sont gardés non arrondis : arrondis aux chiffres affichés, "
              "et aux chiffres imprimés pour la comparaison avec le rapport",
        "en": "The ratio and the shares are kept unrounded: rounded to the digits shown, and to "
              "the printed digits when compared with the report"},
    "fund_shares": {
        "fr": "Parts = cette ligne / le total du tableau : projets {projects} / {all_projects}, "
              "montants {investment:money} / {all_investment:money}, dépenses {spend:money} / "
              "{all_spend:money}",
        "en": "Shares = this row / the table's total: projects {projects} / {all_projects}, "
              "amounts {investment:money} / {all_investment:money}, spend {spend:money} / "
              "{all_spend:money}"},
    "fund_item": {
        "fr": "{file}, ligne {line} (ligne {number} du rapport) : investissement "
              "{investment:money}, dépenses wallonnes {spend:money}",
        "en": "{file}, line {line} (report row {number}): investment {investment:money}, "
              "Walloon spend {spend:money}"},
    "fund_item_ratio": {
        "fr": "Ratio = dépenses wallonnes / investissement",
        "en": "Ratio = Walloon spend / investment"},
    "fund_directors_category": {
        "fr": "Personnes de la catégorie « {category:label} » dans les lignes de {file} "
              "(lignes {lines}) ; un projet compte une fois par catégorie où il a une personne",
        "en": "People of the category “{category:label}” in the rows of {file} (lines "
              "{lines}); a project counts once per category it has a person in"},
    "fund_directors_people": {
        "fr": "Personnes = les réalisateur·rices de chaque ligne (« X et Y » en compte deux) : "
              "{counts}",
        "en": "People = the directors of each row (“X et Y” counts two): {counts}"},
    "fund_directors_investment": {
        "fr": "Montants investis = ceux des projets, chaque projet une fois",
        "en": "Invested = the projects' investment, each project once"},
    "fund_gaming_lines": {
        "fr": "{file}, lignes {lines}", "en": "{file}, lines {lines}"},
    "fund_gaming_investment": {
        "fr": "Montants engagés = {terms:moneys} = {total:money}",
        "en": "Committed = {terms:moneys} = {total:money}"},
    "fund_gaming_formulas": {
        "fr": "Ratio = dépenses / montants engagés ; dépenses par euro investi = dépenses / "
              "montants engagés",
        "en": "Ratio = spend / committed; spend per euro invested = spend / committed"},
    "fund_gaming_rows": {"fr": "Lignes de {file}", "en": "Rows of {file}"},
    "fund_gaming_phase": {"fr": "Lignes de la phase « {phase:label} »",
                          "en": "Rows of the phase “{phase:label}”"},
    "fund_gaming_both": {"fr": "Titres présents dans les deux phases : {titles}",
                         "en": "Titles present in both phases: {titles}"},
    "fund_gaming_titles": {"fr": "Titres distincts", "en": "Distinct titles"},
    "fund_gaming_companies": {"fr": "Sociétés distinctes", "en": "Distinct companies"},
    "fund_sector": {
        "fr": "{file}, ligne {line} : capital {equity:money} + prêts {loan:money} = "
              "{amount:money}",
        "en": "{file}, line {line}: equity {equity:money} + loans {loan:money} = "
              "{amount:money}"},
    "fund_sector_shares": {
        "fr": "Parts : {amount:money} / {whole:money} ; {companies} / {all_companies} sociétés",
        "en": "Shares: {amount:money} / {whole:money}; {companies} / {all_companies} companies"},
    "fund_sector_total": {
        "fr": {"one": "Sommes de la {count} ligne de secteur de {file}",
               "other": "Sommes des {count} lignes de secteur de {file}"},
        "en": {"one": "Sums of the {count} sector line of {file}",
               "other": "Sums of the {count} sector lines of {file}"}},
    # the enterprise fund's yield (montage.fund.enterprise)
    "fund_file_line": {"fr": "ligne {line}", "en": "line {line}"},
    "fund_named": {"fr": "{code:label}", "en": "{code:label}"},
    "fund_position": {"fr": "{company} / {instrument:label}",
                      "en": "{company} / {instrument:label}"},
    "fund_yield_column": {
        "fr": "{who:text} : {column} = {kind:label} = {terms:terms} = {total:money}",
        "en": "{who:text}: {column} = {kind:label} = {terms:terms} = {total:money}"},
    "fund_yield_total_column": {
        "fr": "Total : {column} = {terms:terms}",
        "en": "Total: {column} = {terms:terms}"},
    "fund_yield_outstanding": {
        "fr": "{who:text} : D = A − B − C = {invested:money} − {losses:money} − {repaid:money} = "
              "{outstanding:money} (soldes restant dus / participations actives)",
        "en": "{who:text}: D = A − B − C = {invested:money} − {losses:money} − {repaid:money} = "
              "{outstanding:money} (outstanding)"},
    "fund_yield_exited": {
        "fr": "{who:text} : E = B + C = {losses:money} + {repaid:money} = {exited:money} (montants "
              "sortis, y compris faillites)",
        "en": "{who:text}: E = B + C = {losses:money} + {repaid:money} = {exited:money} (amounts "
              "exited, bankruptcies included)"},
    "fund_yield_net": {
        "fr": "{who:text} : H = F + G − B = {income:money} + {eif:money} − {losses:money} = "
              "{net:money} (rendement net)",
        "en": "{who:text}: H = F + G − B = {income:money} + {eif:money} − {losses:money} = "
              "{net:money} (net yield)"},
    "fund_yield_rate": {
        "fr": "{who:text} : H / E = {net:money} / {exited:money} = {rate:rate} (rendement net sur "
              "montants sortis, arrondi au centième de pour cent, demi supérieur)",
        "en": "{who:text}: H / E = {net:money} / {exited:money} = {rate:rate} (net yield on amounts "
              "exited, half-up to a hundredth of a percent)"},
    "fund_yield_undefined": {
        "fr": "{who:text} : H / E non défini, rien n'est encore sorti (E = 0)",
        "en": "{who:text}: H / E undefined, nothing has exited yet (E = 0)"},
    "fund_outstanding_check": {
        "fr": "{instrument:label} : D = {ours:money} dans le tableau des mouvements, "
              "{by_sector:money} par secteur : {verdict:text}",
        "en": "{instrument:label}: D = {ours:money} in the movements table, {by_sector:money} "
              "by sector: {verdict:text}"},
    "fund_agree": {"fr": "concordent", "en": "they agree"},
    "fund_differ_by": {"fr": "écart de {difference:money}", "en": "they differ by "
                       "{difference:money}"},
    # the cash-flow loan's terms (montage.fund.enterprise.check_cashflow_loan)
    "fund_money": {"fr": "{amount:money}", "en": "{amount:money}"},
    "fund_rate": {"fr": "{rate:rate}", "en": "{rate:rate}"},
    "fund_cashflow_amount_rule": {
        "fr": "de {low:money} à {high:money}, bornes comprises",
        "en": "from {low:money} to {high:money}, bounds included"},
    "fund_cashflow_rate_rule": {
        "fr": "taux fixe de {rate:percent} par an, intérêts payés {payment:label}",
        "en": "fixed {rate:percent} a year, interest paid {payment:label}"},
    "fund_cashflow_months": {"fr": "{months} mois", "en": "{months} months"},
    "fund_cashflow_months_rule": {
        "fr": "de {shortest} à {longest} mois, remboursement {repayment:label} (en une fois à "
              "la fin)",
        "en": "from {shortest} to {longest} months, repaid {repayment:label} (in one payment "
              "at the end)"},
    "fund_cashflow_secured": {
        "fr": "{secured:money} sur {budget:money} = {share:rate}",
        "en": "{secured:money} of {budget:money} = {share:rate}"},
    "fund_cashflow_secured_rule": {
        "fr": "au moins {share:percent} du budget de production déjà acquis",
        "en": "at least {share:percent} of the production budget already secured"},
    "fund_cashflow_inputs": {
        "fr": "Données : montant {amount:money}, taux {rate:rate}, {months} mois, budget "
              "{budget:money}, acquis {secured:money} ; conditions en vigueur le {on:date}",
        "en": "Inputs: amount {amount:money}, rate {rate:rate}, {months} months, budget "
              "{budget:money}, secured {secured:money}; terms in force on {on:date}"},
    "fund_cashflow_verdict": {
        "fr": "{term:label} : {figure:text} — {rule:text} : {verdict:label}",
        "en": "{term:label}: {figure:text} — {rule:text}: {verdict:label}"},
    "fund_cashflow_share": {
        "fr": "Part acquise = acquis / budget = {secured:money} / {budget:money} = {share:rate}",
        "en": "Secured share = secured / budget = {secured:money} / {budget:money} = "
              "{share:rate}"},
    "fund_cashflow_monthly": {
        "fr": "Intérêts mensuels = montant × taux / 12 = {amount:money} × {rate:rate} / 12 = "
              "{monthly:money} (arrondi au cent, demi supérieur)",
        "en": "Monthly interest = amount × rate / 12 = {amount:money} × {rate:rate} / 12 = "
              "{monthly:money} (half-up to the cent)"},
    "fund_cashflow_total": {
        "fr": "Intérêts totaux = intérêts mensuels × mois = {monthly:money} × {months} = "
              "{total:money} ; principal {amount:money} remboursé à la fin du mois {months}",
        "en": "Total interest = monthly interest × months = {monthly:money} × {months} = "
              "{total:money}; principal {amount:money} repaid at the end of month {months}"},
    "fund_cashflow_not_checked": {
        "fr": "Non vérifié ici (ce ne sont pas des chiffres) : emprunteur société de production "
              "wallonne ou bruxelloise, PME non en difficulté (définition européenne) ; gage sur "
              "créances au profit de Wallimage et St'Art Invest ; garanties européennes InvestEU "
              "et CCS GF (rapport §1.4.4)",
        "en": "Not checked here (not figures): the borrower is a Walloon or Brussels production "
              "company, an SME not in difficulty (EU definition); pledge on receivables to "
              "Wallimage and St'Art Invest; European guarantees InvestEU and CCS GF (report "
              "§1.4.4)"},
    # the coproduction receipts of a year, §6.2 (montage.fund.recoupments)
    "fund_receipts_total": {
        "fr": "Recettes de l'exercice : {total:money} sur {works} œuvres de {companies} sociétés "
              "de production (chaque œuvre comptée une fois).",
        "en": "Receipts of the year: {total:money} on {works} works of {companies} production "
              "companies (each work counted once)."},
    "fund_receipts_large": {
        "fr": "Projets au-delà de {threshold:money} ({source}) : {projects}, {receipts:money}, "
              "soit {share:percent} des recettes.",
        "en": "Projects above {threshold:money} ({source}): {projects}, {receipts:money}, that "
              "is {share:percent} of the receipts."},
    "fund_receipts_type": {
        "fr": "{type:label} : {receipts:money} sur {projects} projets, soit {of_total:percent} "
              "du total et {of_large:percent} des projets au-delà du seuil.",
        "en": "{type:label}: {receipts:money} on {projects} projects, that is {of_total:percent} "
              "of the total and {of_large:percent} of the projects above the threshold."},
    # a term of a call taken from the regulation (montage.web.fund.rules.terms)
    "fund_regulation": {"fr": "{description_fr} : {source}", "en": "{description_en}: {source}"},
    # the film office's estimate (montage.fund.film_office)
    "fund_film_subject": {
        "fr": "Impact estimé des tournages de {year} (rapport §2.2.7.2)",
        "en": "Estimated impact of the {year} shootings (report §2.2.7.2)"},
    "fund_film_year": {
        "fr": "Année {year} : paramètres en vigueur le {on:date}",
        "en": "Year {year}: parameters in force on {on:date}"},
    "fund_film_days": {
        "fr": "{type:label} : A = jours − jours couverts par un projet financé = {days} − "
              "{covered} = {affectable} ({files} dossiers, {shot} tournés dans la région)",
        "en": "{type:label}: A = days − days covered by a funded project = {days} − {covered} "
              "= {affectable} ({files} files, {shot} shot in the region)"},
    "fund_film_days_total": {
        "fr": "Total : {days} jours, dont {covered} couverts, {affectable} affectables",
        "en": "Total: {days} days, {covered} covered, {affectable} affectable"},
    "fund_film_measured": {
        "fr": "{variant:label} : {type:label} : {column} = (B − AV) + {share:rate} × AV = "
              "({per_day:money} − {av:money}) + {share:rate} × {av:money} = {result:decimal}\u00a0€ "
              "par jour ; A × {column} = {days} × {result:decimal}\u00a0€ = {spend:money} (arrondi "
              "au cent) ; + complément {complement:money} = {total:money}",
        "en": "{variant:label}: {type:label}: {column} = (B − AV) + {share:rate} × AV = "
              "({per_day:money} − {av:money}) + {share:rate} × {av:money} = €{result:decimal} "
              "a day; A × {column} = {days} × €{result:decimal} = {spend:money} (rounded to "
              "the cent); + complement {complement:money} = {total:money}"},
    "fund_film_flat": {
        "fr": "{variant:label} : {type:label} : {column} = forfait de {per_day:money} par jour "
              "(non mesuré, gardé entier dans chaque variante) ; A × {column} = {days} × "
              "{per_day:money} = {spend:money} ; + complément {complement:money} = "
              "{total:money}",
        "en": "{variant:label}: {type:label}: {column} = flat {per_day:money} a day (not "
              "measured, kept whole in every variant); A × {column} = {days} × {per_day:money} "
              "= {spend:money}; + complement {complement:money} = {total:money}"},
    "fund_film_variant_total": {
        "fr": "{variant:label} : total = Σ A × {column} + Σ complément = {spend:money} + "
              "{complement:money} = {total:money}",
        "en": "{variant:label}: total = Σ A × {column} + Σ complement = {spend:money} + "
              "{complement:money} = {total:money}"},
    "fund_film_range": {
        "fr": "Estimation : entre {low:money} et {high:money}",
        "en": "Estimate: between {low:money} and {high:money}"},
}

FUND_LABELS: dict[str, dict[str, str]] = {
    # the enterprise fund's movements (columns of §6.1) and instruments
    "fund.movement.invested": {"fr": "montants prêtés / souscrits", "en": "amounts lent / subscribed"},
    "fund.movement.bankruptcy_loss": {"fr": "pertes sur faillite", "en": "losses on bankruptcy"},
    "fund.movement.repaid": {"fr": "remboursés / participations vendues", "en": "repaid / stakes sold"},
    "fund.movement.income": {"fr": "intérêts / plus-values", "en": "interest / gains"},
    "fund.movement.eif_coverage": {"fr": "couverture FEI", "en": "EIF coverage"},
    "fund.instrument.loan": {"fr": "Prêt", "en": "Loans"},
    "fund.instrument.equity": {"fr": "Capital", "en": "Equity"},
    "fund.total": {"fr": "Total", "en": "Total"},
    # the cash-flow loan's terms (their values in the parameters are words: "monthly", "bullet")
    "fund.term.amount": {"fr": "Montant", "en": "Amount"},
    "fund.term.rate": {"fr": "Taux", "en": "Rate"},
    "fund.term.months": {"fr": "Durée", "en": "Term"},
    "fund.term.secured": {"fr": "Budget acquis", "en": "Budget secured"},
    "fund.word.monthly": {"fr": "mensuellement", "en": "monthly"},
    "fund.word.bullet": {"fr": "in fine", "en": "bullet"},
    # the film office's variants
    "fund.variant.gross": {"fr": "Brut", "en": "Gross"},
    "fund.variant.prudent": {"fr": "Prudent", "en": "Prudent"},
    "fund.variant.very_prudent": {"fr": "Très prudent", "en": "Very prudent"},
}

register("fund", (MESSAGES, FUND_MESSAGES), (LABELS, FUND_LABELS))


def register_labels(prefix: str, labels: dict[str, tuple[str, str]]) -> None:
    """Names in words of a module's codes, given as (English, French) pairs: "prefix.code"."""
    register("fund", (LABELS, {f"{prefix}.{code}": {"en": en, "fr": fr}
                               for code, (en, fr) in labels.items()}))
