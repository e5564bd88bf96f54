"""Workbench: translation and publishing workbench for an NGO press office."""

__version__ = "0.1.0"
