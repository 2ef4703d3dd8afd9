//! The binding layer: the only code that knows Python exists. It borrows inputs
//! (`documents`, `arrays`), releases the GIL around core work (`detached`), maps errors
//! (`errors`), and hands results to numpy without copying (`arrays`); the other modules expose
//! one area of the core each.

mod analyzer;
mod arrays;
mod articles;
mod compare_matrix;
mod compare_text;
mod corpus_stats;
mod detached;
mod documents;
mod errors;
mod fitted_state;
mod json_state;
mod offsets;
mod tables;
mod test_hooks;
mod text;
mod threads;
mod vectorizers;

use pyo3::prelude::*;

// `gil_used = true`: the module declares that it relies on the GIL, so a free-threaded
// CPython would turn the GIL back on when importing it rather than run it unaudited. (An
// abi3 wheel does not load in a free-threaded build at all; the declaration is for the day a
// version-specific build does.) Core work itself runs with the GIL released; see `detached`.
#[pymodule(gil_used = true)]
#[pyo3(name = "_core")]
fn core_module(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add_class::<analyzer::PyAnalyzer>()?;
    module.add_function(wrap_pyfunction!(analyzer::normalize_with_sources, module)?)?;
    module.add_class::<vectorizers::PyVocabulary>()?;
    module.add_class::<vectorizers::PyCountedCorpus>()?;
    module.add_class::<fitted_state::PyFittedState>()?;
    module.add_class::<corpus_stats::PyCorpusStats>()?;
    module.add_class::<text::PyLearnedAbbreviations>()?;
    module.add(
        "MODEL_FILE_FORMAT",
        crate::vectorize::fitted_state::MODEL_FILE_FORMAT,
    )?;
    module.add(
        "MODEL_FILE_VERSION",
        crate::vectorize::fitted_state::MODEL_FILE_VERSION,
    )?;
    module.add_function(wrap_pyfunction!(fitted_state::write_model_file, module)?)?;
    module.add_function(wrap_pyfunction!(fitted_state::read_model_file, module)?)?;
    module.add_function(wrap_pyfunction!(tables::install_char_tables, module)?)?;
    module.add_function(wrap_pyfunction!(tables::char_tables_source, module)?)?;
    module.add_function(wrap_pyfunction!(tables::sigma_probe_members, module)?)?;
    module.add_function(wrap_pyfunction!(tables::assigned_code_points, module)?)?;
    module.add_function(wrap_pyfunction!(test_hooks::_panic_for_tests, module)?)?;
    module.add_function(wrap_pyfunction!(
        test_hooks::_inject_panic_for_tests,
        module
    )?)?;
    module.add_function(wrap_pyfunction!(
        test_hooks::_set_int32_nnz_limit_for_tests,
        module
    )?)?;
    module.add_function(wrap_pyfunction!(
        test_hooks::_set_progress_callback_for_tests,
        module
    )?)?;
    module.add_function(wrap_pyfunction!(
        test_hooks::_raise_core_error_for_tests,
        module
    )?)?;
    module.add_function(wrap_pyfunction!(tables::class_ranges, module)?)?;
    module.add_function(wrap_pyfunction!(vectorizers::count_fit, module)?)?;
    module.add_function(wrap_pyfunction!(vectorizers::count_transform, module)?)?;
    module.add_function(wrap_pyfunction!(vectorizers::hash_documents, module)?)?;
    module.add_function(wrap_pyfunction!(
        vectorizers::idf_from_document_frequencies,
        module
    )?)?;
    module.add_function(wrap_pyfunction!(
        vectorizers::tfidf_weight_in_place,
        module
    )?)?;
    module.add_function(wrap_pyfunction!(
        vectorizers::normalize_data_in_place,
        module
    )?)?;
    module.add_function(wrap_pyfunction!(text::split_sentences, module)?)?;
    module.add_function(wrap_pyfunction!(articles::clean_articles, module)?)?;
    module.add_class::<articles::PyCleanedArticle>()?;
    module.add_function(wrap_pyfunction!(articles::count_words, module)?)?;
    module.add_function(wrap_pyfunction!(text::resolve_language, module)?)?;
    module.add_function(wrap_pyfunction!(text::detect_language, module)?)?;
    module.add_function(wrap_pyfunction!(text::stop_words, module)?)?;
    module.add_function(wrap_pyfunction!(text::stem_languages, module)?)?;
    module.add_function(wrap_pyfunction!(compare_text::log_odds_z, module)?)?;
    module.add_function(wrap_pyfunction!(compare_text::log_odds_prior, module)?)?;
    module.add_function(wrap_pyfunction!(compare_text::date_terms, module)?)?;
    module.add_class::<compare_text::PyReuseRows>()?;
    module.add_function(wrap_pyfunction!(compare_text::group_log_odds, module)?)?;
    module.add_function(wrap_pyfunction!(compare_text::class_tfidf, module)?)?;
    module.add_function(wrap_pyfunction!(compare_text::align_sentences, module)?)?;
    module.add_function(wrap_pyfunction!(compare_text::reuse_shares, module)?)?;
    module.add_function(wrap_pyfunction!(compare_text::reuse_best_matches, module)?)?;
    module.add_function(wrap_pyfunction!(compare_text::reuse_pair_counts, module)?)?;
    module.add_function(wrap_pyfunction!(compare_text::unique_sentences, module)?)?;
    module.add_function(wrap_pyfunction!(compare_text::sentence_shapes, module)?)?;
    module.add_function(wrap_pyfunction!(compare_matrix::top_k_cosine, module)?)?;
    module.add_function(wrap_pyfunction!(compare_matrix::pairwise_cosine, module)?)?;
    module.add_function(wrap_pyfunction!(
        compare_matrix::top_k_cosine_between,
        module
    )?)?;
    module.add_function(wrap_pyfunction!(threads::set_process_threads, module)?)?;
    module.add_function(wrap_pyfunction!(threads::set_thread_threads, module)?)?;
    module.add_function(wrap_pyfunction!(threads::resolve_threads, module)?)?;
    module.add_function(wrap_pyfunction!(compare_matrix::nmf, module)?)?;
    Ok(())
}
