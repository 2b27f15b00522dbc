//! The one error type of the crate.
//!
//! Messages are lowercase and say what was wrong and where, on one line: text quoted from an
//! article has its control and invisible characters escaped (a line feed as `\n`, a soft
//! hyphen as `\u{ad}`). Content errors carry the file and line, so the build prints them as
//! `path:line: message`, the form editors and terminals turn into a link to the spot.

use std::borrow::Cow;
use std::fmt;

use crate::text::INVISIBLE;

/// Everything that can go wrong in Forklar: compiling an article folder, or reading a compiled
/// index.
///
/// The kind is private so that new cases can be added without breaking callers; use
/// [`Error::path`] and [`Error::line`] to find where a content error is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: Box<ErrorKind>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ErrorKind {
    /// A problem at a line of an article file.
    At {
        path: String,
        line: usize,
        message: String,
    },
    /// Something in an article that was accepted but changed (dropped HTML, a term that is
    /// never marked), at `path:line` or about the file as a whole. A successful compile lists
    /// these as strings; a failed one lists them with its errors, so that none is lost.
    Warning {
        path: String,
        line: Option<usize>,
        message: String,
    },
    /// A problem with the article folder as a whole (it holds no articles), shown as the
    /// message alone, which names the folder.
    Folder { path: String, message: String },
    /// A file or folder could not be read.
    Io { path: String, message: String },
    /// A compiled index is damaged or of another version.
    Index { message: String },
    /// Several content errors, reported together so an editor can fix them in one round.
    Many(Vec<Error>),
}

impl Error {
    /// A problem at `path:line`.
    pub(crate) fn at(path: &str, line: usize, message: impl Into<String>) -> Error {
        Error::from_kind(ErrorKind::At {
            path: one_line(path).into_owned(),
            line,
            message: one_line(&message.into()).into_owned(),
        })
    }

    /// A warning at `path:line`, or about the file at `path` when `line` is `None`.
    pub(crate) fn warning(path: &str, line: Option<usize>, message: impl Into<String>) -> Error {
        Error::from_kind(ErrorKind::Warning {
            path: one_line(path).into_owned(),
            line,
            message: one_line(&message.into()).into_owned(),
        })
    }

    /// A problem with the folder at `path` as a whole; `message` names it.
    pub(crate) fn folder(path: &str, message: impl Into<String>) -> Error {
        Error::from_kind(ErrorKind::Folder {
            path: one_line(path).into_owned(),
            message: one_line(&message.into()).into_owned(),
        })
    }

    /// A file or folder that could not be read.
    pub(crate) fn io(path: &str, err: &std::io::Error) -> Error {
        Error::from_kind(ErrorKind::Io {
            path: one_line(path).into_owned(),
            message: one_line(&err.to_string().to_lowercase()).into_owned(),
        })
    }

    /// A compiled index that cannot be read. Its messages are the reader's own, with no text
    /// from articles in them, so they are not escaped: that keeps [`one_line`] and the
    /// character tables it needs out of the Wasm module, which only reads indexes.
    pub(crate) fn index(message: impl Into<String>) -> Error {
        Error::from_kind(ErrorKind::Index {
            message: message.into(),
        })
    }

    /// Folds a list of errors into one; a single error stays itself. A list in the list is
    /// spread into it, so that [`Error::iter`] gives every single error.
    pub(crate) fn many(errors: Vec<Error>) -> Error {
        let mut errors: Vec<Error> = errors
            .into_iter()
            .flat_map(|error| match *error.kind {
                ErrorKind::Many(inner) => inner,
                _ => vec![error],
            })
            .collect();
        if errors.len() == 1 {
            if let Some(one) = errors.pop() {
                return one;
            }
        }
        Error::from_kind(ErrorKind::Many(errors))
    }

    fn from_kind(kind: ErrorKind) -> Error {
        Error {
            kind: Box::new(kind),
        }
    }

    /// The file the error is about, if it is about one.
    pub fn path(&self) -> Option<&str> {
        match &*self.kind {
            ErrorKind::At { path, .. }
            | ErrorKind::Warning { path, .. }
            | ErrorKind::Folder { path, .. }
            | ErrorKind::Io { path, .. } => Some(path),
            ErrorKind::Index { .. } | ErrorKind::Many(_) => None,
        }
    }

    /// The 1-based line the error is about, if it is about one.
    pub fn line(&self) -> Option<usize> {
        match &*self.kind {
            ErrorKind::At { line, .. } => Some(*line),
            ErrorKind::Warning { line, .. } => *line,
            _ => None,
        }
    }

    /// Whether this is a warning that came with errors, not an error itself.
    pub fn is_warning(&self) -> bool {
        matches!(&*self.kind, ErrorKind::Warning { .. })
    }

    /// The single errors this error stands for: itself, or each one of a list.
    pub fn iter(&self) -> impl Iterator<Item = &Error> {
        let list: Vec<&Error> = match &*self.kind {
            ErrorKind::Many(errors) => errors.iter().collect(),
            _ => vec![self],
        };
        list.into_iter()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.kind {
            ErrorKind::At {
                path,
                line,
                message,
            } => write!(f, "{path}:{line}: {message}"),
            ErrorKind::Warning {
                path,
                line: Some(line),
                message,
            } => write!(f, "{path}:{line}: warning: {message}"),
            ErrorKind::Warning {
                path,
                line: None,
                message,
            } => write!(f, "{path}: warning: {message}"),
            ErrorKind::Folder { message, .. } => write!(f, "{message}"),
            ErrorKind::Io { path, message } => write!(f, "{path}: cannot read: {message}"),
            ErrorKind::Index { message } => write!(f, "compiled index: {message}"),
            ErrorKind::Many(errors) => {
                for (i, error) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{error}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

/// Whether `c` would break a message line or hide in it: a control character (line feed,
/// carriage return, tab and the rest), the Unicode line or paragraph separator, which editors
/// show as one, or an invisible character ([`INVISIBLE`]: a soft hyphen, a zero-width space),
/// which would make `link to unknown article '/bank'` name what looks like a known article.
fn breaks_line(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}' || INVISIBLE.contains(&c)
}

/// `text` with every character that would break a message line or hide in it ([`breaks_line`])
/// escaped as Rust writes it (`\n`, `\t`, `\u{b}`, `\u{ad}`). Every message is one line,
/// `path:line: message`, and values quoted into it come from articles: a link target with
/// `&#10;` in the Markdown, a quoted term with `\n`, a file name. Other characters, Danish
/// letters included, are kept.
pub(crate) fn one_line(text: &str) -> Cow<'_, str> {
    if !text.contains(breaks_line) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if breaks_line(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}
