//! Installs the running Python's Unicode tables in the core (see `text::char_tables`).

use pyo3::prelude::*;

use crate::python::errors::to_py_err;
use crate::text::char_tables::{install, CharTables, PythonUnicodeReport};

/// Installs tables built from what Python reports about every code point; see
/// `PythonUnicodeReport` for the meaning of each argument.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn install_char_tables(
    py: Python<'_>,
    source: &str,
    all_chars: &str,
    word_chars: &str,
    space_chars: &str,
    digit_chars: &str,
    combining_chars: &str,
    lowered: &str,
    decomposed: &str,
    sigma_cased_chars: &str,
    case_ignorable_chars: &str,
) -> PyResult<()> {
    let tables = py
        .detach(|| {
            CharTables::from_python(&PythonUnicodeReport {
                source,
                all_chars,
                word_chars,
                space_chars,
                digit_chars,
                combining_chars,
                lowered,
                decomposed,
                sigma_cased_chars,
                case_ignorable_chars,
            })
        })
        .map_err(to_py_err)?;
    install(tables);
    Ok(())
}

/// The chars whose final-sigma probe (see `text::char_tables::sigma_probe_members`) shows a
/// final sigma.
#[pyfunction]
pub fn sigma_probe_members(
    py: Python<'_>,
    all_chars: &str,
    lowered_probes: &str,
    layout: u8,
) -> PyResult<String> {
    py.detach(|| crate::text::char_tables::sigma_probe_members(all_chars, lowered_probes, layout))
        .map_err(to_py_err)
}

/// The code points worth asking Python about, for its Unicode database `unicode_version`, or
/// None when every code point must be asked (see `text::char_tables::assigned_code_points`).
#[pyfunction]
pub fn assigned_code_points(py: Python<'_>, unicode_version: &str) -> Option<String> {
    py.detach(|| crate::text::char_tables::assigned_code_points(unicode_version))
}

/// Where the installed tables came from: "rust" until Python's are installed.
#[pyfunction]
pub fn char_tables_source() -> String {
    crate::text::char_tables::current().source().to_string()
}

/// Python's `\w`, `\s` and `\d` as inclusive code-point ranges, for translating token patterns
/// into Rust regex syntax.
#[pyfunction]
pub fn class_ranges(name: &str) -> PyResult<Vec<(u32, u32)>> {
    let tables = crate::text::char_tables::current();
    let ranges = match name {
        "word" => tables.word_ranges(),
        "space" => tables.space_ranges(),
        "digit" => tables.digit_ranges(),
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "unknown character class {other:?}"
            )))
        }
    };
    Ok(ranges
        .into_iter()
        .map(|(a, b)| (a as u32, b as u32))
        .collect())
}
