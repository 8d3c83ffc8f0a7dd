//! One theme file, parsed: which styles it sets, what it extends, its code theme. Every error names
//! the file, the line and the key.

use std::ops::Range;

use ratatui::style::Style;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::ThemeError;
use super::keys::{RENDER_KEYS, UiStyles};
use super::spec::{self, COLOR_HELP, MODIFIER_HELP};
use crate::text::sanitize;

/// The top-level keys of a theme file.
const TOP_KEYS: &[&str] = &["description", "extends", "code_theme", "ui", "render"];

/// The keys of one style.
const STYLE_KEYS: &[&str] = &["fg", "bg", "mods"];

/// What one theme file says; keys it leaves out come from the theme it extends.
#[derive(Debug, Default)]
pub(crate) struct ThemeFile {
    /// One line saying what the theme is for.
    pub description: Option<String>,
    /// The theme whose styles this one starts from.
    pub extends: Option<String>,
    /// The syntect theme for code blocks, and its line.
    pub code_theme: Option<(String, usize)>,
    /// `[ui]` styles set by the file.
    pub ui: Vec<(String, Style)>,
    /// `[render]` styles set by the file.
    pub render: Vec<(String, Style)>,
}

/// The 1-based line of a byte offset.
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}

/// Text without the byte-order mark some Windows editors put first, which TOML does not allow.
pub(crate) fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Where errors are reported: the file's display name and its text.
struct Source<'a> {
    file: &'a str,
    text: &'a str,
}

impl Source<'_> {
    fn bad(&self, span: Range<usize>, key: &str, message: impl Into<String>) -> ThemeError {
        ThemeError::BadKey {
            file: self.file.to_string(),
            line: line_at(self.text, span.start),
            key: sanitize(key).into_owned(),
            message: sanitize(&message.into()).into_owned(),
        }
    }
}

/// Parses a theme file; `file` is how messages name it.
pub(crate) fn parse(text: &str, file: &str) -> Result<ThemeFile, ThemeError> {
    let text = without_bom(text);
    let src = Source { file, text };
    let doc = DeTable::parse(text).map_err(|e| ThemeError::Syntax {
        file: file.to_string(),
        line: line_at(text, e.span().map_or(0, |s| s.start)),
        message: sanitize(e.message()).into_owned(),
    })?;
    let mut out = ThemeFile::default();
    for (key, value) in doc.get_ref() {
        let name = key.get_ref().as_ref();
        match name {
            "description" => out.description = Some(string(&src, value, name)?),
            "extends" => out.extends = Some(string(&src, value, name)?),
            "code_theme" => out.code_theme = Some((string(&src, value, name)?, line_at(text, value.span().start))),
            "ui" => out.ui = styles(&src, value, name, UiStyles::KEYS)?,
            "render" => out.render = styles(&src, value, name, RENDER_KEYS)?,
            _ => return Err(src.bad(key.span(), name, format!("unknown key (expected one of: {})", TOP_KEYS.join(", ")))),
        }
    }
    Ok(out)
}

fn string(src: &Source, value: &Spanned<DeValue>, key: &str) -> Result<String, ThemeError> {
    match value.get_ref() {
        DeValue::String(s) => Ok(s.to_string()),
        other => Err(src.bad(value.span(), key, format!("expected a string, found {}", other.type_str()))),
    }
}

/// Every style of a `[ui]` or `[render]` table.
fn styles(src: &Source, value: &Spanned<DeValue>, section: &str, known: &[&str]) -> Result<Vec<(String, Style)>, ThemeError> {
    let DeValue::Table(table) = value.get_ref() else {
        return Err(src.bad(value.span(), section, format!("expected a table, found {}", value.get_ref().type_str())));
    };
    let mut out = Vec::with_capacity(table.len());
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        let path = format!("{section}.{name}");
        if !known.contains(&name) {
            return Err(src.bad(key.span(), &path, format!("unknown style (known: {})", known.join(", "))));
        }
        out.push((name.to_string(), style(src, value, &path)?));
    }
    Ok(out)
}

/// One style: `{ fg = "#rrggbb", bg = 236, mods = ["bold"] }`.
fn style(src: &Source, value: &Spanned<DeValue>, path: &str) -> Result<Style, ThemeError> {
    let DeValue::Table(table) = value.get_ref() else {
        let found = value.get_ref().type_str();
        return Err(src.bad(value.span(), path, format!("expected a style like {{ fg = \"#ffb86c\", mods = [\"bold\"] }}, found {found}")));
    };
    let mut style = Style::new();
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        let path = format!("{path}.{name}");
        match name {
            "fg" => style = style.fg(color(src, value, &path)?),
            "bg" => style = style.bg(color(src, value, &path)?),
            "mods" => style = style.add_modifier(modifiers(src, value, &path)?),
            _ => return Err(src.bad(key.span(), &path, format!("unknown key (expected one of: {})", STYLE_KEYS.join(", ")))),
        }
    }
    Ok(style)
}

fn color(src: &Source, value: &Spanned<DeValue>, path: &str) -> Result<ratatui::style::Color, ThemeError> {
    let parsed = match value.get_ref() {
        DeValue::String(s) => spec::parse_color(s).ok_or_else(|| format!("\"{s}\" is not a color ({COLOR_HELP})")),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .and_then(spec::indexed_color)
            .ok_or_else(|| format!("{i} is not a palette index 0-255")),
        other => Err(format!("expected a color, found {} ({COLOR_HELP})", other.type_str())),
    };
    parsed.map_err(|message| src.bad(value.span(), path, message))
}

fn modifiers(src: &Source, value: &Spanned<DeValue>, path: &str) -> Result<ratatui::style::Modifier, ThemeError> {
    let items: Vec<&Spanned<DeValue>> = match value.get_ref() {
        DeValue::Array(items) => items.iter().collect(),
        DeValue::String(_) => vec![value],
        other => return Err(src.bad(value.span(), path, format!("expected a list like [\"bold\"], found {}", other.type_str()))),
    };
    let mut out = ratatui::style::Modifier::empty();
    for item in items {
        let modifier = match item.get_ref() {
            DeValue::String(s) => spec::parse_modifier(s).ok_or_else(|| format!("\"{s}\" is not a modifier ({MODIFIER_HELP})")),
            other => Err(format!("expected a modifier name, found {}", other.type_str())),
        };
        out |= modifier.map_err(|message| src.bad(item.span(), path, message))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Color, Modifier};

    use super::*;

    fn bad_key(text: &str) -> (usize, String, String) {
        match parse(text, "t.toml") {
            Err(ThemeError::BadKey { line, key, message, .. }) => (line, key, message),
            other => panic!("expected a bad key, got {other:?}"),
        }
    }

    #[test]
    fn styles_read_colors_indexes_and_modifiers() {
        let file = parse("[ui]\ntext = { fg = \"#102030\", bg = 236, mods = [\"bold\", \"italic\"] }\n", "t.toml").expect("parses");
        let want = Style::new().fg(Color::Rgb(0x10, 0x20, 0x30)).bg(Color::Indexed(236)).add_modifier(Modifier::BOLD | Modifier::ITALIC);
        assert_eq!(file.ui, vec![("text".to_string(), want)]);
    }

    #[test]
    fn a_bad_color_names_its_line_and_key() {
        let (line, key, message) = bad_key("extends = \"dark\"\n[ui]\ntext = { fg = \"#1234\" }\n");
        assert_eq!((line, key.as_str()), (3, "ui.text.fg"));
        assert!(message.contains("\"#1234\" is not a color"), "{message}");
    }

    #[test]
    fn unknown_style_names_are_refused_with_the_known_ones() {
        let (line, key, message) = bad_key("[render]\nheading7 = { fg = \"red\" }\n");
        assert_eq!((line, key.as_str()), (2, "render.heading7"));
        assert!(message.contains("heading6"), "{message}");
    }

    #[test]
    fn a_misspelt_style_key_is_named() {
        let (_, key, _) = bad_key("[ui]\ntext = { fgg = \"red\" }\n");
        assert_eq!(key, "ui.text.fgg");
        let (_, key, message) = bad_key("[ui]\ntext = { mods = [\"shiny\"] }\n");
        assert_eq!(key, "ui.text.mods");
        assert!(message.contains("shiny"));
    }

    #[test]
    fn syntax_errors_carry_the_line() {
        match parse("code_theme = \"x\"\n[ui\n", "t.toml") {
            Err(ThemeError::Syntax { line, .. }) => assert_eq!(line, 2),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn control_characters_in_a_bad_value_cannot_reach_the_terminal() {
        let (_, _, message) = bad_key("[ui]\ntext = { fg = \"\\u001b[31m\" }\n");
        assert!(!message.contains('\x1b'), "{message:?}");
        assert!(message.contains("^["), "{message:?}");
    }

    #[test]
    fn a_byte_order_mark_is_not_a_syntax_error() {
        let file = parse("\u{feff}[ui]\ntext = { fg = \"red\" }\n", "t.toml").expect("parses");
        assert_eq!(file.ui.len(), 1);
    }

    #[test]
    fn line_at_counts_from_one() {
        assert_eq!(line_at("a\nb\nc", 0), 1);
        assert_eq!(line_at("a\nb\nc", 2), 2);
        assert_eq!(line_at("a\nb\nc", 99), 3);
    }
}
