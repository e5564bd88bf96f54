"""Use cases composing the layers; the only API the CLI and the UI call."""
