"""The law engine: the FWB contribution obligation of television service editors, as code.

Sources: decree of 4 February 2021 on audiovisual media services, art. 6.1.1-1 (as amended on
6 December 2023); order of the Government of the French Community of 21 February 2024; the CSA/CCA
vade-mecum 2025 (version for television service editors). Every rate, cap, floor, threshold and
deadline lives in `parameters/*.yaml` with its source and validity; the modules here read them.

This package imports no web framework and no database: it can be read next to the law and tested
alone. Every computation returns its result with an `Explanation`.
"""
