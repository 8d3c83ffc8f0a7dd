//! Themes: the colors of the TUI and of rendered posts, read from TOML files (bundled in the binary or
//! dropped in the user's config folder) and brought down to what the terminal can show.

mod code;
mod file;
mod keys;
pub mod spec;

use std::path::{Path, PathBuf};

pub use code::{CodeTheme, code_themes};
pub use keys::{RENDER_KEYS, UiStyles};

pub(crate) use file::{line_at, without_bom};

use crate::color::ColorDepth;
use crate::render::RenderStyles;

/// The theme used when neither `--theme` nor the config names one, or when the named one is broken.
pub const DEFAULT_THEME: &str = "dark";

/// The bundled themes, in the order `quire themes` lists them.
const BUNDLED: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("ansi16", include_str!("../../themes/ansi16.toml")),
    ("high-contrast", include_str!("../../themes/high-contrast.toml")),
];

/// The folder under the config folder that holds user themes (`*.toml`, `*.tmTheme`).
pub const THEMES_SUBDIR: &str = "themes";

/// Styles that paint a whole area rather than mark something: without color their background is
/// dropped instead of turning into reverse video, which would invert whole panes.
const SURFACES: &[&str] = &["ui.text", "ui.popup", "render.text", "render.code_block"];

/// A complete theme: every UI style and every renderer style.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// The name it was loaded by.
    pub name: String,
    /// Styles of the TUI's panes, list, status bar and popups.
    pub ui: UiStyles,
    /// Styles of rendered Markdown, and the code theme's name.
    pub render: RenderStyles,
}

/// Why a theme could not be loaded. Each message names the file, and the line and key when there is one.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// No bundled or user theme has that name.
    #[error("no theme named \"{name}\" (available: {})", .available.join(", "))]
    NotFound {
        /// The name asked for.
        name: String,
        /// The names that exist.
        available: Vec<String>,
    },
    /// The file exists but could not be read.
    #[error("{file}: cannot read it: {reason}")]
    Read {
        /// The file.
        file: String,
        /// What the OS said.
        reason: String,
    },
    /// The file is not valid TOML.
    #[error("{file}, line {line}: not valid TOML: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line of the error.
        line: usize,
        /// What the parser said.
        message: String,
    },
    /// A key is unknown or its value is wrong.
    #[error("{file}, line {line}: {key}: {message}")]
    BadKey {
        /// The file.
        file: String,
        /// 1-based line of the key or value.
        line: usize,
        /// The dotted key, such as `ui.list_selected.bg`.
        key: String,
        /// What is wrong and what to write instead.
        message: String,
    },
    /// A user theme extends its own name, and no bundled theme has that name.
    #[error("{file}: the theme extends itself (`extends = \"{name}\"`); name another theme, such as \"{DEFAULT_THEME}\"")]
    ExtendsItself {
        /// The file.
        file: String,
        /// The theme's name, which `extends` repeats.
        name: String,
    },
    /// Themes extend each other in a circle.
    #[error("{file}: `extends` goes round in a circle: {}", .chain.join(" -> "))]
    Cycle {
        /// The file where the circle closes.
        file: String,
        /// The files on the way.
        chain: Vec<String>,
    },
}

/// Where a theme comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeSource {
    /// Embedded in the binary.
    Bundled,
    /// A file in the user's config folder.
    User(PathBuf),
}

/// One entry of `quire themes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeInfo {
    /// The name to pass to `--theme`.
    pub name: String,
    /// Bundled or user.
    pub source: ThemeSource,
    /// The file's `description`, or empty.
    pub description: String,
    /// Why it cannot be loaded, if it cannot.
    pub problem: Option<String>,
}

impl Default for Theme {
    /// The bundled default theme.
    fn default() -> Self {
        // The bundled files are checked by tests; the plain fallback only guards against a broken build.
        load(DEFAULT_THEME, None).unwrap_or_else(|_| Theme::blank(DEFAULT_THEME))
    }
}

impl Theme {
    fn blank(name: &str) -> Theme {
        Theme { name: name.to_string(), ui: UiStyles::default(), render: RenderStyles::default() }
    }

    /// Every style mapped to the given depth (ColorDepth::adapt_style), code theme left to the renderer.
    pub fn adapted(&self, depth: ColorDepth) -> Theme {
        let mut out = self.clone();
        out.for_each_style(|key, style| {
            if depth == ColorDepth::None && SURFACES.contains(&key.as_str()) {
                style.bg = None;
            }
            *style = depth.adapt_style(*style);
        });
        if depth == ColorDepth::None {
            distinguish(&mut out.render.search_match, &mut out.render.inline_code);
        }
        out
    }

    /// Calls `f` with the dotted key (`ui.text`, `render.heading1`) and style of every style.
    fn for_each_style(&mut self, mut f: impl FnMut(String, &mut ratatui::style::Style)) {
        for key in UiStyles::KEYS {
            if let Some(style) = self.ui.get_mut(key) {
                f(format!("ui.{key}"), style);
            }
        }
        for key in RENDER_KEYS {
            if let Some(style) = keys::render_style_mut(&mut self.render, key) {
                f(format!("render.{key}"), style);
            }
        }
    }
}

/// Without colour, both a search match and inline code come out as reverse video: the match
/// gains bold and underline, and if the code still looks the same it loses its reverse.
fn distinguish(search_match: &mut ratatui::style::Style, inline_code: &mut ratatui::style::Style) {
    use ratatui::style::Modifier;
    if search_match.add_modifier == inline_code.add_modifier {
        *search_match = search_match.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    }
    if search_match.add_modifier == inline_code.add_modifier {
        *inline_code = inline_code.remove_modifier(Modifier::REVERSED);
    }
}

/// Bundled + user themes; a user theme may override only some keys of a bundled one (`extends = "dark"`).
pub fn load(name: &str, config_dir: Option<&Path>) -> Result<Theme, ThemeError> {
    build(name, config_dir, true, &mut Vec::new())
}

/// [`load`], falling back to the default theme; the message says what was wrong and that it fell back.
pub fn load_or_default(name: &str, config_dir: Option<&Path>) -> (Theme, Option<String>) {
    match load(name, config_dir) {
        Ok(theme) => (theme, None),
        Err(err) => (Theme::default(), Some(format!("{err}; using the \"{DEFAULT_THEME}\" theme"))),
    }
}

/// Every theme `--theme` accepts: bundled ones first, then the user's (a user theme named like a
/// bundled one takes its place).
pub fn list(config_dir: Option<&Path>) -> Vec<ThemeInfo> {
    let mut out: Vec<ThemeInfo> = BUNDLED
        .iter()
        .map(|(name, text)| ThemeInfo {
            name: (*name).to_string(),
            source: ThemeSource::Bundled,
            description: file::parse(text, name).ok().and_then(|f| f.description).unwrap_or_default(),
            problem: None,
        })
        .collect();
    for path in user_files(config_dir, "toml") {
        let Some(name) = path.file_stem().and_then(|s| s.to_str()).map(str::to_string) else { continue };
        let text = crate::file::read_text(&path, crate::file::SETTINGS_LIMIT).unwrap_or_default();
        let description = file::parse(&text, &name).ok().and_then(|f| f.description).unwrap_or_default();
        let problem = load(&name, config_dir).err().map(|e| e.to_string());
        let info = ThemeInfo { name, source: ThemeSource::User(path), description, problem };
        match out.iter_mut().find(|i| i.name == info.name) {
            Some(bundled) => *bundled = info,
            None => out.push(info),
        }
    }
    out
}

/// The files with this extension in the user's themes folder, sorted; none when it does not exist.
fn user_files(config_dir: Option<&Path>, extension: &str) -> Vec<PathBuf> {
    let Some(dir) = config_dir.map(|d| d.join(THEMES_SUBDIR)) else { return Vec::new() };
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case(extension)))
        .collect();
    files.sort();
    files
}

/// A user theme file for `name`, if the config folder has one. Names with path parts never match,
/// so `--theme ../x` cannot read files outside the themes folder.
fn user_file(config_dir: Option<&Path>, name: &str) -> Option<PathBuf> {
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return None;
    }
    let path = config_dir?.join(THEMES_SUBDIR).join(format!("{name}.toml"));
    path.is_file().then_some(path)
}

/// Builds a theme and the themes it extends. `chain` holds the files on the way, to stop circles.
fn build(name: &str, config_dir: Option<&Path>, allow_user: bool, chain: &mut Vec<String>) -> Result<Theme, ThemeError> {
    let user = if allow_user { user_file(config_dir, name) } else { None };
    let (label, text) = match &user {
        Some(path) => {
            let label = path.display().to_string();
            let text = crate::file::read_text(path, crate::file::SETTINGS_LIMIT)
                .map_err(|e| ThemeError::Read { file: label.clone(), reason: e.to_string() })?;
            (label, text)
        }
        None => match BUNDLED.iter().find(|(n, _)| *n == name) {
            Some((_, text)) => (format!("bundled theme {name}"), (*text).to_string()),
            None => return Err(not_found(name, config_dir)),
        },
    };
    if chain.contains(&label) {
        chain.push(label.clone());
        return Err(ThemeError::Cycle { file: label, chain: std::mem::take(chain) });
    }
    chain.push(label.clone());
    let parsed = file::parse(&text, &label)?;
    let mut theme = match (parsed.extends.as_deref(), user.is_some()) {
        // A user theme named like a bundled one extends the bundled one of that name.
        (Some(base), true) if base == name && !BUNDLED.iter().any(|(n, _)| *n == name) => {
            return Err(ThemeError::ExtendsItself { file: label, name: crate::text::sanitize(name).into_owned() });
        }
        (Some(base), true) => build(base, config_dir, base != name, chain)?,
        (Some(base), false) => build(base, None, false, chain)?,
        (None, true) => build(DEFAULT_THEME, config_dir, name != DEFAULT_THEME, chain)?,
        (None, false) => Theme::blank(name),
    };
    theme.name = name.to_string();
    apply(&mut theme, &parsed);
    if let Some((code_theme, line)) = &parsed.code_theme {
        theme.render.code_theme = code::resolve(code_theme, config_dir).map_err(|message| ThemeError::BadKey {
            file: label.clone(),
            line: *line,
            key: "code_theme".to_string(),
            message,
        })?;
    }
    Ok(theme)
}

fn apply(theme: &mut Theme, parsed: &file::ThemeFile) {
    for (key, style) in &parsed.ui {
        if let Some(slot) = theme.ui.get_mut(key) {
            *slot = *style;
        }
    }
    for (key, style) in &parsed.render {
        if let Some(slot) = keys::render_style_mut(&mut theme.render, key) {
            *slot = *style;
        }
    }
}

/// The names of every theme, without loading them (loading could come back here through `extends`).
fn names(config_dir: Option<&Path>) -> Vec<String> {
    let mut names: Vec<String> = BUNDLED.iter().map(|(n, _)| (*n).to_string()).collect();
    for path in user_files(config_dir, "toml") {
        if let Some(name) = path.file_stem().and_then(|s| s.to_str()).filter(|n| !names.iter().any(|b| b == n)) {
            names.push(name.to_string());
        }
    }
    names
}

fn not_found(name: &str, config_dir: Option<&Path>) -> ThemeError {
    ThemeError::NotFound { name: crate::text::sanitize(name).into_owned(), available: names(config_dir) }
}

#[cfg(test)]
mod tests;
