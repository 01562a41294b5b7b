"""The target catalog: a government work report → proposed catalog rows (``targetwatch targets``).

Plain Python (no Dagster). :mod:`.extract` is the entry point; :mod:`.render` writes proposals as the
seed's CSV or as a terminal table; :mod:`.review` compares proposals with the reviewed seed.
"""
