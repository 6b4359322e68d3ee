"""``plans diff``: two loaded repositories → changes in the model's terms and their per-agency impact.

- ``compare.compare(base, head)`` → :class:`plans.diff.model.DiffResult` (pure);
- ``impact.impact(...)`` → per agency, what it gained or lost (through ``queries.status``);
- ``textdiff.word_diff(a, b)`` → word-level diff of Vietnamese text, diacritic-only edits marked;
- ``revisions`` → a git revision's files, read with ``git ls-tree``/``git cat-file`` (nothing from the
  repository is run; symbolic links are refused by the loader when they lead out of the tree).
"""
