"""One module per screen; each has a ``render()`` that reads widgets, calls services and shows the result."""
