//! syntect with bat's extra syntaxes and themes (two-face), loaded once and shared by every thread.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use anyhow::Context;
use ratatui::style::{Color, Modifier, Style};
use syntect::easy::HighlightLines;
use syntect::highlighting::{FontStyle, Theme};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The syntect theme used when a style names one that does not exist.
pub const FALLBACK_THEME: &str = "Monokai Extended";

/// Bytes of code whose highlighting is kept for re-renders (a resize re-wraps text but code does
/// not change); past it the cache starts over. Highlighted code takes several times its size in
/// memory, so this stays well above one long post and well below what a reader should hold.
const CACHE_BYTES: usize = 2 * 1024 * 1024;

/// Fence names blogs use that syntect does not know by that token.
const ALIASES: &[(&str, &str)] = &[
    ("sh", "bash"),
    ("shell", "bash"),
    ("zsh", "bash"),
    ("console", "bash"),
    ("shell-session", "bash"),
    ("ps1", "powershell"),
    ("pwsh", "powershell"),
    ("docker", "dockerfile"),
    ("golang", "go"),
    ("yml", "yaml"),
    ("js", "javascript"),
    ("ts", "typescript"),
    ("rs", "rust"),
    ("py", "python"),
    ("rb", "ruby"),
    ("kt", "kotlin"),
    ("c++", "cpp"),
    ("objc", "objective-c"),
    ("jsonc", "json"),
    ("html5", "html"),
    ("xml", "xml"),
];

/// One highlighted line: styled fragments, without the line ending.
pub type HighlightedLine = Vec<(Style, String)>;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

fn embedded_themes() -> &'static two_face::theme::EmbeddedLazyThemeSet {
    static SET: OnceLock<two_face::theme::EmbeddedLazyThemeSet> = OnceLock::new();
    SET.get_or_init(two_face::theme::extra)
}

/// Themes added from the user's `.tmTheme` files, by name.
fn user_themes() -> &'static RwLock<HashMap<String, Arc<Theme>>> {
    static SET: OnceLock<RwLock<HashMap<String, Arc<Theme>>>> = OnceLock::new();
    SET.get_or_init(Default::default)
}

type CacheKey = u64;

/// Highlighted blocks by key, and the bytes of code they hold.
type Cache = (HashMap<CacheKey, Arc<Vec<HighlightedLine>>>, usize);

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Loads the syntaxes and the default theme now, so the first code block renders without a pause.
/// Cheap to call again; meant for a background thread at start-up.
pub fn warm_up() {
    let set = syntaxes();
    let _ = set.find_syntax_by_token("rust");
    let _ = theme(FALLBACK_THEME);
}

/// Reads a `.tmTheme` file and makes it usable as `RenderStyles.code_theme`; returns its name
/// (the file stem).
pub fn add_theme_file(path: &Path) -> anyhow::Result<String> {
    // Read through `file::read`, which never blocks on a FIFO or reads a device.
    let bytes = crate::file::read(path, crate::file::SETTINGS_LIMIT).with_context(|| format!("cannot read theme {}", path.display()))?;
    let theme = syntect::highlighting::ThemeSet::load_from_reader(&mut std::io::Cursor::new(bytes))
        .with_context(|| format!("cannot load theme {}", path.display()))?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .with_context(|| format!("theme file {} has no name", path.display()))?;
    let mut themes = user_themes().write().map_err(|_| anyhow::anyhow!("theme registry is unusable after a crash"))?;
    themes.insert(name.clone(), Arc::new(theme));
    Ok(name)
}

/// Whether a theme of that name exists (embedded or added).
pub fn has_theme(name: &str) -> bool {
    user_themes().read().is_ok_and(|t| t.contains_key(name)) || embedded_name(name).is_some()
}

fn embedded_name(name: &str) -> Option<two_face::theme::EmbeddedThemeName> {
    two_face::theme::EmbeddedLazyThemeSet::theme_names().iter().copied().find(|n| n.as_name() == name)
}

/// The theme of that name, else the fallback.
fn theme(name: &str) -> ThemeRef {
    if let Some(theme) = user_themes().read().ok().and_then(|t| t.get(name).cloned()) {
        return ThemeRef::User(theme);
    }
    let embedded = embedded_name(name).or_else(|| embedded_name(FALLBACK_THEME));
    match embedded {
        Some(n) => ThemeRef::Embedded(embedded_themes().get(n)),
        None => ThemeRef::Embedded(embedded_themes().get(two_face::theme::EmbeddedThemeName::Base16)),
    }
}

enum ThemeRef {
    Embedded(&'static Theme),
    User(Arc<Theme>),
}

impl ThemeRef {
    fn get(&self) -> &Theme {
        match self {
            ThemeRef::Embedded(t) => t,
            ThemeRef::User(t) => t,
        }
    }
}

/// The syntax for a fence's info string (`rust,ignore`, `{.python}`, `Dockerfile`), if known.
pub fn find_syntax(info: &str) -> Option<&'static SyntaxReference> {
    let token = language_token(info);
    if token.is_empty() {
        return None;
    }
    let lower = token.to_ascii_lowercase();
    let token = ALIASES.iter().find(|(from, _)| *from == lower).map_or(lower.as_str(), |(_, to)| to);
    let set = syntaxes();
    set.find_syntax_by_token(token).or_else(|| set.syntaxes().iter().find(|s| s.name.eq_ignore_ascii_case(token)))
}

/// The language word of a fence info string.
pub fn language_token(info: &str) -> &str {
    let info = info.trim().trim_start_matches('{').trim_start_matches('.');
    info.split(|c: char| c.is_whitespace() || matches!(c, ',' | '{' | '}')).next().unwrap_or("")
}

/// Forgets every highlighted block (benchmarks measure the uncached path with it).
pub fn clear_cache() {
    if let Ok(mut c) = cache().lock() {
        *c = Cache::default();
    }
}

/// The `code_theme` that means "no highlighting": code comes out unstyled and syntect is never
/// loaded (`quire render --plain`, whose output has no colour to show it with).
pub const PLAIN_TEXT: &str = "(plain text)";

/// Highlights a block of code with the named theme; unknown languages get the theme's plain color.
/// Results are cached by (theme, language, code). [`PLAIN_TEXT`] gives the lines unstyled.
pub fn highlight(code: &str, info: &str, theme_name: &str) -> Arc<Vec<HighlightedLine>> {
    if theme_name == PLAIN_TEXT {
        return Arc::new(LinesWithEndings::from(code).map(|line| vec![(Style::new(), strip_eol(line).to_string())]).collect());
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (code, language_token(info), theme_name).hash(&mut hasher);
    let key = hasher.finish();
    if let Some(hit) = cache().lock().ok().and_then(|c| c.0.get(&key).cloned()) {
        return hit;
    }
    let lines = Arc::new(highlight_uncached(code, info, theme_name));
    if let Ok(mut c) = cache().lock() {
        if c.1 + code.len() > CACHE_BYTES {
            *c = Cache::default();
        }
        c.1 += code.len();
        c.0.insert(key, Arc::clone(&lines));
    }
    lines
}

fn highlight_uncached(code: &str, info: &str, theme_name: &str) -> Vec<HighlightedLine> {
    let set = syntaxes();
    let syntax = find_syntax(info).unwrap_or_else(|| set.find_syntax_plain_text());
    let theme = theme(theme_name);
    let mut h = HighlightLines::new(syntax, theme.get());
    let plain = theme.get().settings.foreground.map(to_color);
    LinesWithEndings::from(code)
        .map(|line| match h.highlight_line(line, set) {
            Ok(regions) => {
                regions.into_iter().map(|(s, t)| (to_style(s), strip_eol(t).to_string())).filter(|(_, t)| !t.is_empty()).collect()
            }
            // A regex failure in a grammar must not lose the code: show it unhighlighted.
            Err(_) => vec![(Style::new().fg(plain.unwrap_or(Color::Reset)), strip_eol(line).to_string())],
        })
        .collect()
}

fn strip_eol(text: &str) -> &str {
    text.trim_end_matches(['\n', '\r'])
}

/// bat's palette themes (ansi, base16) encode terminal colors in the alpha channel; see color::from_syntect.
fn to_color(c: syntect::highlighting::Color) -> Color {
    crate::color::from_syntect(c).unwrap_or(Color::Reset)
}

fn to_style(s: syntect::highlighting::Style) -> Style {
    let mut style = Style::new().fg(to_color(s.foreground));
    if s.font_style.contains(FontStyle::BOLD) {
        style = style.add_modifier(Modifier::BOLD);
    }
    if s.font_style.contains(FontStyle::ITALIC) {
        style = style.add_modifier(Modifier::ITALIC);
    }
    if s.font_style.contains(FontStyle::UNDERLINE) {
        style = style.add_modifier(Modifier::UNDERLINED);
    }
    style
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_every_line_unstyled() {
        let lines = highlight("fn main() {}\r\n\nlet x = 1;", "rust", PLAIN_TEXT);
        let want: Vec<HighlightedLine> =
            ["fn main() {}", "", "let x = 1;"].iter().map(|l| vec![(Style::new(), (*l).to_string())]).collect();
        assert_eq!(*lines, want);
    }

    #[test]
    fn blog_languages_are_found_including_two_face_extras() {
        for lang in ["rust", "Dockerfile", "toml", "typescript", "ts", "powershell", "sh", "bash", "yaml", "go", "java", "rust,ignore"] {
            assert!(find_syntax(lang).is_some(), "{lang}");
        }
        assert!(find_syntax("no-such-language").is_none());
    }

    #[test]
    fn keywords_get_a_color_of_their_own() {
        let lines = highlight("fn main() {}\n", "rust", FALLBACK_THEME);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].len() > 1, "expected several styled regions: {:?}", lines[0]);
        let text: String = lines[0].iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(text, "fn main() {}");
    }

    #[test]
    fn unknown_languages_keep_their_text() {
        let lines = highlight("a\nb", "klingon", FALLBACK_THEME);
        let text: Vec<String> = lines.iter().map(|l| l.iter().map(|(_, t)| t.as_str()).collect()).collect();
        assert_eq!(text, ["a", "b"]);
    }

    #[test]
    fn a_user_theme_file_becomes_usable_by_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("Mine.tmTheme");
        std::fs::write(&path, MINIMAL_THEME).expect("write theme");
        assert_eq!(add_theme_file(&path).expect("theme loads"), "Mine");
        assert!(has_theme("Mine"));
        let lines = highlight("x", "text", "Mine");
        assert_eq!(lines[0][0].0.fg, Some(Color::Rgb(0x12, 0x34, 0x56)));
        assert!(add_theme_file(&dir.path().join("missing.tmTheme")).is_err());
    }

    const MINIMAL_THEME: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict><key>name</key><string>Mine</string><key>settings</key><array>
<dict><key>settings</key><dict><key>foreground</key><string>#123456</string><key>background</key><string>#000000</string></dict></dict>
</array></dict></plist>"#;
}
