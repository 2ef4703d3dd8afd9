"""Exceptions shared by the estimators."""

from __future__ import annotations


class InvalidParameterError(ValueError, TypeError):
    """A parameter value storylens cannot use, raised when the estimator is fitted.

    It is a ``ValueError`` (what an invalid parameter raises) and also a ``TypeError`` when
    the value has the wrong type, as scikit-learn's own ``InvalidParameterError`` is.

    >>> import storylens
    >>> try:
    ...     storylens.CountVectorizer(stop_words=5).fit(["a text"])
    ... except ValueError as error:
    ...     print(type(error).__name__)
    InvalidParameterError
    """
