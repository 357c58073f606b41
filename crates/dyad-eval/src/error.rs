use std::path::PathBuf;

/// Why gold data could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// The file could not be opened.
    #[error("Failed to open `{}`", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid CoNLL-U.
    #[error("Invalid CoNLL-U in `{}`", path.display())]
    Conllu {
        /// The file.
        path: PathBuf,
        /// The first error in it.
        #[source]
        source: dyad_conllu::ConlluError,
    },
}
