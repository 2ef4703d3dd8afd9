//! The classes that travel as their versioned JSON (`CorpusStats`, `FittedState`): `to_json`,
//! `from_json`, pickle's `__reduce__` and `__eq__` work the same way around each core value.
//! Each class states how its value becomes JSON text and back ([`JsonState`]); the rest is
//! here. (`to_json` and `from_json` call the GIL-releasing helpers themselves, where the
//! panic check of the entry points sees them.)

use pyo3::prelude::*;
use pyo3::pyclass::boolean_struct::True;
use pyo3::PyClass;
use pyo3::PyTypeCheck;

use crate::error::Result;
use crate::python::detached::run_detached;

/// A frozen Python class around one core value with a JSON text form.
pub trait JsonState: PyClass<Frozen = True> + PyTypeCheck + Send + Sync {
    /// The value as JSON text.
    fn json_text(&self) -> String;
    /// An instance from `json_text()`'s text, validated: a broken text fails with the core's
    /// error (raised as ModelFileError).
    fn from_json_text(text: &str) -> Result<Self>;
    /// Whether both hold equal values.
    fn same_value(&self, other: &Self) -> bool;
}

/// Pickle's recipe: the class's `from_json` (looked up on the object's type, so that a
/// subclass comes back as itself) applied to the JSON text.
pub fn reduce<'py, C: JsonState>(slf: &Bound<'py, C>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
    let from_json = slf.as_any().get_type().getattr("from_json")?;
    let state = slf.get();
    let text = run_detached(slf.py(), || state.json_text())?;
    Ok((from_json, (text,)))
}

/// Whether `other` is an instance of the same class holding an equal value.
pub fn equals<C: JsonState>(state: &C, other: &Bound<'_, PyAny>) -> bool {
    other
        .cast::<C>()
        .is_ok_and(|other| other.get().same_value(state))
}
