"""The read-only HTTP API the sections' sites pull published releases from (`workbench api`, docs/publishing.md)."""
