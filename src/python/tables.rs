//! Installs the running Python's Unicode tables in the core (see `text::char_tables`).

use pyo3::prelude::*;

use crate::python::detached::{run_attached, run_detached, try_run_attached, try_run_detached};
use crate::text::char_tables::{install, CharClass, CharTables, PythonUnicodeReport};

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
    let tables = try_run_detached(py, || {
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
    })?;
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
    try_run_detached(py, || {
        crate::text::char_tables::sigma_probe_members(all_chars, lowered_probes, layout)
    })
}

/// The code points worth asking Python about, for its Unicode database `unicode_version`, or
/// None when every code point must be asked (see `text::char_tables::assigned_code_points`).
#[pyfunction]
pub fn assigned_code_points(py: Python<'_>, unicode_version: &str) -> PyResult<Option<String>> {
    run_detached(py, || {
        crate::text::char_tables::assigned_code_points(unicode_version)
    })
}

/// Where the installed tables came from: "rust" until Python's are installed.
#[pyfunction]
pub fn char_tables_source() -> PyResult<String> {
    run_attached(|| crate::text::char_tables::current().source().to_string())
}

/// Python's `\w`, `\s` and `\d` as inclusive code-point ranges, for translating token patterns
/// into Rust regex syntax.
#[pyfunction]
pub fn class_ranges(name: &str) -> PyResult<Vec<(u32, u32)>> {
    try_run_attached(|| {
        let class: CharClass = name.parse()?;
        let ranges = crate::text::char_tables::current().class_ranges(class);
        Ok::<_, PyErr>(
            ranges
                .into_iter()
                .map(|(a, b)| (a as u32, b as u32))
                .collect(),
        )
    })
}
