"""The query index: what ``plans status --agency`` and ``plans kpi`` need, found without loading everything.

``plans.index.store`` keeps, per YAML file, its validated data (as the loader's builders were given it)
and a few columns to select by (a plan's id, jurisdiction, number and the agencies its tasks and
reporting duties name; a report's plan, period and agency) in one SQLite database in the user's cache
directory. ``plans.index.select`` asks it for the files a query needs and builds the model of those
files only, with the loader's own builders, so the existing functions (``View``, ``agency_status``,
``attainment``) compute the answer exactly as on the whole repository.
"""
