"""Faces for people (plain Python, no Dagster): the HTML report and the terminal status view."""
