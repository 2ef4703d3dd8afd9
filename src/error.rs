//! The one error type of the core. `src/python/errors.rs` maps each variant to the Python
//! exception a user expects, so every variant names what went wrong and where.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A parameter has a value the core cannot use (maps to ValueError).
    InvalidParameter { name: String, reason: String },
    /// One input document cannot be processed (maps to ValueError); `index` is its position.
    InvalidDocument { index: usize, reason: String },
    /// Nothing was left to build features from (maps to ValueError, scikit-learn's wording).
    EmptyVocabulary(String),
    /// Shapes or indices of matrices that do not fit together (maps to ValueError).
    ShapeMismatch(String),
    /// A saved model that cannot be read (maps to ValueError).
    Persistence(String),
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
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidParameter { name, reason } => {
                write!(f, "invalid value for parameter '{name}': {reason}")
            }
            Error::InvalidDocument { index, reason } => write!(f, "document {index}: {reason}"),
            Error::EmptyVocabulary(message) => f.write_str(message),
            Error::ShapeMismatch(message) => f.write_str(message),
            Error::Persistence(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}
