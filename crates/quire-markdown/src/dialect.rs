//! The events of a page as Material for MkDocs' extensions write them, before the pass
//! (events.rs) sees them: attribute lists (attrs.rs), the inline constructs (inline.rs),
//! inline highlighting, task lists and footnotes with Material's markup.
//!
//! `Source` holds the page's text with its abbreviation definitions blanked out (same length,
//! so offsets hold); `Source::events` parses it and adapts the events, each kept with its range.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::attrs::{self, Attrs};
use super::inline::{Inline, Piece};
use super::intrasite::Skipped;
use super::{parser_options_for, Highlight, MarkdownOptions};

type Spanned<'a> = (Event<'a>, Range<usize>);

/// A page's text as it is parsed, and what was taken out of it first.
pub(super) struct Source<'m> {
    text: Cow<'m, str>,
    /// `*[HTML]: Hyper Text Markup Language`: each word and its title.
    abbrs: Vec<(String, String)>,
}

impl<'m> Source<'m> {
    pub(super) fn new(markdown: &'m str, ext: &crate::Extensions) -> Self {
        if !ext.abbr || !markdown.contains("*[") {
            return Source {
                text: Cow::Borrowed(markdown),
                abbrs: Vec::new(),
            };
        }
        let (text, abbrs) = take_abbreviations(markdown);
        Source { text, abbrs }
    }

    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// The page's events, adapted to the site's extensions; `skipped`, when given, notes where
    /// code and comments are, as parsed.
    pub(super) fn events(
        &self,
        opts: &MarkdownOptions,
        skipped: Option<&mut Skipped>,
    ) -> Vec<Spanned<'_>> {
        let ext = opts.extensions;
        let parsed = Parser::new_ext(&self.text, parser_options_for(ext)).into_offset_iter();
        let mut events = merge_text(parsed);
        if let Some(skipped) = skipped {
            for (event, range) in &events {
                skipped.read(event, range, &self.text);
            }
        }
        let inline = Inline::new(ext, &self.abbrs);
        let mut adapt = Adapt {
            source: &self.text,
            ext,
            inline,
            highlighter: opts.highlighter,
            out: Vec::with_capacity(events.len()),
            code: false,
            links: 0,
            pending: Vec::new(),
        };
        if ext.tasklist {
            task_lists(&mut events);
        }
        if !ext.superfences && self.text.contains(super::plain_fences::MARKER) {
            super::plain_fences::unmark(&mut events);
        }
        if ext.md_in_html && self.text.contains(super::span::MARKER) {
            super::span::unwrap(&mut events);
        }
        let mut events = events.into_iter().peekable();
        while let Some((event, range)) = events.next() {
            adapt.event(event, range, events.peek().map(|(e, _)| e));
        }
        let out = super::across::read(adapt.out, ext);
        if ext.footnotes {
            footnotes(out)
        } else {
            out
        }
    }
}

/// The state of adapting one page's events.
struct Adapt<'s, 'e> {
    source: &'s str,
    ext: &'e crate::Extensions,
    inline: Inline<'e>,
    highlighter: &'e dyn Highlight,
    out: Vec<Spanned<'s>>,
    /// In a code block, whose text is code.
    code: bool,
    /// In a link (or image), whose text holds no links.
    links: usize,
    /// Paragraphs' and list items' attribute lists, each set once its element's end is
    /// written, with the number of elements opened since that end first (a tight item's list
    /// comes before its nested list).
    pending: Vec<(Spanned<'s>, usize)>,
}

impl<'s> Adapt<'s, '_> {
    fn event(&mut self, event: Event<'s>, range: Range<usize>, next: Option<&Event>) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.code = true,
            Event::End(TagEnd::CodeBlock) => self.code = false,
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.links += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => self.links -= 1,
            _ => {}
        }
        if let Event::Start(_) = event {
            for (_, opened) in &mut self.pending {
                *opened += 1;
            }
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                mut id,
                mut classes,
                mut attrs,
            }) if self.ext.attr_list => {
                let line = &self.source[range.clone()];
                attrs::heading_attrs(line, &mut id, &mut classes, &mut attrs);
                let heading = Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                };
                self.out.push((Event::Start(heading), range));
            }
            Event::Text(text) if !self.code => self.text(text, range, next),
            Event::Code(code) if self.ext.inlinehilite => self.code_span(code, range),
            end @ Event::End(_) => {
                self.out.push((end, range));
                if self.pending.last().is_some_and(|(_, opened)| *opened == 0) {
                    self.out
                        .extend(self.pending.pop().map(|(marker, _)| marker));
                }
                for (_, opened) in &mut self.pending {
                    *opened = opened.saturating_sub(1);
                }
            }
            e => self.out.push((e, range)),
        }
    }

    /// A run of text: an attribute list for what it follows or ends, or prose.
    fn text(&mut self, text: CowStr<'s>, range: Range<usize>, next: Option<&Event>) {
        let mut rest: &str = &text;
        let mut start = range.start;
        if self.ext.attr_list {
            let after_inline = matches!(
                self.out.last(),
                Some((Event::End(TagEnd::Link | TagEnd::Image), _))
            );
            if let Some((list, len)) = Attrs::leading(rest).filter(|_| after_inline) {
                self.out.push((list.marker(), start..start + len));
                rest = &rest[len..];
                start += len;
            }
            // A paragraph's or list item's list is its last line, on its own; a tight item's
            // may be followed by the item's own list.
            let block_end = matches!(
                next,
                Some(Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Start(Tag::List(_)))
            );
            let own_line = matches!(self.out.last(), Some((Event::SoftBreak, _)));
            if let Some(list) = (block_end && own_line)
                .then(|| Attrs::parse(rest.trim()))
                .flatten()
            {
                self.pending.push(((list.marker(), start..range.end), 0));
                return;
            }
        }
        if rest.is_empty() {
            return;
        }
        let end = start + rest.len();
        let pieces = if self.inline.any() {
            self.inline.pieces(rest, self.links > 0)
        } else {
            None
        };
        let Some(pieces) = pieces else {
            let text = if rest.len() == text.len() {
                text
            } else {
                CowStr::from(rest.to_string())
            };
            self.out.push((Event::Text(text), start..end));
            return;
        };
        for piece in pieces {
            self.piece(piece, start..end);
        }
    }

    fn piece(&mut self, piece: Piece, range: Range<usize>) {
        match piece {
            Piece::Text(t) => self.out.push((Event::Text(t.into()), range)),
            Piece::Html(h) => self.out.push((Event::InlineHtml(h.into()), range)),
            Piece::Link { dest, text, attrs } => {
                let link = Tag::Link {
                    link_type: LinkType::Autolink,
                    dest_url: dest.into(),
                    title: "".into(),
                    id: "".into(),
                };
                self.out.push((Event::Start(link), range.clone()));
                self.out.push((Event::Text(text.into()), range.clone()));
                self.out.push((Event::End(TagEnd::Link), range.clone()));
                if let Some(attrs) = attrs {
                    self.out.push((attrs.marker(), range));
                }
            }
        }
    }

    /// `` `#!python x = 1` `` (or `` `:::python x = 1` ``): inline code in the language named,
    /// highlighted.
    fn code_span(&mut self, code: CowStr<'s>, range: Range<usize>) {
        let named = (code.strip_prefix("#!").or_else(|| code.strip_prefix(":::")))
            .and_then(|c| c.split_once(' '))
            .filter(|(lang, _)| !lang.is_empty() && !lang.contains(['<', '>', '"', '&']));
        let Some((lang, text)) = named else {
            self.out.push((Event::Code(code), range));
            return;
        };
        let block = (self.highlighter).render_fence(text, &super::fence::Fence::parse(lang));
        let inner = block
            .split_once("<code")
            .and_then(|(_, b)| b.split_once('>'))
            .and_then(|(_, b)| b.rsplit_once("</code>"))
            .map_or("", |(b, _)| b.trim_end_matches('\n'));
        let html = format!("<code class=\"language-{lang} highlight\">{inner}</code>");
        self.out.push((Event::InlineHtml(html.into()), range));
    }
}

/// pulldown-cmark cuts a run of text where a delimiter could have been (`_` in `target=_blank`);
/// the constructs read whole runs, so adjacent texts are joined again.
fn merge_text<'a>(events: impl Iterator<Item = Spanned<'a>>) -> Vec<Spanned<'a>> {
    let mut out: Vec<Spanned<'a>> = Vec::new();
    for (event, range) in events {
        if let (Event::Text(t), Some((Event::Text(prev), prev_range))) = (&event, out.last_mut()) {
            let mut joined = prev.to_string();
            joined.push_str(t);
            *prev = joined.into();
            prev_range.end = range.end;
            continue;
        }
        out.push((event, range));
    }
    out
}

/// The opening tags of task lists and their items with Material's classes, and each task's
/// checkbox as Material draws it, named "Done" for screen readers (Material's label holds no
/// text, so the checkbox would have no name; its checked state says whether it is done).
fn task_lists(events: &mut [Spanned<'_>]) {
    for i in 0..events.len() {
        let Event::TaskListMarker(checked) = events[i].0 else {
            continue;
        };
        let checked = if checked { " checked" } else { "" };
        events[i].0 = Event::InlineHtml(
            format!("<label class=\"task-list-control\"><input type=\"checkbox\" aria-label=\"Done\" disabled{checked}/><span class=\"task-list-indicator\"></span></label> ").into(),
        );
        let Some(item) = (0..i)
            .rev()
            .find(|&j| matches!(events[j].0, Event::Start(Tag::Item)))
        else {
            continue;
        };
        events[item].0 = Event::Html("<li class=\"task-list-item\">".into());
        let mut depth = 0usize;
        for j in (0..item).rev() {
            match &events[j].0 {
                Event::End(_) => depth += 1,
                Event::Start(Tag::List(None)) if depth == 0 => {
                    events[j].0 = Event::Html("<ul class=\"task-list\">\n".into());
                    break;
                }
                Event::Start(_) if depth == 0 => break,
                Event::Start(_) => depth -= 1,
                Event::Html(h) if h.starts_with("<ul class=\"task-list\"") && depth == 0 => break,
                _ => {}
            }
        }
    }
}

/// Footnotes as Material's: references numbered in the order the notes are defined, the notes
/// gathered at the end in a `div.footnote`, each with a link back to every reference.
fn footnotes(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let has_notes = events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::FootnoteDefinition(_))));
    if !has_notes {
        return events;
    }
    let mut body = Vec::with_capacity(events.len());
    let mut notes: Vec<(String, Vec<Spanned>)> = Vec::new();
    let mut open: Option<(String, Vec<Spanned>)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                open = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => notes.extend(open.take()),
            e => match &mut open {
                Some((_, note)) => note.push((e, range)),
                None => body.push((e, range)),
            },
        }
    }
    let number: HashMap<&str, usize> = (notes.iter().enumerate())
        .map(|(i, (label, _))| (label.as_str(), i + 1))
        .collect();
    let mut refs: HashMap<String, usize> = HashMap::new();
    for (event, _) in &mut body {
        let Event::FootnoteReference(label) = event else {
            continue;
        };
        let Some(&n) = number.get(&**label) else {
            continue;
        };
        let count = refs.entry(label.to_string()).or_default();
        *count += 1;
        let id = ref_id(label, *count);
        let label = esc(label);
        *event = Event::InlineHtml(
            format!(
                "<sup id=\"{id}\"><a class=\"footnote-ref\" href=\"#fn:{label}\">{n}</a></sup>"
            )
            .into(),
        );
    }
    let end = body.last().map_or(0, |(_, r)| r.end);
    let html = |h: String| (Event::Html(h.into()), end..end);
    body.push(html("<div class=\"footnote\">\n<hr />\n<ol>\n".into()));
    for (n, (label, mut note)) in notes.into_iter().enumerate() {
        let count = refs.get(&label).copied().unwrap_or(1).max(1);
        let back: String = (1..=count)
            .map(|k| format!("<a class=\"footnote-backref\" href=\"#{}\" title=\"Jump back to footnote {} in the text\">&#8617;</a>", ref_id(&label, k), n + 1))
            .collect();
        body.push(html(format!("<li id=\"fn:{}\">\n", esc(&label))));
        let last_par = matches!(note.last(), Some((Event::End(TagEnd::Paragraph), _)));
        let at = note.len().saturating_sub(usize::from(last_par));
        let back = format!("&#160;{back}");
        if last_par {
            note.insert(at, (Event::InlineHtml(back.into()), end..end));
        } else {
            note.push(html(format!("<p>{back}</p>\n")));
        }
        body.extend(note);
        body.push(html("</li>\n".into()));
    }
    body.push(html("</ol>\n</div>\n".into()));
    body
}

/// A reference's id: `fnref:x`, and for the second and later references `fnref2:x`…
fn ref_id(label: &str, k: usize) -> String {
    let label = esc(label);
    if k == 1 {
        format!("fnref:{label}")
    } else {
        format!("fnref{k}:{label}")
    }
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    super::highlight::escape_into(&mut out, text);
    out
}

/// The abbreviation definitions of a page (`*[HTML]: Hyper Text Markup Language` lines,
/// outside code), and its text with those lines blanked out: spaces, so every offset holds.
fn take_abbreviations(markdown: &str) -> (Cow<'_, str>, Vec<(String, String)>) {
    let mut abbrs = Vec::new();
    let mut blank = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut offset = 0;
    for line in markdown.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(c) = marker {
            let run = trimmed.chars().take_while(|&x| x == c).count();
            if run >= 3 {
                match fence {
                    None => fence = Some((c, run)),
                    Some((f, n)) if f == c && run >= n && trimmed[run..].trim().is_empty() => {
                        fence = None
                    }
                    _ => {}
                }
                continue;
            }
        }
        if fence.is_some() || line.len() - trimmed.len() > 3 {
            continue;
        }
        let Some(def) = trimmed.strip_prefix("*[") else {
            continue;
        };
        let Some((word, title)) = def.split_once("]:") else {
            continue;
        };
        if word.is_empty() || word.contains(']') {
            continue;
        }
        abbrs.push((word.to_string(), title.trim().to_string()));
        blank.push(start..start + line.trim_end_matches(['\n', '\r']).len());
    }
    if blank.is_empty() {
        return (Cow::Borrowed(markdown), abbrs);
    }
    let mut text = markdown.to_string().into_bytes();
    for r in blank {
        text[r].fill(b' ');
    }
    // Whole lines are replaced, so the text is UTF-8 still.
    (
        Cow::Owned(String::from_utf8_lossy(&text).into_owned()),
        abbrs,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviation_definitions_are_blanked_out_in_place() {
        let text = "The HTML spec.\n\n*[HTML]: Hyper Text\n\n```\n*[X]: code\n```\n";
        let (blanked, abbrs) = take_abbreviations(text);
        assert_eq!(abbrs, vec![("HTML".to_string(), "Hyper Text".to_string())]);
        assert_eq!(blanked.len(), text.len());
        assert!(!blanked.contains("Hyper"));
        assert!(blanked.contains("*[X]: code"));
    }
}
