//! The one error type of the core. `src/python/errors.rs` maps each variant to one Python
//! exception class of `storylens.exceptions`, so every variant names what went wrong and where.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A parameter has a value the core cannot use (InvalidParameterError, a ValueError and a
    /// TypeError).
    InvalidParameter { name: String, reason: String },
    /// One input document has a value that cannot be processed: NaN, text that is not valid
    /// Unicode (InvalidDocumentError, a ValueError); `index` is its position.
    InvalidDocument { index: usize, reason: String },
    /// One input document is not text at all: None, a number, a list where a str belongs
    /// (DocumentTypeError, a TypeError); `index` is its position.
    DocumentType { index: usize, reason: String },
    /// Nothing was left to build features from (EmptyVocabularyError, scikit-learn's wording).
    EmptyVocabulary(String),
    /// Shapes or indices of matrices that do not fit together (ShapeMismatchError).
    ShapeMismatch(String),
    /// A saved model that cannot be read (ModelFileError).
    Persistence(String),
    /// Fitted state was asked of something not fitted (NotFittedError).
    NotFitted(String),
    /// The caller cancelled the work (Ctrl-C) before it finished; see `crate::job`.
    Cancelled,
    /// Work whose size is learnt only while it runs passed the budget the caller gave it, and
    /// stopped (ResourceLimitError, a MemoryError); the message names the budget.
    ResourceLimit(String),
    /// A broken internal invariant: a bug in storylens, never the caller's input
    /// (InternalError, a RuntimeError, as a caught panic is).
    Internal(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Shorthand for [`Error::InvalidParameter`].
    pub fn parameter(name: &str, reason: impl Into<String>) -> Self {
        Error::InvalidParameter {
            name: name.to_string(),
            reason: reason.into(),
        }
    }

    /// The [`Error::InvalidParameter`] for a string `value` of parameter `name` that is none of
    /// `accepted` (the parameter's names, quoted as a Python user writes them).
    pub fn unknown_choice(name: &str, value: &str, accepted: &[&str]) -> Self {
        let quoted: Vec<String> = accepted
            .iter()
            .map(|choice| format!("'{choice}'"))
            .collect();
        let choices = match quoted.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        };
        Error::parameter(name, format!("{value:?}; expected {choices}"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidParameter { name, reason } => {
                write!(f, "invalid value for parameter '{name}': {reason}")
            }
            Error::InvalidDocument { index, reason } | Error::DocumentType { index, reason } => {
                write!(f, "document {index}: {reason}")
            }
            Error::EmptyVocabulary(message)
            | Error::ShapeMismatch(message)
            | Error::Persistence(message)
            | Error::NotFitted(message)
            | Error::ResourceLimit(message) => f.write_str(message),
            Error::Cancelled => f.write_str("the work was cancelled before it finished"),
            Error::Internal(message) => {
                write!(
                    f,
                    "internal error in storylens (please report it): {message}"
                )
            }
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_choice_names_the_parameter_the_value_and_every_choice() {
        let message = Error::unknown_choice("norm", "l3", &["l1", "l2"]).to_string();
        assert_eq!(
            message,
            "invalid value for parameter 'norm': \"l3\"; expected 'l1' or 'l2'"
        );
        let three = Error::unknown_choice("kind", "x", &["a", "b", "c"]).to_string();
        assert!(three.ends_with("expected 'a', 'b' or 'c'"), "{three}");
    }

    #[test]
    fn document_errors_name_the_document() {
        let error = Error::DocumentType {
            index: 3,
            reason: "expected str or bytes, got NoneType".into(),
        };
        assert_eq!(
            error.to_string(),
            "document 3: expected str or bytes, got NoneType"
        );
    }
}
