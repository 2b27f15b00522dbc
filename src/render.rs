//! Turns an article's Markdown into safe HTML.
//!
//! Rendering is a filter over pulldown-cmark's event stream, followed by its HTML writer, which
//! escapes all text and attribute values. The filter enforces three rules:
//!
//! 1. **No raw HTML.** `Event::Html` and `Event::InlineHtml` are dropped: pulldown-cmark would
//!    otherwise copy them verbatim, and a `<script>` or `<img onerror>` in an article would run
//!    on every host page. An HTML block goes whole, with the text inside it; between inline
//!    tags the text stays. Each is reported as a [`Finding::RawHtml`]. The one exception is an
//!    inline `<br>` (`<br/>`, `<br />`), which becomes Markdown's own hard line break: it holds
//!    nothing that could run, and dropped, it glued the words on either side together.
//! 2. **Only safe link targets.** A link keeps its `<a>` only if it is internal (`/slug`, see
//!    [`Target`]) to an article that exists, or an absolute `http:`, `https:` or `mailto:` URL.
//!    Any other link (`javascript:`, `data:`, relative paths, unknown slugs) becomes its plain
//!    text, so the words stay and only the link goes. A relative link is reported apart from
//!    the unsafe ones ([`Finding::RelativeLink`]): it is an internal link written wrong, which
//!    the compiler refuses.
//! 3. **No images.** An image becomes its alt text: a definition card must not make the reader's
//!    browser fetch from third parties. Each is reported as a [`Finding::Image`].
//!
//! Internal links are written as `<a href="/slug" data-forklar-slug="slug">`, so the card can
//! open the linked article in place. Text is otherwise untouched: the seed's `,.` after links
//! is rendered as written.

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::text::is_slug;

/// Where a link points, by the rules in the module docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// `/slug`, `/slug/` or `/slug#part`: another article of the glossary (the slug is not yet
    /// checked to exist, nor to be well formed).
    Internal(&'a str),
    /// An absolute `http:`, `https:` or `mailto:` URL.
    External,
    /// A relative URL (`aktie`, `bank.md`, `./aktie`, `../aktie`): no scheme, and not starting
    /// with `/`, `#` or `?`. A card is shown on other sites' pages, where such a URL would lead
    /// somewhere else on each, so it is dropped like an unsafe one.
    Relative,
    /// Anything else: other schemes such as `javascript:` and `data:`, protocol-relative
    /// (`//host`) URLs, bare fragments and queries, and an empty URL.
    Unsafe,
}

/// Classifies a link destination.
///
/// Browsers ignore ASCII tabs and line breaks inside a URL and leading control characters and
/// spaces before it, so `java\tscript:` is `javascript:` to them; the scheme is read the same
/// way here before it is compared.
pub fn classify(url: &str) -> Target<'_> {
    let trimmed = url.trim_start_matches(|c: char| c <= ' ');
    if let Some(path) = trimmed.strip_prefix('/') {
        if path.starts_with('/') || path.starts_with('\\') {
            return Target::Unsafe;
        }
        let end = path.find(['#', '?']).unwrap_or(path.len());
        return Target::Internal(path[..end].trim_end_matches('/'));
    }
    let scheme: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take_while(|c| *c != ':' && *c != '/' && *c != '?' && *c != '#')
        .flat_map(char::to_lowercase)
        .collect();
    let has_colon = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .nth(scheme.chars().count())
        == Some(':');
    if has_colon && matches!(scheme.as_str(), "http" | "https" | "mailto") {
        Target::External
    } else if !has_colon && !trimmed.is_empty() && !trimmed.starts_with(['#', '?']) {
        Target::Relative
    } else {
        Target::Unsafe
    }
}

/// [`classify`] for a link of the given type. An email autolink (`<navn@example.dk>`) carries
/// the address without its scheme, and the HTML writer puts `mailto:` in front of it, so it is
/// external whatever the address looks like.
fn classify_link(link_type: LinkType, url: &str) -> Target<'_> {
    if link_type == LinkType::Email {
        Target::External
    } else {
        classify(url)
    }
}

/// What the renderer left out or turned into text, for the content compiler to report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// An internal link, kept when its slug is known, plain text otherwise.
    Internal {
        /// The slug the link points to.
        slug: String,
        /// Byte offset of the link in the Markdown.
        offset: usize,
    },
    /// Raw HTML that was dropped: an inline tag, or a whole HTML block.
    RawHtml {
        /// Byte offset in the Markdown.
        offset: usize,
        /// Whether text went with it: an HTML block (`<div>Vigtigt</div>` on lines of its own)
        /// is dropped whole, text and all, while the text between inline tags is kept.
        text_lost: bool,
    },
    /// An image that was dropped; its alt text was kept.
    Image {
        /// The image's source as written.
        url: String,
        /// Byte offset in the Markdown.
        offset: usize,
    },
    /// A relative link (see [`Target::Relative`]); its text was kept.
    RelativeLink {
        /// The destination as written.
        url: String,
        /// Byte offset in the Markdown.
        offset: usize,
    },
    /// A link whose target is not allowed; its text was kept.
    UnsafeLink {
        /// The destination as written.
        url: String,
        /// Byte offset in the Markdown.
        offset: usize,
    },
    /// A reference link (`[text][label]`, `[label][]`) whose label has no definition
    /// (`[label]: /slug`), which CommonMark shows as the text it is written as, brackets and
    /// all. A lone `[text]` is not reported: it is as often meant as text (`[sic]`, `[1]`).
    BrokenReference {
        /// The link as written, `[text][label]`.
        written: String,
        /// The label that has no definition.
        label: String,
        /// Byte offset in the Markdown.
        offset: usize,
    },
    /// A footnote reference (`[^1]`) or definition (`[^1]: …`), dropped. Without footnotes a
    /// definition is read as a link definition: the note vanished and its reference became a
    /// link to it, or the build stopped over a "relative link" the editor never wrote.
    Footnote {
        /// The footnote's label.
        label: String,
        /// Byte offset in the Markdown.
        offset: usize,
    },
}

impl Finding {
    /// The byte offset in the Markdown of what was found.
    fn offset(&self) -> usize {
        match self {
            Finding::Internal { offset, .. }
            | Finding::RawHtml { offset, .. }
            | Finding::Image { offset, .. }
            | Finding::RelativeLink { offset, .. }
            | Finding::UnsafeLink { offset, .. }
            | Finding::BrokenReference { offset, .. }
            | Finding::Footnote { offset, .. } => *offset,
        }
    }
}

/// The HTML of an article and what the filter found on the way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    /// Safe HTML.
    pub html: String,
    /// The visible text, blocks separated by line breaks: what the search index reads.
    pub text: String,
    /// Internal links, dropped HTML and refused links, in document order.
    pub findings: Vec<Finding>,
}

/// How a link's closing tag is written, decided when its opening tag was seen.
enum LinkEnd {
    /// pulldown-cmark writes `</a>` for a link it was given.
    Keep,
    /// The filter wrote the opening tag itself and writes `</a>` too.
    Own,
    /// The link was turned into text: no closing tag.
    Drop,
}

/// Renders `markdown` to safe HTML. `known` says whether an internal slug names an article.
pub fn render(markdown: &str, known: &dyn Fn(&str) -> bool) -> Rendered {
    // Footnotes are parsed so that they can be refused by name (see `Finding::Footnote`).
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    // How deep in a footnote's definition the events are: all of it is dropped.
    let mut in_footnote = 0usize;
    let mut findings = Vec::new();
    let mut link_ends: Vec<LinkEnd> = Vec::new();
    let mut text = String::new();
    // The HTML block being read, if any: where it starts and its lines so far. A block is one
    // finding, reported at its end, when it is known whether it held text.
    let mut html_block: Option<(usize, String)> = None;
    // The parser reports a reference without a definition through this callback, which it
    // holds until it is done; its findings join the others afterwards.
    let mut broken = Vec::new();
    let on_broken = |link: BrokenLink<'_>| {
        if matches!(link.link_type, LinkType::Reference | LinkType::Collapsed) {
            let mut span = link.span.clone();
            // The span of `[label][]` ends before its empty brackets.
            if link.link_type == LinkType::Collapsed
                && markdown
                    .get(span.end..)
                    .is_some_and(|r| r.starts_with("[]"))
            {
                span.end += 2;
            }
            broken.push(Finding::BrokenReference {
                written: markdown.get(span).unwrap_or("").to_string(),
                label: link.reference.to_string(),
                offset: link.span.start,
            });
        }
        None
    };
    let events = Parser::new_with_broken_link_callback(markdown, options, Some(on_broken))
        .into_offset_iter()
        .map(|(event, range)| match event {
            Event::InlineHtml(html) if is_line_break(&html) => (Event::HardBreak, range),
            other => (other, range),
        })
        .inspect(|(event, _)| match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableCell,
            ) if !text.is_empty() && !text.ends_with('\n') => text.push('\n'),
            _ => {}
        })
        .filter_map(|(event, range)| match event {
            Event::FootnoteReference(label) => {
                findings.push(Finding::Footnote {
                    label: label.to_string(),
                    offset: range.start,
                });
                None
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                if in_footnote == 0 {
                    findings.push(Finding::Footnote {
                        label: label.to_string(),
                        offset: range.start,
                    });
                }
                in_footnote += 1;
                None
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                in_footnote = in_footnote.saturating_sub(1);
                None
            }
            _ if in_footnote > 0 => None,
            Event::Start(Tag::HtmlBlock) => {
                html_block = Some((range.start, String::new()));
                None
            }
            Event::Html(html) => {
                match &mut html_block {
                    Some((_, lines)) => lines.push_str(&html),
                    // pulldown-cmark puts every `Html` event in a block; one outside would
                    // still be dropped, and reported as losing whatever it holds.
                    None => findings.push(Finding::RawHtml {
                        offset: range.start,
                        text_lost: has_text(&html),
                    }),
                }
                None
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((offset, lines)) = html_block.take() {
                    findings.push(Finding::RawHtml {
                        offset,
                        text_lost: has_text(&lines),
                    });
                }
                None
            }
            Event::InlineHtml(_) => {
                findings.push(Finding::RawHtml {
                    offset: range.start,
                    text_lost: false,
                });
                None
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                findings.push(Finding::Image {
                    url: dest_url.to_string(),
                    offset: range.start,
                });
                None
            }
            Event::End(TagEnd::Image) => None,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match classify_link(link_type, &dest_url) {
                Target::Internal(slug) => {
                    findings.push(Finding::Internal {
                        slug: slug.to_string(),
                        offset: range.start,
                    });
                    if is_slug(slug) && known(slug) {
                        link_ends.push(LinkEnd::Own);
                        // Safe without escaping: a slug is only `a-z`, `0-9` and `-`.
                        Some(Event::InlineHtml(CowStr::from(format!(
                            "<a href=\"/{slug}\" data-forklar-slug=\"{slug}\">"
                        ))))
                    } else {
                        link_ends.push(LinkEnd::Drop);
                        None
                    }
                }
                Target::External => {
                    link_ends.push(LinkEnd::Keep);
                    Some(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }))
                }
                target @ (Target::Relative | Target::Unsafe) => {
                    let url = dest_url.to_string();
                    findings.push(if target == Target::Relative {
                        Finding::RelativeLink {
                            url,
                            offset: range.start,
                        }
                    } else {
                        Finding::UnsafeLink {
                            url,
                            offset: range.start,
                        }
                    });
                    link_ends.push(LinkEnd::Drop);
                    None
                }
            },
            Event::End(TagEnd::Link) => match link_ends.pop() {
                Some(LinkEnd::Keep) => Some(Event::End(TagEnd::Link)),
                Some(LinkEnd::Own) => Some(Event::InlineHtml(CowStr::Borrowed("</a>"))),
                Some(LinkEnd::Drop) | None => None,
            },
            other => Some(other),
        });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    if !broken.is_empty() {
        findings.append(&mut broken);
        // Back in document order; the sort is stable, so findings at one offset keep theirs.
        findings.sort_by_key(Finding::offset);
    }
    Rendered {
        html,
        text,
        findings,
    }
}

/// Whether the inline tag `html` is a line break: `<br>`, `<br/>` or `<br />`, in any case, with
/// no attributes.
fn is_line_break(html: &str) -> bool {
    let Some((name, rest)) = html
        .strip_prefix('<')
        .and_then(|rest| rest.split_at_checked(2))
    else {
        return false;
    };
    let rest = rest.trim_start();
    name.eq_ignore_ascii_case("br") && (rest == ">" || rest == "/>")
}

/// Whether raw HTML has text a reader would have seen: anything but white space outside its
/// tags, comments, and `<script>` and `<style>` elements (code, not text).
fn has_text(html: &str) -> bool {
    let mut rest = html;
    loop {
        let Some(open) = rest.find('<') else {
            return !rest.trim().is_empty();
        };
        if !rest[..open].trim().is_empty() {
            return true;
        }
        let tag = &rest[open..];
        let lower = tag.get(..8).unwrap_or(tag).to_ascii_lowercase();
        let end = if tag.starts_with("<!--") {
            "-->"
        } else if lower.starts_with("<script") {
            "</script>"
        } else if lower.starts_with("<style") {
            "</style>"
        } else {
            ">"
        };
        // The end of a script or style element is found in any case, as a browser finds it;
        // only those are copied to lowercase, so that a long block is not copied per tag.
        let at = if end.len() > 3 {
            tag.to_ascii_lowercase().find(end)
        } else {
            tag.find(end)
        };
        let close = at.map(|at| open + at + end.len());
        match close {
            Some(close) => rest = &rest[close..],
            // An unclosed tag runs to the end: nothing after it shows.
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        render(md, &|slug| slug != "missing").html
    }

    #[test]
    fn targets() {
        let rows: &[(&str, Target)] = &[
            ("/frontoffice", Target::Internal("frontoffice")),
            ("/retail-sales/", Target::Internal("retail-sales")),
            ("/stockbroker#top", Target::Internal("stockbroker")),
            ("/a?x=1", Target::Internal("a")),
            ("https://example.com/x", Target::External),
            ("HTTP://example.com", Target::External),
            ("mailto:a@example.com", Target::External),
            ("javascript:alert(1)", Target::Unsafe),
            ("JaVaScRiPt:alert(1)", Target::Unsafe),
            ("java\tscript:alert(1)", Target::Unsafe),
            ("  javascript:alert(1)", Target::Unsafe),
            ("\u{1}javascript:alert(1)", Target::Unsafe),
            ("htt\tps://example.com", Target::External),
            ("data:text/html,<script>", Target::Unsafe),
            ("vbscript:x", Target::Unsafe),
            ("//evil.example", Target::Unsafe),
            ("/\\evil.example", Target::Unsafe),
            ("relative/path", Target::Relative),
            ("bank.md", Target::Relative),
            ("./aktie", Target::Relative),
            ("../aktie#risiko", Target::Relative),
            ("#section", Target::Unsafe),
            ("?q=1", Target::Unsafe),
            ("", Target::Unsafe),
            ("https", Target::Relative),
        ];
        for (url, expected) in rows {
            assert_eq!(classify(url), *expected, "classify({url:?})");
        }
    }

    #[test]
    fn internal_links_carry_the_slug() {
        assert_eq!(
            html("Se [front office](/frontoffice),. her"),
            "<p>Se <a href=\"/frontoffice\" data-forklar-slug=\"frontoffice\">front office</a>,. her</p>\n"
        );
    }

    /// The seed's punctuation after links (`,.`) and a link whose text is only `.` are rendered
    /// as written.
    #[test]
    fn seed_punctuation_is_kept() {
        let out = html("[børsmæglere](/stockbroker) eller bankfolk [.](/stockbroker) Job");
        assert!(out.contains(">børsmæglere</a> eller bankfolk <a"), "{out}");
        assert!(
            out.contains("data-forklar-slug=\"stockbroker\">.</a> Job"),
            "{out}"
        );
    }

    /// An email autolink was dropped as unsafe: its address has no scheme until the HTML
    /// writer adds `mailto:`.
    #[test]
    fn regression_email_autolinks_are_kept_as_mailto() {
        let r = render("Skriv til <redaktion@example.dk>.", &|_| true);
        assert_eq!(
            r.html,
            "<p>Skriv til <a href=\"mailto:redaktion@example.dk\">redaktion@example.dk</a>.</p>\n"
        );
        assert_eq!(r.findings, []);
    }

    #[test]
    fn unknown_internal_link_becomes_text() {
        let r = render("[x](/missing) og [y](/Bad_Slug)", &|s| s != "missing");
        assert_eq!(r.html, "<p>x og y</p>\n");
        assert_eq!(
            r.findings,
            vec![
                Finding::Internal {
                    slug: "missing".into(),
                    offset: 0
                },
                Finding::Internal {
                    slug: "Bad_Slug".into(),
                    offset: 17
                },
            ]
        );
    }

    #[test]
    fn raw_html_is_dropped() {
        let rows: &[&str] = &[
            "<script>alert(1)</script>\n\nTekst",
            "Tekst <img src=x onerror=alert(1)> mere",
            "<div onclick=\"x()\">\n\nTekst\n\n</div>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
        ];
        for md in rows {
            let r = render(md, &|_| true);
            for needle in [
                "<script", "<img", "onerror", "<div", "<svg", "<iframe", "onclick",
            ] {
                assert!(!r.html.contains(needle), "{md:?} -> {}", r.html);
            }
            assert!(
                r.findings
                    .iter()
                    .any(|f| matches!(f, Finding::RawHtml { .. })),
                "{md:?}"
            );
        }
    }

    /// Text that only looks like a tag is not HTML to CommonMark: it stays visible, escaped.
    #[test]
    fn tag_like_text_is_escaped() {
        assert_eq!(
            html("Tekst <svg/onload=alert(1)>"),
            "<p>Tekst &lt;svg/onload=alert(1)&gt;</p>\n"
        );
    }

    #[test]
    fn unsafe_links_become_text() {
        let rows: &[&str] = &[
            "[klik](javascript:alert(1))",
            "[klik](JAVASCRIPT:alert(1))",
            "[klik](<java\tscript:alert(1)>)",
            "[klik](data:text/html;base64,PHNjcmlwdD4=)",
            "[klik][ref]\n\n[ref]: javascript:alert(1)",
            "<javascript:alert(1)>",
        ];
        for md in rows {
            let out = html(md);
            assert!(!out.contains("<a"), "{md:?} -> {out}");
            assert!(!out.contains("href"), "{md:?} -> {out}");
        }
        assert_eq!(html("[klik](javascript:alert(1))"), "<p>klik</p>\n");
    }

    #[test]
    fn external_links_are_escaped() {
        let out = html("[a](https://example.com/?q=\"><script>)");
        assert!(!out.contains("<script"), "{out}");
        assert!(out.contains("<a href=\"https://example.com/"), "{out}");
    }

    #[test]
    fn images_become_alt_text() {
        assert_eq!(
            html("![et billede](https://example.com/x.png)"),
            "<p>et billede</p>\n"
        );
    }

    #[test]
    fn visible_text_is_collected() {
        let r = render(
            "# Titel\n\nEn [aktie](/aktie) er *en* andel.\n\n- punkt",
            &|_| true,
        );
        assert_eq!(r.text, "Titel\nEn aktie er en andel.\npunkt\n");
    }

    /// Whether a dropped HTML block took text with it: tags, comments and scripts are no text.
    #[test]
    fn html_text_is_told_from_tags() {
        let rows: &[(&str, bool)] = &[
            ("<div>Vigtigt</div>\n", true),
            ("<div>\nVigtigt\n</div>\n", true),
            ("Efter <br>", true),
            ("<div onclick=\"x()\">\n", false),
            ("<!-- en note -->\n", false),
            ("<script>alert('Hej')</script>\n", false),
            ("<STYLE>p { color: red }</Style>\n", false),
            ("<p", false),
        ];
        for (html, expected) in rows {
            assert_eq!(has_text(html), *expected, "{html:?}");
        }
    }

    /// An inline `<br>` was dropped as raw HTML, with a warning, and the words on either side ran
    /// together: "Aktieselskab<br>Anpartsselskab" showed and was indexed as
    /// "AktieselskabAnpartsselskab". It is now a hard line break, with no finding; other tags
    /// (a `<br>` with attributes too) are dropped as before.
    #[test]
    fn regression_br_is_a_line_break() {
        for br in ["<br>", "<br/>", "<br />", "<BR>"] {
            let r = render(&format!("Aktieselskab{br}Anpartsselskab"), &|_| true);
            assert_eq!(
                r.html, "<p>Aktieselskab<br />\nAnpartsselskab</p>\n",
                "{br}"
            );
            assert_eq!(r.text, "Aktieselskab Anpartsselskab\n", "{br}");
            assert_eq!(r.findings, [], "{br}");
        }
        for tag in ["<br onclick=\"x()\">", "<bring>", "<b>"] {
            let r = render(&format!("Aktie{tag}selskab"), &|_| true);
            assert_eq!(r.html, "<p>Aktieselskab</p>\n", "{tag}");
            assert_eq!(
                r.findings,
                [Finding::RawHtml {
                    offset: 5,
                    text_lost: false
                }],
                "{tag}"
            );
        }
    }

    /// A reference link whose label has no definition (`[bank][b]`, `[obligation][]`) showed
    /// as written, brackets and all, with no finding. It is now a finding at the link; a lone
    /// `[tekst]` is not one, since brackets are often text.
    #[test]
    fn regression_a_reference_without_definition_is_found() {
        let md = "Se [bank][b] og [obligation][], [sic] og [aktie][a].\n\n[a]: /aktie\n";
        let r = render(md, &|_| true);
        assert_eq!(
            r.html,
            "<p>Se [bank][b] og [obligation][], [sic] og <a href=\"/aktie\" \
             data-forklar-slug=\"aktie\">aktie</a>.</p>\n"
        );
        assert_eq!(
            r.findings,
            [
                Finding::BrokenReference {
                    written: "[bank][b]".into(),
                    label: "b".into(),
                    offset: 3
                },
                Finding::BrokenReference {
                    written: "[obligation][]".into(),
                    label: "obligation".into(),
                    offset: 16
                },
                Finding::Internal {
                    slug: "aktie".into(),
                    offset: 41
                },
            ]
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(html("a < b & c"), "<p>a &lt; b &amp; c</p>\n");
    }
}
