"""Montage: the money side of audiovisual production in the Fédération Wallonie-Bruxelles.

`montage.law` is the law engine (pure Python, no web or database imports); `montage.money` is the
one money type; `montage.territory` is the one place where an address becomes a territory.
"""

__version__ = "0.1.0"
