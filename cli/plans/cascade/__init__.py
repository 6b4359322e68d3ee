"""The cascade: does each local plan carry out the plan above it?

``report(repo, plan_id)`` (the full check), ``coverage(repo, plan_id)`` (plain rows),
``down(repo, plan_id)`` (the plans implementing a plan), ``suggest(repo, plan_id)`` (missing links).
"""
from plans.cascade.links import parents, same_document  # noqa: F401
from plans.cascade.report import coverage, down, report  # noqa: F401
from plans.cascade.suggest import suggest  # noqa: F401
