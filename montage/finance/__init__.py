"""The producer's desk: expenses, each financier's spend obligation, budget and cost report.

Pure rules, no database: the application builds `Expense` objects from its records and asks each
obligation rule whether an expense counts (`eligible`) and where a project stands (`assess`).
"""
