//! `quire themes`: the themes `--theme` accepts (bundled and the user's), which one is in use, and
//! with `--code` the syntect themes a theme file may name in `code_theme`.

use std::io::{IsTerminal, Write};
use std::path::Path;

use ratatui::backend::IntoCrossterm;
use ratatui::style::Style;

use crate::color::ColorDepth;
use crate::config;
use crate::theme::{self, DEFAULT_THEME, Theme, ThemeSource};

/// Arguments of `quire themes`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// List the code-block themes (for `code_theme` in a theme file) instead.
    #[arg(long)]
    pub code: bool,
}

/// Where the theme in use was chosen, for the legend.
fn chosen_by(cli: &super::Cli, config: &config::Config) -> (String, &'static str) {
    match &cli.theme {
        Some(name) => (name.clone(), "--theme"),
        None if config.theme != DEFAULT_THEME => (config.theme.clone(), "config.toml"),
        None => (DEFAULT_THEME.to_string(), "the default"),
    }
}

/// Runs the command. Config warnings go to stderr; the list to stdout.
pub fn run(args: &Args, cli: &super::Cli) -> anyhow::Result<i32> {
    let (config, warnings) = config::load();
    for warning in &warnings {
        super::warn(warning);
    }
    let config_dir = config::config_dir();
    let mut out = std::io::stdout().lock();
    let (active, source) = chosen_by(cli, &config);
    if args.code {
        let (theme, _) = theme::load_or_default(&active, config_dir.as_deref());
        write_code_themes(&mut out, config_dir.as_deref(), &theme.render.code_theme)?;
    } else {
        let depth = cli.color.unwrap_or(config.color).depth(std::io::stdout().is_terminal());
        write_themes(&mut out, config_dir.as_deref(), (&active, source), depth)?;
    }
    Ok(0)
}

fn source_label(source: &ThemeSource) -> &'static str {
    match source {
        ThemeSource::Bundled => "bundled",
        ThemeSource::User(_) => "user",
    }
}

/// A few words in a theme's own styles, at the output's color depth, so themes can be compared at a glance.
fn swatch(theme: &Theme, depth: ColorDepth) -> String {
    let theme = theme.adapted(depth);
    let (ui, r) = (&theme.ui, &theme.render);
    let parts: [(&str, Style); 6] = [
        ("Heading", r.heading[0]),
        ("link", r.link),
        ("code", r.inline_code),
        ("#tag", ui.list_tag),
        ("DRAFT", ui.badge_draft),
        ("selected", ui.list_selected),
    ];
    let styled: Vec<String> = parts.iter().map(|(text, style)| style.into_crossterm().apply(*text).to_string()).collect();
    styled.join(" ")
}

/// The visible width of [`swatch`]: its words and the spaces between them.
const SWATCH_WIDTH: usize = "Heading link code #tag DRAFT selected".len();

fn write_themes(out: &mut impl Write, config_dir: Option<&Path>, (active, source): (&str, &str), depth: ColorDepth) -> std::io::Result<()> {
    let infos = theme::list(config_dir);
    let width = infos.iter().map(|i| i.name.chars().count()).max().unwrap_or(0);
    let mut active_ok = false;
    for info in &infos {
        let mark = if info.name == active { '*' } else { ' ' };
        active_ok |= info.name == active && info.problem.is_none();
        let kind = match (&info.source, info.name == DEFAULT_THEME) {
            (ThemeSource::Bundled, true) => "bundled, default".to_string(),
            (ThemeSource::User(_), true) => "user, default".to_string(),
            (s, false) => source_label(s).to_string(),
        };
        let about = match (&info.problem, &info.source) {
            (Some(problem), _) => format!("BROKEN: {problem}"),
            (None, ThemeSource::User(path)) if info.description.is_empty() => path.display().to_string(),
            (None, _) => info.description.clone(),
        };
        write!(out, "{mark} {:width$}  {kind:16}  ", super::terminal_line(&info.name))?;
        if depth != ColorDepth::None {
            match theme::load(&info.name, config_dir) {
                Ok(theme) => write!(out, "{}  ", swatch(&theme, depth))?,
                Err(_) => write!(out, "{:SWATCH_WIDTH$}  ", "")?,
            }
        }
        writeln!(out, "{}", super::terminal_line(&about))?;
    }
    writeln!(out)?;
    if active_ok {
        writeln!(out, "* in use (chosen by {source}); pick another with --theme NAME or `theme = \"NAME\"` in config.toml")?;
    } else {
        let active = super::terminal_line(active);
        writeln!(out, "\"{active}\" (chosen by {source}) is missing or broken; quire uses \"{DEFAULT_THEME}\" instead")?;
    }
    match config_dir {
        Some(dir) => writeln!(
            out,
            "User themes: {}/*.toml (a user theme may `extends = \"dark\"` and set only some keys)",
            super::terminal_line(&dir.join(theme::THEMES_SUBDIR).display().to_string())
        ),
        None => writeln!(out, "User themes: no config folder (no home folder found; set {})", config::CONFIG_ENV),
    }
}

fn write_code_themes(out: &mut impl Write, config_dir: Option<&Path>, active: &str) -> std::io::Result<()> {
    for code in theme::code_themes(config_dir) {
        let mark = if code.name == active { '*' } else { ' ' };
        let name = super::terminal_line(&code.name);
        writeln!(out, "{mark} {name:28}  {}", source_label(&code.source))?;
    }
    writeln!(out)?;
    writeln!(out, "* used by the current theme; set `code_theme = \"NAME\"` in a theme file to change it")?;
    if let Some(dir) = config_dir {
        let dir = super::terminal_line(&dir.join(theme::THEMES_SUBDIR).display().to_string());
        writeln!(out, "User code themes: {dir}/*.tmTheme")?;
    }
    Ok(())
}
