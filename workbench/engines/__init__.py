"""Machine-translation engines behind one interface, their registry, and the glossary-constrained drafter."""
