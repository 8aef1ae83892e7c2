"""The migration map and the layered dependency graph: what they show, and that nothing overlaps or is cut off.

Readability is measured on the rendered figure: after ``canvas.draw()`` every
text's box (``get_window_extent``) must be clear of every other, inside the
figure, and clear of every arrow's path.
"""

from __future__ import annotations

import datetime as dt
from itertools import combinations, pairwise
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.path import Path as Path_

from portfolio import colours, plots
from portfolio.io import load
from portfolio.model import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Duration,
    Migration,
    Platform,
    PlatformKind,
    Portfolio,
    PortfolioSettings,
    Relation,
    Service,
    StatusUpdate,
)
from portfolio.plots._state import placements
from portfolio.scheduling import schedule
from portfolio.slippage import variance

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
AUGUST = dt.date(2023, 8, 31)
DECEMBER = dt.date(2023, 12, 29)


@pytest.fixture(scope="module")
def example() -> Portfolio:
    return load(EXAMPLE).portfolio


def _sixty() -> Portfolio:
    """60 services on 7 platforms: migrated, migrating, planned, open decisions and ones that stay."""
    platforms = [
        Platform(id="old-a", name="Oud rekencentrum A (EASI)", kind=PlatformKind.LEGACY),
        Platform(id="old-b", name="Oud rekencentrum B", kind=PlatformKind.LEGACY, contract_end=dt.date(2026, 12, 31)),
        Platform(id="lpc", name="Logius Private Cloud", kind=PlatformKind.PRIVATE_CLOUD),
        Platform(id="odc", name="ODC-Noord", kind=PlatformKind.DATA_CENTRE),
        Platform(id="sp", name="Standaard Platform", kind=PlatformKind.STANDARD_PLATFORM),
        Platform(id="picard", name="Picard", kind=PlatformKind.PRIVATE_CLOUD),
        Platform(id="cloud", name="Publieke cloud (AWS)", kind=PlatformKind.PUBLIC_CLOUD),
    ]
    landing = ["lpc", "odc", "sp", "picard", "cloud"]
    services, migrations, activities, relations, progress = [], [], [], [], {}
    for i in range(60):
        sid = f"s{i:02d}"
        name = f"Dienst {i:02d} " + ("met een heel lange naam voor het register" if i % 3 == 0 else "kort")
        services.append(Service(id=sid, name=name, platform="old-a" if i % 2 else "old-b",
                                depends_on=(f"s{i - 1:02d}",) if i % 4 else ()))
        kind = i % 5  # 0 migrated, 1 migrating, 2 planned, 3 decision open, 4 stays
        if kind == 4:
            continue
        mid = f"{sid}.m"
        open_ = kind == 3
        migrations.append(Migration(id=mid, service=sid, target=None if open_ else landing[i % len(landing)],
                                    candidates=("lpc", "sp", "cloud") if open_ else (),
                                    decision=f"{sid}.decide" if open_ else None))
        activities.append(Activity(id=f"{sid}.decide", kind=ActivityKind.DECISION, migration=mid, service=sid))
        activities.append(Activity(id=f"{sid}.build", duration=Duration(20 + i), migration=mid, service=sid))
        activities.append(Activity(id=f"{sid}.cutover", kind=ActivityKind.CUTOVER, migration=mid, service=sid))
        relations += [Relation(predecessor=f"{sid}.decide", successor=f"{sid}.build"),
                      Relation(predecessor=f"{sid}.build", successor=f"{sid}.cutover")]
        if kind in (0, 1):
            progress[f"{sid}.decide"] = ActivityProgress(activity=f"{sid}.decide", actual_start=dt.date(2024, 1, 8),
                                                         actual_finish=dt.date(2024, 1, 8))
            progress[f"{sid}.build"] = ActivityProgress(
                activity=f"{sid}.build", actual_start=dt.date(2024, 1, 8),
                actual_finish=dt.date(2024, 3, 1) if kind == 0 else None)
        if kind == 0:
            progress[f"{sid}.cutover"] = ActivityProgress(activity=f"{sid}.cutover", actual_start=dt.date(2024, 3, 4),
                                                          actual_finish=dt.date(2024, 3, 4))
    return Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)), platforms=platforms, services=services,
                     migrations=migrations, activities=activities, relations=relations,
                     status_updates=[StatusUpdate(date=dt.date(2024, 4, 1), progress=progress)])


@pytest.fixture(scope="module")
def sixty() -> Portfolio:
    return _sixty()


def _texts(fig):
    """(text, its rendered box in pixels) for every visible, non-empty text of the figure, after drawing it."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = []
    legends = [lg for lg in [*fig.legends, *(a.get_legend() for a in fig.axes)] if lg is not None]
    for t in [*fig.texts, *(t for a in fig.axes for t in a.texts), *(t for lg in legends for t in lg.get_texts())]:
        if t.get_visible() and t.get_text().strip():
            patch = t.get_bbox_patch()
            found.append((t, (patch or t).get_window_extent(renderer)))
    return found


def _overlaps(found):
    return [(a.get_text(), b.get_text()) for (a, x), (b, y) in combinations(found, 2)
            if x.x0 < y.x1 - 1 and y.x0 < x.x1 - 1 and x.y0 < y.y1 - 1 and y.y0 < x.y1 - 1]


def _cut_off(fig, found):
    frame = fig.bbox
    return [t.get_text() for t, b in found
            if b.x0 < frame.x0 - 1 or b.y0 < frame.y0 - 1 or b.x1 > frame.x1 + 1 or b.y1 > frame.y1 + 1]


def _through(fig, found):
    """(arrow gid, text) for each arrow or fork line whose path crosses a text box."""
    ax = fig.axes[0]
    hits = []
    lines = [(p.get_gid(), ax.transData.transform(_drawn(p.get_path()))) for p in ax.patches
             if isinstance(p, FancyArrowPatch)]
    lines += [(ln.get_gid(), ax.transData.transform(ln.get_xydata())) for ln in ax.lines
              if isinstance(ln, Line2D) and (ln.get_gid() or "").startswith("fork:")]
    for gid, points in lines:
        for (x0, y0), (x1, y1) in pairwise(points):
            for k in range(21):
                x, y = x0 + (x1 - x0) * k / 20, y0 + (y1 - y0) * k / 20
                hits.extend((gid, t.get_text()) for t, b in found if b.x0 + 1 < x < b.x1 - 1 and b.y0 + 1 < y < b.y1 - 1)
    return sorted(set(hits))


def _drawn(path):
    """The vertices a path draws through (its CLOSEPOLY vertex is a placeholder, not a point)."""
    return [v for v, c in zip(path.vertices, path.codes, strict=True) if c != Path_.CLOSEPOLY]


def _gids(ax, prefix):
    return {a.get_gid() for a in [*ax.texts, *ax.patches, *ax.collections, *ax.lines]
            if (a.get_gid() or "").startswith(prefix)}


@pytest.mark.parametrize("day", [AUGUST, DECEMBER])
def test_map_of_the_example_is_readable(example, day):
    """22 services at either date: no label overlaps another, none is cut off, no arrow runs through a label."""
    fig = plots.migration_map(example, status_date=day)
    found = _texts(fig)
    assert [] == _overlaps(found)
    assert [] == _cut_off(fig, found)
    assert [] == _through(fig, found)
    assert len(example.services) == len(_gids(fig.axes[0], "service:"))


def test_map_of_sixty_services_is_readable(sixty):
    """The same three measures on a generated portfolio of 60 services on 7 platforms."""
    fig = plots.migration_map(sixty, lang="en")
    found = _texts(fig)
    assert 60 == len(_gids(fig.axes[0], "service:"))
    assert [] == _overlaps(found)
    assert [] == _cut_off(fig, found)
    assert [] == _through(fig, found)


def test_map_places_services_where_they_run_on_the_date(sixty):
    """A migrated service stands in its target's lane; the others on their old platform, an arrow or fork ahead."""
    fig = plots.migration_map(sixty, lang="en")
    ax = fig.axes[0]
    lane_x = {p.get_gid()[5:]: p.get_x() + p.get_width() / 2 for p in ax.patches if (p.get_gid() or "").startswith("lane:")}
    boxes = {t.get_gid()[8:]: t for t in ax.texts if (t.get_gid() or "").startswith("service:")}
    assert boxes["s00"].get_position()[0] == pytest.approx(lane_x["lpc"])  # migrated to lpc
    assert boxes["s01"].get_position()[0] == pytest.approx(lane_x["old-a"])  # migrating, still on old-a
    assert boxes["s04"].get_position()[0] == pytest.approx(lane_x["old-b"])  # stays
    moves = _gids(ax, "move:")
    assert {"move:s01:odc", "move:s02:sp"} <= moves
    assert {"move:s03:lpc", "move:s03:sp", "move:s03:cloud"} <= moves  # the fork of an open decision
    assert not any(m.startswith(("move:s00:", "move:s04:")) for m in moves)
    assert {"candidate:s03:lpc", "candidate:s03:sp", "candidate:s03:cloud"} <= _gids(ax, "candidate:")
    states = {p.service: p.state for p in placements(sixty, schedule(sixty))}
    assert ["migrated", "migrating", "planned", "decision-open", "stays"] == [states[f"s0{i}"] for i in range(5)]
    assert boxes["s00"].get_bbox_patch().get_edgecolor()[:3] == pytest.approx(_rgb(colours.STATE["migrated"]))
    # the open decision is not started: its forecast is the first working day after the status date
    # (1 April 2024 is Easter Monday, a holiday on the rijk calendar)
    assert boxes["s03"].get_text().endswith("decision 2 Apr 2024")


def _rgb(hex_colour):
    return tuple(int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))


def test_map_of_the_example_moves_between_august_and_december(example):
    """Between the two dates some service's box moves to another lane; each cutover box carries a forecast date."""
    before = {p.service: p for p in placements(example, schedule(example, status_date=AUGUST))}
    after = {p.service: p for p in placements(example, schedule(example, status_date=DECEMBER))}
    moved = [s for s in before if before[s].platform != after[s].platform]
    assert moved, "no service changed platform between August and December"
    assert all(after[s].state == "migrated" for s in moved)
    ax = plots.migration_map(example, status_date=DECEMBER, lang="en").axes[0]
    assert "Migration map as of 29 Dec 2023" in [t.get_text() for t in ax.figure.texts]
    for t in ax.texts:
        if (t.get_gid() or "").startswith("cutover:"):
            service = t.get_gid()[8:]
            assert after[service].move is not None
            assert after[service].move.forecast is not None
            assert t.get_text().endswith(str(after[service].move.forecast.year))
    headers = [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("group:")]
    assert ["Old infrastructure", "Landing platforms", "Public cloud"] == headers


def test_map_speaks_dutch_by_default_and_colours_by_rag(example):
    """Dutch labels; by RAG, a service's box has the colour of its finish variance against the baseline in force."""
    fig = plots.migration_map(example, status_date=DECEMBER, colour_by="rag")
    assert any(t.get_text().startswith("Migratiekaart per 29 dec 2023") for t in fig.texts)
    assert ["rood", "oranje", "groen", "grijs"] == [t.get_text() for t in fig.legends[0].get_texts()]
    computed = schedule(example, status_date=DECEMBER)
    late = {r.id: r.finish_variance for r in variance(example, computed, example.baseline_as_of(DECEMBER))
            .rollups["service"]}
    boxes = {t.get_gid()[8:]: t for t in fig.axes[0].texts if (t.get_gid() or "").startswith("service:")}
    seen = set()
    for service, days in late.items():
        expected = "grey" if days is None else "green" if days <= 0 else "amber" if days <= 20 else "red"
        seen.add(expected)
        assert boxes[service].get_bbox_patch().get_edgecolor()[:3] == pytest.approx(_rgb(colours.RAG[expected]))
    assert len(seen) >= 2
    with pytest.raises(ValueError, match="colour_by"):
        plots.migration_map(example, colour_by="platform")


@pytest.mark.parametrize("which", ["example", "sixty"])
def test_dependency_graph_is_layered_and_readable(which, example, sixty):
    """Every arrow runs from a service to one in an earlier layer (leftwards); no label overlaps or is cut off."""
    portfolio = example if which == "example" else sixty
    fig = plots.dependency_graph(portfolio, lang="en")
    ax = fig.axes[0]
    x = {t.get_gid()[8:]: t.get_position()[0] for t in ax.texts if (t.get_gid() or "").startswith("service:")}
    assert set(portfolio.services) == set(x)
    depends = [(s.id, d) for s in portfolio.services.values() for d in s.depends_on]
    assert {f"depends:{s}:{d}" for s, d in depends} == _gids(ax, "depends:")
    assert all(x[d] < x[s] for s, d in depends)
    faces = {to_hex(t.get_bbox_patch().get_facecolor()) for t in ax.texts if (t.get_gid() or "").startswith("service:")}
    assert len(faces) >= 3
    assert colours.CRITICAL not in faces  # red is for cycles only
    found = _texts(fig)
    assert [] == _overlaps(found)
    assert [] == _cut_off(fig, found)


def test_dependency_graph_highlights_a_cycle():
    """Services in a cycle share a layer, with a red outline; the arrows between them are red."""
    p = Portfolio(services=[Service(id="a", name="A", depends_on=("b",)), Service(id="b", name="B", depends_on=("a",)),
                            Service(id="c", name="C", depends_on=("a",))])
    layers, cyclic = plots._graph.layers(p)
    assert ([["a", "b"], ["c"]], {"a", "b"}) == (layers, cyclic)
    ax = plots.dependency_graph(p, lang="en").axes[0]
    red = {pt.get_gid() for pt in ax.patches if isinstance(pt, FancyArrowPatch)
           and pt.get_edgecolor()[:3] == pytest.approx(_rgb(colours.CRITICAL))}
    assert {"depends:a:b", "depends:b:a"} == red
    assert "in a cycle" in [t.get_text() for t in ax.figure.legends[0].get_texts()]
