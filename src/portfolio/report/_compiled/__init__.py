"""The report pages' templates compiled ahead of time by Jinja2: generated modules, one per template, do not edit.

``tmpl_monthly_html.py`` and ``tmpl_four_monthly_html.py`` are Jinja2's code
for ``templates/monthly.html.j2`` and ``templates/four_monthly.html.j2``, each
ending in a record of the Jinja2 version, the template's SHA-256 and the
environment's options it was made with; the report uses one only when all
three are this run's (`portfolio.report._templates`). Write them again after
editing a template or upgrading Jinja2::

    python -m portfolio.report._compiled --write

``python -m portfolio.report._compiled --check`` lists the stale ones and exits 1.
"""
