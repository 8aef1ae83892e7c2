"""The store as a record: the hash chain, tampering behind the tool's back, the version-1 upgrade, what is recorded.

Tampering is done as a user would: with the standard :mod:`sqlite3` module (and
the ``sqlite3`` program where installed), dropping the append-only triggers first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from portfolio.calendar import fingerprint
from portfolio.io import load
from portfolio.slippage import Figure
from portfolio.store import REASONS, SCHEMA_VERSION, Store, StoreError, changed_inputs, compare, input_digests

FIXTURE_V1 = Path(__file__).parent / "fixtures" / "store" / "v1.sql"
EXAMPLE = Path(__file__).parent.parent / "examples" / "logius"
DAY = dt.date(2023, 12, 29)


def figures(n: int = 3, shift: int = 0) -> tuple[Figure, ...]:
    return tuple(Figure(kind="milestone", id=f"m{i}", name=f"Milestone {i}", baseline_finish=dt.date(2024, 1, 1),
                        forecast_finish=dt.date(2024, 1, 1) + dt.timedelta(days=i + shift), variance=i + shift,
                        variance_days=i + shift, progress="not-started", rag="amber") for i in range(n))


def three(path: Path) -> Path:
    """A store with three publications (2023-10, 2023-11, 2023-12)."""
    with Store.open(path) as store:
        for k, period in enumerate(("2023-10", "2023-11", "2023-12")):
            store.publish(period, DAY - dt.timedelta(days=30 * (2 - k)), figures(shift=k), baseline="b",
                          portfolio="P", calendars="c" * 64, inputs=(("a.yaml", "0" * 64),))
    return path


def tamper(path: Path, *sql: str) -> None:
    """Run SQL on the store with the append-only triggers dropped, as someone editing it by hand would."""
    db = sqlite3.connect(path)
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        db.execute(f"DROP TRIGGER {name}")
    for statement in sql:
        db.execute(statement)
    db.commit()
    db.close()


def recomputed_chain(path: Path) -> list[tuple[str, str]]:
    """Each publication's (stored, recomputed) hash, computed here from the SQL rows by the documented recipe."""
    db = sqlite3.connect(path)
    columns = [r[1] for r in db.execute("PRAGMA table_info(publication)")]
    figure_columns = [r[1] for r in db.execute("PRAGMA table_info(figure)")][1:]  # position, kind, ...
    found, previous = [], ""
    for row in db.execute("SELECT * FROM publication ORDER BY id").fetchall():
        publication = dict(zip(columns, row, strict=True))
        rows = db.execute(f"SELECT {', '.join(figure_columns)} FROM figure WHERE publication = ? ORDER BY position",
                          (publication["id"],)).fetchall()
        text = json.dumps({"publication": publication, "figures": [list(r) for r in rows], "previous": previous},
                          sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        stored = db.execute("SELECT previous, hash FROM seal WHERE publication = ?", (publication["id"],)).fetchone()
        assert previous == stored[0]
        previous = stored[1]
        found.append((stored[1], hashlib.sha256(text.encode("utf-8")).hexdigest()))
    db.close()
    return found


def test_every_hash_is_recomputable_from_the_rows(tmp_path):
    """Each publication's hash is the documented SHA-256 over its row, its figures and the previous hash."""
    path = three(tmp_path / "s.sqlite")
    pairs = recomputed_chain(path)
    assert 3 == len(pairs)
    assert [a for a, _ in pairs] == [b for _, b in pairs]
    with Store.open(path) as store:
        verdict = store.verify()
        publications = store.publications()
    assert (True, 3, pairs[-1][0]) == (verdict.ok, verdict.checked, verdict.head)
    assert [p.hash for p in publications] == [a for a, _ in pairs]
    assert ["", pairs[0][0], pairs[1][0]] == [p.previous_hash for p in publications]


_TAMPERING = {
    "a figure's forecast changed": ([("UPDATE figure SET forecast_finish = '2024-02-01' WHERE publication = 2 "
                                     "AND position = 1")], 2, "hash-mismatch"),
    "a field outside the figures changed": (["UPDATE publication SET portfolio = 'Q' WHERE id = 2"], 2,
                                            "hash-mismatch"),
    "a hash rewritten": (["UPDATE seal SET hash = 'f' || substr(hash, 2) WHERE publication = 1"], 1,
                         "hash-mismatch"),
    "a publication deleted": (["DELETE FROM seal WHERE publication = 2", "DELETE FROM figure WHERE publication = 2",
                               "DELETE FROM publication WHERE id = 2"], 3, "missing"),
    "the last publication deleted, its figures left": (["DELETE FROM publication WHERE id = 3"], 3, "missing"),
    "a figure deleted": (["DELETE FROM figure WHERE publication = 1 AND position = 2"], 1, "figure-count"),
    "an unparseable date": (["UPDATE figure SET forecast_finish = '2024-02-30' WHERE publication = 3"], 3,
                            "unparseable"),
    "a date that is no text": (["UPDATE publication SET status_date = X'3230' WHERE id = 1"], 1, "unparseable"),
    "a seal deleted": (["DELETE FROM seal WHERE publication = 3"], 3, "hash-mismatch"),
}


@pytest.mark.parametrize("case", sorted(_TAMPERING))
def test_tampering_names_the_first_broken_publication(tmp_path, case):
    """A row changed or deleted with sqlite3 is found: verify names the publication and why."""
    sql, broken_id, reason = _TAMPERING[case]
    path = three(tmp_path / "s.sqlite")
    with Store.open(path) as store:
        intact = [p.hash for p in store.publications()]
    tamper(path, *sql)
    with Store.open(path) as store:
        verdict = store.verify()
    assert verdict.broken is not None
    assert (broken_id, reason) == (verdict.broken.id, verdict.broken.reason)
    assert reason in REASONS
    good = 2 if case == "a publication deleted" else broken_id  # the ids before the first that is out of place
    assert (good - 1, intact[good - 2] if good > 1 else None) == (verdict.checked, verdict.head)


def test_the_broken_publication_names_its_period_and_version(tmp_path):
    """The break says which report it is, not only its row id."""
    path = three(tmp_path / "s.sqlite")
    tamper(path, "UPDATE figure SET variance = 0 WHERE publication = 2")
    with Store.open(path) as store:
        broken = store.verify().broken
    assert broken is not None
    assert ("2023-11", 1) == (broken.period, broken.version)
    assert str(broken).startswith("publication 2 (2023-11 version 1): ")


@pytest.mark.parametrize("read", ["latest", "previous", "publications", "iterate", "history"])
def test_no_reader_shows_a_damaged_store(tmp_path, read):
    """Every reader the report uses refuses the store: store damaged at publication N, never its figures."""
    path = three(tmp_path / "s.sqlite")
    tamper(path, "UPDATE figure SET forecast_finish = 'soon' WHERE publication = 1")
    calls = {"latest": lambda s: s.latest("2023-12"), "previous": lambda s: s.previous("2023-12"),
             "publications": lambda s: s.publications(), "iterate": list, "history": lambda s: s.history()}
    with Store.open(path) as store, pytest.raises(StoreError) as error:
        calls[read](store)
    assert "store-damaged" == error.value.code
    assert error.value.message.startswith("store damaged at publication 1 (2023-10 version 1): ")
    assert error.value.broken is not None


def test_publishing_onto_a_broken_chain_is_refused(tmp_path):
    """Nothing is appended to a store that does not verify, not even a period of its own."""
    path = three(tmp_path / "s.sqlite")
    tamper(path, "UPDATE publication SET reason = 'x' WHERE id = 3")
    with Store.open(path) as store, pytest.raises(StoreError) as error:
        store.publish("2024-01", DAY + dt.timedelta(days=31), figures())
    assert "store-damaged" == error.value.code
    assert error.value.hint is not None
    assert "backup" in error.value.hint
    db = sqlite3.connect(path)
    assert 3 == db.execute("SELECT count(*) FROM publication").fetchone()[0]
    db.close()


def test_tampering_by_another_connection_is_seen_by_an_open_store(tmp_path):
    """The verified publications are kept only until someone else writes: a later edit is caught."""
    path = three(tmp_path / "s.sqlite")
    with Store.open(path) as store:
        assert "2023-12" == store.previous("2024-01").period
        tamper(path, "UPDATE figure SET rag = 'green' WHERE publication = 3")
        with pytest.raises(StoreError, match="publication 3"):
            store.latest("2023-12")


def test_own_publications_need_no_second_check(tmp_path):
    """What a store has just published reads back through its readers, with its hash."""
    with Store.open(tmp_path / "s.sqlite") as store:
        first = store.publish("2023-11", DAY, figures()).publication
        second = store.publish("2023-12", DAY, figures(shift=1)).publication
        assert (first, second) == tuple(store.history().values())
        assert first.hash == second.previous_hash
        assert second.hash == store.verify().head


def test_setting_the_schema_version_back_does_not_switch_the_chain_off(tmp_path):
    """A sealed store whose user_version says 1 is still checked as version 2, and publishing does not re-upgrade."""
    path = three(tmp_path / "s.sqlite")
    tamper(path, "PRAGMA user_version = 1", "UPDATE figure SET rag = 'green' WHERE publication = 2")
    with Store.open(path) as store:
        broken = store.verify().broken
        assert broken is not None
        assert (2, 2) == (store.verify().schema, broken.id)
        with pytest.raises(StoreError, match="publication 2"):
            store.publish("2024-01", DAY + dt.timedelta(days=31), figures())


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 program is not installed")
def test_tampering_with_the_sqlite3_program(tmp_path):
    """The same with the sqlite3 command-line program: the trigger dropped, one figure changed."""
    path = three(tmp_path / "s.sqlite")
    subprocess.run(["sqlite3", str(path), ("DROP TRIGGER figure_append_only_update; "
                    "UPDATE figure SET variance = variance + 1 WHERE publication = 3 AND position = 0;")], check=True)
    with Store.open(path) as store:
        broken = store.verify().broken
    assert broken is not None
    assert (3, "hash-mismatch") == (broken.id, broken.reason)


# --- the version-1 store: read as it is, upgraded by the first publication -------------------------


def v1_store(path: Path) -> Path:
    """The committed version-1 store (the example's 2023-08 and 2023-12 reports, 2023-12 superseded)."""
    db = sqlite3.connect(path)
    db.executescript(FIXTURE_V1.read_text(encoding="utf-8"))
    db.close()
    return path


def _content(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Every publication's version-1 columns and every figure row."""
    db = sqlite3.connect(path)
    rows = db.execute("SELECT id, period, version, status_date, baseline, portfolio, reason, supersedes, digest, "
                      "figure_count FROM publication ORDER BY id").fetchall()
    figs = db.execute("SELECT * FROM figure ORDER BY publication, position").fetchall()
    db.close()
    return rows, figs


def test_a_version_1_store_is_read_as_it_is(tmp_path):
    """Opening and reading a version-1 store changes nothing; its publications have no hash yet."""
    path = v1_store(tmp_path / "v1.sqlite")
    before = path.read_bytes()
    with Store.open(path, create=False) as store:
        verdict = store.verify()
        history = store.history()
        assert 1 == store.schema
    assert (True, 3, None) == (verdict.ok, verdict.checked, verdict.head)
    assert [("2023-08", 1), ("2023-12", 2)] == [(p.period, p.version) for p in history.values()]
    assert {None} == {p.hash for p in history.values()} | {p.calendars for p in history.values()}
    db = sqlite3.connect(path)
    assert 1 == db.execute("PRAGMA user_version").fetchone()[0]
    db.close()
    assert len(before) <= len(path.read_bytes())  # WAL mode may be switched on; the content is checked next
    assert _content(path) == _content(v1_store(tmp_path / "again.sqlite"))


def test_the_first_publication_upgrades_a_version_1_store_without_changing_it(tmp_path):
    """Publishing to a version-1 store seals its publications in id order and leaves their content alone."""
    path = v1_store(tmp_path / "v1.sqlite")
    before = _content(path)
    with Store.open(path) as store:
        assert store.latest("2023-12") is not None  # read first, as `portfolio publish` does
        new = store.publish("2024-01", dt.date(2024, 1, 31), figures(), calendars="c" * 64).publication
        assert SCHEMA_VERSION == store.schema
        assert (True, 4) == (store.verify().ok, store.verify().checked)
    rows, figs = _content(path)
    assert (before[0], before[1]) == (rows[:3], [f for f in figs if f[0] <= 3])
    pairs = recomputed_chain(path)
    assert [a for a, _ in pairs] == [b for _, b in pairs]
    assert (4, new.hash) == (len(pairs), pairs[-1][0])


def test_a_tampered_version_1_store_is_not_upgraded(tmp_path):
    """A version-1 row changed before the upgrade is caught by its digest: refused, and still version 1."""
    path = v1_store(tmp_path / "v1.sqlite")
    tamper(path, "UPDATE figure SET forecast_finish = '2024-12-31' WHERE publication = 2 AND position = 0")
    with Store.open(path) as store:
        with pytest.raises(StoreError) as error:
            store.publish("2024-01", dt.date(2024, 1, 31), figures())
        assert (1, "store-damaged", 2) == (store.schema, error.value.code, error.value.broken.id)


def test_a_new_store_has_the_schema_of_an_upgraded_one(tmp_path):
    """A new store is made by the same two steps as an upgrade: the same tables, columns and triggers."""
    new = tmp_path / "new.sqlite"
    with Store.open(new) as store:
        store.publish("2024-01", dt.date(2024, 1, 31), figures())
    old = v1_store(tmp_path / "v1.sqlite")
    with Store.open(old) as store:
        store.publish("2024-01", dt.date(2024, 1, 31), figures())

    def schema(path: Path) -> list[tuple[str, str]]:
        db = sqlite3.connect(path)
        found = db.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
        db.close()
        return found

    assert schema(new) == schema(old)


# --- what a publication records ---------------------------------------------------------------------


def test_calendars_and_inputs_are_recorded(tmp_path):
    """A publication keeps the calendars' fingerprint and each input file's SHA-256."""
    portfolio = load(EXAMPLE).portfolio
    inputs = input_digests(EXAMPLE)
    with Store.open(tmp_path / "s.sqlite") as store:
        store.publish("2023-12", DAY, figures(), calendars=fingerprint(portfolio), inputs=inputs)
    with Store.open(tmp_path / "s.sqlite") as store:
        published = store.latest("2023-12")
    assert published is not None
    assert (fingerprint(portfolio), inputs) == (published.calendars, published.inputs)
    status = EXAMPLE / "status" / "2023-12-29.yaml"
    assert (status.relative_to(EXAMPLE).as_posix(), hashlib.sha256(status.read_bytes()).hexdigest()) in inputs
    assert sorted(inputs) == list(inputs)


def test_a_changed_input_file_is_named(tmp_path):
    """Changing one file of the portfolio changes its digest, and only its."""
    folder = tmp_path / "logius"
    shutil.copytree(EXAMPLE, folder)
    before = input_digests(folder)
    (folder / "platforms.yaml").write_text((folder / "platforms.yaml").read_text() + "\n# a note\n")
    (folder / "notes.yml").write_text("{}\n")
    assert (("notes.yml", "added"), ("platforms.yaml", "changed")) == changed_inputs(before, input_digests(folder))


def test_diff_of_two_publications(tmp_path):
    """compare() pairs each figure of two periods, the move in calendar days and the variance change."""
    with Store.open(tmp_path / "s.sqlite") as store:
        store.publish("2023-11", DAY, figures(2))
        store.publish("2023-12", DAY, figures(3, shift=4))
        changes = compare(store.latest("2023-11"), store.latest("2023-12"))
    assert [("m0", 4, 4), ("m1", 4, 4), ("m2", None, None)] == [(c.id, c.moved, c.variance_change) for c in changes]
    assert changes[2].before is None
    assert changes[2].to_json_dict()["after"]["forecast_finish"] == "2024-01-07"


# --- the JSON form of a figure ----------------------------------------------------------------------


def test_a_figure_round_trips_through_json():
    """to_json_dict keys are the field names, dates ISO; from_json_dict reads it back equal."""
    for figure in figures(3):
        data = json.loads(json.dumps(figure.to_json_dict()))
        assert ["kind", "id", "name", "baseline_finish", "forecast_finish", "variance", "variance_days",
                "progress", "rag", "status"] == list(data)
        assert figure == Figure.from_json_dict(data)


@pytest.mark.parametrize(("change", "message"), [
    ({"forecast_finish": "2024-02-30"}, "not YYYY-MM-DD"),
    ({"variance": "3"}, "wrong type in variance"),
    ({"variance": True}, "wrong type in variance"),
    ({"extra": 1}, "unknown keys extra"),
])
def test_a_bad_figure_in_json_is_a_value_error(change, message):
    """Whatever the JSON holds, from_json_dict gives a ValueError saying what is wrong."""
    data = {**figures(1)[0].to_json_dict(), **change}
    with pytest.raises(ValueError, match=message):
        Figure.from_json_dict(data)
