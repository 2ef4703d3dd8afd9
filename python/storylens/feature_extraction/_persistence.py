"""Saving fitted estimators as versioned JSON, and loading them back without running code.

A saved file holds the estimator's class name, its parameters and its fitted state. The
fitted state is the core's serde struct (``_core.FittedState``, `src/vectorize/fitted_state.rs`),
and the core reads and writes the file around it, versioned; the package only encodes the
parameters, which are Python objects. Pickle carries the same struct. The class name is looked
up in a registry that storylens's estimators join as they are defined (see
:meth:`PersistableMixin.__init_subclass__`), never imported by name, so a file cannot make
loading run code, and this module needs no import of the estimators it loads.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np

from storylens import _core
from storylens.exceptions import InternalError, InvalidParameterError, ModelFileError

#: The ``format`` field of every model file, and the format version this version writes
#: (the core defines both; it also reads every earlier version).
FILE_FORMAT: str = _core.MODEL_FILE_FORMAT
FORMAT_VERSION: int = _core.MODEL_FILE_VERSION

#: The largest model file ``load`` reads by default (1 GiB), checked before the file is read:
#: a vocabulary of ten million terms with its statistics takes about a third of it.
MAX_MODEL_FILE_BYTES: int = 1 << 30

#: The largest item a saved array parameter may hold, in bytes: a dtype such as ``"U99999999"``
#: written in a file must not make loading allocate gigabytes.
_MAX_ARRAY_ITEM_BYTES = 1 << 16

#: Where the pickle of a fitted estimator keeps its fitted state (the core's struct).
_PICKLED_STATE = "_storylens_fitted_state"


#: Python types a ``dtype`` parameter may name (looked up by name when loading: no code runs).
_PYTHON_TYPES: dict[str, type] = {t.__name__: t for t in (bool, int, float, complex)}


def _encode_param(name: str, value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    if isinstance(value, tuple):
        return {"tuple": [_encode_param(name, v) for v in value]}
    if isinstance(value, (list, frozenset, set)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return [_encode_param(name, v) for v in items]
    if isinstance(value, dict):
        return {
            "mapping": [[_encode_param(name, k), _encode_param(name, v)] for k, v in value.items()]
        }
    if isinstance(value, type) and issubclass(value, np.generic):
        return {"dtype": np.dtype(value).name}
    if isinstance(value, np.dtype):  # given as np.dtype("float32"), loaded back the same way
        return {"dtype_instance": value.str}
    if isinstance(value, np.ndarray) and value.ndim == 1:  # a vocabulary given as an array
        return {
            "array": [_encode_param(name, v) for v in value.tolist()],
            "array_dtype": value.dtype.str,
        }
    if isinstance(value, type) and value in _PYTHON_TYPES.values():  # dtype=float
        return {"python_type": value.__name__}
    if callable(value):
        raise InvalidParameterError(
            f"cannot save: parameter '{name}' is a callable ({value!r}); JSON files hold no code. "
            "Use pickle for estimators with callables."
        )
    raise InvalidParameterError(
        f"cannot save: parameter '{name}' has an unsupported type {type(value).__name__}"
    )


def _decode_param(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode_param(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"tuple"}:
            return tuple(_decode_param(v) for v in value["tuple"])
        if set(value) == {"mapping"}:
            return {_decode_param(k): _decode_param(v) for k, v in value["mapping"]}
        if set(value) == {"dtype"}:
            return _checked_dtype(value["dtype"], kinds="biufc").type
        if set(value) == {"python_type"}:
            return _PYTHON_TYPES[value["python_type"]]
        if set(value) == {"dtype_instance"}:
            return _checked_dtype(value["dtype_instance"], kinds="biufc")
        if set(value) == {"array", "array_dtype"}:
            # The items are JSON values, so even an object array holds no code.
            items = [_decode_param(v) for v in _checked_list(value["array"], "array")]
            return np.asarray(items, dtype=_checked_dtype(value["array_dtype"], kinds="biufcUSO"))
        raise ModelFileError(f"unknown parameter encoding {sorted(value)}")
    return value


# -- validation of what a file holds -----------------------------------------------------------


def write_atomically(target: Path, text: str) -> None:
    """Writes ``text`` to ``target`` through a temporary file beside it, so that an
    interrupted save never leaves half a file; an OSError names ``target``, not the
    temporary file, and no temporary file is left behind.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "model.json"
    >>> write_atomically(target, "{}")
    >>> target.read_text()
    '{}'
    """
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    except OSError as error:
        raise type(error)(error.errno, error.strerror, str(target)) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    except OSError as error:
        os.unlink(temporary)
        raise type(error)(error.errno, error.strerror, str(target)) from None
    except BaseException:
        os.unlink(temporary)
        raise


def _checked_model_file_size(path: Path, max_bytes: int) -> None:
    """Refuses a file above ``max_bytes`` before reading it, so that a huge file is never
    read into memory and parsed."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, (int, np.integer)) or max_bytes < 1:
        raise InvalidParameterError(f"max_bytes must be a positive int, got {max_bytes!r}")
    size = path.stat().st_size
    if size > max_bytes:
        raise ModelFileError(
            f"{path} is {size:,} bytes, above the model file limit of {max_bytes:,} bytes; "
            "pass max_bytes= to load() to read a larger file you trust"
        )


def _checked_dtype(name: Any, kinds: str) -> np.dtype[Any]:
    """A dtype named in a file: a string naming a numpy dtype of one of ``kinds`` (numpy's
    kind letters) whose items are small."""
    if not isinstance(name, str):
        raise ModelFileError(f"a dtype must be a string, got {type(name).__name__}")
    dtype = np.dtype(name)
    if dtype.kind not in kinds or dtype.itemsize > _MAX_ARRAY_ITEM_BYTES:
        raise ModelFileError(f"dtype {name!r} is not allowed in a model file")
    return dtype


def _checked_list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise ModelFileError(f"{what} must be a list, got {type(value).__name__}")
    return value


_Fit = TypeVar("_Fit", bound=Callable[..., Any])


def keeps_state_on_error(fit: _Fit) -> _Fit:
    """A fit that raises leaves the estimator's fitted state as it was before the call, so
    that a failed refit never pairs a new vocabulary with an old idf (a wrong answer, and a
    state that cannot be pickled)."""

    @wraps(fit)
    def fitting(self: Any, *args: Any, **kwargs: Any) -> Any:
        names = self._FITTED_ATTRIBUTES
        before = {name: self.__dict__[name] for name in names if name in self.__dict__}
        try:
            return fit(self, *args, **kwargs)
        except BaseException:
            for name in names:
                self.__dict__.pop(name, None)
            self.__dict__.update(before)
            raise

    return cast(_Fit, fitting)


#: The estimators a saved file may name, by class name: storylens's own, which register
#: themselves when their class is defined.
_REGISTRY: dict[str, type[Any]] = {}


class PersistableMixin:
    """``save(path)`` and ``load(path)`` for estimators with a JSON-able fitted state."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Registers each estimator class storylens defines under its name, so that ``load``
        finds it. Subclasses defined elsewhere (a user's) are not registered: their files
        would name classes that loading could only find by importing code."""
        super().__init_subclass__(**kwargs)
        # storylens.dask's estimators subclass the local ones of the same name: a file they
        # write loads as the local estimator.
        if not cls.__module__.startswith("storylens.") or cls.__module__.startswith(
            "storylens.dask."
        ):
            return
        registered = _REGISTRY.setdefault(cls.__name__, cls)
        if registered is not cls:
            raise InternalError(
                f"two persistable estimators are named {cls.__name__}: "
                f"{registered.__module__} and {cls.__module__}"
            )

    #: The attributes ``fit`` sets; pickle carries them as one ``_core.FittedState``.
    _FITTED_ATTRIBUTES: tuple[str, ...] = ()

    def _fitted_state(self) -> _core.FittedState:  # pragma: no cover - overridden
        # Every storylens estimator defines it; reaching this is a bug of ours.
        raise InternalError(f"{type(self).__name__} does not describe its fitted state")

    def _restore_fitted_state(self, state: _core.FittedState) -> None:  # pragma: no cover
        raise InternalError(f"{type(self).__name__} does not restore its fitted state")

    def __getstate__(self) -> dict[str, Any]:
        """The parameters as they are, and the fitted state as the core's struct: a pickle
        carries exactly what ``save`` writes, checked again when it is loaded."""
        state = dict(cast("dict[str, Any]", super().__getstate__()))
        if self.__sklearn_is_fitted__():  # type: ignore[attr-defined]
            for name in self._FITTED_ATTRIBUTES:
                state.pop(name, None)
            state[_PICKLED_STATE] = self._fitted_state()
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        fitted = state.pop(_PICKLED_STATE, None)
        # Pickles made before the fitted state was one struct hold the attributes themselves.
        super().__setstate__(state)  # type: ignore[misc]
        if fitted is not None:
            self._restore_fitted_state(fitted)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the estimator (parameters and fitted state) to a JSON file.

        >>> import tempfile, os
        >>> from storylens import CountVectorizer
        >>> path = os.path.join(tempfile.mkdtemp(), "model.json")
        >>> CountVectorizer().fit(["saved words"]).save(path)
        >>> CountVectorizer.load(path).get_feature_names_out().tolist()
        ['saved', 'words']
        """
        params = self.get_params(deep=False)  # type: ignore[attr-defined]
        encoded = {name: _encode_param(name, value) for name, value in params.items()}
        fitted = bool(self.__sklearn_is_fitted__())  # type: ignore[attr-defined]
        text = _core.write_model_file(
            type(self).__name__,
            json.dumps(encoded, ensure_ascii=False),
            self._fitted_state() if fitted else None,
        )
        write_atomically(Path(path), text)

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, max_bytes: int = MAX_MODEL_FILE_BYTES) -> Any:
        """Read an estimator written by ``save``. Loading runs no code from the file; a corrupt
        file, another kind of file or one from a newer storylens raises
        :class:`~storylens.exceptions.ModelFileError` (a ValueError). So does a file above
        ``max_bytes`` (1 GiB by default), before it is read. Every part of the file is checked
        (format, version, class, parameters, and the fitted state's shapes and consistency).

        >>> import tempfile, os
        >>> from storylens import TfidfVectorizer
        >>> path = os.path.join(tempfile.mkdtemp(), "model.json")
        >>> TfidfVectorizer().fit(["a saved model", "a model"]).save(path)
        >>> TfidfVectorizer.load(path).transform(["model"]).toarray().tolist()
        [[1.0, 0.0]]
        """
        _checked_model_file_size(Path(path), max_bytes)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise ModelFileError(f"{path} is not a storylens model file: {error}") from None
        try:
            name, params_json, state = _core.read_model_file(text)
        except ModelFileError as error:
            raise ModelFileError(f"{path}: {error}") from None
        if name not in _REGISTRY:
            raise ModelFileError(f"{path}: unknown estimator class {name!r}")
        estimator_class = _REGISTRY[name]
        if cls is not PersistableMixin and not issubclass(estimator_class, cls):
            raise ModelFileError(f"{path} holds a {name}, not a {cls.__name__}")
        try:
            document = json.loads(params_json)
            if not isinstance(document, dict):
                raise ModelFileError(f"params must be an object, got {type(document).__name__}")
            params = {key: _decode_param(value) for key, value in document.items()}
            estimator = estimator_class(**params)
            if state is not None:
                estimator._restore_fitted_state(state)
        except (
            KeyError,
            TypeError,
            ValueError,
            AttributeError,
            RecursionError,
            OverflowError,
        ) as error:
            raise ModelFileError(
                f"{path}: corrupt model file ({type(error).__name__}: {error})"
            ) from None
        return estimator
