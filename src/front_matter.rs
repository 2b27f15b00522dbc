//! Reads the front matter of an article: the block between two `---` lines at the top.
//!
//! The format is a small, strict subset of YAML, enough for the article schema in
//! `content/README.md` and small enough that every error can name its line:
//!
//! - `key: value` on one line; the value is plain text to the end of the line (it may contain
//!   colons), or a quoted string (`"…"` with `\"` and `\\` escapes, `'…'` with `''`);
//! - a comment after a value, as in YAML: a `#` after white space, outside quotes and brackets
//!   (`title: Aktie # ental` is "Aktie", `title: C#` is "C#");
//! - `key: [a, b, c]`, a one-line list (items may be quoted to hold commas);
//! - `key:` followed by indented `- item` lines, a block list (a tab after the dash counts as
//!   the space, as in YAML);
//! - blank lines and lines starting with `#` are ignored, except that a group of lines after a
//!   blank line with no `key:` or `- item` line in it (a `# Heading`, a paragraph) is the
//!   article's text, which means the closing `---` is missing.
//!
//! Anything else (nested maps, multi-line strings, anchors) is refused with an error rather than
//! half-understood, and the error says what to write instead (join a wrapped value to its
//! line, write a `>` or `|` block on one line). That includes a list item YAML would read as a
//! nested map or list (`- navn: x`, `- [a, b]`, `[a, b: c]`): quoted (`- 'navn: x'`), the same
//! text is one item.

use crate::error::Error;

/// A front matter value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A single string.
    Text(String),
    /// A list of strings, each with the line it is on (for a `[a, b]` list, the key's line), so
    /// that an error about one item names its line.
    List(Vec<(String, usize)>),
}

/// One `key: value` entry with the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The key, as written.
    pub key: String,
    /// The 1-based line of the key in the file.
    pub line: usize,
    /// The value.
    pub value: Value,
}

/// A file split into its front matter fields and its Markdown body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document<'a> {
    /// The fields in file order. Keys are unique.
    pub fields: Vec<Field>,
    /// The Markdown after the closing `---` line.
    pub body: &'a str,
    /// The 1-based line of the file on which `body` starts.
    pub body_line: usize,
}

/// Splits `text` (the contents of the file at `path`) into front matter and body.
///
/// # Errors
///
/// Fails, naming `path` and the line, when the file does not start with `---`, when the block
/// is not closed, or when a line is not of one of the forms above, or a key repeats; with one
/// error for each such line (see [`parse_all`]).
pub fn parse<'a>(path: &str, text: &'a str) -> Result<Document<'a>, Error> {
    let parsed = parse_all(path, text);
    match parsed.body {
        Some((body, body_line)) if parsed.errors.is_empty() => Ok(Document {
            fields: parsed.fields,
            body,
            body_line,
        }),
        _ => Err(Error::many(parsed.errors)),
    }
}

/// What [`parse_all`] read: as much as it could, and an error for each line it could not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed<'a> {
    /// The fields of the lines that parsed, in file order.
    pub fields: Vec<Field>,
    /// The body and the 1-based line it starts on, when the front matter is there and closed.
    pub body: Option<(&'a str, usize)>,
    /// The errors in line order; empty when the front matter is well formed.
    pub errors: Vec<Error>,
}

/// [`parse`], going on past an error so that one build reports every broken line of a file,
/// each with its own error, and the compiler can still use the rest: the `slug:` of a file
/// with errors, so that links to it are left to the file's own errors rather than reported
/// again in every file that links to it, and the body, whose links are checked all the same.
///
/// A missing or unclosed front matter is one error, with no body: which lines are front matter
/// is then unknown, and the lines after it are not blamed. Of a value written over several
/// lines, only its first stray line is reported.
pub fn parse_all<'a>(path: &str, text: &'a str) -> Parsed<'a> {
    let mut parsed = Parsed {
        fields: Vec::new(),
        body: None,
        errors: Vec::new(),
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut lines = LineIter {
        rest: text,
        line: 0,
    };
    match lines.next() {
        Some((_, first)) if first.trim_end() == "---" => {}
        _ => {
            parsed.errors.push(Error::at(
                path,
                1,
                "missing front matter: the file must start with a '---' line",
            ));
            return parsed;
        }
    }
    // Without a closing line, every line of the body would be read as front matter, and the
    // errors would blame the body's lines (or pass over a `# Heading`, a comment to YAML) for
    // what is one missing line. The fields are still read up to where the block ends or the
    // body shows, so that the caller gets a `slug:` written before it.
    let end = block_end(LineIter {
        rest: lines.rest,
        line: 1,
    });
    let close = match end {
        BlockEnd::Closed(close) | BlockEnd::BodyAt(close, _) => close,
        BlockEnd::Unclosed => usize::MAX,
    };
    let errors = read_fields(path, &mut lines, close, &mut parsed.fields);
    let unclosed = match end {
        BlockEnd::Closed(_) => {
            parsed.errors = errors;
            parsed.body = Some((lines.rest, lines.line + 1));
            return parsed;
        }
        BlockEnd::Unclosed => {
            "the front matter opened here is never closed with a '---' line".to_string()
        }
        BlockEnd::BodyAt(line, text) => format!(
            "the front matter opened here is never closed: line {line} ('{text}') looks like \
             the article's text, so put a '---' line above it (a '#' line after a blank line is \
             a comment only when a 'key:' line or the closing '---' follows it)"
        ),
    };
    parsed.errors.push(Error::at(path, 1, unclosed));
    parsed
}

/// Where the front matter ends, as [`block_end`] tells it.
enum BlockEnd<'a> {
    /// At the closing `---` on this line.
    Closed(usize),
    /// No `---` line follows, and no line looks like the article's text.
    Unclosed,
    /// The article's text starts on this line (quoted here) before any `---` line: a `---`
    /// further down, if any, is the body's thematic break, not the end of the front matter.
    BodyAt(usize, &'a str),
}

/// Finds the end of the front matter in `lines`, which start after the opening `---`.
///
/// A later `---` line alone does not close it: Markdown uses the same line for a thematic
/// break, so a front matter whose closing line was forgotten would end at the body's first
/// break, and the body's `# Heading` lines above it would be read as YAML comments and vanish.
/// What tells the body from front matter is what follows a blank line. Front matter goes on
/// with `key:` lines (or `- item` lines of a list), and its `#` comments and stray lines lead
/// to a key, or a comment to the closing line right under it; a body goes on with headings and
/// text to its thematic break. So the lines after a blank line that are no `key:` line are
/// front matter when a `key:` line follows them (blank lines between allowed), or, when they
/// are `#` comments only, when the `---` line comes right under them (a commented-out key
/// last). They are the body when a blank line and `---` follow them, or a `- item` line, or
/// when they hold text and `---` comes right under it (a paragraph, or a Markdown heading
/// underlined with `---`). A line that reads as `Key: value` with a capital after such lines is
/// prose ("Kilde: Danmarks Nationalbank"; keys are lowercase); a `key:` line of any other
/// letters is a key, so that `områder:` is reported as an invalid key, not as the body.
fn block_end(lines: LineIter) -> BlockEnd {
    // The first line after a blank line that is no `key:` line, while no `key:` line has
    // followed it, and whether text (not only `#` lines) has come since.
    let mut pending: Option<(usize, &str)> = None;
    let mut text = false;
    // Whether a blank line came since the last line that was not blank.
    let mut blank = false;
    for (line, raw) in lines {
        let content = raw.trim_end();
        if content == "---" {
            return match pending {
                Some((at, first)) if blank || text => BlockEnd::BodyAt(at, first),
                _ => BlockEnd::Closed(line),
            };
        }
        let trimmed = content.trim_start();
        if trimmed.is_empty() {
            blank = true;
            continue;
        }
        let after_blank = std::mem::take(&mut blank);
        if trimmed.starts_with('#') {
            if after_blank && pending.is_none() {
                pending = Some((line, content));
            }
            continue;
        }
        if dash_item(trimmed).is_some() {
            if let Some((at, first)) = pending {
                return BlockEnd::BodyAt(at, first);
            }
            continue;
        }
        let key = trimmed
            .split_once(':')
            .map(|(key, _)| key.trim())
            .filter(|key| !key.is_empty() && !key.contains(char::is_whitespace));
        let prose = pending.is_some() && key.is_some_and(|k| k.chars().any(char::is_uppercase));
        if key.is_some() && !prose {
            pending = None;
            text = false;
            continue;
        }
        // Text. Directly under a key it is a value wrapped onto a second line, which
        // `read_fields` reports.
        if after_blank && pending.is_none() {
            pending = Some((line, content));
        }
        text |= pending.is_some();
    }
    match pending {
        Some((line, first)) => BlockEnd::BodyAt(line, first),
        None => BlockEnd::Unclosed,
    }
}

/// Whether `key` is a key this format reads: letters, digits, `-` and `_`.
fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Reads the front matter lines after the opening `---` into `fields`, up to and including the
/// line `close`: the closing `---` line, or the line the body starts on when the closing line
/// is missing (`usize::MAX` when nothing closes it). Returns an error for each line that does
/// not parse, going on with the next.
fn read_fields(
    path: &str,
    lines: &mut LineIter,
    close: usize,
    fields: &mut Vec<Field>,
) -> Vec<Error> {
    let mut state = LineState::default();
    let mut errors = Vec::new();
    // Set after an error until the next line that starts an entry (an unindented `key:`), so
    // that the lines of an entry that failed (its `- item` lines, the rest of a wrapped value)
    // are not blamed as well: one mistake, one error.
    let mut failed = false;
    for (line, raw) in lines.by_ref() {
        if line == close {
            break;
        }
        if failed {
            if !starts_entry(raw) {
                continue;
            }
            failed = false;
        }
        if let Err(err) = read_line(path, line, raw, &mut state, fields) {
            errors.push(err);
            // A bad `- item` leaves its list open for the next item; any other error ends the
            // entry.
            let bad_item = state.open_list.is_some() && dash_item(raw.trim()).is_some();
            if !bad_item {
                // A `key:` whose value went onto the stray line below it has no value: it is
                // left out, so that it is not also reported as empty.
                let emptied = state.open_list.is_some_and(|open| open + 1 == fields.len())
                    && fields
                        .last()
                        .is_some_and(|f| f.value == Value::List(Vec::new()));
                if emptied && !starts_entry(raw) {
                    fields.pop();
                }
                failed = true;
                state = LineState::default();
            }
        }
    }
    errors
}

/// What [`read_line`] carries from one line to the next.
#[derive(Default)]
struct LineState {
    /// A key whose value was left empty, waiting for `- item` lines.
    open_list: Option<usize>,
    /// Whether the line above is a `key:` line or a `- item`, which a stray line below it most
    /// likely continues; not after the opening `---`, a blank line or a comment, so that the
    /// messages ask to join a line to the one above only when there is one to join it to.
    continues: bool,
}

/// Whether the line `raw` starts an entry: a `key:` at the start of the line, the key one word
/// (valid or not: `titel.dk:` is an entry with an invalid key, while `i et selskab: x` is more
/// likely words of a wrapped value).
fn starts_entry(raw: &str) -> bool {
    !raw.starts_with([' ', '\t'])
        && !raw.starts_with('#')
        && raw.split_once(':').is_some_and(|(key, _)| {
            let key = key.trim_end();
            !key.is_empty() && !key.contains(char::is_whitespace)
        })
}

/// Reads the front matter line `raw`, number `line`, into `fields`.
fn read_line(
    path: &str,
    line: usize,
    raw: &str,
    state: &mut LineState,
    fields: &mut Vec<Field>,
) -> Result<(), Error> {
    let content = raw.trim_end();
    let trimmed = content.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        state.continues = false;
        return Ok(());
    }
    if let Some(item) = dash_item(trimmed) {
        let Some(index) = state.open_list else {
            return Err(Error::at(
                path,
                line,
                "list item '- …' without a 'key:' line above it",
            ));
        };
        let key = fields.get(index).map_or("", |f| f.key.as_str());
        let item = list_item(path, line, key, without_comment(item))?;
        if let Some(Field {
            value: Value::List(items),
            ..
        }) = fields.get_mut(index)
        {
            items.push((item, line));
        }
        state.continues = true;
        return Ok(());
    }
    if content.starts_with([' ', '\t']) {
        let message = match trimmed.split_once(':') {
            // With nothing above to continue, an indented `key: value` is a key with white
            // space before it (a tab is easy to miss).
            Some((key, _)) if !state.continues && is_key(key) && has_map_colon(trimmed) => format!(
                "'{key}:' is indented, but a key starts at the start of its line: remove the \
                 spaces or tabs before it"
            ),
            _ => indented(trimmed, state.open_list.and_then(|i| fields.get(i))),
        };
        return Err(Error::at(path, line, message));
    }
    // A value wrapped onto a second line that is not indented: YAML would join it to the
    // value above (for plain text), so the message says to do that rather than only that
    // the line is no `key: value`.
    let join = if state.continues {
        "; if it continues the value above, join it to that line (a value must be on one line)"
    } else {
        ""
    };
    let Some((key, value)) = content.split_once(':') else {
        return Err(Error::at(
            path,
            line,
            format!("expected 'key: value', found '{content}'{join}"),
        ));
    };
    let key = key.trim();
    if !is_key(key) {
        // A key with a space in it is most likely words of a wrapped value.
        let join = if key.contains(' ') { join } else { "" };
        return Err(Error::at(path, line, format!("invalid key '{key}'{join}")));
    }
    if let Some(first) = fields.iter().find(|f| f.key == key) {
        return Err(Error::at(
            path,
            line,
            format!("duplicate key '{key}' (first on line {})", first.line),
        ));
    }
    let value = without_comment(value);
    state.open_list = None;
    if is_block_indicator(value) {
        return Err(Error::at(
            path,
            line,
            format!(
                "'{key}: {value}' starts a multi-line block, which is not supported: write \
                 the value on one line after '{key}:'"
            ),
        ));
    }
    let value = if value.is_empty() {
        state.open_list = Some(fields.len());
        Value::List(Vec::new())
    } else if let Some(inner) = value.strip_prefix('[') {
        let Some(inner) = inner.strip_suffix(']') else {
            return Err(Error::at(
                path,
                line,
                format!("list for '{key}' is not closed with ']' on the same line"),
            ));
        };
        Value::List(
            flow_list(path, line, key, inner)?
                .into_iter()
                .map(|item| (item, line))
                .collect(),
        )
    } else if value.starts_with('{') {
        return Err(Error::at(
            path,
            line,
            format!(
                "nested map under '{key}': '{value}' is read as a map; quote the value if \
                 it is text"
            ),
        ));
    } else {
        Value::Text(scalar(path, line, value)?)
    };
    state.continues = true;
    fields.push(Field {
        key: key.to_string(),
        line,
        value,
    });
    Ok(())
}

/// The item of a block list line (`- item`), or `None` when `trimmed` is no such line. YAML
/// takes a tab after the dash as it takes the space.
fn dash_item(trimmed: &str) -> Option<&str> {
    let rest = trimmed.strip_prefix('-')?;
    if rest.is_empty() || rest.starts_with([' ', '\t']) {
        Some(rest)
    } else {
        None
    }
}

/// The message for an indented line that is not a `- item`, which is a value written over
/// several lines in YAML; `open` is the field above it when that is a `key:` taking `- item`
/// lines. Each says what to write instead, since the editor meant something YAML can say.
fn indented(trimmed: &str, open: Option<&Field>) -> String {
    if let Some(rest) = trimmed.strip_prefix('-').filter(|_| open.is_some()) {
        return format!("a list item needs a space after '-': write '- {rest}'");
    }
    match open.filter(|f| f.value == Value::List(Vec::new())) {
        Some(field) if has_map_colon(trimmed) => format!(
            "nested map under '{key}' is not supported: write one line of text after \
             '{key}:', or a list of '- item' lines",
            key = field.key
        ),
        _ => "a value must be on one line: join this line to the one above (multi-line values \
              and nested maps are not supported)"
            .to_string(),
    }
}

/// Whether `value` opens a YAML block scalar (`>`, `|`, with an optional chomping sign and
/// indentation digit; a comment after it is already gone), whose text is on the indented lines
/// below.
fn is_block_indicator(value: &str) -> bool {
    let Some(rest) = value.strip_prefix(['>', '|']) else {
        return false;
    };
    rest.len() <= 2 && rest.chars().all(|c| matches!(c, '+' | '-' | '1'..='9'))
}

/// `value`, the text after `key:` or `- `, trimmed and without a trailing YAML comment. As in
/// YAML, a comment starts with a `#` that follows white space: anywhere in a plain value
/// (`Aktie # ental`, while `C#` keeps its `#`), and after a quoted value or a `[…]` list, whose
/// `#` inside the quotes or brackets is text. A value that is only a comment is empty.
fn without_comment(value: &str) -> &str {
    let value = value.trim();
    if value.starts_with('#') {
        return "";
    }
    let closed = if value.starts_with(['"', '\'']) {
        quoted_end(value)
    } else if value.starts_with('[') {
        flow_end(value)
    } else {
        let comment = value
            .match_indices('#')
            .map(|(i, _)| i)
            .find(|&i| value[..i].ends_with([' ', '\t']));
        return comment.map_or(value, |at| value[..at].trim_end());
    };
    // Text after a closing quote or bracket is a comment only when white space comes before its
    // `#`; anything else (and a quote or list left open) is kept for the parser to report.
    let comment = closed.filter(|&end| {
        let after = &value[end..];
        after.starts_with([' ', '\t']) && after.trim_start().starts_with('#')
    });
    comment.map_or(value, |end| &value[..end])
}

/// The byte index just past the `]` that closes the `[…]` list at the start of `s`, skipping
/// quoted items, whose brackets and commas are text.
fn flow_end(s: &str) -> Option<usize> {
    let mut at = 1;
    loop {
        let rest = s.get(at..)?;
        let item = rest.trim_start();
        at += rest.len() - item.len();
        if item.starts_with(['"', '\'']) {
            at += quoted_end(item)?;
        }
        let rest = s.get(at..)?;
        let stop = rest.find([',', ']'])?;
        at += stop + 1;
        if rest[stop..].starts_with(']') {
            return Some(at);
        }
    }
}

/// Splits a file into lines, keeping count, and leaving `rest` at the start of the next line.
struct LineIter<'a> {
    rest: &'a str,
    line: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        if self.rest.is_empty() {
            return None;
        }
        let (line, rest) = match self.rest.find('\n') {
            Some(i) => (&self.rest[..i], &self.rest[i + 1..]),
            None => (self.rest, ""),
        };
        self.rest = rest;
        self.line += 1;
        Some((self.line, line.strip_suffix('\r').unwrap_or(line)))
    }
}

/// Parses the items of `[a, "b, c", d]` (without the brackets), the list under `key`.
fn flow_list(path: &str, line: usize, key: &str, inner: &str) -> Result<Vec<String>, Error> {
    let mut items = Vec::new();
    let mut rest = inner.trim();
    while !rest.is_empty() {
        let (item, after) = if rest.starts_with(['"', '\'']) {
            let end = quoted_end(rest)
                .ok_or_else(|| Error::at(path, line, "a quoted list item is not closed"))?;
            (&rest[..end], &rest[end..])
        } else {
            match rest.find(',') {
                Some(i) => (&rest[..i], &rest[i..]),
                None => (rest, ""),
            }
        };
        let item = list_item(path, line, key, item.trim())?;
        if item.is_empty() {
            return Err(Error::at(path, line, "empty item in a list"));
        }
        items.push(item);
        let after = after.trim_start();
        rest = match after.strip_prefix(',') {
            Some(r) => r.trim_start(),
            None if after.is_empty() => after,
            None => {
                return Err(Error::at(
                    path,
                    line,
                    format!("expected ',' between list items, found '{after}'"),
                ))
            }
        };
    }
    Ok(items)
}

/// Parses one item of the list under `key`. YAML reads an unquoted item that opens a list
/// (`[a, b]`, `- a`) or a map (`{a: b}`, `navn: x`) as a nested value, which this format does
/// not support; taking it as text would give an item the editor did not write, so it is an
/// error. Quoted, the same text is one item.
fn list_item(path: &str, line: usize, key: &str, raw: &str) -> Result<String, Error> {
    if !raw.starts_with(['"', '\'']) {
        if raw.starts_with('[') || dash_item(raw).is_some() {
            return Err(Error::at(
                path,
                line,
                format!(
                    "nested list in the list under '{key}': '{raw}'; quote the item if it is \
                     one term"
                ),
            ));
        }
        let shape = if raw.starts_with('{') {
            Some("a map")
        } else if has_map_colon(raw) {
            Some("'key: value'")
        } else {
            None
        };
        if let Some(shape) = shape {
            return Err(Error::at(
                path,
                line,
                format!(
                    "nested map in the list under '{key}': '{raw}' is read as {shape}; quote \
                     the item if it is one term"
                ),
            ));
        }
    }
    scalar(path, line, raw)
}

/// Whether `s` has a colon followed by white space or the end, which makes it `key: value` in
/// YAML ("kl. 12:30" and "https://x.dk" have none).
fn has_map_colon(s: &str) -> bool {
    s.match_indices(':').any(|(i, _)| {
        s.get(i + 1..)
            .and_then(|after| after.chars().next())
            .is_none_or(char::is_whitespace)
    })
}

/// The byte index just past the closing quote of the quoted string at the start of `s`.
fn quoted_end(s: &str) -> Option<usize> {
    let quote = s.chars().next()?;
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            // In single quotes, '' is an escaped quote, not the end.
            if quote == '\'' && s[i + 1..].starts_with('\'') {
                chars.next();
                continue;
            }
            return Some(i + 1);
        }
    }
    None
}

/// Parses one scalar: plain text as is, or a quoted string with its escapes resolved.
fn scalar(path: &str, line: usize, raw: &str) -> Result<String, Error> {
    let Some(quote) = raw.chars().next().filter(|c| *c == '"' || *c == '\'') else {
        return Ok(raw.to_string());
    };
    if quoted_end(raw) != Some(raw.len()) {
        return Err(Error::at(
            path,
            line,
            format!("quoted value {raw} is not closed, or has text after its closing quote"),
        ));
    }
    let inner = &raw[1..raw.len() - 1];
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            ('"', '\\') => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(c @ ('"' | '\\')) => out.push(c),
                other => {
                    return Err(Error::at(
                        path,
                        line,
                        format!("unsupported escape '\\{}'", other.unwrap_or(' ')),
                    ))
                }
            },
            ('\'', '\'') => {
                chars.next();
                out.push('\'');
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    fn list(items: &[(&str, usize)]) -> Value {
        Value::List(items.iter().map(|&(s, l)| (s.to_string(), l)).collect())
    }

    fn fields(doc: &str) -> Vec<(String, usize, Value)> {
        parse("a.md", doc)
            .unwrap()
            .fields
            .into_iter()
            .map(|f| (f.key, f.line, f.value))
            .collect()
    }

    #[test]
    fn seed_front_matter() {
        let doc = "---\nkeywords: Business\ntitle: Kundevendt\ndescription: Kundevendt refererer til punktet: kontakt.\n---\n\n# Kundevendt\n";
        let parsed = parse("a.md", doc).unwrap();
        assert_eq!(
            fields(doc),
            vec![
                ("keywords".into(), 2, text("Business")),
                ("title".into(), 3, text("Kundevendt")),
                (
                    "description".into(),
                    4,
                    text("Kundevendt refererer til punktet: kontakt.")
                ),
            ]
        );
        assert_eq!(parsed.body, "\n# Kundevendt\n");
        assert_eq!(parsed.body_line, 6);
    }

    #[test]
    fn values() {
        let rows: &[(&str, Value)] = &[
            ("k: plain text", text("plain text")),
            ("k: \"quoted: \\\"x\\\"\"", text("quoted: \"x\"")),
            ("k: 'it''s'", text("it's")),
            ("k: [a, b c,  d ]", list(&[("a", 2), ("b c", 2), ("d", 2)])),
            ("k: [\"a, b\", 'c']", list(&[("a, b", 2), ("c", 2)])),
            ("k: []", list(&[])),
            ("k:\n  - a\n\n  - 'b'\n", list(&[("a", 3), ("b", 5)])),
            ("k: æøå Ø", text("æøå Ø")),
        ];
        for (line, expected) in rows {
            let doc = format!("---\n{line}\n---\nbody");
            let got = fields(&doc);
            assert_eq!(got.len(), 1, "{line:?}");
            assert_eq!(&got[0].2, expected, "{line:?}");
        }
    }

    #[test]
    fn crlf_and_bom() {
        let doc = "\u{FEFF}---\r\ntitle: A\r\n---\r\nbody\r\n";
        let parsed = parse("a.md", doc).unwrap();
        assert_eq!(parsed.fields[0].value, text("A"));
        assert_eq!(parsed.body_line, 4);
    }

    /// Each malformed front matter names the line at fault.
    #[test]
    fn errors_name_the_line() {
        let rows: &[(&str, usize, &str)] = &[
            ("no front matter\n", 1, "missing front matter"),
            ("---\ntitle: A\n", 1, "never closed with a '---' line"),
            (
                "---\ntitle: A\nno colon here\n---\n",
                3,
                "expected 'key: value'",
            ),
            (
                "---\ntitle: A\ntitle: B\n---\n",
                3,
                "duplicate key 'title' (first on line 2)",
            ),
            ("---\nk: [a, b\n---\n", 2, "not closed with ']'"),
            ("---\nk: \"open\n---\n", 2, "not closed"),
            ("---\n- a\n---\n", 2, "without a 'key:' line"),
            (
                "---\nk: v\n  nested: x\n---\n",
                3,
                "a value must be on one line",
            ),
            ("---\nbad key!: v\n---\n", 2, "invalid key"),
            ("---\nk: [a, , b]\n---\n", 2, "empty item"),
            ("---\nk: [\"a\" x]\n---\n", 2, "expected ','"),
        ];
        for (doc, line, message) in rows {
            let err = parse("dir/a.md", doc).unwrap_err();
            assert_eq!(err.path(), Some("dir/a.md"), "{doc:?}");
            assert_eq!(err.line(), Some(*line), "{doc:?}: {err}");
            assert!(err.to_string().contains(message), "{doc:?}: {err}");
            assert!(
                err.to_string().starts_with(&format!("dir/a.md:{line}: ")),
                "{err}"
            );
        }
    }

    /// A nested map or list inside a list (`- navn: x`, `- [a, b]`) was taken silently as one
    /// item of text, "navn: x" or "[a, b]", though nested values are documented as errors.
    /// Each is now an error naming its line; quoted, the same text is one item as before.
    #[test]
    fn regression_nested_values_in_lists_are_errors() {
        let rows: &[(&str, usize, &str)] = &[
            (
                "---\naliases:\n  - a\n  - navn: x\n---\n",
                4,
                "nested map in the list under 'aliases': 'navn: x' is read as 'key: value'; \
                 quote the item if it is one term",
            ),
            (
                "---\naliases:\n  - navn:\n---\n",
                3,
                "nested map in the list under 'aliases'",
            ),
            (
                "---\naliases:\n  - [a, b]\n---\n",
                3,
                "nested list in the list under 'aliases': '[a, b]'; quote the item if it is one \
                 term",
            ),
            (
                "---\naliases:\n  - {a: b}\n---\n",
                3,
                "nested map in the list under 'aliases'",
            ),
            (
                "---\naliases:\n  - - a\n---\n",
                3,
                "nested list in the list under 'aliases'",
            ),
            (
                "---\nk: [a, [b], c]\n---\n",
                2,
                "nested list in the list under 'k'",
            ),
            (
                "---\nk: [a, navn: x]\n---\n",
                2,
                "nested map in the list under 'k'",
            ),
            ("---\nk: {a: b}\n---\n", 2, "nested map under 'k'"),
        ];
        for (doc, line, message) in rows {
            let err = parse("dir/a.md", doc).unwrap_err();
            assert_eq!(err.line(), Some(*line), "{doc:?}: {err}");
            assert!(
                err.to_string()
                    .starts_with(&format!("dir/a.md:{line}: {message}")),
                "{doc:?}: {err}"
            );
        }
        let doc = "---\nk:\n  - 'navn: x'\n  - kl. 12:30\n  - https://x.dk\n---\n";
        assert_eq!(
            fields(doc),
            [(
                "k".to_string(),
                2,
                list(&[("navn: x", 3), ("kl. 12:30", 4), ("https://x.dk", 5)])
            )]
        );
        assert_eq!(
            fields("---\nk: ['a: b', \"[c]\"]\n---\n"),
            [("k".to_string(), 2, list(&[("a: b", 2), ("[c]", 2)]))]
        );
    }

    /// A trailing YAML comment was kept in the value: `title: Aktie # ental` gave the title
    /// "Aktie # ental". A `#` after white space now starts a comment, after a plain value, a
    /// closing quote or a `]`, as in YAML; a `#` with no white space before it (`C#`) and one
    /// inside quotes or brackets is text.
    #[test]
    fn regression_a_trailing_comment_is_not_part_of_the_value() {
        let rows: &[(&str, Value)] = &[
            ("k: Aktie # ental", text("Aktie")),
            ("k: Aktie\t# ental", text("Aktie")),
            ("k: Aktie #1 # ental", text("Aktie")),
            ("k: C# og F#", text("C# og F#")),
            ("k: \"Aktie # ental\" # kommentar", text("Aktie # ental")),
            ("k: 'it''s' # kommentar", text("it's")),
            (
                "k: [a, 'b] # c'] # kommentar",
                list(&[("a", 2), ("b] # c", 2)]),
            ),
            ("k: [C#, F#]\t# sprog", list(&[("C#", 2), ("F#", 2)])),
            ("k: # kun en kommentar\n  - a # ental\n", list(&[("a", 3)])),
        ];
        for (line, expected) in rows {
            let doc = format!("---\n{line}\n---\nbody");
            let got = parse("a.md", &doc).unwrap().fields;
            assert_eq!(got.len(), 1, "{line:?}");
            assert_eq!(&got[0].value, expected, "{line:?}");
        }
        // Text after a closing quote that is not a comment is still an error.
        let err = parse("a.md", "---\nk: \"a\"#b\n---\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.md:2: quoted value \"a\"#b is not closed, or has text after its closing quote"
        );
    }
}
