//! The links and images a page makes, as written (for the checks), and the ids set in its raw
//! HTML. Site links stay site-relative: the base path or `../` is placed by the last pass over
//! the page (links.rs at the top of the crate).

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use super::adaptor::{Adaptor, Page};
use super::{html_attrs, Rendered};

#[derive(Default)]
pub(super) struct PageLinks;

impl<'m> Adaptor<'m> for PageLinks {
    #[inline]
    fn event(
        &mut self,
        event: Event<'m>,
        range: &Range<usize>,
        page: &mut Page<'m>,
    ) -> Option<Event<'m>> {
        let out = &mut page.out;
        match &event {
            // An HTML block's start covers the whole block, so a tag split over lines is
            // scanned whole.
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => {
                collect_html(&page.markdown[range.clone()], range.start, out)
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                out.links.push(dest_url, range.start, false)
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                out.links.push(dest_url, range.start, true)
            }
            _ => {}
        }
        Some(event)
    }
}

/// Links and ids from raw HTML; `offset` is where `html` starts in the Markdown.
fn collect_html(html: &str, offset: usize, out: &mut Rendered) {
    for attr in html_attrs::scan(html) {
        match attr.name.as_str() {
            "href" | "src" => out
                .links
                .push(attr.value, offset + attr.offset, attr.name == "src"),
            "id" => {
                out.html_ids.push(attr.value);
            }
            "name" if attr.tag == "a" => {
                out.html_ids.push(attr.value);
            }
            _ => {}
        }
    }
}
