//! The content compiler: a folder of Markdown articles in, a compiled index out.
//!
//! It runs at build time (the build script compiles this file), never in the browser. Each
//! `*.md` file in the folder except `README.md` is one article; the schema is documented in
//! `content/README.md`. The compiler checks everything an editor can get wrong and reports every
//! problem as `path:line: message`:
//!
//! - front matter that is missing, unclosed or malformed, unknown keys, a missing or empty
//!   `title` or `description`, an invalid slug;
//! - two articles with one slug;
//! - one term (title, alias or form, compared after [`normalize_term`]) claimed by two
//!   articles, or listed both as a form and under `not`;
//! - an internal link (`/slug`) to an article that does not exist.
//!
//! Raw HTML and unsafe links are not errors: the renderer drops them (see [`crate::render`]) and
//! the compiler reports them as warnings, so real-world Markdown still builds.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Error;
use crate::front_matter::{self, Field, Value};
use crate::render::{self, Finding};
use crate::schema::{self, Record};
use crate::text::{is_slug, normalize_term};

/// The keys an article's front matter may have. Anything else is a typo until proven otherwise.
const KEYS: [&str; 7] = [
    "title",
    "description",
    "keywords",
    "slug",
    "aliases",
    "forms",
    "not",
];

/// A source file: its path as it should appear in messages, and its text.
#[derive(Clone, Debug)]
pub struct Source {
    /// The path shown in messages.
    pub path: String,
    /// The file's contents.
    pub text: String,
}

/// The result of a successful compile.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// The index, in the format of [`crate::schema`].
    pub bytes: Vec<u8>,
    /// How many articles it holds.
    pub articles: usize,
    /// Things that were accepted but changed, as `path:line: warning: …` lines.
    pub warnings: Vec<String>,
}

/// Compiles every article in `dir` (not recursive).
///
/// # Errors
///
/// Fails when the folder or a file cannot be read, and with every content error found (see the
/// module docs), each naming its file and line.
pub fn compile_dir(dir: &Path) -> Result<Compiled, Error> {
    let shown = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(&shown, &e))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io(&shown, &e))?.path();
        let is_article = path.extension().is_some_and(|e| e == "md")
            && !path
                .file_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("README.md"));
        if is_article && path.is_file() {
            paths.push(path);
        }
    }
    // Sorted, so that "first" and "second" in duplicate messages mean file-name order and the
    // output does not depend on the file system's listing order.
    paths.sort();
    let mut sources = Vec::with_capacity(paths.len());
    for path in paths {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&shown, &e))?;
        sources.push(Source { path: shown, text });
    }
    compile(&sources)
}

/// One parsed article, before cross-article checks.
struct Article<'a> {
    path: &'a str,
    slug: String,
    slug_line: usize,
    title: String,
    description: String,
    keywords: String,
    /// Terms as written, each with its front matter line: the title first, then aliases, forms.
    aliases: Vec<(String, usize)>,
    forms: Vec<(String, usize)>,
    not: Vec<(String, usize)>,
    title_line: usize,
    body: &'a str,
    body_line: usize,
}

/// Compiles articles given in memory. [`compile_dir`] reads a folder and calls this.
///
/// # Errors
///
/// As [`compile_dir`], except for reading.
pub fn compile(sources: &[Source]) -> Result<Compiled, Error> {
    let mut errors = Vec::new();
    let mut articles = Vec::new();
    for source in sources {
        match parse_article(source) {
            Ok(article) => articles.push(article),
            Err(err) => errors.push(err),
        }
    }
    check_slugs(&articles, &mut errors);
    check_terms(&articles, &mut errors);

    let slugs: BTreeMap<&str, &Article> = articles.iter().map(|a| (a.slug.as_str(), a)).collect();
    let known = |slug: &str| slugs.contains_key(slug);
    let mut warnings = Vec::new();
    let mut rendered = Vec::with_capacity(articles.len());
    for article in &articles {
        let out = render::render(article.body, &known);
        for finding in &out.findings {
            let (offset, problem) = match finding {
                Finding::Internal { slug, offset } if !known(slug) => {
                    (*offset, Some(format!("link to unknown article '/{slug}'")))
                }
                Finding::Internal { .. } => continue,
                Finding::RawHtml { offset } => {
                    warnings.push(format!(
                        "{}:{}: warning: raw HTML dropped",
                        article.path,
                        line_of(article, *offset)
                    ));
                    continue;
                }
                Finding::UnsafeLink { url, offset } => {
                    warnings.push(format!(
                        "{}:{}: warning: link to '{url}' is not allowed and was kept as text",
                        article.path,
                        line_of(article, *offset)
                    ));
                    continue;
                }
            };
            if let Some(message) = problem {
                errors.push(Error::at(article.path, line_of(article, offset), message));
            }
        }
        rendered.push(out.html);
    }
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }

    let mut records: Vec<Record> = articles
        .iter()
        .zip(&rendered)
        .map(|(a, html)| Record {
            slug: &a.slug,
            title: &a.title,
            description: &a.description,
            keywords: &a.keywords,
            html,
            aliases: a.aliases.iter().map(|(s, _)| s.as_str()).collect(),
            forms: a.forms.iter().map(|(s, _)| s.as_str()).collect(),
        })
        .collect();
    records.sort_by(|a, b| a.slug.cmp(b.slug));
    Ok(Compiled {
        bytes: schema::write(&records),
        articles: records.len(),
        warnings,
    })
}

/// The file line of a byte offset in an article's body.
fn line_of(article: &Article, offset: usize) -> usize {
    let before = article.body.get(..offset).unwrap_or(article.body);
    article.body_line + before.matches('\n').count()
}

fn parse_article(source: &Source) -> Result<Article<'_>, Error> {
    let path = source.path.as_str();
    let doc = front_matter::parse(path, &source.text)?;
    let mut errors = Vec::new();
    for field in &doc.fields {
        if !KEYS.contains(&field.key.as_str()) {
            errors.push(Error::at(
                path,
                field.line,
                format!(
                    "unknown front matter key '{}' (expected one of: {})",
                    field.key,
                    KEYS.join(", ")
                ),
            ));
        }
    }
    let get = |key: &str| doc.fields.iter().find(|f| f.key == key);
    let mut required = |key: &str| -> (String, usize) {
        match get(key) {
            Some(Field {
                value: Value::Text(t),
                line,
                ..
            }) if !t.trim().is_empty() => (t.trim().to_string(), *line),
            Some(field) => {
                errors.push(Error::at(
                    path,
                    field.line,
                    format!("'{key}' must be non-empty text"),
                ));
                (String::new(), field.line)
            }
            None => {
                errors.push(Error::at(
                    path,
                    1,
                    format!("missing required front matter key '{key}'"),
                ));
                (String::new(), 1)
            }
        }
    };
    let (title, title_line) = required("title");
    let (description, _) = required("description");

    let keywords = match get("keywords").map(|f| &f.value) {
        Some(Value::Text(t)) => t.trim().to_string(),
        Some(Value::List(items)) => items.join(", "),
        None => String::new(),
    };

    let (slug, slug_line) = match get("slug") {
        Some(field) => match &field.value {
            Value::Text(s) if is_slug(s) => (s.clone(), field.line),
            _ => {
                errors.push(Error::at(
                    path,
                    field.line,
                    "'slug' must be lowercase a-z, 0-9 and '-', not starting or ending with '-'",
                ));
                (String::new(), field.line)
            }
        },
        None => {
            let stem = Path::new(path)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !is_slug(&stem) {
                errors.push(Error::at(
                    path,
                    1,
                    format!(
                        "file name '{stem}' is not a valid slug (lowercase a-z, 0-9 and '-'); rename the file or add a 'slug:' field"
                    ),
                ));
            }
            (stem, 1)
        }
    };

    let list = |key: &str| -> Vec<(String, usize)> {
        match get(key) {
            Some(Field {
                value: Value::List(items),
                line,
                ..
            }) => items
                .iter()
                .map(|s| (s.trim().to_string(), *line))
                .collect(),
            Some(Field {
                value: Value::Text(t),
                line,
                ..
            }) => vec![(t.trim().to_string(), *line)],
            None => Vec::new(),
        }
    };
    let aliases = list("aliases");
    let forms = list("forms");
    let not = list("not");

    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    Ok(Article {
        path,
        slug,
        slug_line,
        title,
        description,
        keywords,
        aliases,
        forms,
        not,
        title_line,
        body: doc.body,
        body_line: doc.body_line,
    })
}

fn check_slugs(articles: &[Article], errors: &mut Vec<Error>) {
    let mut seen: BTreeMap<&str, &Article> = BTreeMap::new();
    for article in articles {
        if let Some(first) = seen.get(article.slug.as_str()) {
            errors.push(Error::at(
                article.path,
                article.slug_line,
                format!(
                    "duplicate slug '{}': already used by {}",
                    article.slug, first.path
                ),
            ));
        } else {
            seen.insert(&article.slug, article);
        }
    }
}

/// Every term key belongs to one article, and no article both claims and refuses a key.
fn check_terms(articles: &[Article], errors: &mut Vec<Error>) {
    // key -> (slug, path, line) of the first claim.
    let mut owners: BTreeMap<String, (&str, &str, usize)> = BTreeMap::new();
    for article in articles {
        let title = std::iter::once((&article.title, article.title_line));
        let claimed = title
            .chain(article.aliases.iter().map(|(s, l)| (s, *l)))
            .chain(article.forms.iter().map(|(s, l)| (s, *l)));
        for (term, line) in claimed {
            let key = normalize_term(term);
            if key.is_empty() {
                errors.push(Error::at(article.path, line, "empty term"));
                continue;
            }
            match owners.get(&key) {
                Some((slug, _, _)) if *slug == article.slug => {}
                Some((slug, path, first_line)) => errors.push(Error::at(
                    article.path,
                    line,
                    format!(
                        "term '{term}' is already claimed by article '{slug}' ({path}:{first_line})"
                    ),
                )),
                None => {
                    owners.insert(key, (&article.slug, article.path, line));
                }
            }
        }
        for (word, line) in &article.not {
            let key = normalize_term(word);
            let own = std::iter::once(&article.title)
                .chain(article.aliases.iter().map(|(s, _)| s))
                .chain(article.forms.iter().map(|(s, _)| s));
            if own.map(|s| normalize_term(s)).any(|k| k == key) {
                errors.push(Error::at(
                    article.path,
                    *line,
                    format!(
                        "'{word}' is listed under 'not' but is also the title, an alias or a form"
                    ),
                ));
            }
        }
    }
}

// An explicit path, because the build script includes this file by path too, and tools that
// follow it (rustfmt) would otherwise look for `src/tests.rs`.
#[cfg(test)]
#[path = "content/tests.rs"]
mod tests;
