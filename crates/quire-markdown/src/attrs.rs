//! Python-Markdown's attribute lists (`attr_list`): `{ #id .class key=value }` right after a
//! link or image, or as the last line of a paragraph or list item, sets that element's
//! attributes; on a heading it may also name its entry in the contents (`data-toc-label`) or
//! keep its section out of search (`data-search-exclude`).
//!
//! The adaptor before the pass (dialect.rs) turns an attribute list into a marker event
//! right after the element's end; `apply`, over the events the pass wrote, moves each marker's
//! attributes into the element's start tag. The pass so still sees the links and paragraphs as
//! pulldown-cmark made them (and records the links).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::highlight::escape_into;
use super::Rendered;

/// What a marker event's HTML starts with: never in HTML a page writes (a control character).
const MARKER: &str = "\u{1}attrs";

/// One attribute list, in the order written: `id` and `class` first when given.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Attrs(pub(super) Vec<(String, String)>);

impl Attrs {
    /// The list `text` is, all of it (`{ … }` or `{: … }`), or `None`.
    pub(super) fn parse(text: &str) -> Option<Attrs> {
        let inner = text.strip_prefix('{')?.strip_suffix('}')?;
        let inner = inner.strip_prefix(':').unwrap_or(inner);
        if inner.trim().is_empty() || inner.contains(['\n', '{', '}']) {
            return None;
        }
        let mut attrs = Attrs::default();
        let mut rest = inner.trim();
        while !rest.is_empty() {
            let (token, after) = next_token(rest);
            attrs.add(token);
            rest = after.trim_start();
        }
        Some(attrs)
    }

    /// An attribute list at the start of `text`: the list and how long it is.
    pub(super) fn leading(text: &str) -> Option<(Attrs, usize)> {
        if !text.starts_with('{') {
            return None;
        }
        let end = text.find('}')? + 1;
        Attrs::parse(&text[..end]).map(|a| (a, end))
    }

    fn add(&mut self, token: &str) {
        let (key, value) = if let Some(id) = token.strip_prefix('#') {
            ("id", id.to_string())
        } else if let Some(class) = token.strip_prefix('.') {
            ("class", class.to_string())
        } else {
            match token.split_once('=') {
                Some((k, v)) => (k, unquote(v).to_string()),
                None => (token, String::new()),
            }
        };
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_alphanumeric() || "-_:".contains(c))
        {
            return;
        }
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) if key == "class" => {
                v.push(' ');
                v.push_str(&value);
            }
            Some((_, v)) => *v = value,
            None => self.0.push((key.to_string(), value)),
        }
    }

    /// The attributes as they go in a start tag: ` id="a" class="b"`.
    pub(super) fn html(&self) -> String {
        let mut out = String::new();
        for (k, v) in &self.0 {
            out.push(' ');
            out.push_str(k);
            // A bare word (`data-search-exclude`) stays bare, as Python-Markdown writes it.
            if !v.is_empty() {
                out.push_str("=\"");
                escape_into(&mut out, v);
                out.push('"');
            }
        }
        out
    }

    /// The marker the pass carries to `apply`, which sets these on the element it follows.
    pub(super) fn marker<'a>(&self) -> Event<'a> {
        Event::InlineHtml(format!("{MARKER}{}", self.html()).into())
    }
}

/// One `#id`, `.class`, `key=value` or `key="a value"` from the front of `text`, and the rest.
fn next_token(text: &str) -> (&str, &str) {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => return (&text[..i], &text[i..]),
            _ => {}
        }
    }
    (text, "")
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

/// A heading's attributes as pulldown-cmark split them, set from its source line instead when
/// that ends with a list (pulldown-cmark splits `data-toc-label="Two words"` at the space).
pub(super) fn heading_attrs<'a>(
    source: &str,
    id: &mut Option<CowStr<'a>>,
    classes: &mut Vec<CowStr<'a>>,
    attrs: &mut Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
) {
    let line = source.lines().next().unwrap_or("").trim_end();
    let line = line.trim_end_matches('#').trim_end();
    let Some(list) = line.rfind('{').and_then(|at| Attrs::parse(&line[at..])) else {
        return;
    };
    *id = None;
    classes.clear();
    attrs.clear();
    for (k, v) in list.0 {
        match k.as_str() {
            "id" => *id = Some(v.into()),
            "class" => classes.extend(v.split_whitespace().map(|c| c.to_string().into())),
            _ => attrs.push((k.into(), (!v.is_empty()).then(|| v.into()))),
        }
    }
}

/// A heading's label in the contents, if it names one (taken off the heading, as
/// Python-Markdown's `toc` does); a heading marked `data-search-exclude` is noted in
/// `out.search_excluded`, by its number among the page's headings.
pub(super) fn heading_facts(
    attrs: &mut Vec<(CowStr<'_>, Option<CowStr<'_>>)>,
    out: &mut Rendered,
) -> Option<String> {
    if attrs.iter().any(|(k, _)| &**k == "data-search-exclude") {
        out.search_excluded.push(out.headings.len());
    }
    let at = attrs.iter().position(|(k, _)| &**k == "data-toc-label")?;
    let (_, label) = attrs.remove(at);
    Some(label.map(|l| l.to_string()).unwrap_or_default())
}

/// Whether `html` is an attribute marker whose classes hold `class`.
pub(super) fn has_class(html: &str, class: &str) -> bool {
    let Some(attrs) = html.strip_prefix(MARKER) else {
        return false;
    };
    let classes = attrs
        .split_once(" class=\"")
        .and_then(|(_, v)| v.split_once('"'));
    classes.is_some_and(|(classes, _)| classes.split_whitespace().any(|c| c == class))
}

/// The events the pass wrote, each attribute marker's attributes set on the element it follows
/// (a link, an image, a paragraph or a list item); a marker that follows none is dropped.
pub(super) fn apply(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let has_marker = |e: &Event| matches!(e, Event::InlineHtml(h) if h.starts_with(MARKER));
    if !events.iter().any(has_marker) {
        return events;
    }
    for i in 0..events.len() {
        let attrs = match &events[i] {
            Event::InlineHtml(h) if h.starts_with(MARKER) => h[MARKER.len()..].to_string(),
            _ => continue,
        };
        events[i] = Event::InlineHtml(CowStr::Borrowed(""));
        if i > 0 {
            set_on_element(&mut events, i - 1, &attrs);
        }
    }
    events.retain(|e| !matches!(e, Event::InlineHtml(h) if h.is_empty()));
    events
}

/// Sets `attrs` on the element whose end is `events[end]`, writing its start tag as HTML (its
/// end tag is the same either way).
fn set_on_element(events: &mut [Event<'_>], end: usize, attrs: &str) {
    let Some(start) = start_of(events, end) else {
        return;
    };
    let open = match &events[start] {
        Event::Start(Tag::Link {
            dest_url, title, ..
        }) => format!(
            "<a href=\"{}\"{}{attrs}>",
            esc(dest_url),
            title_attr(title, attrs)
        ),
        Event::Start(Tag::Image {
            dest_url, title, ..
        }) => {
            let alt = plain_text(&events[start + 1..end]);
            format!(
                "<img src=\"{}\" alt=\"{}\"{}{attrs} />",
                esc(dest_url),
                esc(&alt),
                title_attr(title, attrs)
            )
        }
        Event::Start(Tag::Paragraph) => format!("<p{attrs}>"),
        Event::Start(Tag::Item) => format!("<li{attrs}>"),
        _ => return,
    };
    if matches!(events[start], Event::Start(Tag::Image { .. })) {
        // pulldown-cmark writes an image whole at its start: its alt text goes with it.
        for e in &mut events[start + 1..=end] {
            *e = Event::InlineHtml(CowStr::Borrowed(""));
        }
    }
    let block = matches!(events[start], Event::Start(Tag::Paragraph | Tag::Item));
    if block {
        events[start] = Event::Html(open.into());
        // The line break before the block's list goes with it.
        if matches!(events[end - 1], Event::SoftBreak) {
            events[end - 1] = Event::InlineHtml(CowStr::Borrowed(""));
        }
    } else {
        events[start] = Event::InlineHtml(open.into());
    }
}

/// Where the element that ends at `events[end]` starts.
pub(super) fn start_of(events: &[Event<'_>], end: usize) -> Option<usize> {
    if !matches!(
        events[end],
        Event::End(TagEnd::Link | TagEnd::Image | TagEnd::Paragraph | TagEnd::Item)
    ) {
        return None;
    }
    let mut depth = 0usize;
    for i in (0..=end).rev() {
        match &events[i] {
            Event::End(_) => depth += 1,
            Event::Start(_) if depth == 0 => return None,
            Event::Start(tag) => {
                depth -= 1;
                if depth == 0 {
                    // A start written as HTML already (a task's item) is not counted.
                    let same = matches!(&events[end], Event::End(e) if *e == tag.to_end());
                    return same.then_some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        if let Event::Text(t) | Event::Code(t) = e {
            s.push_str(t);
        }
    }
    s
}

fn title_attr(title: &str, attrs: &str) -> String {
    // A title in the list wins over the link's own.
    if title.is_empty() || attrs.contains(" title=\"") {
        String::new()
    } else {
        format!(" title=\"{}\"", esc(title))
    }
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse_as_python_markdown_reads_them() {
        let a = Attrs::parse("{ #id .a .b key=value title=\"Two words\" flag }").unwrap();
        assert_eq!(
            a.html(),
            " id=\"id\" class=\"a b\" key=\"value\" title=\"Two words\" flag"
        );
        assert_eq!(
            Attrs::parse("{: target=_blank}").unwrap().html(),
            " target=\"_blank\""
        );
        assert!(Attrs::parse("{ }").is_none());
        assert!(Attrs::parse("{not closed").is_none());
        assert_eq!(Attrs::leading("{ .x } rest").map(|(_, n)| n), Some(6));
    }

    #[test]
    fn an_unsafe_key_is_left_out() {
        let a = Attrs::parse("{ a<b=x .ok }").unwrap();
        assert_eq!(a.html(), " class=\"ok\"");
    }
}
