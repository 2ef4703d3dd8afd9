"""Warnings for the module paths that moved when the package became layered.

The old modules (``storylens.vectorizers``, ``storylens.tokenizer``, ...) stay for one release
as aliases of their new homes, so that old imports and old pickles keep working; importing one
warns once per process.
"""

from __future__ import annotations

import warnings


def warn_moved(old: str, new: str) -> None:
    """Warns that module ``old`` is a deprecated alias of ``new``, pointing at the importer.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_moved("storylens.old", "storylens.new")
    >>> caught[0].category.__name__, str(caught[0].message).split(";")[1]
    ('DeprecationWarning', ' import from storylens.new instead')
    """
    # stacklevel 3: past this function and the alias module; the import machinery's own
    # frames are skipped by the warnings module, so the warning names the importing line.
    warnings.warn(
        f"{old} is deprecated and will be removed in the next release; import from {new} instead",
        DeprecationWarning,
        stacklevel=3,
    )
