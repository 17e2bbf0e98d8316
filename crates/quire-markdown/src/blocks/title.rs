//! The titles of blocks (a callout's title, a collapsible block's summary, a tab's label), and
//! the content of an element marked `markdown="span"`, as Python-Markdown writes them: inline
//! Markdown, which the blocks stage renders itself because it is part of the raw HTML it writes. So icon and emoji shortcodes
//! (`!!! tip ":material-rocket: Fast"`) are rewritten here too, by the same adaptor as prose
//! (emoji.rs), with the same warnings for unknown icons.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{escape_into, State};
use crate::emoji::Shortcodes;

/// Characters without which a title is plain text (no emphasis, code, link or shortcode).
const MARKUP: &[char] = &['*', '_', '`', '[', '<', '&', '\\', '~', ':'];

impl State {
    /// Writes a title, a label or a span's content into `out`: its inline Markdown (emphasis, code, links, icons)
    /// rendered, anything that would make a block of it (`# x`, `- x`) kept as text. `at` is
    /// where its line is in the text, for a warning about an unknown icon.
    pub(super) fn inline_into(&mut self, out: &mut String, text: &str, at: usize) {
        if !text.contains(MARKUP) {
            escape_into(out, text);
            return;
        }
        let events: Vec<_> = Parser::new(text)
            .into_offset_iter()
            .filter(|(e, _)| {
                !matches!(
                    e,
                    Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
                )
            })
            .collect();
        let block = events.iter().any(|(e, _)| match e {
            Event::Start(tag) => !matches!(
                tag,
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Link { .. }
                    | Tag::Image { .. }
            ),
            _ => false,
        });
        if block {
            escape_into(out, text);
            return;
        }
        let mut icons = Shortcodes::new(events.into_iter(), text, self.kinds.emoji);
        let events: Vec<Event> = icons.by_ref().map(|(e, _)| e).collect();
        for mut w in icons.warnings {
            w.offset += at;
            self.warnings.push(w);
        }
        let start = out.len();
        pulldown_cmark::html::push_html(out, events.into_iter());
        out.truncate(out.trim_end().len().max(start));
    }
}
