"""Removing a service with everything that belongs to it, and saying what else had to go."""

from __future__ import annotations

import attrs

from portfolio import _display
from portfolio.model import Portfolio, Relation
from portfolio.whatif._scenario import NONE, Account, Change, Record, Scenario, lookup, scenario, start

__all__ = ["Removal", "plan_removal", "remove_service"]


@attrs.frozen(kw_only=True)
class Removal:
    """What `plan_removal` took out: the new portfolio and everything dropped with the service."""

    portfolio: Portfolio
    """the portfolio without the service"""
    service: str
    migrations: tuple[str, ...]
    activities: tuple[str, ...]
    relations: tuple[Relation, ...]
    """every relation that touched a removed activity"""
    references: tuple[str, ...]
    """references elsewhere that named a removed record, one sentence each"""
    changes: Account = attrs.field(factory=Account)
    """the same as typed changes (with any earlier scenario's first)"""

    def __repr__(self) -> str:
        return (
            f"<Removal of {self.service!r}: {len(self.migrations)} migrations, {len(self.activities)} "
            f"activities, {len(self.relations)} relations, {len(self.references)} references dropped>"
        )

    def __str__(self) -> str:
        lines = [
            (
                f"removed service {self.service} with {len(self.migrations)} migrations, "
                f"{len(self.activities)} activities and {len(self.relations)} relations"
            )
        ]
        lines.extend(f"  dropped: {ref}" for ref in self.references)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return _display.block(
            f"Removal of {self.service}",
            _display.facts(
                [
                    ("migrations", len(self.migrations)),
                    ("activities", len(self.activities)),
                    ("relations", len(self.relations)),
                    ("references dropped", len(self.references)),
                ]
            ),
            _display.table(["reference dropped"], ([r] for r in self.references)),
        )


def plan_removal(portfolio: Portfolio | Scenario, service: str) -> Removal:
    """Remove ``service`` with its migrations and activities, and say what else had to go.

    Dropped with it: every relation into or out of its activities (so, e.g.,
    EASI's exit no longer waits for it), its id in other services'
    ``depends_on``, in assignments (services, migrations, activities, key
    milestones), in freeze windows, in the key milestones, platform
    milestones that were its activities, and waivers about its records.
    Baselines and status updates are history and keep their entries (a
    variance lists the baseline's activities as removed).

    Raises:
        UnknownIdError: no such service (a KeyError; with the closest ids).

    Examples:
        >>> from portfolio.model import Activity, Service
        >>> p = Portfolio(services=[Service(id="a", name="A"), Service(id="b", name="B", depends_on=("a",))],
        ...               activities=[Activity(id="a.x", service="a"), Activity(id="end")],
        ...               relations=[Relation(predecessor="a.x", successor="end")])
        >>> r = plan_removal(p, "a")
        >>> print(r)
        removed service a with 0 migrations, 1 activities and 1 relations
          dropped: relation a.x -> end (end no longer waits for a.x)
          dropped: service b depends on a
        >>> sorted(r.portfolio.services), r.portfolio.services["b"].depends_on
        (['b'], ())
        >>> print(r.changes.text("nl"))
        voorziening a verwijderd
        activiteit a.x verwijderd
        relatie a.x -> end verwijderd
        voorziening b: afhankelijk van a → —
    """
    base, earlier = start(portfolio)
    lookup(base.services, service, "service")
    migrations = tuple(m.id for m in base.migrations.values() if m.service == service)
    gone = {
        a.id
        for a in base.activities.values()
        if a.service == service or (a.migration is not None and a.migration in migrations)
    }
    activities = tuple(a for a in base.activities if a in gone)
    changes = [Change(record="service", id=service, action="removed")]
    changes += [Change(record="migration", id=m, action="removed") for m in migrations]
    changes += [Change(record="activity", id=a, action="removed") for a in activities]
    references: list[str] = []
    dropped: list[Relation] = []
    kept: list[Relation] = []
    for rel in base.relations:
        if rel.predecessor in gone or rel.successor in gone:
            dropped.append(rel)
            if rel.predecessor in gone and rel.successor not in gone:
                references.append(
                    f"relation {rel.predecessor} -> {rel.successor} "
                    f"({rel.successor} no longer waits for {rel.predecessor})"
                )
            elif rel.successor in gone and rel.predecessor not in gone:
                references.append(f"relation {rel.predecessor} -> {rel.successor}")
            if (rel.predecessor in gone) != (rel.successor in gone):
                changes.append(Change(record="relation", id=f"{rel.predecessor} -> {rel.successor}",
                                      action="removed"))
        else:
            kept.append(rel)
    result = _without(base, service, {service, *migrations, *gone}, gone, references, changes)
    result = attrs.evolve(
        result,
        migrations={k: m for k, m in base.migrations.items() if k not in migrations},
        activities={k: a for k, a in base.activities.items() if k not in gone},
        relations=kept,
    )
    return Removal(
        portfolio=result,
        service=service,
        migrations=migrations,
        activities=activities,
        relations=tuple(dropped),
        references=tuple(references),
        changes=Account((*earlier, *changes)),
    )


def _without(base: Portfolio, service: str, names: set[str], gone: set[str], references: list[str],
             changes: list[Change]) -> Portfolio:
    """``base`` without the references to ``names`` elsewhere (the service itself removed)."""

    def without(values: tuple[str, ...], what: str, record: Record, id: str, field: str) -> tuple[str, ...]:
        left = tuple(v for v in values if v not in names)
        if len(left) < len(values):
            references.extend(f"{what} {v}" for v in values if v in names)
            changes.append(Change(record=record, id=id, action="changed", field=field,
                                  before=", ".join(values), after=", ".join(left) or NONE))
        return left

    services = {
        key: attrs.evolve(svc, depends_on=without(svc.depends_on, f"service {key} depends on", "service", key,
                                                  "depends-on"))
        for key, svc in base.services.items() if key != service
    }
    assignments = {
        key: attrs.evolve(
            a,
            services=without(a.services, f"assignment {key}: service", "assignment", key, "services"),
            migrations=without(a.migrations, f"assignment {key}: migration", "assignment", key, "migrations"),
            activities=without(a.activities, f"assignment {key}: activity", "assignment", key, "activities"),
            key_milestones=without(a.key_milestones, f"assignment {key}: key milestone", "assignment", key,
                                   "key-milestones"),
        )
        for key, a in base.assignments.items()
    }
    windows = {
        key: attrs.evolve(w, services=without(w.services, f"freeze window {key}: service", "freeze-window", key,
                                              "services"))
        for key, w in base.freeze_windows.items()
    }
    platforms = {}
    for key, plat in base.platforms.items():
        ready = None if plat.ready in gone else plat.ready
        exit_ = None if plat.exit in gone else plat.exit
        for field, old, new in (("ready", plat.ready, ready), ("exit", plat.exit, exit_)):
            if old != new:
                references.append(f"platform {key}: {field} milestone {old}")
                changes.append(Change(record="platform", id=key, action="changed", field=field, before=str(old),
                                      after=NONE))
        platforms[key] = attrs.evolve(plat, ready=ready, exit=exit_)
    settings = attrs.evolve(base.settings, key_milestones=without(base.settings.key_milestones, "key milestone",
                                                                  "settings", base.settings.name, "key-milestones"))
    waivers = []
    for waiver in base.waivers:
        if waiver.subject in names:
            references.append(f"waiver of {waiver.rule} for {waiver.subject}")
            changes.append(Change(record="waiver", id=f"{waiver.rule} {waiver.subject}", action="removed"))
        else:
            waivers.append(waiver)
    return attrs.evolve(base, settings=settings, platforms=platforms, services=services, assignments=assignments,
                        freeze_windows=windows, waivers=waivers)


def remove_service(portfolio: Portfolio | Scenario, service: str) -> Scenario:
    """The portfolio without ``service`` and its account (`plan_removal` says what is dropped).

    Raises:
        UnknownIdError: no such service (a KeyError; with the closest ids).

    Examples:
        >>> from portfolio.model import Service
        >>> new, account = remove_service(Portfolio(services=[Service(id="a", name="A")]), "a")
        >>> sorted(new.services), str(account)
        ([], 'service a removed')
    """
    removal = plan_removal(portfolio, service)
    return scenario(removal.portfolio, (), removal.changes)
