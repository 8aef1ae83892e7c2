"""The ``services:`` section: the services, the migrations nested in them, and their activities.

Reads (``io/_raw.py``): ``RawService``, its ``migrations:`` as
``RawMigration`` (collection ``migrations``) and the activities of both
(scoped to the service, see ``activities.py``).

Checks, with the codes raised:

- services: ``bad-id``, ``duplicate-id``, ``bad-percent`` (an availability
  norm outside 0 to 100), ``unknown-ref`` (its platform, the services it
  depends on), ``service-dependency-cycle`` (a warning per loop of
  ``depends_on``);
- migrations: ``bad-id``, ``duplicate-id``, ``unknown-ref`` (source,
  target and candidate platforms, the decision milestone),
  ``migration-no-target`` and ``migration-no-decision``.

Builds `Portfolio.services <portfolio.model.Portfolio.services>` and
`Portfolio.migrations <portfolio.model.Portfolio.migrations>`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from portfolio.io._raw import RawMigration, RawService
from portfolio.io._sections._context import Context, Item, Section, full_id, item_mark
from portfolio.io._sections.activities import add_activities
from portfolio.io._yaml_reader import MMap
from portfolio.model import Approach, Migration, Service, Source

__all__ = ["SERVICES"]


def read(context: Context, value: Any, mark: Source, what: str) -> None:
    """Read one service, its migrations and the activities of both."""
    item = context.add("services", value, RawService, what, mark)
    if item is None:
        return
    service: RawService = item.raw
    scope = service.id
    for index, migration in enumerate(service.migrations):
        m_mark = item_mark(value, "migrations", index)
        m_name = migration.get("id") if isinstance(migration, MMap) else None
        m_what = (
            f"migration '{full_id(scope, m_name)}'"
            if isinstance(m_name, str)
            else f"migration #{index + 1} of service '{scope}'"
        )
        m_item = context.add("migrations", migration, RawMigration, m_what, m_mark, scope=scope)
        if m_item is None:
            continue
        migration_id = full_id(scope, m_item.raw.id)
        add_activities(context, migration, m_item.raw.activities, scope, migration_id)
    add_activities(context, value, service.activities, scope, None)


def declare(context: Context) -> None:
    """Check the ids of services and (full ids) of migrations: ``context.declared``."""
    context.declared["services"] = context.unique(((i.raw.id, i) for i in context.items["services"]), "service")
    context.declared["migrations"] = context.unique(
        ((full_id(i.scope, i.raw.id), i) for i in context.items["migrations"]), "migration"
    )


def build(context: Context) -> dict[str, Any]:
    """The services (and their dependency loops), then the migrations."""
    items = context.declared["services"]
    services: dict[str, Service] = {}
    for ident, item in items.items():
        raw: RawService = item.raw
        depends = context.refs(item, "depends_on", items, f"service '{ident}' depends on", ident)
        if raw.availability_norm is not None and not 0 <= raw.availability_norm <= 100:
            context.report(
                "bad-percent",
                f"service '{ident}': availability norm {raw.availability_norm} is not a percentage",
                item.mark("availability_norm"),
                subject=ident,
                hint="give a number from 0 to 100, e.g. 99.8",
            )
        services[ident] = Service(
            id=ident,
            name=raw.name,
            domain=raw.domain,
            owner=raw.owner,
            platform=context.ref(
                item, "platform", context.declared["platforms"], f"service '{ident}' runs on platform", ident
            ),
            availability_norm=raw.availability_norm,
            depends_on=depends,
            description=raw.description,
            source=item.mark(),
        )
    _check_dependencies(context, services, items)
    migrations = {ident: _migration(context, ident, item) for ident, item in context.declared["migrations"].items()}
    return {"services": services, "migrations": migrations}


def _check_dependencies(context: Context, services: Mapping[str, Service], items: Mapping[str, Item]) -> None:
    """A ``service-dependency-cycle`` warning per loop of ``depends_on``, at the service declared last in it.

    Whether there is a loop at all is found without networkx (`_has_loop`): importing it took about a
    tenth of a second of every load that reads files; only a portfolio with a loop gets the graph that
    spells it out.
    """
    edges = [(ident, other) for ident, service in services.items() for other in service.depends_on]
    if not _has_loop(edges):
        return
    import networkx as nx  # noqa: PLC0415 - only to spell a loop out

    graph = nx.DiGraph()
    graph.add_edges_from(edges)
    for component in sorted(nx.strongly_connected_components(graph), key=min):
        start = min(component)
        if len(component) == 1 and not graph.has_edge(start, start):
            continue
        loop = [edge[0] for edge in nx.find_cycle(graph.subgraph(component), source=start)]
        last = max(loop, key=lambda ident: _place(items[ident].mark("depends_on")))
        context.report(
            "service-dependency-cycle",
            "services depend on each other: " + " -> ".join([*loop, loop[0]]),
            items[last].mark("depends_on"),
            subject=last,
            hint="one of these dependencies is probably the wrong way round: "
            + ", ".join(f"'{a}' depends on '{b}'" for a, b in zip(loop, [*loop[1:], loop[0]], strict=True)),
        )


def _has_loop(edges: list[tuple[str, str]]) -> bool:
    """Whether the edges (service, a service it depends on) form a loop: some end has no topological generation.

    Examples:
        >>> _has_loop([("a", "b"), ("b", "c")]), _has_loop([("a", "b"), ("b", "a")]), _has_loop([("a", "a")])
        (False, True, True)
    """
    if not edges:
        return False
    import numpy as np  # noqa: PLC0415 - loaded with the graph module the loader uses after the sections

    from portfolio._cpm import levels  # noqa: PLC0415

    number: dict[str, int] = {}
    for ident, other in edges:
        number.setdefault(ident, len(number))
        number.setdefault(other, len(number))
    pred = np.array([number[ident] for ident, _ in edges], dtype=np.int64)
    succ = np.array([number[other] for _, other in edges], dtype=np.int64)
    return bool((levels(len(number), pred, succ) < 0).any())


def _place(source: Source) -> tuple[str, int, int]:
    """A source as a sort key in file order."""
    return (source.file, source.line or 0, source.column or 0)


def _migration(context: Context, ident: str, item: Item) -> Migration:
    """One migration: its platforms and decision milestone resolved, a missing target or decision reported."""
    raw: RawMigration = item.raw
    platforms = context.declared["platforms"]
    where = f"migration '{ident}'"
    target = context.ref(item, "target", platforms, f"{where} has target platform", ident)
    candidates = context.refs(item, "candidates", platforms, f"{where} has candidate platform", ident)
    decision = context.ref(
        item, "decision", context.declared["activities"], f"{where} has decision milestone", ident, scope=item.scope
    )
    if raw.target is None and not raw.candidates and raw.approach not in (Approach.RETIRE, Approach.RETAIN):
        context.report(
            "migration-no-target",
            f"{where} has neither a target nor candidate platforms",
            item.mark(),
            subject=ident,
            hint="add 'target: <platform>', or 'candidates: [...]' and 'decision: <milestone>'",
        )
    elif raw.target is None and raw.candidates and raw.decision is None:
        context.report(
            "migration-no-decision",
            f"{where} lists candidate platforms but no decision milestone",
            item.mark("candidates"),
            subject=ident,
            hint="add 'decision: <milestone>' naming the milestone that picks the platform",
        )
    return Migration(
        id=ident,
        service=item.scope or "",
        name=raw.name,
        source_platform=context.ref(item, "source", platforms, f"{where} has source platform", ident),
        target=target,
        candidates=candidates,
        decision=decision,
        approach=Approach.REHOST if raw.approach is None else raw.approach,
        approach_stated=raw.approach is not None,
        fallback=raw.fallback,
        description=raw.description,
        source=item.mark(),
    )


SERVICES: Final = Section(name="service", read=read, declare=declare, build=build)
"""Services, the migrations nested in them and the activities of both."""
