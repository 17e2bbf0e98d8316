//! What search indexes besides a page's prose: the text of its code blocks and the titles
//! drawn as raw HTML (a code block's `title="…"`, callout titles, tab labels), which the text
//! pass never sees. Each piece is kept with the section it stands in, so that a result can link
//! to the heading above the code it matched.

use serde::{Deserialize, Serialize};

/// Enough code for search to find a page by its identifiers, without holding whole listings:
/// beyond it a page's code is not indexed.
pub(crate) const CODE_LIMIT: usize = 16 * 1024;

/// A page's code and raw-HTML titles, by section: a section is numbered by the headings that
/// start before it (0 is the text before the first heading), as `Rendered::headings` are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeText {
    /// By section, ascending, each section at most once: its pieces, one a line.
    sections: Vec<(u32, String)>,
    /// Bytes held, to keep within `CODE_LIMIT`.
    len: usize,
}

/// The raw-HTML wrappers blocks.rs writes around a title, and what ends the title.
const TITLE_MARKUP: &[(&str, &str)] = &[
    ("<p class=\"admonition-title\">", "</p>"),
    ("<summary>", "</summary>"),
    ("<label for=\"__tabbed_", "</label>"),
];

impl CodeText {
    /// Adds a code block's text (and its fence's `title="…"`) to `section`.
    pub(crate) fn push_block(&mut self, section: usize, title: Option<&str>, code: &str) {
        if let Some(title) = title {
            self.push(section, title);
        }
        self.push(section, code);
    }

    /// Adds the callout titles and tab labels of a raw HTML block to `section`.
    pub(crate) fn push_titles(&mut self, section: usize, html: &str) {
        for (open, close) in TITLE_MARKUP {
            for (at, _) in html.match_indices(open) {
                let rest = &html[at + open.len()..];
                // A label's opening tag goes on past its `for="…`.
                let rest = match *open {
                    "<label for=\"__tabbed_" => rest.split_once('>').map_or("", |(_, r)| r),
                    _ => rest,
                };
                let title = rest.split(*close).next().unwrap_or("");
                self.push(section, unescape(&text_of(title)).trim());
            }
        }
    }

    fn push(&mut self, section: usize, text: &str) {
        let room = CODE_LIMIT.saturating_sub(self.len);
        if room == 0 || text.trim().is_empty() {
            return;
        }
        let text = &text[..text.floor_char_boundary(room.min(text.len()))];
        let section = u32::try_from(section).unwrap_or(u32::MAX);
        match self.sections.last_mut() {
            Some((s, held)) if *s == section => {
                held.push('\n');
                held.push_str(text);
            }
            _ => self.sections.push((section, text.to_string())),
        }
        self.len += text.len() + 1;
    }

    /// Every piece, by section: (section number, its text).
    pub fn sections(&self) -> impl Iterator<Item = (usize, &str)> {
        self.sections.iter().map(|(s, t)| (*s as usize, t.as_str()))
    }

    /// The code of one section, if it has any.
    pub fn section(&self, section: usize) -> Option<&str> {
        let at = self
            .sections
            .binary_search_by_key(&section, |(s, _)| *s as usize)
            .ok()?;
        Some(&self.sections[at].1)
    }

    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    pub fn shrink_to_fit(&mut self) {
        self.sections.shrink_to_fit();
        self.sections
            .iter_mut()
            .for_each(|(_, t)| t.shrink_to_fit());
    }
}

/// A title's text without its tags: its emphasis and code as words, an icon's SVG left out.
fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    for (k, part) in html.split('<').enumerate() {
        // Each part after the first starts inside a tag (the title's own `<` are escaped).
        let words = if k == 0 {
            part
        } else {
            part.split_once('>').map_or("", |(_, w)| w)
        };
        text.push_str(words);
    }
    text
}

/// The text of HTML escaped as highlight.rs's `escape_into` does.
fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_and_titles_are_kept_by_section() {
        let mut c = CodeText::default();
        c.push_block(0, Some("app.py"), "make_server()\n");
        c.push_titles(
            2,
            "<div class=\"admonition tip\">\n<p class=\"admonition-title\">Deploy &amp; <em>early</em> <span class=\"twemoji\"><svg viewBox=\"0 0 24 24\"><path d=\"M13\"/></svg></span></p>",
        );
        c.push_titles(
            2,
            "<div class=\"tabbed-labels\"><label for=\"__tabbed_1_1\">pip</label><label for=\"__tabbed_1_2\">uv</label></div>",
        );
        assert_eq!(c.section(0), Some("app.py\nmake_server()\n"));
        assert_eq!(c.section(1), None);
        assert_eq!(c.section(2), Some("Deploy & early\npip\nuv"));
    }

    #[test]
    fn code_beyond_the_limit_is_left_out() {
        let mut c = CodeText::default();
        let line = "é".repeat(1000);
        for s in 0..20 {
            c.push_block(s, None, &line);
        }
        let held: usize = c.sections().map(|(_, t)| t.len()).sum();
        assert!(held <= CODE_LIMIT, "{held}");
        assert!(c.sections().count() < 20);
    }
}
