"""Seeded mutants of a portfolio: YAML-aware, byte-level, file-system and MS Project XML mutations.

A mutant is a tree of files (relative path to bytes) plus file-system
operations applied when it is written out (a file replaced by a link to
``/dev/zero``, a FIFO, a folder, ...). :func:`mutant` is a pure function
of the seed and the index, so a failure found in a run of ten thousand is
reproduced by its number alone.

>>> a, b = mutant(7, 3), mutant(7, 3)
>>> a == b, a.kind in ("yaml", "mspdi"), bool(a.steps)
(True, True, True)
>>> mutant(7, 3) != mutant(7, 4)
True
"""

from __future__ import annotations

import functools
import os
import random
import re
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

import attrs

from fuzzing.generator import STATUS_DATE, mspdi_plan

__all__ = [
    "EXAMPLE",
    "EXAMPLE_PERIOD",
    "FS_OPERATIONS",
    "Mutant",
    "clear",
    "example_tree",
    "materialise",
    "mutant",
    "mutants",
]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "logius"
#: The report period of the example's mutants (its middle status update is 2023-08-31).
EXAMPLE_PERIOD = "2023-08"
MSPDI_NAME = "plan.xml"
#: What a file can be replaced with when the mutant is written out.
FS_OPERATIONS = ("dev-zero", "dev-urandom", "dev-null", "fifo", "directory", "socket", "dangling-link",
                 "self-link", "unreadable", "sparse-17mib", "link-to-folder", "loop-folder")

Tree = dict[str, bytes]


@attrs.frozen(eq=False)
class Mutant:
    """One mutated portfolio: its files, the file-system operations, what to load and what was done."""

    seed: int
    index: int
    kind: str  #: "yaml" (the example folder) or "mspdi" (one generated plan.xml)
    files: Tree = attrs.field(repr=False)
    fs: tuple[tuple[str, str], ...]  #: (relative path, one of FS_OPERATIONS)
    target: str  #: what to load, relative to the mutant's root: "portfolio" (a folder) or "plan.xml"
    period: str  #: the report period to ask for
    steps: tuple[str, ...]  #: a short description of each mutation, for reproducers

    def _key(self) -> tuple[object, ...]:
        return (self.seed, self.index, self.kind, sorted(self.files.items()), self.fs, self.target, self.steps)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mutant) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash((self.seed, self.index, self.steps))


@functools.cache
def example_tree() -> tuple[tuple[str, bytes], ...]:
    """The shipped example's YAML files, as (relative path, bytes), sorted."""
    return tuple(sorted((p.relative_to(EXAMPLE).as_posix(), p.read_bytes())
                        for p in EXAMPLE.rglob("*.y*ml") if p.is_file()))


@functools.cache
def _mspdi_seed() -> bytes:
    return mspdi_plan(1)


# -- hostile values -----------------------------------------------------------------------------

NUMBERS = ("999999999999999999999", "-999999999999999999999", "1e308", "1e309", "-1", "0", "-0", "2147483648",
           "9223372036854775808", ".inf", "-.inf", ".nan", "inf", "-inf", "nan", "0x7fffffffffffffff", "0o777",
           "1_000_000", "3.14159", "1e-400", "0.1e1000000")
DURATIONS = ("999999999999999999999d", "-999999999d", "99999999w", "1e9d", "infd", "-1d", "0d", "1.5d",
             "1000000d", "3650001d", "P1D", "d", "5x", "2147483648d", "-0d", "1d 2d")
DATES = ("9999-12-31", "0001-01-01", "10000-01-01", "2023-02-30", "2023-13-01", "2023-00-10", "1970-01-01",
         "2100-01-01", "2023-01-01T25:00:00", "2023-01-01 12:00:00+99:00", "-2023-01-01", "20230101",
         "2023-1-1", "2023-08-31T23:59:59.999999Z")
STRINGS = ('""', "''", "~", "null", "x" * 5000, "'" + "y" * 100_000 + "'", '"\\e]0;pwned\\a\\e[31mred\\e[0m"',
           '"nul\\0byte"', '"\\u202egnp.exe"', '"\\ud800 lone"', "\"=cmd|' /C calc'!A0\"", "'+SUM(1)'",
           '"\\t=1+1"', "'@SUM(A1)'", "<script>alert(1)</script>", "../../etc/passwd", "yes", "no", "Off",
           '"a\\nb\\rc\\x85d\\u2028e"', "'\u00e9\u0301\U0001f600'", "\u200b", '"\\x1b[2J"')
TAGS = ("!!timestamp 2023-01-01", "!!timestamp x", "!!binary aGVsbG8=", "!!str 1", "!!int 1", "!!int x",
        "!!float 1e999", "!!bool maybe", "!!null x", "!!set {a, b}", "!!omap [a: 1]", "!!pairs [a: 1]",
        "!!python/object/apply:os.system [echo pwned]", "!!python/name:os.system", "!custom x",
        "!<tag:yaml.org,2002:str> x", "!!map {a: 1}", "!!seq [1]", "!!merge x", "!!timestamp 9999-12-31",
        "!!timestamp 2023-01-01T10:00:00+02:00", "!!float .inf", "!!int 99999999999999999999")
STRUCTURES = ("[]", "{}", "[1, [2, [3]]]", "{a: 1}", "&anchor x", "*anchor", "*undefined", "[" * 150 + "]" * 150,
              "{" * 150 + "}" * 150, "{", "]", "? a", "? [a, b]", "[a, b]: c", "|\n  text", ">-", "&a [*a]",
              "{<<: {id: merged}}", "{? [x]: y}", "- a", "'unterminated", '"\\q"', "@reserved", "`tick")
VALUES = NUMBERS + DURATIONS + DATES + STRINGS + TAGS + STRUCTURES

#: A few billion laughs, under an unknown top-level key (the alias expansion limit must stop it).
LAUGHS = "laughs:\n  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 9))

_SCALAR = re.compile(r"(?:(?<=: )|(?<=- )|(?<=\[)|(?<=, )|(?<=\{))([^\s,\[\]{}#&*!|>'\":][^,\[\]{}#:\n]*?)"
                     r"(?=\s*(?:$|,|\]|\}| #))", re.MULTILINE)
_ID = re.compile(r"(?<=\bid: )[\w.-]+")


def _short(value: str) -> str:
    return repr(value) if len(value) <= 40 else f"{value[:30]!r}... ({len(value)} characters)"


# -- YAML-aware mutations -------------------------------------------------------------------------


def _replace_scalar(text: str, rng: random.Random) -> tuple[str, str]:
    spans = list(_SCALAR.finditer(text))
    if not spans:
        return text, "no scalar to replace"
    match = rng.choice(spans)
    value = rng.choice(VALUES)
    line = text.count("\n", 0, match.start()) + 1
    return text[:match.start()] + value + text[match.end():], f"line {line}: {match.group()!r} -> {_short(value)}"


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or [""]


def _indent(line: str) -> str:
    spaces = line[:len(line) - len(line.lstrip(" "))]
    return spaces + "  " if line.lstrip(" ").startswith("- ") else spaces


def _line_edit(text: str, rng: random.Random) -> tuple[str, str]:
    lines = _lines(text)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    kind = rng.choice(("delete", "duplicate", "duplicate-here", "swap", "indent", "dedent", "tab"))
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(j, lines[i])
    elif kind == "duplicate-here":  # a mapping line twice in a row: a duplicate key
        lines.insert(i, lines[i])
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        lines[i] = "  " + lines[i]
    elif kind == "dedent":
        lines[i] = lines[i][2:] if lines[i].startswith("  ") else lines[i]
    else:
        lines[i] = "\t" + lines[i].lstrip(" ")
    return "".join(lines), f"{kind} line {i + 1}" + (f" at {j + 1}" if kind in ("duplicate", "swap") else "")


def _insert_line(text: str, rng: random.Random) -> tuple[str, str]:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    pad = _indent(lines[i])
    insert = rng.choice((
        f"{pad}zz-unknown-key: 1\n", f"{pad}? [a, b]\n{pad}: 1\n", f"{pad}? a\n", f"{pad}<<: {{id: merged}}\n",
        f"{pad}&anchor key: value\n", f"{pad}{{a: 1}}: complex\n", f"{pad}[a]: complex\n", f"{pad}~: null key\n",
        f"{pad}1: integer key\n", f"{pad}2023-01-01: date key\n", f"{pad}!!binary aGk=: binary key\n",
        "---\n", "...\n", "%YAML 1.1\n---\n", "%TAG ! tag:evil.example,2000:\n---\n", f"{pad}# \x1b]0;title\x07\n",
        f"{pad}id: {'z' * 300}\n", f"{pad}name: \"\\e[31m\"\n",
    ))
    return "".join([*lines[:i], insert, *lines[i:]]), f"insert {_short(insert)} before line {i + 1}"


def _swap_ids(text: str, rng: random.Random) -> tuple[str, str]:
    found = list(_ID.finditer(text))
    if len(found) < 2:
        return text, "fewer than two ids"
    a, b = rng.sample(found, 2)
    if rng.random() < 0.5:  # swap two ids
        first, second = sorted((a, b), key=lambda m: m.start())
        text = (text[:first.start()] + second.group() + text[first.end():second.start()] + first.group()
                + text[second.end():])
        return text, f"swap ids {first.group()!r} and {second.group()!r}"
    return text[:a.start()] + b.group() + text[a.end():], f"id {a.group()!r} -> {b.group()!r} (a duplicate)"


def _alias(text: str, rng: random.Random) -> tuple[str, str]:
    spans = list(_SCALAR.finditer(text))
    if rng.random() < 0.3 or len(spans) < 2:
        return LAUGHS + text, "billion laughs at the top"
    a, b = sorted(rng.sample(spans, 2), key=lambda m: m.start())
    text = text[:a.start()] + "&fz " + a.group() + text[a.end():b.start()] + "*fz" + text[b.end():]
    return text, f"anchor {a.group()!r}, alias replaces {b.group()!r}"


_YAML_MUTATIONS: tuple[tuple[int, Callable[[str, random.Random], tuple[str, str]]], ...] = (
    (8, _replace_scalar), (3, _line_edit), (3, _insert_line), (2, _swap_ids), (1, _alias))


# -- byte-level mutations -------------------------------------------------------------------------


def _bytes_edit(raw: bytes, rng: random.Random) -> tuple[bytes, str]:
    at = rng.randrange(len(raw) + 1)
    kind = rng.choice(("truncate", "overwrite", "insert", "bom8", "bom16", "utf16", "utf16be", "utf32", "latin1",
                       "invalid", "nul", "crlf", "cr", "nel", "empty"))
    if kind == "truncate":
        return raw[:at], f"truncate at byte {at}"
    if kind == "overwrite":
        junk = rng.randbytes(rng.randint(1, 16))
        return raw[:at] + junk + raw[at + len(junk):], f"overwrite {len(junk)} random bytes at {at}"
    if kind == "insert":
        junk = rng.randbytes(rng.randint(1, 64))
        return raw[:at] + junk + raw[at:], f"insert {len(junk)} random bytes at {at}"
    text = raw.decode("utf-8", "replace")
    encodings = {"bom8": b"\xef\xbb\xbf" + raw, "bom16": b"\xff\xfe" + text.encode("utf-16-le"),
                 "utf16": text.encode("utf-16"), "utf16be": text.encode("utf-16-be"),
                 "utf32": text.encode("utf-32"), "latin1": text.encode("latin-1", "replace"),
                 "invalid": raw[:at] + b"\xc3\x28\xff" + raw[at:], "nul": raw[:at] + b"\x00" + raw[at:],
                 "crlf": raw.replace(b"\n", b"\r\n"), "cr": raw.replace(b"\n", b"\r"),
                 "nel": raw[:at] + "\u0085\u2028".encode() + raw[at:], "empty": b""}
    return encodings[kind], kind + (f" at byte {at}" if kind in ("invalid", "nul", "nel") else "")


# -- MS Project XML mutations -----------------------------------------------------------------------

XML_VALUES = ("inf", "-inf", "nan", "1e309", "99999999999999999999", "-5", "-2147483649", "", "x" * 10_000,
              "0001-01-01T00:00:00", "9999-12-31T23:59:59", "2023-02-30T08:00:00", "2024-01-08", "PT99999999999H0M0S",
              "PT-5H", "P1Y", "-PT8H0M0S", "PT1e9H", "P99999999999D", "&#27;]0;pwned&#7;", "&#x1b;[31m", "<![CDATA[1]]>",
              "&lt;script&gt;", "=cmd|' /C calc'!A0", "1.5", "0x10", " 1 ", "&amp;", "&unknown;", "\u202e")
_ELEMENT = re.compile(r"<(\w+)>([^<]*)</\1>")
_TASK = re.compile(r"    <Task>.*?</Task>\n", re.DOTALL)
DOCTYPES = ('<!DOCTYPE Project [<!ENTITY a "evil">]>', '<!DOCTYPE Project SYSTEM "file:///etc/passwd">',
            '<!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
            '<! DOCTYPE Project [<!ENTITY a "evil">]>', '<!doctype Project>')


def _xml_value(text: str, rng: random.Random) -> tuple[str, str]:
    found = list(_ELEMENT.finditer(text))
    match = rng.choice(found)
    value = rng.choice(XML_VALUES)
    line = text.count("\n", 0, match.start()) + 1
    return (text[:match.start(2)] + value + text[match.end(2):],
            f"line {line}: <{match.group(1)}>{match.group(2)[:20]!r} -> {_short(value)}")


def _xml_structure(text: str, rng: random.Random) -> tuple[str, str]:
    tasks = list(_TASK.finditer(text))
    kind = rng.choice(("duplicate-task", "delete-task", "delete-element", "self-link", "cycle", "deep", "rename-root",
                       "no-namespace", "comment", "pi"))
    task = rng.choice(tasks)
    if kind == "duplicate-task":
        return text[:task.end()] + task.group() + text[task.end():], "duplicate a task"
    if kind == "delete-task":
        return text[:task.start()] + text[task.end():], "delete a task"
    if kind == "delete-element":
        element = rng.choice(list(_ELEMENT.finditer(text)))
        return text[:element.start()] + text[element.end():], f"delete <{element.group(1)}>"
    if kind in ("self-link", "cycle"):
        uid = re.search(r"<UID>(\d+)</UID>", task.group())
        other = "1" if kind == "cycle" else (uid.group(1) if uid else "1")
        link = f"<PredecessorLink><PredecessorUID>{other}</PredecessorUID><Type>1</Type></PredecessorLink>"
        at = task.end() - len("</Task>\n")
        return text[:at] + link + text[at:], f"{kind}: a link from task {other} into task {uid and uid.group(1)}"
    if kind == "deep":
        at = task.end() - len("</Task>\n")
        return text[:at] + "<a>" * 5000 + "</a>" * 5000 + text[at:], "5000 nested elements in a task"
    if kind == "rename-root":
        return text.replace("<Project ", "<Projekt ", 1).replace("</Project>", "</Projekt>"), "root <Projekt>"
    if kind == "no-namespace":
        return text.replace(' xmlns="http://schemas.microsoft.com/project"', ""), "no namespace"
    if kind == "comment":
        return text[:task.start()] + "<!-- \x1b]0;x\x07 -->\n" + text[task.start():], "a comment with escapes"
    return text[:task.start()] + "<?evil x?>\n" + text[task.start():], "a processing instruction"


def _xml_doctype(text: str, rng: random.Random) -> tuple[bytes, str]:
    doctype = rng.choice(DOCTYPES)
    body = text.replace("<Title>", "<Title>&a;", 1) if "ENTITY a" in doctype else text
    declared = body.replace("?>\n", "?>\n" + doctype + "\n", 1)
    encoding = rng.choice(("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32"))
    if encoding != "utf-8":
        declared = declared.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"', 1)
    raw = declared.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be") and rng.random() < 0.5:
        raw = ("\ufeff".encode(encoding)) + raw
    return raw, f"{doctype[:40]!r} in {encoding}"


# -- the mutant -------------------------------------------------------------------------------------


def _weighted(rng: random.Random, table: tuple[tuple[int, Callable[..., tuple[str, str]]], ...]) -> Callable[
        ..., tuple[str, str]]:
    return rng.choices([f for _, f in table], weights=[w for w, _ in table])[0]


def _mutate_yaml(files: Tree, rng: random.Random, steps: list[str], fs: list[tuple[str, str]]) -> None:
    names = sorted(files)
    name = rng.choice(names)
    roll = rng.random()
    if roll < 0.62:
        text, what = _weighted(rng, _YAML_MUTATIONS)(files[name].decode("utf-8"), rng)
        files[name] = text.encode("utf-8", "surrogatepass")
    elif roll < 0.80:
        files[name], what = _bytes_edit(files[name], rng)
    elif roll < 0.90:
        operation = rng.choice(FS_OPERATIONS)
        fs.append((name, operation))
        what = operation
    else:
        what = _tree_edit(files, rng, name)
    steps.append(f"{name}: {what}")


def _tree_edit(files: Tree, rng: random.Random, name: str) -> str:
    kind = rng.choice(("remove", "empty-file", "extra-file", "rename-escape", "rename-long", "rename-upper"))
    if kind == "remove":
        del files[name]
        return "removed"
    if kind == "empty-file":
        files["zz-empty.yaml"] = b""
        return "an empty zz-empty.yaml added"
    if kind == "extra-file":
        files["zz-extra.yml"] = files[name]
        return "copied to zz-extra.yml (every id twice)"
    content = files.pop(name)
    folder, _, base = name.rpartition("/")
    new = {"rename-escape": "\x1b]0;pwned\x07\x1b[31m\n.yaml", "rename-long": "n" * 250 + ".yaml",
           "rename-upper": base.upper().replace(".YAML", ".yaml") if base != base.upper() else "X.yaml"}[kind]
    files[f"{folder}/{new}" if folder else new] = content
    return f"renamed to {_short(new)}"


def _mutate_mspdi(files: Tree, rng: random.Random, steps: list[str], fs: list[tuple[str, str]]) -> None:
    roll = rng.random()
    text = files[MSPDI_NAME].decode("utf-8", "surrogatepass")
    if roll < 0.55:
        text, what = _xml_value(text, rng)
        files[MSPDI_NAME] = text.encode("utf-8", "surrogatepass")
    elif roll < 0.75:
        text, what = _xml_structure(text, rng)
        files[MSPDI_NAME] = text.encode("utf-8", "surrogatepass")
    elif roll < 0.85:
        files[MSPDI_NAME], what = _xml_doctype(text, rng)
    elif roll < 0.95:
        files[MSPDI_NAME], what = _bytes_edit(files[MSPDI_NAME], rng)
    else:
        operation = rng.choice(FS_OPERATIONS[:9])
        fs.append((MSPDI_NAME, operation))
        what = operation
    steps.append(f"{MSPDI_NAME}: {what}")


def mutant(seed: int, index: int, mspdi_share: float = 0.2) -> Mutant:
    """Mutant ``index`` of run ``seed``: the example folder (or, for a share, the MSPDI plan) with 1-3 mutations."""
    rng = random.Random(f"portfolio-fuzz:{seed}:{index}")
    kind = "mspdi" if rng.random() < mspdi_share else "yaml"
    files: Tree = {MSPDI_NAME: _mspdi_seed()} if kind == "mspdi" else dict(example_tree())
    steps: list[str] = []
    fs: list[tuple[str, str]] = []
    mutate = _mutate_mspdi if kind == "mspdi" else _mutate_yaml
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
        if kind == "yaml" and not files:
            break
        if kind == "mspdi" and fs:
            break
        try:
            mutate(files, rng, steps, fs)
        except (UnicodeDecodeError, KeyError, IndexError, ValueError):  # an earlier step broke the text: stop
            break
    fs = [(name, op) for name, op in fs if name in files]
    return Mutant(seed=seed, index=index, kind=kind, files=files, fs=tuple(fs),
                  target="portfolio" if kind == "yaml" else MSPDI_NAME,
                  period=EXAMPLE_PERIOD if kind == "yaml" else STATUS_DATE.strftime("%Y-%m"), steps=tuple(steps))


def mutants(seed: int, count: int, start: int = 0) -> list[Mutant]:
    """Mutants ``start`` to ``start + count - 1`` of run ``seed``."""
    return [mutant(seed, i) for i in range(start, start + count)]


# -- writing a mutant out ---------------------------------------------------------------------------


def _apply(path: Path, operation: str) -> None:
    """Replace the file at ``path`` as ``operation`` says."""
    if operation == "unreadable":  # as root this stays readable: the loader must cope either way
        path.chmod(0)
        return
    if operation == "sparse-17mib":
        os.truncate(path, 17 * 2**20)
        return
    path.unlink()
    targets = {"dev-zero": "/dev/zero", "dev-urandom": "/dev/urandom", "dev-null": "/dev/null",
               "dangling-link": str(path.with_name("no-such-file.yaml")), "self-link": path.name,
               "link-to-folder": str(path.parent), "loop-folder": ".."}
    if operation in targets:
        path.symlink_to(targets[operation])
    elif operation == "fifo":
        os.mkfifo(path)
    elif operation == "directory":
        path.mkdir()
        (path / "inner.yaml").write_bytes(b"portfolio: {name: inner}\n")
    elif operation == "socket":
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(str(path))
            except OSError:  # a path too long for a socket address: a FIFO is the next best thing
                os.mkfifo(path)


def materialise(item: Mutant, root: Path) -> Path:
    """Write the mutant under ``root`` (an empty folder) and return the path to load."""
    base = root / "portfolio" if item.kind == "yaml" else root
    for name, content in item.files.items():
        path = base / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        except OSError:  # a name the file system refuses (too long): the mutant goes on without it
            continue
    for name, operation in item.fs:
        path = base / name
        if path.is_file():
            _apply(path, operation)
    return root / item.target


def clear(root: Path) -> None:
    """Empty ``root`` (a mutant's folder) whatever the mutant left in it; links are removed, never followed."""
    shutil.rmtree(root)
    root.mkdir()
