"""The fund-management desk: a regional fund's side of the money (calls, coproductions, portfolio).

`report` reads a list of coproduction investments and totals them as the fund's annual report
does; `data/` keeps line items transcribed from published reports, with their known flaws listed
in docs/fund.md.
"""
