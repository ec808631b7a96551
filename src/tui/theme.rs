//! Colours and emphasis, by role. Every screen asks the theme for a role ("selected", "bad",
//! the style of a ladder rung), never for a colour, so a theme file in `assets/themes/` restyles
//! the whole game. `mono` has no colour at all and is what NO_COLOR and the snapshots use.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// One role's style as written in a theme file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct StyleSpec {
    fg: Option<String>,
    bg: Option<String>,
    bold: bool,
    dim: bool,
    italic: bool,
    reversed: bool,
    underlined: bool,
}

impl StyleSpec {
    fn style(&self) -> Result<Style, String> {
        let mut s = Style::default();
        let colour = |c: &str| Color::from_str(c).map_err(|_| format!("unknown colour \"{c}\""));
        if let Some(c) = &self.fg {
            s = s.fg(colour(c)?);
        }
        if let Some(c) = &self.bg {
            s = s.bg(colour(c)?);
        }
        let mut m = Modifier::empty();
        for (on, f) in [
            (self.bold, Modifier::BOLD),
            (self.dim, Modifier::DIM),
            (self.italic, Modifier::ITALIC),
            (self.reversed, Modifier::REVERSED),
            (self.underlined, Modifier::UNDERLINED),
        ] {
            if on {
                m |= f;
            }
        }
        Ok(s.add_modifier(m))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: String,
    base: StyleSpec,
    title: StyleSpec,
    border: StyleSpec,
    border_focus: StyleSpec,
    header: StyleSpec,
    key: StyleSpec,
    key_desc: StyleSpec,
    selected: StyleSpec,
    marked: StyleSpec,
    dim: StyleSpec,
    disabled: StyleSpec,
    accent: StyleSpec,
    good: StyleSpec,
    bad: StyleSpec,
    warn: StyleSpec,
    covert: StyleSpec,
    rungs: Vec<StyleSpec>,
    heat: Vec<StyleSpec>,
    map_land: StyleSpec,
    map_line: StyleSpec,
    map_site: StyleSpec,
    map_event: StyleSpec,
    series: Vec<StyleSpec>,
}

/// The styles every screen draws with.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    pub base: Style,
    pub title: Style,
    pub border: Style,
    pub border_focus: Style,
    pub header: Style,
    pub key: Style,
    pub key_desc: Style,
    pub selected: Style,
    /// A card in the plan, a chosen provision.
    pub marked: Style,
    pub dim: Style,
    pub disabled: Style,
    pub accent: Style,
    pub good: Style,
    pub bad: Style,
    pub warn: Style,
    pub covert: Style,
    /// One style per ladder rung, lowest first (the last is reused for any further rungs).
    pub rungs: Vec<Style>,
    /// Trust heat, lowest bucket first.
    pub heat: Vec<Style>,
    pub map_land: Style,
    pub map_line: Style,
    pub map_site: Style,
    pub map_event: Style,
    /// Chart series, in order.
    pub series: Vec<Style>,
    /// True for the colourless theme: widgets then lean on symbols.
    pub mono: bool,
}

pub const THEMES: [&str; 3] = ["dark", "light", "mono"];

impl Theme {
    /// A shipped theme by name (`dark`, `light`, `mono`).
    pub fn named(name: &str) -> Result<Theme, String> {
        let path = format!("assets/themes/{name}.ron");
        let text = crate::content::embedded_asset(&path).ok_or_else(|| {
            format!("there is no theme called \"{name}\" (try dark, light or mono)")
        })?;
        Theme::parse(text).map_err(|e| format!("{path}: {e}"))
    }

    pub fn parse(text: &str) -> Result<Theme, String> {
        let f: ThemeFile = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .map_err(|e| e.to_string())?;
        let list = |v: &[StyleSpec]| -> Result<Vec<Style>, String> {
            let out = v.iter().map(|s| s.style()).collect::<Result<Vec<_>, _>>()?;
            if out.is_empty() {
                Ok(vec![Style::default()])
            } else {
                Ok(out)
            }
        };
        Ok(Theme {
            mono: f.name == "mono",
            name: f.name.clone(),
            base: f.base.style()?,
            title: f.title.style()?,
            border: f.border.style()?,
            border_focus: f.border_focus.style()?,
            header: f.header.style()?,
            key: f.key.style()?,
            key_desc: f.key_desc.style()?,
            selected: f.selected.style()?,
            marked: f.marked.style()?,
            dim: f.dim.style()?,
            disabled: f.disabled.style()?,
            accent: f.accent.style()?,
            good: f.good.style()?,
            bad: f.bad.style()?,
            warn: f.warn.style()?,
            covert: f.covert.style()?,
            rungs: list(&f.rungs)?,
            heat: list(&f.heat)?,
            map_land: f.map_land.style()?,
            map_line: f.map_line.style()?,
            map_site: f.map_site.style()?,
            map_event: f.map_event.style()?,
            series: list(&f.series)?,
        })
    }

    /// The colourless theme (cannot fail: it ships in the binary).
    pub fn mono() -> Theme {
        Theme::named("mono").expect("the mono theme ships with the game")
    }

    /// The theme to start with: mono under NO_COLOR, else `BRINK_THEME`, else dark.
    pub fn from_env() -> Theme {
        if no_color() {
            return Theme::mono();
        }
        let name = std::env::var("BRINK_THEME").unwrap_or_else(|_| "dark".into());
        Theme::named(&name)
            .unwrap_or_else(|_| Theme::named("dark").unwrap_or_else(|_| Theme::mono()))
    }

    pub fn rung(&self, i: usize) -> Style {
        self.rungs[i.min(self.rungs.len() - 1)]
    }

    /// The heat style of a trust value 0–100.
    pub fn heat(&self, v: f32) -> Style {
        let n = self.heat.len();
        let i = ((v.clamp(0.0, 99.9) / 100.0) * n as f32) as usize;
        self.heat[i.min(n - 1)]
    }

    pub fn series(&self, i: usize) -> Style {
        self.series[i % self.series.len()]
    }

    /// The colour of a style's foreground, for widgets that take a colour (canvas shapes).
    pub fn fg(&self, s: Style) -> Color {
        s.fg.unwrap_or(Color::Reset)
    }
}

/// NO_COLOR is set to something non-empty (no-color.org).
/// What is wrong with `BRINK_THEME`, as a sentence, if it names no theme: the command line
/// refuses to start with it rather than fall back silently to the dark theme. (Unset or empty is
/// the default; `NO_COLOR` wins over it, as `from_env` does.)
pub fn env_problem() -> Option<String> {
    let name = std::env::var("BRINK_THEME")
        .ok()
        .filter(|n| !n.is_empty())?;
    if no_color() {
        return None;
    }
    Theme::named(&name)
        .err()
        .map(|e| format!("BRINK_THEME: {e}"))
}

pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_theme_parses() {
        for t in THEMES {
            let th = Theme::named(t).unwrap();
            assert_eq!(th.name, t);
            assert!(th.rungs.len() >= 6, "{t} needs a style per rung");
        }
        assert!(Theme::mono().mono);
    }

    /// Every role of a theme, for the checks below.
    fn roles(t: &Theme) -> Vec<Style> {
        let mut v = vec![
            t.base,
            t.title,
            t.border,
            t.border_focus,
            t.header,
            t.key,
            t.key_desc,
            t.selected,
            t.marked,
            t.dim,
            t.disabled,
            t.accent,
            t.good,
            t.bad,
            t.warn,
            t.covert,
            t.map_land,
            t.map_line,
            t.map_site,
            t.map_event,
        ];
        v.extend(t.rungs.iter().chain(&t.heat).chain(&t.series).copied());
        v
    }

    #[test]
    fn the_light_theme_draws_nothing_faint_on_white() {
        // ANSI 7 ("gray") and white, drawn on the terminal's own white background, can hardly
        // be read: unplayable cards, costs and borders used to be drawn so.
        let t = Theme::named("light").unwrap();
        for s in roles(&t) {
            if s.bg.is_none() {
                assert!(
                    !matches!(s.fg, Some(Color::Gray | Color::White | Color::Yellow)),
                    "{s:?}"
                );
            }
        }
    }

    #[test]
    fn good_and_bad_are_not_a_red_green_pair() {
        let reds = [Color::Red, Color::LightRed];
        let greens = [Color::Green, Color::LightGreen];
        for name in ["dark", "light"] {
            let t = Theme::named(name).unwrap();
            let hue = |c: Option<Color>| match c {
                Some(Color::Rgb(r, g, b)) => Some((r as i32, g as i32, b as i32)),
                _ => None,
            };
            for (s, bad) in [(t.good, false), (t.bad, true)] {
                let c = s.fg;
                assert!(
                    !c.is_some_and(|c| if bad {
                        reds.contains(&c)
                    } else {
                        greens.contains(&c)
                    }),
                    "{name}: {s:?}"
                );
                // An RGB colour: not a green good, nor a red bad.
                if let Some((r, g, b)) = hue(c) {
                    if bad {
                        assert!(!(r > g + 80 && r > b + 80), "{name}: a red bad {s:?}");
                    } else {
                        assert!(!(g > r + 60 && g > b + 60), "{name}: a green good {s:?}");
                    }
                }
            }
        }
    }
}
