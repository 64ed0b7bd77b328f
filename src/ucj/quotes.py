"""Does a number appear in its verbatim quote? One answer for every data file that carries quotes.

Published figures are copied from their page with a short verbatim quote; a figure that cannot be
found in its own quote was typed wrong or computed (and the data files compute nothing). A number
counts as written in the quote in any of the forms Indonesian and English pages use: 17143, 17.143,
17,143, 17 143; 41,3 or 41.3 (a percentage or a decimal); "17,1 ribu", "1,5 juta" (rounded as
written: within half a unit of the last digit shown); and in words for small multiples ("sembilan
ribu", "seribu", "tiga persen").
"""

from __future__ import annotations

from collections.abc import Iterator

WORDS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
    "seratus": 100,
}
SCALES = {"ribu": 1_000, "juta": 1_000_000, "miliar": 1_000_000_000}


def written_forms(value: float) -> set[str]:
    """The lower-case forms ``value`` may take in a quote (module doc)."""
    return set(_forms(value))


def _forms(value: float) -> Iterator[str]:
    """`written_forms` one by one, the common ones first (digits as written, grouped or not), so that
    `appears_in` stops at the first one found (most quotes write the number in digits)."""
    is_whole = value == int(value)
    if is_whole:
        n = int(value)
        grouped = f"{n:,}"
        yield from (str(n), grouped.replace(",", "."), grouped, grouped.replace(",", " "))
    text = f"{value:g}"
    yield from (text, text.replace(".", ","))
    for decimals in (1, 2):
        shown = f"{value:.{decimals}f}"
        yield from (shown, shown.replace(".", ","))
    if not is_whole:
        return
    for unit, size in SCALES.items():
        if n * 100 >= size:  # "0,64 juta" as well
            for decimals in (0, 1, 2, 3):
                shown = round(n / size, decimals)
                if abs(shown * size - n) <= 0.5 * size * 10**-decimals:
                    text = f"{shown:.{decimals}f}"
                    for t in (text, text.replace(".", ",")):
                        yield from (f"{t} {unit}", f"{t}{unit}")
            for word, k in WORDS.items():
                if k * size == n:
                    yield f"{word} {unit}"
            if n == size:
                yield f"se{unit}"
    yield from (f"{word} persen" for word, k in WORDS.items() if k == n)


def appears_in(value: float, quote: str) -> bool:
    """Whether ``value`` is written in ``quote`` in one of its forms (`written_forms`)."""
    text = str(quote).lower().replace("\u00a0", " ")
    return any(form in text for form in _forms(float(value)))
