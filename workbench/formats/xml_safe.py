"""Parsing XML from outside (TMX, XLIFF) without entity expansion, DTDs or network access."""

from __future__ import annotations

from lxml import etree

from workbench.errors import FormatError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse_xml(data: bytes, name: str) -> etree._Element:
    """The root element of ``data``; FormatError with the line for anything malformed or with a DOCTYPE."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"not well-formed XML ({exc.msg})", path=name, line=exc.lineno or 1) from None
    except ValueError as exc:  # empty input, or text with an encoding declaration
        raise FormatError(f"not XML ({exc})", path=name, line=1) from None
    if root is None:
        raise FormatError("not XML (no root element)", path=name, line=1)
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        line = data.count(b"\n", 0, max(data.find(b"<!DOCTYPE"), 0)) + 1
        raise FormatError("XML with a DOCTYPE or entities is refused (entity expansion is unsafe)",
                          path=name, line=line)
    return root


def local_name(el: etree._Element) -> str:
    """The element's name without its namespace ('' for comments and processing instructions)."""
    tag = el.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def plain_text(el: etree._Element) -> str:
    """The text of an element without its inline markup's own content (a TMX <ph>'s native code)."""
    parts = [el.text or ""]
    for child in el:
        if local_name(child) in ("g", "pc", "mrk", "hi", "sub"):
            parts.append(plain_text(child))  # wrappers around translatable text
        parts.append(child.tail or "")
    return "".join(parts)


def to_bytes(root: etree._Element) -> bytes:
    """The document as UTF-8 with an XML declaration, indented (deterministic)."""
    etree.indent(root, space="  ")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data
