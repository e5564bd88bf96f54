"""Streamlit user interface (thin over services)."""
