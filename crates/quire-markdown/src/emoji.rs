//! Icon and emoji shortcodes (`:material-account:`, `:smile:`) as Material for MkDocs writes
//! them with `material.extensions.emoji.to_svg`: an icon is its SVG in
//! `<span class="twemoji">`, an emoji Twemoji's image with its text as `alt` and its shortcode
//! as `title`. Material points the image at a CDN; quire puts the SVG in the page itself
//! (a `data:` address), so that a site works offline and asks no third party.
//!
//! An adaptor over pulldown-cmark's events: it joins the text events a paragraph is split
//! into, and rewrites the shortcodes in them. Code never reaches it as text, so shortcodes in
//! code stay as written.
//!
//! Which `:name:` is a shortcode, so that prose (`10:30:00`, `a:b:c`, `std::io`) is left
//! alone: a name of ASCII letters, digits, `_`, `+` and `-` between two colons, the first
//! colon not right after a letter, a digit or a colon (but right after another shortcode), the
//! last not right before a letter or digit; and the name is a
//! known icon or emoji. A name that starts like an icon set's (`material-`, `octicons-`,
//! `fontawesome-`, `simple-`) and is not one of its icons gets a warning with the nearest
//! name, and stays as written; any other unknown name is prose.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Warning;
use crate::icons::{self, Icon};

/// The events of a page with its shortcodes rewritten; `warnings` has the unknown icons.
pub(super) struct Shortcodes<'m, I> {
    events: I,
    markdown: &'m str,
    on: bool,
    /// Text events not yet passed on: the next one may continue them.
    text: Option<(CowStr<'m>, Range<usize>)>,
    ready: VecDeque<(Event<'m>, Range<usize>)>,
    /// In a code block, whose text is code.
    in_code: bool,
    pub warnings: Vec<Warning>,
}

impl<'m, I> Shortcodes<'m, I> {
    /// `on` is the site's `markdown: { emoji: … }`: off, the events pass as they are.
    pub(super) fn new(events: I, markdown: &'m str, on: bool) -> Self {
        Shortcodes {
            events,
            markdown,
            on,
            text: None,
            ready: VecDeque::new(),
            in_code: false,
            warnings: Vec::new(),
        }
    }

    /// Passes the held text on, its shortcodes rewritten.
    fn flush(&mut self) {
        let Some((text, range)) = self.text.take() else {
            return;
        };
        let source = self.markdown.get(range.clone()).unwrap_or_default();
        let mut written = 0;
        let mut from = 0;
        while let Some(code) = next_shortcode(&text, from) {
            let name = &text[code.start + 1..code.end - 1];
            // Where the shortcode is in the file, for a warning: the text is the source unless
            // an escape or entity made it differ.
            let at = range.start + source.find(&text[code.clone()]).unwrap_or(0);
            let Some(html) = self.rewrite(name, at) else {
                from = code.end - 1;
                continue;
            };
            if written < code.start {
                let before = text[written..code.start].to_string();
                self.ready
                    .push_back((Event::Text(before.into()), range.clone()));
            }
            (html.into_iter()).for_each(|h| self.ready.push_back((Event::Html(h), range.clone())));
            written = code.end;
            from = code.end;
        }
        if written == 0 {
            self.ready.push_back((Event::Text(text), range));
        } else if written < text.len() {
            let after = text[written..].to_string();
            self.ready.push_back((Event::Text(after.into()), range));
        }
    }

    /// The HTML for a known name; a warning for an unknown icon; none for prose.
    fn rewrite(&mut self, name: &str, at: usize) -> Option<Vec<CowStr<'m>>> {
        match icons::find(name) {
            Some(Icon::Svg(svg)) => Some(vec![
                "<span class=\"twemoji\">".into(),
                svg.into(),
                "</span>".into(),
            ]),
            Some(Icon::Emoji { text, svg }) => Some(vec![emoji_html(name, &text, svg).into()]),
            None if icons::has_set_prefix(name) => {
                let hint = match icons::nearest(name) {
                    Some(near) => format!("did you mean `:{near}:`? (kept as text)"),
                    None => "no icon set has it: it is kept as text".to_string(),
                };
                self.warnings.push(Warning {
                    offset: at,
                    message: format!("unknown icon `:{name}:`"),
                    hint,
                });
                None
            }
            None => None,
        }
    }
}

impl<'m, I: Iterator<Item = (Event<'m>, Range<usize>)>> Iterator for Shortcodes<'m, I> {
    type Item = (Event<'m>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if !self.on {
            return self.events.next();
        }
        while self.ready.is_empty() {
            match self.events.next() {
                Some((Event::Text(t), range)) if !self.in_code => match self.text.take() {
                    None => self.text = Some((t, range)),
                    Some((held, start)) => {
                        let joined = format!("{held}{t}");
                        self.text = Some((joined.into(), start.start..range.end));
                    }
                },
                Some(other) => {
                    match other.0 {
                        Event::Start(Tag::CodeBlock(_)) => self.in_code = true,
                        Event::End(TagEnd::CodeBlock) => self.in_code = false,
                        _ => {}
                    }
                    self.flush();
                    self.ready.push_back(other);
                }
                None => {
                    self.flush();
                    break;
                }
            }
        }
        self.ready.pop_front()
    }
}

/// Where the next shortcode-shaped `:name:` is in `text`, looking from `from` on.
fn next_shortcode(text: &str, from: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let name_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-');
    let mut at = from;
    while let Some(found) = text.get(at..)?.find(':') {
        let start = at + found;
        at = start + 1;
        // Right after a word, or after a colon that does not end a shortcode (`std::ok::Err`).
        let after_word = (text[..start].chars().next_back())
            .is_some_and(|c| c.is_alphanumeric() || (c == ':' && start != from));
        if after_word {
            continue;
        }
        let len = bytes[start + 1..]
            .iter()
            .take_while(|&&b| name_byte(b))
            .count();
        let end = start + 1 + len;
        if len == 0 || bytes.get(end) != Some(&b':') {
            continue;
        }
        let before_word = text[end + 1..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if !before_word {
            return Some(start..end + 1);
        }
    }
    None
}

/// Twemoji's image of an emoji, as `pymdownx.emoji.to_svg` writes it, the SVG in the page.
fn emoji_html(name: &str, text: &str, svg: Option<&str>) -> String {
    let Some(svg) = svg else {
        // Newer than the packed Twemoji: the reader's own emoji font shows it.
        return text.to_string();
    };
    let mut src = String::with_capacity(svg.len() + 32);
    src.push_str("data:image/svg+xml,");
    for c in svg.chars() {
        match c {
            '%' | '#' | '"' | '<' | '>' | '&' | '\n' => {
                src.push_str(&format!("%{:02X}", c as u32));
            }
            c => src.push(c),
        }
    }
    format!("<img alt=\"{text}\" class=\"twemoji\" src=\"{src}\" title=\":{name}:\" />")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shortcodes(text: &str) -> Vec<&str> {
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(r) = next_shortcode(text, from) {
            found.push(&text[r.clone()]);
            from = r.end;
        }
        found
    }

    #[test]
    fn shortcodes_are_colon_names_apart_from_words() {
        assert_eq!(shortcodes("Hi :smile: and :+1:!"), [":smile:", ":+1:"]);
        assert_eq!(shortcodes("(:material-account:)"), [":material-account:"]);
        assert_eq!(shortcodes(":smile::smile:"), [":smile:", ":smile:"]);
        assert_eq!(shortcodes(":a: :b:"), [":a:", ":b:"]);
    }

    #[test]
    fn times_ratios_and_paths_are_not_shortcodes() {
        assert!(shortcodes("at 10:30:00, a:b:c, std::io::Read, C:\\x").is_empty());
        assert!(shortcodes("ratio 1:2: done; :a b: and :: too").is_empty());
    }

    #[test]
    fn an_emoji_image_carries_its_svg_escaped() {
        let html = emoji_html("smile", "😄", Some("<svg a=\"#1\">%</svg>"));
        assert_eq!(
            html,
            "<img alt=\"😄\" class=\"twemoji\" src=\"data:image/svg+xml,%3Csvg a=%221%22%3E%25%3C/svg%3E\" title=\":smile:\" />"
                .replace("%221%22", "%22%231%22")
        );
        assert_eq!(emoji_html("new", "x", None), "x");
    }
}
