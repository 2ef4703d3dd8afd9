//! The fitted state of a vectorizer as one serde struct, and the versioned model file that
//! holds it.
//!
//! Everything a fitted estimator knows beyond its parameters lives in [`FittedState`]: the
//! vocabulary in column order, the corpus statistics it was learned from (document count,
//! document frequencies, and the totals `max_features` ranks by) and the idf weights.
//! `save()` writes it inside a [`ModelFile`], pickle carries the same struct, and a
//! distributed fit can send it between processes. The parameters stay an opaque JSON value
//! here: they are Python objects (dtypes, tuples), encoded and decoded by the package.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::error::{Error, Result};

/// The `format` field of every model file.
pub const MODEL_FILE_FORMAT: &str = "storylens-estimator";
/// The format version this build writes. Version 1 files (a state laid out by the Python
/// package) are still read.
pub const MODEL_FILE_VERSION: u32 = 2;

/// What a fitted estimator knows beyond its parameters.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FittedState {
    /// The learned or given vocabulary; `None` for estimators without one (TfidfTransformer,
    /// HashingVectorizer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocabulary: Option<VocabularyState>,
    /// The TF-IDF weighting; `None` for plain counts and hashing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighting: Option<WeightingState>,
}

/// A vocabulary and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VocabularyState {
    /// Terms in column order.
    pub terms: Vec<String>,
    /// The user gave the vocabulary (scikit-learn's `fixed_vocabulary_`).
    pub fixed: bool,
    /// The statistics of the documents the vocabulary was learned from, per column; `None`
    /// when the vocabulary was given or the state comes from a version 1 file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corpus: Option<CorpusStats>,
}

/// Corpus statistics per column, in the vocabulary's column order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusStats {
    /// How many documents were counted.
    pub n_documents: u64,
    /// In how many documents each term occurs.
    pub document_frequencies: Vec<u64>,
    /// The count `max_features` ranks terms by: total occurrences, or the document frequency
    /// when counts are binary.
    pub term_totals: Vec<u64>,
}

/// The dtype the idf weights are handed out in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IdfDtype {
    /// numpy's float64.
    Float64,
    /// numpy's float32 (TfidfTransformer fitted on float32 input keeps it).
    Float32,
}

impl std::str::FromStr for IdfDtype {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self> {
        match name {
            "float64" => Ok(IdfDtype::Float64),
            "float32" => Ok(IdfDtype::Float32),
            other => Err(Error::Persistence(format!(
                "idf dtype must be 'float64' or 'float32', got {other:?}"
            ))),
        }
    }
}

/// The TF-IDF weighting learned by `fit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightingState {
    /// The number of columns the weighting applies to.
    pub n_features: usize,
    /// The dtype of `idf_` (the input's float dtype for TfidfTransformer).
    pub idf_dtype: IdfDtype,
    /// One weight per column; `None` when `use_idf=False`. Float32 weights are stored as
    /// the f64 of the same value, so they round-trip exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(
        serialize_with = "weights::serialize",
        deserialize_with = "weights::deserialize"
    )]
    pub idf: Option<Vec<f64>>,
}

impl FittedState {
    /// Checks that the parts fit together; a state read from a file or a pickle is checked
    /// before any estimator uses it.
    pub fn validate(&self) -> Result<()> {
        if let Some(vocabulary) = &self.vocabulary {
            vocabulary.validate()?;
        }
        if let Some(weighting) = &self.weighting {
            weighting.validate()?;
            if let Some(vocabulary) = &self.vocabulary {
                if weighting.n_features != vocabulary.terms.len() {
                    return Err(Error::Persistence(format!(
                        "the TF-IDF state has {} features for a vocabulary of {} terms",
                        weighting.n_features,
                        vocabulary.terms.len()
                    )));
                }
            }
        }
        Ok(())
    }

    /// The state as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a fitted state always serialises")
    }

    /// A state from JSON written by [`FittedState::to_json`], validated.
    pub fn from_json(text: &str) -> Result<Self> {
        let state: FittedState = serde_json::from_str(text)
            .map_err(|error| Error::Persistence(format!("corrupt fitted state: {error}")))?;
        state.validate()?;
        Ok(state)
    }
}

/// The most items a reader reserves room for on the word of its input (a length written in a
/// file); more are still read, as they arrive.
const MAX_RESERVED_ITEMS: usize = 4096;

/// The room to reserve for a sequence whose input announces `hint` items: see
/// [`MAX_RESERVED_ITEMS`].
fn bounded_capacity(hint: Option<usize>) -> usize {
    hint.unwrap_or(0).min(MAX_RESERVED_ITEMS)
}

/// A fitted vocabulary has at least one term: fitting refuses an empty one (scikit-learn's
/// "empty vocabulary"), so a file that holds none is damaged.
fn check_vocabulary_not_empty(terms: &[String]) -> Result<()> {
    if terms.is_empty() {
        return Err(Error::Persistence(
            "the vocabulary is empty; a fitted vocabulary has at least one term".to_string(),
        ));
    }
    Ok(())
}

impl VocabularyState {
    fn validate(&self) -> Result<()> {
        check_vocabulary_not_empty(&self.terms)?;
        let mut seen = std::collections::HashSet::with_capacity(self.terms.len());
        if let Some(duplicate) = self.terms.iter().find(|term| !seen.insert(term.as_str())) {
            return Err(Error::Persistence(format!(
                "duplicate term in vocabulary: {duplicate:?}"
            )));
        }
        if let Some(corpus) = &self.corpus {
            corpus.validate(self.terms.len())?;
        }
        Ok(())
    }
}

impl CorpusStats {
    fn validate(&self, n_terms: usize) -> Result<()> {
        for (name, values) in [
            ("document_frequencies", &self.document_frequencies),
            ("term_totals", &self.term_totals),
        ] {
            if values.len() != n_terms {
                return Err(Error::Persistence(format!(
                    "{name} has {} entries for a vocabulary of {n_terms} terms",
                    values.len()
                )));
            }
        }
        let impossible = self
            .document_frequencies
            .iter()
            .zip(&self.term_totals)
            .position(|(&df, &total)| df > self.n_documents || total < df);
        if let Some(column) = impossible {
            return Err(Error::Persistence(format!(
                "column {column}: document frequency {} with {} occurrences in {} documents",
                self.document_frequencies[column], self.term_totals[column], self.n_documents
            )));
        }
        Ok(())
    }
}

impl WeightingState {
    fn validate(&self) -> Result<()> {
        if let Some(idf) = &self.idf {
            if idf.len() != self.n_features {
                return Err(Error::Persistence(format!(
                    "idf must hold {} numbers, got {}",
                    self.n_features,
                    idf.len()
                )));
            }
            // +inf is a real idf (smooth_idf=False and a term no document has), as in
            // scikit-learn; NaN and -inf are not.
            if let Some(column) = idf
                .iter()
                .position(|w| w.is_nan() || *w == f64::NEG_INFINITY)
            {
                return Err(Error::Persistence(format!(
                    "idf of column {column} is not a number or +inf"
                )));
            }
            if self.idf_dtype == IdfDtype::Float32 {
                check_float32_weights_exact(idf)?;
            }
        }
        Ok(())
    }
}

/// Float32 weights are written as the f64 of the same value (see [`WeightingState::idf`]), so
/// a weight that no float32 holds exactly (1e300, or 0.1) was not written by storylens.
fn check_float32_weights_exact(idf: &[f64]) -> Result<()> {
    if let Some(column) = idf.iter().position(|&w| f64::from(w as f32) != w) {
        return Err(Error::Persistence(format!(
            "idf of column {column} ({}) is not a float32, as the idf dtype says",
            idf[column]
        )));
    }
    Ok(())
}

/// idf weights in JSON: numbers, and `"inf"` for +inf, which JSON has no number for.
mod weights {
    use std::fmt;

    use serde::de::{self, Deserializer, SeqAccess, Visitor};
    use serde::ser::{SerializeSeq, Serializer};

    const INFINITY: &str = "inf";

    pub(super) fn serialize<S: Serializer>(
        weights: &Option<Vec<f64>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let Some(weights) = weights else {
            return serializer.serialize_none();
        };
        let mut sequence = serializer.serialize_seq(Some(weights.len()))?;
        for &weight in weights {
            if weight == f64::INFINITY {
                sequence.serialize_element(INFINITY)?;
            } else {
                sequence.serialize_element(&weight)?;
            }
        }
        sequence.end()
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<f64>>, D::Error> {
        deserializer.deserialize_seq(WeightsVisitor).map(Some)
    }

    struct WeightsVisitor;

    impl<'de> Visitor<'de> for WeightsVisitor {
        type Value = Vec<f64>;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a list of idf weights (numbers, or \"inf\")")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Self::Value, A::Error> {
            // A length announced by the input is a claim, not a fact: reserve at most a
            // little, and let the vector grow with the weights that really come.
            let mut weights = Vec::with_capacity(super::bounded_capacity(items.size_hint()));
            while let Some(Weight(weight)) = items.next_element()? {
                weights.push(weight);
            }
            Ok(weights)
        }
    }

    struct Weight(f64);

    impl<'de> de::Deserialize<'de> for Weight {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(WeightVisitor)
        }
    }

    struct WeightVisitor;

    impl Visitor<'_> for WeightVisitor {
        type Value = Weight;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a number or \"inf\"")
        }

        fn visit_f64<E: de::Error>(self, value: f64) -> Result<Weight, E> {
            Ok(Weight(value))
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Weight, E> {
            Ok(Weight(value as f64))
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Weight, E> {
            Ok(Weight(value as f64))
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<Weight, E> {
            match value {
                INFINITY => Ok(Weight(f64::INFINITY)),
                other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
            }
        }
    }
}

/// A saved estimator: the envelope `save()` writes around the fitted state.
#[derive(Debug, Serialize, Deserialize)]
pub struct ModelFile {
    /// Always [`MODEL_FILE_FORMAT`]: what tells a model file from any other JSON.
    pub format: String,
    /// The layout version; see [`MODEL_FILE_VERSION`].
    pub format_version: u32,
    /// The estimator's class name, looked up in a fixed registry when loading.
    pub class: String,
    /// The parameters, as the package encoded them (opaque here).
    pub params: Box<RawValue>,
    /// Whether the estimator was fitted when saved (then `state` holds what it learned).
    pub fitted: bool,
    /// The fitted state (version 2 layout once read).
    #[serde(default)]
    pub state: Option<FittedState>,
}

/// The envelope as read, before the state's layout is known.
#[derive(Deserialize)]
struct ModelFileOnDisk {
    format: Option<serde_json::Value>,
    format_version: Option<serde_json::Value>,
    class: Option<String>,
    params: Option<Box<RawValue>>,
    #[serde(default)]
    fitted: bool,
    #[serde(default)]
    state: Option<Box<RawValue>>,
}

impl ModelFile {
    /// A version-2 file for `class` with the package's encoded `params`.
    pub fn new(class: &str, params_json: &str, state: Option<FittedState>) -> Result<Self> {
        let params = RawValue::from_string(params_json.to_string())
            .map_err(|error| Error::Persistence(format!("parameters are not JSON: {error}")))?;
        Ok(ModelFile {
            format: MODEL_FILE_FORMAT.to_string(),
            format_version: MODEL_FILE_VERSION,
            class: class.to_string(),
            params,
            fitted: state.is_some(),
            state,
        })
    }

    /// The file as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a model file always serialises")
    }

    /// Reads a model file of this or an earlier format version, checking the envelope and
    /// the state. Errors say what is wrong without echoing the file.
    pub fn from_json(text: &str) -> Result<Self> {
        let on_disk: ModelFileOnDisk = serde_json::from_str(text)
            .map_err(|error| Error::Persistence(format!("not a storylens model file: {error}")))?;
        if on_disk.format.as_ref().and_then(|v| v.as_str()) != Some(MODEL_FILE_FORMAT) {
            return Err(Error::Persistence("not a storylens model file".to_string()));
        }
        let version = match on_disk.format_version.as_ref().and_then(|v| v.as_u64()) {
            Some(version) if version >= 1 => version,
            other => {
                return Err(Error::Persistence(format!(
                    "corrupt model file (bad format_version {})",
                    other.map_or_else(
                        || format!("{:?}", on_disk.format_version),
                        |v| v.to_string()
                    )
                )))
            }
        };
        if version > u64::from(MODEL_FILE_VERSION) {
            return Err(Error::Persistence(format!(
                "written by a newer storylens (format version {version}); this version reads \
                 format version {MODEL_FILE_VERSION} or older. Upgrade storylens."
            )));
        }
        let class = on_disk
            .class
            .ok_or_else(|| Error::Persistence("corrupt model file (no class)".to_string()))?;
        let params = on_disk
            .params
            .ok_or_else(|| Error::Persistence("corrupt model file (no params)".to_string()))?;
        let state = match (on_disk.fitted, on_disk.state) {
            (false, _) => None,
            (true, None) => {
                return Err(Error::Persistence(
                    "corrupt model file (fitted, but no state)".to_string(),
                ))
            }
            (true, Some(raw)) if version == 1 => Some(legacy::state_from_v1(raw.get())?),
            (true, Some(raw)) => Some(FittedState::from_json(raw.get())?),
        };
        Ok(ModelFile {
            format: MODEL_FILE_FORMAT.to_string(),
            format_version: MODEL_FILE_VERSION,
            class,
            params,
            fitted: state.is_some(),
            state,
        })
    }
}

/// Version 1 files: the state as the Python package laid it out, per estimator.
mod legacy {
    use serde::Deserialize;

    use super::{FittedState, IdfDtype, VocabularyState, WeightingState};
    use crate::error::{Error, Result};

    /// CountVectorizer / TfidfVectorizer (`terms`, `fixed_vocabulary_`, `tfidf`),
    /// TfidfTransformer (`n_features_in_`, `idf_dtype`, `idf`), HashingVectorizer (`{}`).
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct V1State {
        terms: Option<Vec<String>>,
        fixed_vocabulary_: Option<bool>,
        tfidf: Option<V1Weighting>,
        n_features_in_: Option<usize>,
        idf_dtype: Option<String>,
        idf: Option<Vec<f64>>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct V1Weighting {
        n_features_in_: usize,
        idf_dtype: String,
        idf: Option<Vec<f64>>,
    }

    fn weighting(n_features: usize, dtype: &str, idf: Option<Vec<f64>>) -> Result<WeightingState> {
        let idf_dtype = dtype.parse::<IdfDtype>()?;
        Ok(WeightingState {
            n_features,
            idf_dtype,
            idf,
        })
    }

    pub(super) fn state_from_v1(text: &str) -> Result<FittedState> {
        let v1: V1State = serde_json::from_str(text)
            .map_err(|error| Error::Persistence(format!("corrupt model file ({error})")))?;
        let vocabulary = match (v1.terms, v1.fixed_vocabulary_) {
            (Some(terms), fixed) => Some(VocabularyState {
                terms,
                fixed: fixed.unwrap_or(false),
                corpus: None,
            }),
            (None, None) => None,
            (None, Some(_)) => {
                return Err(Error::Persistence(
                    "corrupt model file (fixed_vocabulary_ without terms)".to_string(),
                ))
            }
        };
        let weighting = match (v1.tfidf, v1.n_features_in_, v1.idf_dtype, v1.idf) {
            (Some(nested), None, None, None) => Some(weighting(
                nested.n_features_in_,
                &nested.idf_dtype,
                nested.idf,
            )?),
            (None, Some(n_features), Some(dtype), idf) => Some(weighting(n_features, &dtype, idf)?),
            (None, None, None, None) => None,
            _ => {
                return Err(Error::Persistence(
                    "corrupt model file (incomplete TF-IDF state)".to_string(),
                ))
            }
        };
        let state = FittedState {
            vocabulary,
            weighting,
        };
        state.validate()?;
        Ok(state)
    }
}

#[cfg(test)]
mod tests;
