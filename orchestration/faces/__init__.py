"""Faces for people (plain Python, no Dagster), all reading the published mart read-only.

``status_view``: the `targetwatch status` table, CSV and JSON. ``report``: the self-contained HTML report
(``write_report`` is what the publish step calls). ``progress``: what `targetwatch run` shows while it
works. ``data_dictionary``: docs/data-dictionary.md, generated. ``charts``, ``common``: shared parts.
"""
