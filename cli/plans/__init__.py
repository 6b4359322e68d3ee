"""plans: crime-prevention action plans kept as reviewed YAML.

The Python API mirrors the command line:

    >>> from plans import load, lint
    >>> repo = load("plans")            # one validated in-memory model
    >>> result = lint(["plans"])        # findings, exactly what `plans lint` prints
"""
__version__ = "0.1.0"


def load(*paths, config=None):
    """Load the repository under ``paths`` into a :class:`plans.loading.model.Repository`.

    What the loader could not read is in ``repo.load_findings``; ``lint`` runs every check.
    """
    from plans.loading.loader import default_paths, load_repository

    return load_repository(list(paths) or default_paths(), config=config)[0]


def lint(paths=None, config=None):
    """Load and check ``paths``; return a :class:`plans.checks.LintResult`."""
    from plans.checks import run_lint
    from plans.loading.loader import default_paths

    return run_lint(list(paths or default_paths()), config=config)
