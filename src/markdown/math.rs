//! `$…$` and `$$…$$` as MathML, made at build time: pages need no script, font or CDN, since
//! browsers render MathML Core themselves.
//!
//! pulldown-latex does the LaTeX: a pull parser written for pulldown-cmark's world, pure Rust
//! with one small dependency (bumpalo), actively released, and following MathML Core (what
//! Chromium, Firefox and Safari render). latex2mathml has had no release in years, and KaTeX
//! bindings embed a JavaScript engine.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

use super::highlight::escape_into;

/// The MathML of a formula; when it does not parse, the formula as code and why.
pub fn render(tex: &str, display: bool) -> (String, Option<String>) {
    let storage = Storage::new();
    let events: Result<Vec<_>, _> = Parser::new(tex, &storage).collect();
    let problem = match events {
        Ok(events) => {
            let config = RenderConfig {
                display_mode: if display {
                    DisplayMode::Block
                } else {
                    DisplayMode::Inline
                },
                ..RenderConfig::default()
            };
            let mut html = String::with_capacity(tex.len() * 8);
            match push_mathml(
                &mut html,
                events.into_iter().map(Ok::<_, pulldown_latex::ParserError>),
                config,
            ) {
                Ok(()) => return (html, None),
                Err(e) => e.to_string(),
            }
        }
        Err(e) => e.to_string(),
    };
    let class = if display { "math display" } else { "math" };
    let mut html = format!("<code class=\"{class}\">");
    escape_into(&mut html, tex);
    html.push_str("</code>");
    // The parser's message spans lines (it draws the formula with a caret); the first says what.
    let first = problem.lines().next().unwrap_or("").trim().to_string();
    (html, Some(first))
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
}
