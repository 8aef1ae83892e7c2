"""What the core keeps on a topology between solves (`_cpm._memo`): the same answers, derived once."""

from __future__ import annotations

import numpy as np

from portfolio import _cpm


def network(**changes: object) -> _cpm.Network:
    """A small network with all four relation types, a lead and a fixed start."""
    given: dict[str, object] = {
        "n": 5, "duration": [3, 2, 4, 0, 1], "pred": [0, 0, 1, 2, 3], "succ": [1, 2, 3, 3, 4],
        "rtype": [_cpm.FS, _cpm.SS, _cpm.FF, _cpm.SF, _cpm.FS], "lag": [1, -1, 0, 2, 0],
    }
    given.update(changes)
    return _cpm.Network.build(**given)  # type: ignore[arg-type]


def figures(result: _cpm.Result) -> list[list[int]]:
    return [getattr(result, name).tolist() for name in ("es", "ef", "ls", "lf", "total_float", "free_float",
                                                           "driving")]


def test_a_second_solve_on_the_same_topology_reuses_the_layout_and_gives_what_a_fresh_one_gives():
    net = network()
    shape = _cpm.topology(net.n, net.pred, net.succ, net.done)
    first = _cpm.solve(net, start=0, shape=shape)
    kept = {name: entry[2] for name, entry in shape.memo.items()}
    assert set(kept) == {"ranks", "forward", "backward", "floats"}
    longer = network(duration=[3, 7, 4, 0, 1])
    longer = _cpm.Network(**{**{f: getattr(longer, f) for f in ("n", "duration", "floor", "fixed", "cap_lf", "done",
                                                                "pred", "succ", "lag")}, "rtype": net.rtype})
    again = _cpm.solve(longer, start=0, shape=shape)
    assert all(shape.memo[name][2] is value for name, value in kept.items())  # nothing derived again
    assert figures(again) == figures(_cpm.solve(network(duration=[3, 7, 4, 0, 1]), start=0))
    assert figures(again) != figures(first)


def test_other_relation_types_or_fixed_starts_derive_the_layout_again():
    net = network()
    shape = _cpm.topology(net.n, net.pred, net.succ, net.done)
    _cpm.solve(net, start=0, shape=shape)
    forward = shape.memo["forward"][2]
    all_fs = network(rtype=[_cpm.FS] * 5)  # another array of relation types: never taken for the same
    assert figures(_cpm.solve(all_fs, start=0, shape=shape)) == figures(_cpm.solve(all_fs, start=0))
    assert shape.memo["forward"][2] is not forward
    pinned = network(rtype=all_fs.rtype, fixed=[False, False, True, False, False], floor=[0, 0, 9, 0, 0])
    pinned = _cpm.Network(**{**{f: getattr(pinned, f) for f in ("n", "duration", "floor", "fixed", "cap_lf", "done",
                                                                "pred", "succ", "lag")}, "rtype": all_fs.rtype})
    before = shape.memo["forward"][2]
    result = _cpm.solve(pinned, start=0, shape=shape)
    assert shape.memo["forward"][2] is not before  # another set of fixed starts: the forward layout anew
    assert figures(result) == figures(_cpm.solve(pinned, start=0))
    assert int(result.es[2]) == 9
    assert np.array_equal(shape.memo["ranks"][2][0], shape.rank[shape.pred])
