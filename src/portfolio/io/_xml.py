"""Parse untrusted XML safely, keeping the line and column of every element.

The parser is `defusedxml`'s: a DOCTYPE, an entity declaration or an
external reference is refused (whatever the file's encoding: the check runs
on what expat decoded, not on the bytes). Each element is an
`Element` that knows where its start tag stood, so that messages
about it can point at its line.

Examples:
    >>> root = parse_xml(b"<Project>\\n  <Name>Plan</Name>\\n</Project>", "plan.xml")
    >>> [(e.tag, e.line, e.column) for e in root.iter()]
    [('Project', 1, 1), ('Name', 2, 3)]
    >>> print(parse_xml(b'<!DOCTYPE p [<!ENTITY a "evil">]><p>&a;</p>', "bomb.xml").message)
    the file declares a DOCTYPE or entities, which are refused (they can expand to gigabytes or read other files)
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from portfolio.diagnostics import Diagnostic, diagnostic
from portfolio.model import Source

__all__ = ["MSPDI_HINT", "Element", "parse_xml", "place"]


class Element(ET.Element):
    """An element with the 1-based line and column of its start tag."""

    __slots__ = ("column", "line")

    def __init__(self, tag: Any, attrib: dict[str, str] | None = None, **extra: str) -> None:
        super().__init__(tag, attrib or {}, **extra)
        self.line = 0
        self.column = 0


class _Builder(ET.TreeBuilder):
    """A tree builder that stamps each element with the parser's position at its start tag."""

    def __init__(self) -> None:
        super().__init__(element_factory=Element)
        self.expat: Any = None

    def start(self, tag: Any, attrs: dict[Any, Any]) -> ET.Element:
        element = super().start(tag, attrs)
        if isinstance(element, Element):
            element.line = self.expat.CurrentLineNumber
            element.column = self.expat.CurrentColumnNumber + 1
        return element


MSPDI_HINT = "save the plan from MS Project as XML again (File > Save As > XML Format)"
"""The hint of a file that cannot be read, by the tool that wrote it."""


def parse_xml(data: bytes, filename: str, *, code: str = "mspdi-syntax", hint: str = MSPDI_HINT) -> Element | Diagnostic:
    """The root element of ``data``, or the diagnostic (``code``, by default ``mspdi-syntax``) why it cannot be read.

    Args:
        data: The file's bytes (any encoding expat reads: UTF-8, UTF-16 with or without BOM, Latin-1).
        filename: The file's name as messages give it.
        code: The diagnostic's code: the reading format's ``…-syntax`` code.
        hint: How to write the file again, from the tool that wrote it.

    Returns:
        The root `Element`, or a located diagnostic.

    Examples:
        >>> print(parse_xml(b"<Project>\\n<Tasks>\\n</Project>", "plan.xml").source)
        plan.xml:3:3
        >>> parse_xml(b"<APIBusinessObjects>", "p6.xml", code="p6xml-syntax", hint="export it again").code
        'p6xml-syntax'
    """
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    expat = builder.expat = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        return diagnostic(
            code,
            "the file declares a DOCTYPE or entities, which are refused (they can expand to gigabytes or read "
            "other files)",
            source=Source(filename, expat.CurrentLineNumber, expat.CurrentColumnNumber + 1),
            hint=hint,
        )
    except ET.ParseError as error:
        line, column = error.position
        return diagnostic(
            code,
            f"not well-formed XML: {error}",
            source=Source(filename, max(line, 1), column + 1),
            hint=f"{hint}; the tool writes UTF-8 or UTF-16",
        )
    except ValueError as error:  # expat on an encoding it cannot read, e.g. UTF-16 or UTF-32 without a BOM
        return diagnostic(
            code,
            f"the file's text encoding cannot be read ({error})",
            source=Source(filename, 1, 1),
            hint=f"{hint}; the tool writes UTF-8 or UTF-16 with a byte order mark",
        )
    if not isinstance(root, Element):  # pragma: no cover - the builder makes every element
        return diagnostic(code, "no root element", source=Source(filename, 1, 1), hint=hint)
    return root


def place(filename: str, element: ET.Element | None) -> Source:
    """Where ``element`` stands in ``filename`` (the file alone when it is not known).

    Examples:
        >>> place("plan.xml", None)
        Source(file='plan.xml', line=0, column=0)
    """
    if isinstance(element, Element) and element.line:
        return Source(filename, element.line, element.column)
    return Source(filename)
