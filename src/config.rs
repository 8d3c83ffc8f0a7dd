//! `config.toml`: the user's defaults (folder, theme, colors, sort, drafts, dates, wrap width,
//! debounce, editor, key remaps). A bad file never stops quire: every problem becomes a warning that
//! names the file, line and key, and the setting keeps its default.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub use serve::{SERVE_KEYS, ServeConfig};

use crate::color::ColorChoice;
use crate::library::SortKey;
use crate::theme::{self, DEFAULT_THEME};

/// The variable that names the config file, overriding the platform's config folder.
pub const CONFIG_ENV: &str = "QUIRE_CONFIG";
/// The config file's name inside the config folder.
pub const CONFIG_FILE: &str = "config.toml";
/// The reading pane's default maximum line width, for readability on wide terminals.
pub const DEFAULT_WRAP_WIDTH: u16 = 100;
/// How long file-system events settle before the library reloads.
pub const DEFAULT_DEBOUNCE_MS: u64 = 75;
/// How dates are shown unless the config says otherwise (chrono strftime syntax).
pub const DEFAULT_DATE_FORMAT: &str = "%Y-%m-%d";
/// Narrower than this, a wrap limit makes posts unreadable; such values are refused.
const MIN_WRAP_WIDTH: u16 = 20;
/// Longer than this, edits would seem not to show up at all.
const MAX_DEBOUNCE_MS: u64 = 5_000;

/// Every key config.toml may hold (tables included: `keys`, `serve`).
pub const KNOWN_KEYS: &[&str] = &[
    "default_dir",
    "theme",
    "color",
    "sort",
    "show_drafts",
    "date_format",
    "wrap_width",
    "list_width",
    "mouse",
    "debounce_ms",
    "editor",
    "open_new_in_editor",
    "new_post_path",
    "images",
    "keys",
    "serve",
];

/// The user's settings, each with its default when the file does not set it (or sets it wrongly).
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The folder to open when `quire` gets none (`~` is expanded).
    pub default_dir: Option<PathBuf>,
    /// The theme's name (see `quire themes`).
    pub theme: String,
    /// When to use color and how many; `--color` overrides it.
    pub color: ColorChoice,
    /// The initial order of the post list.
    pub sort: SortKey,
    /// Whether drafts are in the list at start.
    pub show_drafts: bool,
    /// How dates are shown, in chrono strftime syntax.
    pub date_format: String,
    /// The reading pane's maximum line width; `None` means the pane's full width (`wrap_width = 0`).
    pub wrap_width: Option<u16>,
    /// The list's share of a two-pane screen, in percent of the terminal's width.
    pub list_width: u16,
    /// Whether quire takes the mouse (wheel, clicks); `false` leaves it to the terminal.
    pub mouse: bool,
    /// How long file changes settle before reloading, in milliseconds.
    pub debounce_ms: u64,
    /// The command that edits a post; `None` means `$VISUAL`, then `$EDITOR`.
    pub editor: Option<String>,
    /// Whether a post made with `a` opens in the editor at once.
    pub open_new_in_editor: bool,
    /// Where new posts go, relative to the blog folder, with `{slug}`, `{year}`, `{month}`, `{day}`
    /// (`content/posts/{year}/{slug}/index.md`); `None` learns it from the newest posts.
    pub new_post_path: Option<String>,
    /// How pictures show in the reading pane: asked of the terminal, one protocol, or off.
    pub images: crate::images::Mode,
    /// Key remaps: action name -> key strings like "ctrl-d" or "j"; the TUI parses and checks them.
    pub keys: BTreeMap<String, Vec<String>>,
    /// `[serve]`: the SSH server's address, key files and limits.
    pub serve: ServeConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            default_dir: None,
            theme: DEFAULT_THEME.to_string(),
            color: ColorChoice::Auto,
            sort: SortKey::Date,
            show_drafts: true,
            date_format: DEFAULT_DATE_FORMAT.to_string(),
            wrap_width: Some(DEFAULT_WRAP_WIDTH),
            list_width: crate::app::layout::DEFAULT_LIST_PERCENT,
            mouse: true,
            debounce_ms: DEFAULT_DEBOUNCE_MS,
            editor: None,
            open_new_in_editor: true,
            new_post_path: None,
            images: crate::images::Mode::Auto,
            keys: BTreeMap::new(),
            serve: ServeConfig::default(),
        }
    }
}

/// The config folder: QUIRE_CONFIG (path of config.toml) overrides; else directories::ProjectDirs("", "", "quire").
pub fn config_dir() -> Option<PathBuf> {
    config_path_from(std::env::var_os(CONFIG_ENV))
        .map(|p| p.parent().filter(|d| !d.as_os_str().is_empty()).map_or_else(|| ".".into(), Path::to_path_buf))
}

/// The config file that [`load`] reads.
pub fn config_path() -> Option<PathBuf> {
    config_path_from(std::env::var_os(CONFIG_ENV))
}

fn config_path_from(env: Option<OsString>) -> Option<PathBuf> {
    match env.filter(|v| !v.is_empty()) {
        Some(path) => Some(PathBuf::from(path)),
        None => directories::ProjectDirs::from("", "", "quire").map(|d| d.config_dir().join(CONFIG_FILE)),
    }
}

/// Reads the config file; returns the settings and one warning per problem (file, line and key named).
pub fn load() -> (Config, Vec<String>) {
    let explicit = std::env::var_os(CONFIG_ENV).is_some_and(|v| !v.is_empty());
    match config_path() {
        Some(path) => load_from(&path, explicit),
        None => (Config::default(), vec!["no home folder found, so no config file; using the defaults".to_string()]),
    }
}

/// Reads one config file. A missing file is quietly the defaults, unless the user named it (`explicit`).
pub fn load_from(path: &Path, explicit: bool) -> (Config, Vec<String>) {
    use crate::file::ReadError;
    let file = crate::text::one_line(&path.display().to_string());
    let warning = match crate::file::read_text(path, crate::file::SETTINGS_LIMIT) {
        Ok(text) => return parse(&text, &file),
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound && !explicit => return (Config::default(), Vec::new()),
        Err(ReadError::Io(e)) => format!("{file}: cannot read it ({}); using the defaults", crate::post::io_reason(&e)),
        Err(refused) => format!("{file}: {refused}; using the defaults"),
    };
    (Config::default(), vec![warning])
}

/// Parses config text; `file` is how warnings name it. A syntax error gives the defaults.
pub fn parse(text: &str, file: &str) -> (Config, Vec<String>) {
    let (config, warnings) = parse_unsanitized(theme::without_bom(text), file);
    // Warnings quote the file's values; a control character in one must not drive the terminal.
    (config, warnings.iter().map(|w| crate::text::sanitize(w).into_owned()).collect())
}

fn parse_unsanitized(text: &str, file: &str) -> (Config, Vec<String>) {
    let mut config = Config::default();
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let line = crate::theme::line_at(text, e.span().map_or(0, |s| s.start));
            return (config, vec![format!("{file}, line {line}: not valid TOML: {}; using the defaults", e.message().trim())]);
        }
    };
    let mut warnings = Vec::new();
    let at = |span: Range<usize>| crate::theme::line_at(text, span.start);
    for (key, value) in doc.get_ref() {
        let name = key.get_ref().as_ref();
        if let Err(problem) = set(&mut config, name, value) {
            let span = problem.span.unwrap_or_else(|| if KNOWN_KEYS.contains(&name) { value.span() } else { key.span() });
            warnings.push(format!("{file}, line {}: {}", at(span), problem.message));
        }
    }
    (config, warnings)
}

/// What is wrong with one setting, and where when that is not the key's value as a whole.
struct Problem {
    message: String,
    span: Option<Range<usize>>,
}

/// Sets one key; the error says what is wrong (naming the key) and that the default stays.
fn set(config: &mut Config, key: &str, value: &Spanned<DeValue>) -> Result<(), Problem> {
    if key == "serve" {
        return serve::parse(value, &mut config.serve);
    }
    if key == "keys" {
        let keys =
            keys(value).map_err(|p| Problem { message: format!("`keys`: {}; keeping the default keys", p.message), span: p.span })?;
        config.keys = keys;
        return Ok(());
    }
    let value = value.get_ref();
    let result = match key {
        "default_dir" => string(value).map(|s| config.default_dir = (!s.is_empty()).then(|| expand_home(s))),
        "theme" => non_empty(value).map(|s| config.theme = s.to_string()),
        "color" => color(value).map(|c| config.color = c),
        "sort" => choice::<SortKey>(value).map(|s| config.sort = s),
        "show_drafts" => boolean(value).map(|b| config.show_drafts = b),
        "date_format" => date_format(value).map(|f| config.date_format = f.to_string()),
        "wrap_width" => wrap_width(value).map(|w| config.wrap_width = w),
        "list_width" => list_width(value).map(|w| config.list_width = w),
        "mouse" => boolean(value).map(|b| config.mouse = b),
        "debounce_ms" => integer(value, 0, MAX_DEBOUNCE_MS).map(|n| config.debounce_ms = n),
        "editor" => non_empty(value).map(|s| config.editor = Some(s.trim().to_string())),
        "open_new_in_editor" => boolean(value).map(|b| config.open_new_in_editor = b),
        "new_post_path" => non_empty(value).and_then(crate::post::edit::placement::check_pattern).map(|p| config.new_post_path = Some(p)),
        "images" => string(value)
            .and_then(|s| crate::images::Mode::parse(s).ok_or_else(|| format!("\"{s}\" is not one of {}", crate::images::Mode::NAMES)))
            .map(|m| config.images = m),
        _ => return Err(Problem { message: format!("unknown key `{key}` (known keys: {})", KNOWN_KEYS.join(", ")), span: None }),
    };
    result.map_err(|problem| Problem { message: format!("`{key}`: {problem}; keeping the default"), span: None })
}

fn string<'a>(value: &'a DeValue) -> Result<&'a str, String> {
    match value {
        DeValue::String(s) => Ok(s.as_ref()),
        other => Err(format!("expected a string, found {}", other.type_str())),
    }
}

fn non_empty<'a>(value: &'a DeValue) -> Result<&'a str, String> {
    string(value).and_then(|s| if s.trim().is_empty() { Err("it is empty".to_string()) } else { Ok(s) })
}

fn boolean(value: &DeValue) -> Result<bool, String> {
    value.as_bool().ok_or_else(|| format!("expected true or false, found {}", value.type_str()))
}

fn integer(value: &DeValue, min: u64, max: u64) -> Result<u64, String> {
    let DeValue::Integer(i) = value else { return Err(format!("expected a number, found {}", value.type_str())) };
    u64::from_str_radix(i.as_str(), i.radix())
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| format!("{i} is not between {min} and {max}"))
}

/// A value of a clap enum (sort keys, color choices), named as on the command line.
fn choice<T: ValueEnum>(value: &DeValue) -> Result<T, String> {
    let text = string(value)?;
    T::from_str(text.trim(), true).map_err(|_| {
        let names: Vec<String> =
            T::value_variants().iter().filter_map(|v| v.to_possible_value()).map(|v| v.get_name().to_string()).collect();
        format!("\"{text}\" is not one of {}", names.join(", "))
    })
}

/// `color = "256"` and `color = 256` both mean the 256-color palette.
fn color(value: &DeValue) -> Result<ColorChoice, String> {
    match value {
        DeValue::Integer(i) if i.as_str() == "16" => Ok(ColorChoice::Ansi16),
        DeValue::Integer(i) if i.as_str() == "256" => Ok(ColorChoice::Ansi256),
        _ => choice::<ColorChoice>(value),
    }
}

fn date_format<'a>(value: &'a DeValue) -> Result<&'a str, String> {
    use chrono::format::{Item, StrftimeItems};
    let text = non_empty(value)?;
    if StrftimeItems::new(text).any(|item| matches!(item, Item::Error)) {
        return Err(format!("\"{text}\" is not a valid date format (chrono strftime, such as \"%Y-%m-%d\" or \"%d %b %Y\")"));
    }
    Ok(text)
}

fn wrap_width(value: &DeValue) -> Result<Option<u16>, String> {
    match integer(value, 0, u64::from(u16::MAX))? {
        0 => Ok(None),
        n if n < u64::from(MIN_WRAP_WIDTH) => {
            Err(format!("{n} columns is too narrow to read (use 0 for no limit, or at least {MIN_WRAP_WIDTH})"))
        }
        n => Ok(u16::try_from(n).ok()),
    }
}

/// `list_width = 30`: the list's share of the screen, a whole percentage in
/// [`LIST_PERCENTS`](crate::app::layout::LIST_PERCENTS).
fn list_width(value: &DeValue) -> Result<u16, String> {
    let percents = crate::app::layout::LIST_PERCENTS;
    let (min, max) = (*percents.start(), *percents.end());
    let explain = || format!("the list's share of the terminal's width, in percent, from {min} to {max} (default 40)");
    match value {
        DeValue::Integer(i) => u64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .and_then(|n| u16::try_from(n).ok())
            .filter(|n| percents.contains(n))
            .ok_or_else(|| format!("{i} is not {}", explain())),
        DeValue::String(s) => Err(format!("\"{s}\" is not a number: write {}, without quotes or %", explain())),
        other => Err(format!("expected a number, {}; found {}", explain(), other.type_str())),
    }
}

/// `[keys]`: each action takes one key string or a list of them. An error carries the bad entry's span.
fn keys(value: &Spanned<DeValue>) -> Result<BTreeMap<String, Vec<String>>, Problem> {
    let DeValue::Table(table) = value.get_ref() else {
        return Err(Problem { message: format!("expected a table like [keys], found {}", value.get_ref().type_str()), span: None });
    };
    let mut out = BTreeMap::new();
    for (action, keys) in table {
        let action = action.get_ref().as_ref();
        let list: Vec<&Spanned<DeValue>> = match keys.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            _ => vec![keys],
        };
        let mut strings = Vec::with_capacity(list.len());
        for key in list {
            match key.get_ref() {
                DeValue::String(s) if !s.trim().is_empty() => strings.push(s.trim().to_string()),
                other => {
                    let found = if other.is_str() { "an empty string" } else { other.type_str() };
                    let message = format!("action `{action}`: expected key names like \"ctrl-d\" or [\"j\", \"down\"], found {found}");
                    return Err(Problem { message, span: Some(key.span()) });
                }
            }
        }
        out.insert(action.to_string(), strings);
    }
    Ok(out)
}

/// `~` and `~/x` mean the home folder.
fn expand_home(path: &str) -> PathBuf {
    let home = || directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
    match path.strip_prefix('~') {
        Some("") => home().unwrap_or_else(|| path.into()),
        Some(rest) if rest.starts_with(['/', '\\']) => home().map_or_else(|| path.into(), |h| h.join(&rest[1..])),
        _ => PathBuf::from(path),
    }
}

/// The template file for new posts, looked for in the config folder.
pub const NEW_POST_TEMPLATE: &str = "new-post.md";

/// The user's template for new posts (`new-post.md` in the config folder), if they made one.
pub fn new_post_template() -> Result<Option<String>, TemplateError> {
    let Some(dir) = config_dir() else { return Ok(None) };
    let path = dir.join(NEW_POST_TEMPLATE);
    match crate::file::read_text(&path, crate::file::SETTINGS_LIMIT) {
        Ok(text) => Ok(Some(text)),
        Err(crate::file::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(TemplateError { path, source }),
    }
}

/// The new-post template exists but cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the template {}: {source}", path.display())]
pub struct TemplateError {
    /// The template file.
    pub path: PathBuf,
    /// Why it could not be read.
    #[source]
    pub source: crate::file::ReadError,
}

pub mod serve;

#[cfg(test)]
mod tests;
