"""Symmetric readers and writers of exchange files (glossary CSV/TBX, PO/MO, TMX, XLIFF, HTML)."""
