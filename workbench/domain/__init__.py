"""Pure logic, no I/O: models, segmentation, glossary matching and masking, checks."""
