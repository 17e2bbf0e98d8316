//! `$…$` and `$$…$$` as MathML, made at build time: pages need no script, font or CDN, since
//! browsers render MathML Core themselves.
//!
//! pulldown-latex does the LaTeX: a pull parser written for pulldown-cmark's world, pure Rust
//! with one small dependency (bumpalo), actively released, and following MathML Core (what
//! Chromium, Firefox and Safari render). latex2mathml has had no release in years, and KaTeX
//! bindings embed a JavaScript engine.
//!
//! pulldown-latex escapes the text of `\text{…}` but writes every other piece of the formula
//! as it is (`\operatorname{<img …>}`, the relation `<`), so the pieces reach it masked: each
//! `<`, `>` and `&` of the source becomes a private-use character that the library writes
//! unchanged, and the finished MathML turns those into entities. Every `<`, `>` and `&` left
//! in the output is then the library's own markup.

use std::sync::OnceLock;

use pulldown_latex::config::DisplayMode;
use pulldown_latex::event::{Content, Event, Grouping, RelationContent};
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

use super::highlight::escape_into;

/// Beyond this many groups inside each other (`{`, `\left`, `\begin`), a formula is not
/// parsed: pulldown-latex's time grows with the square of the nesting, and no formula a
/// reader can follow nests this deep.
pub(super) const MAX_NESTING: usize = 100;
/// Beyond this size a formula is not parsed either: it bounds the time at the nesting limit.
pub(super) const MAX_BYTES: usize = 64 * 1024;

/// Why a formula is shown as code instead.
pub(super) struct Problem {
    pub message: String,
    pub hint: &'static str,
}

/// The private-use stand-ins of the three characters markup is made of, and their entities.
const MASKS: [(char, char, &str); 3] = [
    ('<', '\u{E000}', "&lt;"),
    ('>', '\u{E001}', "&gt;"),
    ('&', '\u{E002}', "&amp;"),
];

fn mask_char(c: char) -> char {
    MASKS.iter().find(|m| m.0 == c).map_or(c, |m| m.1)
}

/// pulldown-latex writes `\mu` as the micro sign (U+00B5), which browsers draw upright and
/// screen readers call "micro"; the formula means the Greek letter (U+03BC), which MathML
/// draws italic like every other variable.
fn greek(c: char) -> char {
    if c == '\u{B5}' {
        '\u{3BC}'
    } else {
        c
    }
}

fn needs_mask(s: &str) -> bool {
    s.contains(|c| MASKS.iter().any(|m| m.0 == c))
}

/// The relations `<`, `>` and `&` with their stand-ins: pulldown-latex makes a relation only
/// itself, so the parser is asked for `\mathrel{stand-in}`.
fn masked_relations() -> &'static [(char, Option<RelationContent>); 3] {
    static RELATIONS: OnceLock<[(char, Option<RelationContent>); 3]> = OnceLock::new();
    RELATIONS.get_or_init(|| {
        MASKS.map(|(c, stand_in, _)| {
            let storage = Storage::new();
            let tex = format!("\\mathrel{{{stand_in}}}");
            let relation = Parser::new(&tex, &storage).find_map(|e| match e {
                Ok(Event::Content(Content::Relation { content, .. })) => Some(content),
                _ => None,
            });
            (c, relation)
        })
    })
}

fn relation_text(r: &RelationContent) -> String {
    let mut buf = [0u8; 8];
    String::from_utf8_lossy(r.encode_utf8_to_buf(&mut buf)).into_owned()
}

/// A formula's events with every `<`, `>` and `&` masked; `None` if one cannot be.
fn masked<'a>(events: Vec<Event<'a>>, texts: &'a [String]) -> Option<Vec<Event<'a>>> {
    let mut texts = texts.iter();
    let mut take = |s: &'a str| -> &'a str {
        if needs_mask(s) {
            texts.next().map_or(s, String::as_str)
        } else {
            s
        }
    };
    events
        .into_iter()
        .map(|e| {
            Some(match e {
                Event::Content(c) => Event::Content(match c {
                    Content::Text(s) => Content::Text(take(s)),
                    Content::Number(s) => Content::Number(take(s)),
                    Content::Function(s) => Content::Function(take(s)),
                    Content::Ordinary { content, stretchy } => Content::Ordinary {
                        content: mask_char(greek(content)),
                        stretchy,
                    },
                    Content::LargeOp { content, small } => Content::LargeOp {
                        content: mask_char(content),
                        small,
                    },
                    Content::BinaryOp { content, small } => Content::BinaryOp {
                        content: mask_char(content),
                        small,
                    },
                    Content::Delimiter { content, size, ty } => Content::Delimiter {
                        content: mask_char(content),
                        size,
                        ty,
                    },
                    Content::Punctuation(c) => Content::Punctuation(mask_char(c)),
                    Content::Relation { content, small } => {
                        let text = relation_text(&content);
                        let content = if needs_mask(&text) {
                            let mut chars = text.chars();
                            let (c, rest) = (chars.next()?, chars.next());
                            if rest.is_some() {
                                return None;
                            }
                            masked_relations().iter().find(|r| r.0 == c)?.1?
                        } else {
                            content
                        };
                        Content::Relation { content, small }
                    }
                }),
                Event::Begin(Grouping::LeftRight(open, close)) => Event::Begin(
                    Grouping::LeftRight(open.map(mask_char), close.map(mask_char)),
                ),
                other => other,
            })
        })
        .collect()
}

/// The texts of a formula's events that need masking, masked, in order.
fn masked_texts(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Content(Content::Text(s) | Content::Number(s) | Content::Function(s))
                if needs_mask(s) =>
            {
                Some(s.chars().map(mask_char).collect())
            }
            _ => None,
        })
        .collect()
}

/// The deepest nesting of groups in a formula, counted on its source: `{…}`, `\left…\right`
/// and `\begin…\end` (a brace after a backslash is a character, not a group).
fn nesting(tex: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let bytes = tex.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b'\\' => {
                let word: String = tex[i + 1..]
                    .chars()
                    .take_while(char::is_ascii_alphabetic)
                    .collect();
                match word.as_str() {
                    "left" | "begin" => depth += 1,
                    "right" | "end" => depth = depth.saturating_sub(1),
                    _ => {}
                }
                // A control word, or the one character a backslash escapes.
                i += 1 + word.len().max(1);
                deepest = deepest.max(depth);
                continue;
            }
            _ => {}
        }
        deepest = deepest.max(depth);
        i += 1;
    }
    deepest
}

/// The MathML of a formula; when it does not parse, or is past the limits, the formula as
/// code and why.
pub(super) fn render(tex: &str, display: bool) -> (String, Option<Problem>) {
    let problem = if tex.len() > MAX_BYTES {
        Problem {
            message: format!(
                "the formula is {} KB, more than the {} KB a formula may be",
                tex.len() / 1024,
                MAX_BYTES / 1024
            ),
            hint: "it is shown as code; split it into smaller formulas",
        }
    } else if nesting(tex) > MAX_NESTING {
        Problem {
            message: format!(
                "the formula nests {} groups deep, more than the {MAX_NESTING} a formula may",
                nesting(tex)
            ),
            hint: "it is shown as code; split it into smaller formulas",
        }
    } else if tex.contains(|c| MASKS.iter().any(|m| m.1 == c)) {
        // The stand-ins are private-use characters; one in the source would come out as markup.
        Problem {
            message: "the formula holds a private-use character (U+E000 to U+E002)".into(),
            hint: "it is shown as code; remove the character",
        }
    } else {
        match mathml(tex, display) {
            // A box that scrolls sideways: a <math> element itself cannot on every browser.
            Ok(html) if display => {
                return (format!("<span class=\"math-display\">{html}</span>"), None)
            }
            Ok(html) => return (html, None),
            Err(message) => Problem {
                message: format!("cannot read the formula: {message}"),
                hint: "it is shown as code; check the LaTeX",
            },
        }
    };
    let class = if display { "math display" } else { "math" };
    let mut html = format!("<code class=\"{class}\">");
    escape_into(&mut html, tex);
    html.push_str("</code>");
    (html, Some(problem))
}

fn mathml(tex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    // The parser's message spans lines (it draws the formula with a caret); the first says what.
    let first = |e: &dyn std::fmt::Display| {
        e.to_string()
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let events = Parser::new(tex, &storage)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| first(&e))?;
    let texts = masked_texts(&events);
    let events = masked(events, &texts)
        .ok_or_else(|| "a relation pulldown-latex cannot write safely".to_string())?;
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..RenderConfig::default()
    };
    let mut html = String::with_capacity(tex.len() * 8);
    push_mathml(
        &mut html,
        events.into_iter().map(Ok::<_, pulldown_latex::ParserError>),
        config,
    )
    .map_err(|e| first(&e))?;
    if !html.contains(|c| MASKS.iter().any(|m| m.1 == c)) {
        return Ok(html);
    }
    let mut out = String::with_capacity(html.len() + 16);
    for c in html.chars() {
        match MASKS.iter().find(|m| m.1 == c) {
            Some(m) => out.push_str(m.2),
            None => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_mathml_and_bad_ones_code() {
        let (html, problem) = render("x^2", false);
        assert!(html.starts_with("<math"), "{html}");
        assert!(problem.is_none());
        let (html, _) = render("\\sum_i x_i", true);
        assert!(html.contains("display=\"block\""), "{html}");
        let (html, problem) = render("\\frac{1}{", false);
        assert!(html.starts_with("<code class=\"math\">"), "{html}");
        assert!(problem.is_some());
    }

    #[test]
    fn markup_in_a_formula_stays_text() {
        for (tex, text) in [
            ("\\operatorname{<img src=x>}", "&lt;img src=x&gt;"),
            ("a < b", "<mo>&lt;</mo>"),
            ("a > b", "<mo>&gt;</mo>"),
            ("\\mathrel{&}", "<mo>&amp;</mo>"),
            ("\\operatorname{a<b}", "a&lt;b"),
            ("\\mathbin{<}", "&lt;"),
            ("\\text{<b>}", "&lt;b&gt;"),
        ] {
            let (html, problem) = render(tex, false);
            assert!(problem.is_none(), "{tex}");
            assert!(html.contains(text), "{tex}: {html}");
            let inner = html.trim_start_matches("<math display=\"inline\">");
            assert!(
                !inner.contains("<img") && !inner.contains("<b>"),
                "{tex}: {html}"
            );
        }
    }

    #[test]
    fn mu_is_the_greek_letter_not_the_micro_sign() {
        let (html, problem) = render("\\mu + \\mathbf{\\mu}", false);
        assert!(problem.is_none());
        assert!(html.contains("<mi>\u{3BC}</mi>"), "{html}");
        assert!(!html.contains('\u{B5}'), "{html}");
    }

    #[test]
    fn display_maths_scrolls_in_a_box_of_its_own() {
        let (html, _) = render("x = 1", true);
        assert!(
            html.starts_with("<span class=\"math-display\"><math"),
            "{html}"
        );
        assert!(html.ends_with("</math></span>"), "{html}");
    }

    #[test]
    fn nesting_is_counted_on_groups() {
        assert_eq!(nesting("x"), 0);
        assert_eq!(nesting("{{x}}"), 2);
        assert_eq!(nesting("\\{ \\} {x}"), 1);
        assert_eq!(nesting("\\left( \\left( x \\right) \\right)"), 2);
        assert_eq!(nesting("\\begin{matrix} x \\end{matrix}"), 2);
    }
}
