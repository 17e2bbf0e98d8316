//! The palette's colours as custom properties of quire's theme, set once in the page's head:
//! Material's primary colour for the header (its text white, or dark on the light colours, as
//! Material has it) and for links, the accent for links under the pointer and the focus ring,
//! in quire's light and dark theme. Every text stays at least 4.5:1 on each ground it is read
//! on (WCAG AA): a colour that is not is moved toward black (on light grounds) or white (on
//! dark ones) by the least step that makes it so, which keeps its hue.

use crate::config::Scheme;

/// A colour as sRGB bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rgb([u8; 3]);

impl Rgb {
    /// `#rgb` or `#rrggbb` (an alpha digit or two after them is read past).
    pub(super) fn parse(hex: &str) -> Option<Rgb> {
        let h = hex.strip_prefix('#')?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |s: &str| u8::from_str_radix(s, 16).ok();
        match h.len() {
            3 | 4 => Some(Rgb([0, 1, 2].map(|i| byte(&h[i..=i]).unwrap_or(0) * 17))),
            6 | 8 => Some(Rgb([0, 2, 4].map(|i| byte(&h[i..i + 2]).unwrap_or(0)))),
            _ => None,
        }
    }

    fn hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// WCAG's relative luminance.
    fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.0.map(lin);
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// This colour moved `t` (0 to 1) of the way to `other`.
    fn mix(self, other: Rgb, t: f64) -> Rgb {
        let mut out = [0; 3];
        for (o, (a, b)) in out.iter_mut().zip(self.0.into_iter().zip(other.0)) {
            *o = (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        }
        Rgb(out)
    }
}

const WHITE: Rgb = Rgb([255, 255, 255]);
const BLACK: Rgb = Rgb([0, 0, 0]);
/// Text must read at this contrast on its ground.
const MIN: f64 = 4.5;
/// Material's indigo: its default primary, and the links of the grey, white and black ones.
const INDIGO: Rgb = Rgb([0x40, 0x51, 0xb5]);
/// Material's default accent (indigo's).
const INDIGO_ACCENT: Rgb = Rgb([0x52, 0x6c, 0xfe]);

/// One of quire's themes: the grounds text is read on (quire.css's `--bg` and `--side`).
struct Theme {
    bg: Rgb,
    side: Rgb,
    dark: bool,
}

const LIGHT: Theme = Theme {
    bg: WHITE,
    side: Rgb([0xf6, 0xf8, 0xfa]),
    dark: false,
};
const DARK: Theme = Theme {
    bg: Rgb([0x0d, 0x11, 0x17]),
    side: Rgb([0x15, 0x1b, 0x23]),
    dark: true,
};

/// `c` moved toward `to` by the least step (of a hundred) after which `reads` holds.
fn until(c: Rgb, to: Rgb, reads: impl Fn(Rgb) -> bool) -> Rgb {
    (0..=100)
        .map(|step| c.mix(to, f64::from(step) / 100.0))
        .find(|&c| reads(c))
        .unwrap_or(to)
}

/// `c` as text that reads on every one of `grounds` in `theme`.
fn legible(c: Rgb, grounds: &[Rgb], theme: &Theme) -> Rgb {
    let to = if theme.dark { WHITE } else { BLACK };
    until(c, to, |c| grounds.iter().all(|g| c.contrast(*g) >= MIN))
}

/// A primary colour's Material name, when it is one of the named ones.
fn name_of(primary: Rgb) -> Option<&'static str> {
    (super::PRIMARY.iter())
        .find(|(_, hex)| Rgb::parse(hex) == Some(primary))
        .map(|(name, _)| *name)
}

/// The custom properties for one theme, as CSS values.
#[derive(Debug, PartialEq)]
struct Vars {
    bar_bg: String,
    bar_fg: String,
    bar_hover: &'static str,
    link: String,
    hover: String,
    mark: String,
}

/// The header: Material's primary as its ground, its text white or (on lime, yellow, amber,
/// orange and white, or a colour of the site's own that is light) Material's 87% black; the
/// ground darkened or lightened until the text reads on it. Returns (ground, text as CSS,
/// whether the text is dark).
fn bar(primary: Rgb) -> (Rgb, &'static str, bool) {
    let dark_text = match name_of(primary) {
        Some(name) => ["lime", "yellow", "amber", "orange", "white"].contains(&name),
        None => BLACK.contrast(primary) > WHITE.contrast(primary),
    };
    if dark_text {
        let ground = until(primary, WHITE, |g| g.mix(BLACK, 0.87).contrast(g) >= MIN);
        (ground, "#000000de", true)
    } else {
        let ground = until(primary, BLACK, |g| WHITE.contrast(g) >= MIN);
        (ground, "#ffffff", false)
    }
}

/// The links' colour before it is made legible: the primary, as Material's stylesheet has it
/// (indigo for grey, white and black; darker shades of the light colours on light grounds).
fn link_base(primary: Rgb, theme: &Theme) -> Rgb {
    let special = match name_of(primary) {
        Some("grey" | "blue-grey" | "white" | "black") => Some("#4051b5"),
        Some("light-green") if !theme.dark => Some("#72ad2e"),
        Some("lime") if !theme.dark => Some("#8b990a"),
        Some("yellow") if !theme.dark => Some("#b8a500"),
        Some("amber") if !theme.dark => Some("#d19d00"),
        Some("orange") if !theme.dark => Some("#e68a00"),
        _ => None,
    };
    special.and_then(Rgb::parse).unwrap_or(primary)
}

/// The custom properties of `scheme` in `theme`. `custom` colours are Material's variables,
/// which the site's own stylesheet sets, with Material's defaults where it does not.
fn vars(scheme: &Scheme, theme: &Theme) -> Vars {
    let named = |c: &Option<String>| c.as_deref().and_then(Rgb::parse);
    let primary = named(&scheme.primary).unwrap_or(INDIGO);
    let (ground, text, dark_text) = bar(primary);
    let base = link_base(primary, theme);
    // The current page's ground in the sidebar: a tint of the links' colour.
    let mark = match theme.dark {
        true => theme.bg.mix(base, 0.2),
        false => WHITE.mix(base, 0.1),
    };
    let grounds = [theme.bg, theme.side, mark];
    let accent = named(&scheme.accent).unwrap_or(INDIGO_ACCENT);
    let mut v = Vars {
        bar_bg: ground.hex(),
        bar_fg: text.to_string(),
        bar_hover: if dark_text {
            "rgba(0,0,0,.08)"
        } else {
            "rgba(255,255,255,.16)"
        },
        link: legible(base, &grounds, theme).hex(),
        hover: legible(accent, &grounds, theme).hex(),
        mark: mark.hex(),
    };
    if scheme.primary.as_deref() == Some("custom") {
        v.bar_bg = format!("var(--md-primary-fg-color,{})", v.bar_bg);
        v.bar_fg = format!("var(--md-primary-bg-color,{})", v.bar_fg);
        v.link = format!("var(--md-typeset-a-color,{})", v.link);
    }
    if scheme.accent.as_deref() == Some("custom") {
        v.hover = format!("var(--md-accent-fg-color,{})", v.hover);
    }
    v
}

fn declarations(v: &Vars) -> String {
    format!(
        "--bar-bg:{bg};--bar-fg:{fg};--bar-muted:{fg};--bar-hover:{hover_bg};--accent:{link};--hover:{hover};--focus:{hover};--mark:{mark}",
        bg = v.bar_bg,
        fg = v.bar_fg,
        hover_bg = v.bar_hover,
        link = v.link,
        hover = v.hover,
        mark = v.mark,
    )
}

/// The scheme quire's light or dark theme takes its colours from: the one Material shows for
/// that `media`, else by its `scheme` (`slate` is dark); an entry for "the system's choice"
/// (a `media` naming neither) only when there is no other. One scheme colours both themes.
fn pick(schemes: &[Scheme], dark: bool) -> Option<&Scheme> {
    let shown_dark = |s: &Scheme| match s.media.as_deref() {
        Some(m) if m.contains("dark") => Some(true),
        Some(m) if m.contains("light") => Some(false),
        Some(_) => None,
        None => Some(s.scheme == "slate"),
    };
    (schemes.iter().find(|s| shown_dark(s) == Some(dark)))
        .or_else(|| schemes.iter().find(|s| shown_dark(s).is_some()))
        .or(schemes.first())
}

/// The `<style>` text that gives the page its palette's colours; empty without a palette.
pub(super) fn css(schemes: &[Scheme]) -> String {
    let (Some(light), Some(dark)) = (pick(schemes, false), pick(schemes, true)) else {
        return String::new();
    };
    let light = declarations(&vars(light, &LIGHT));
    let dark = declarations(&vars(dark, &DARK));
    format!(
        ":root{{{light}}}\n:root[data-theme=dark]{{{dark}}}\n@media (prefers-color-scheme: dark){{:root:not([data-theme=light]){{{dark}}}}}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme(primary: &str, accent: &str) -> Scheme {
        let c = |n: &str| super::super::colour(n, super::super::PRIMARY);
        Scheme {
            scheme: "default".into(),
            media: None,
            primary: c(primary),
            accent: super::super::colour(accent, super::super::ACCENT),
        }
    }

    fn rgb(css: &str) -> Rgb {
        Rgb::parse(css).unwrap_or_else(|| panic!("{css} is a colour"))
    }

    #[test]
    fn every_named_colour_reads_at_4_5_to_1_in_both_themes() {
        for (primary, _) in super::super::PRIMARY {
            for (accent, _) in super::super::ACCENT {
                for theme in [&LIGHT, &DARK] {
                    let v = vars(&scheme(primary, accent), theme);
                    let bar = rgb(&v.bar_bg);
                    let text = rgb(&v.bar_fg);
                    // The dark text is 87% black over the ground.
                    let text = if v.bar_fg == "#000000de" {
                        bar.mix(BLACK, 0.87)
                    } else {
                        text
                    };
                    assert!(text.contrast(bar) >= MIN, "{primary}: header {v:?}");
                    for ground in [theme.bg, theme.side, rgb(&v.mark)] {
                        for (what, c) in [("link", &v.link), ("hover", &v.hover)] {
                            let ratio = rgb(c).contrast(ground);
                            assert!(ratio >= MIN, "{primary}/{accent}: {what} {ratio} {v:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_colour_that_reads_already_is_kept_and_others_keep_their_hue() {
        // Indigo with white text reads (6.9:1): Material's header as it is.
        assert_eq!(vars(&scheme("indigo", "indigo"), &LIGHT).bar_bg, "#4051b5");
        // Deep orange with white text does not (3.0:1): darker, still orange.
        let [r, g, b] = rgb(&vars(&scheme("deep orange", "indigo"), &LIGHT).bar_bg).0;
        assert!(r > g && g > b && r < 0xff, "{r} {g} {b}");
        // White: Material's dark text, links in indigo.
        let white = vars(&scheme("white", "indigo"), &LIGHT);
        assert_eq!(
            (white.bar_bg.as_str(), white.bar_fg.as_str()),
            ("#ffffff", "#000000de")
        );
        assert_eq!(white.link, "#4051b5");
    }

    #[test]
    fn the_dark_theme_takes_the_scheme_material_shows_in_the_dark() {
        let mut light = scheme("indigo", "indigo");
        light.media = Some("(prefers-color-scheme: light)".into());
        let mut dark = scheme("blue", "indigo");
        dark.scheme = "slate".into();
        dark.media = Some("(prefers-color-scheme: dark)".into());
        let mut system = scheme("red", "red");
        system.media = Some("(prefers-color-scheme)".into());
        let all = [system, light, dark];
        assert_eq!(
            pick(&all, false).unwrap().primary.as_deref(),
            Some("#4051b5")
        );
        assert_eq!(
            pick(&all, true).unwrap().primary.as_deref(),
            Some("#2094f3")
        );
        let css = css(&all);
        assert_eq!(css.matches("--bar-bg:").count(), 3, "{css}");
        assert!(css.starts_with(":root{--bar-bg:#4051b5;"), "{css}");
        assert!(css.contains(":root[data-theme=dark]{--bar-bg:#"), "{css}");
        assert_eq!(super::css(&[]), "");
        // One scheme colours both.
        let one = super::css(&all[2..]);
        let (l, d) = (pick(&all[2..], false), pick(&all[2..], true));
        assert_eq!(l, d);
        assert!(!one.is_empty());
    }

    #[test]
    fn the_theme_grounds_are_quire_css_own() {
        let css = include_str!("../../../theme/quire.css");
        for theme in [&LIGHT, &DARK] {
            let grounds = format!("--bg: {}; --side: {};", theme.bg.hex(), theme.side.hex());
            assert!(css.contains(&grounds), "quire.css has no {grounds}");
        }
    }

    #[test]
    fn custom_colours_are_materials_variables() {
        let v = vars(&scheme("custom", "custom"), &LIGHT);
        assert_eq!(v.bar_bg, "var(--md-primary-fg-color,#4051b5)");
        assert!(v.link.starts_with("var(--md-typeset-a-color,#"), "{v:?}");
        assert!(v.hover.starts_with("var(--md-accent-fg-color,#"), "{v:?}");
    }
}
