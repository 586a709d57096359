"""Statistical disclosure control for everything ministry viewers see.

A count from 1 to threshold - 1 (threshold default 10, settings.REPORTS_SUPPRESSION_THRESHOLD) is
primary-suppressed and shown as "x", the mark of Japanese official statistics. Secondary
suppression then makes sure no suppressed cell can be worked out from what is published.

The model: a two-way table extended with its margins (row totals, column totals, grand total),
so every row and every column of the extended table is one linear equation. Take the graph whose
nodes are those rows and columns and whose edges are the suppressed cells: a suppressed cell is
determined by the published figures exactly when its edge is a bridge (on no cycle). So after
primary suppression, while a bridge remains, the smallest published non-zero cell in the bridge's
row or column is suppressed as well. Zero cells stay published: a zero discloses no person.
A one-way breakdown with its total is the one-column case.
"""

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

SUPPRESSED = "x"
TOTAL = "__total__"

Cell = tuple[Hashable, Hashable]


def threshold() -> int:
    """The configured threshold (read at call time, so settings can change it)."""
    from django.conf import settings

    return int(getattr(settings, "REPORTS_SUPPRESSION_THRESHOLD", 10))


def is_primary(value: int, limit: int) -> bool:
    """A count from 1 to limit - 1 identifies too few people to publish."""
    return 0 < value < limit


def _bridges(edges: list[Cell]) -> list[Cell]:
    """Edges of the bipartite graph (row node, column node) that lie on no cycle (Tarjan)."""
    graph: dict[tuple[str, Hashable], list[tuple[tuple[str, Hashable], int]]] = defaultdict(list)
    for index, (row, column) in enumerate(edges):
        graph[("r", row)].append((("c", column), index))
        graph[("c", column)].append((("r", row), index))
    order: dict[tuple[str, Hashable], int] = {}
    low: dict[tuple[str, Hashable], int] = {}
    found: list[Cell] = []
    counter = 0
    for start in graph:
        if start in order:
            continue
        order[start] = low[start] = counter
        counter += 1
        stack = [(start, -1, iter(graph[start]))]
        while stack:
            node, via, neighbours = stack[-1]
            advanced = False
            for neighbour, index in neighbours:
                if index == via:
                    continue
                if neighbour in order:
                    low[node] = min(low[node], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = counter
                    counter += 1
                    stack.append((neighbour, index, iter(graph[neighbour])))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.append(edges[via])
    return found


def _component_of(edges: list[Cell], start: tuple[str, Hashable]) -> set[tuple[str, Hashable]]:
    """The nodes connected to `start` in the bipartite graph of the edges."""
    graph: dict[tuple[str, Hashable], set[tuple[str, Hashable]]] = defaultdict(set)
    for row, column in edges:
        graph[("r", row)].add(("c", column))
        graph[("c", column)].add(("r", row))
    seen = {start}
    stack = [start]
    while stack:
        for neighbour in graph[stack.pop()]:
            if neighbour not in seen:
                seen.add(neighbour)
                stack.append(neighbour)
    return seen


@dataclass
class Table:
    """A two-way table of counts; `suppress()` decides which cells and margins to hide.

    `cells[(row, column)]` holds counts (absent cells are 0). Margins are addressed with TOTAL:
    `(row, TOTAL)` is a row total, `(TOTAL, column)` a column total, `(TOTAL, TOTAL)` the grand total.
    """

    cells: dict[Cell, int]
    rows: list[Hashable]
    columns: list[Hashable]
    hidden: set[Cell] = field(default_factory=set)

    def value(self, row: Hashable, column: Hashable) -> int:
        if row == TOTAL and column == TOTAL:
            return sum(self.cells.values())
        if column == TOTAL:
            return sum(self.cells.get((row, c), 0) for c in self.columns)
        if row == TOTAL:
            return sum(self.cells.get((r, column), 0) for r in self.rows)
        return self.cells.get((row, column), 0)

    def extended(self) -> list[Cell]:
        return [(r, c) for r in [*self.rows, TOTAL] for c in [*self.columns, TOTAL]]

    def suppress(self, limit: int | None = None) -> "Table":
        """Apply primary and secondary suppression; return self."""
        limit = threshold() if limit is None else limit
        self.hidden = {cell for cell in self.extended() if is_primary(self.value(*cell), limit)}
        while True:
            target = self._first_bridge() or self._first_narrow_line(limit)
            if target is None:
                return self
            row, column = target
            component = _component_of(sorted(self.hidden, key=str), ("r", row))
            candidates = [
                cell
                for cell in self.extended()
                if cell not in self.hidden and (cell[0] == row or cell[1] == column) and self.value(*cell) > 0
            ]
            if not candidates:  # only zeros around it: widen the search to the whole table
                candidates = [c for c in self.extended() if c not in self.hidden and self.value(*c) > 0]
            if not candidates:
                return self
            self.hidden.add(min(candidates, key=lambda cell, nodes=component: self._preference(cell, nodes)))

    def _first_bridge(self) -> Cell | None:
        bridges = _bridges(sorted(self.hidden, key=str))
        return bridges[0] if bridges else None

    def _first_narrow_line(self, limit: int) -> Cell | None:
        """A line whose hidden cells could be pinned down from their lower bounds.

        Zeros are published, so every hidden cell is at least 1. In a line with a published total,
        k hidden cells summing to S each lie in [1, S - k + 1]; when that upper bound is below the
        threshold a reader learns the cells are small (and when S = k, exactly 1). Such a line
        needs one more hidden cell. Returns a hidden cell of the first such line.
        """
        rows, columns = [*self.rows, TOTAL], [*self.columns, TOTAL]
        lines = [[(r, c) for c in columns] for r in rows] + [[(r, c) for r in rows] for c in columns]
        for line in lines:
            margin = line[-1]
            if margin in self.hidden:
                continue
            inner = line[:-1]
            hidden = [cell for cell in inner if cell in self.hidden]
            if hidden and sum(self.value(*cell) for cell in hidden) - len(hidden) + 1 < limit:
                return hidden[0]
        return None

    def _preference(self, cell: Cell, component: set) -> tuple[bool, bool, int, str]:
        """Close a cycle if possible, then spare the margins, then hide the least."""
        closes = ("r", cell[0]) in component and ("c", cell[1]) in component
        return (not closes, TOTAL in cell, self.value(*cell), str(cell))

    def shown(self, row: Hashable, column: Hashable) -> int | str:
        return SUPPRESSED if (row, column) in self.hidden else self.value(row, column)


def suppress_series(values: Mapping[Hashable, int], *, limit: int | None = None) -> dict[Hashable, int | str]:
    """A one-way breakdown whose total is published (the one-column case); also returns TOTAL."""
    keys = list(values)
    table = Table(cells={(k, "n"): int(v) for k, v in values.items()}, rows=keys, columns=["n"]).suppress(
        limit
    )
    return {**{k: table.shown(k, "n") for k in keys}, TOTAL: table.shown(TOTAL, "n")}


def suppress_total(value: int, *, limit: int | None = None) -> int | str:
    """A single published count."""
    limit = threshold() if limit is None else limit
    return SUPPRESSED if is_primary(value, limit) else value
