"""Small counts that could point at a person are shown as "<3" (the threshold is the
municipality's setting), and enough other cells are hidden with them that the suppressed value
cannot be worked out from the total and the other cells.

A group of cells that add up to a total the viewer knows (a partition) is protected as a whole:
for every suppressed cell, the values it could take given what is shown must be more than one.
Where no choice of extra cells can ensure that, every cell of the group is hidden.

That protects one page. Against subtracting two pages (a year minus the same year without its
last day), every count a protected viewer sees is also rounded to a multiple of a base (default
5): the same true count always gives the same shown number, and two shown numbers never pin a
difference below the threshold (docs/overview.md)."""

from dataclasses import dataclass

SHOWN, SMALL, HIDDEN = "shown", "small", "hidden"


@dataclass(frozen=True)
class Shown:
    """How one count is shown: the number, or a marker."""

    value: int  # the true count: for the code, never for the page
    state: str = SHOWN
    rounded: int | None = None  # what the page shows, where it is rounded

    @property
    def is_shown(self):
        return self.state == SHOWN

    @property
    def number(self):
        """The number the page and its charts show: the rounded count for a protected viewer,
        None unless shown, so nothing carries a hidden count."""
        if not self.is_shown:
            return None
        return self.value if self.rounded is None else self.rounded


def round_count(value, base):
    """A count rounded to the nearest multiple of `base` (halves up), the same every time.
    0 stays 0 (a true zero); a non-zero count never rounds down to 0 but to `base`."""
    if base <= 1 or not value:
        return value
    return max(base, (value + base // 2) // base * base)


def round_shown(shown, base):
    """A Shown with the number to show rounded; markers stay markers."""
    if not shown.is_shown or base <= 1:
        return shown
    return Shown(shown.value, shown.state, round_count(shown.value, base))


def suppress_partition(values, threshold):
    """[state] for counts that add up to a known total."""
    states = [SMALL if 0 < value < threshold else SHOWN for value in values]
    if threshold <= 1 or SMALL not in states:
        return states
    while _determinable(values, states, threshold):
        candidate = _next_to_hide(values, states)
        if candidate is None:
            return [HIDDEN if value else SHOWN for value in values] if values else states
        states[candidate] = HIDDEN
    return states


def _next_to_hide(values, states):
    """The smallest shown non-zero cell, else a shown zero."""
    open_cells = [i for i, state in enumerate(states) if state == SHOWN]
    nonzero = [i for i in open_cells if values[i]]
    pool = nonzero or open_cells
    return min(pool, key=lambda i: (values[i], i)) if pool else None


def bounds(values, states, threshold):
    """What a reader can know of each suppressed cell: (lowest, highest) possible value, given
    the total, the shown cells, that a "<t" cell lies in 1..t-1, and (to be safe) that a hidden
    cell is at least t when it is non-zero."""
    hidden = [i for i, state in enumerate(states) if state != SHOWN]
    rest = sum(values[i] for i in hidden)
    low = {i: 1 if states[i] == SMALL else (threshold if values[i] else 0) for i in hidden}
    high = {i: threshold - 1 if states[i] == SMALL else None for i in hidden}
    # Sums over all hidden cells, less the cell's own share: one pass, not one per cell (a
    # week's grid has 168 cells, and a cell is hidden at a time until none can be worked out).
    all_low = sum(low.values())
    all_high = sum(value for value in high.values() if value is not None)
    unbounded = sum(value is None for value in high.values())
    result = {}
    for i in hidden:
        top = rest - (all_low - low[i])
        if high[i] is not None:
            top = min(top, high[i])
        if unbounded - (high[i] is None):  # another cell could hold any large rest
            bottom = low[i]
        else:
            bottom = max(low[i], rest - (all_high - (high[i] or 0)))
        result[i] = (bottom, top)
    return result


def _determinable(values, states, threshold):
    return any(
        low == high
        for i, (low, high) in bounds(values, states, threshold).items()
        if states[i] == SMALL
    )


def protect(values, threshold, *, partition=True, base=1):
    """[Shown] for a list of counts. Counts that are not a partition (a single figure, or
    groups that overlap) get only the "<t" rule. The shown numbers are rounded to `base`."""
    if partition:
        states = suppress_partition(values, threshold)
    else:
        states = [SMALL if 0 < value < threshold else SHOWN for value in values]
    return [
        round_shown(Shown(value, state), base) for value, state in zip(values, states, strict=True)
    ]


def no_protection(values):
    return [Shown(value) for value in values]
