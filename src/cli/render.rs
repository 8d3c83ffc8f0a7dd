//! `quire render`: print a post rendered for the terminal, like mdcat or glow.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::color::{ColorChoice, ColorDepth};
use crate::render::{self, RenderOptions, RenderStyles, ansi};

/// Width used when stdout is not a terminal and no `--width` is given.
const PIPE_WIDTH: u16 = 80;
/// Narrowest accepted `--width`.
const MIN_WIDTH: i64 = 10;
/// Widest accepted `--width`.
const MAX_WIDTH: i64 = 1000;

/// Arguments of `quire render`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Markdown file to render; `-` reads it (front matter included) from standard input.
    pub file: PathBuf,
    /// Columns to wrap to (default: the terminal's width, or 80 into a pipe).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(MIN_WIDTH..=MAX_WIDTH))]
    pub width: Option<u16>,
    /// Print no escape codes at all.
    #[arg(long)]
    pub plain: bool,
    /// When to page the output through `$QUIRE_PAGER`, else `$PAGER`, else `less -R`: `auto`
    /// pages on a terminal when the output is taller than the screen.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = Paging::Auto)]
    pub paging: Paging,
}

/// When `quire render` pages its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Paging {
    /// On a terminal, when the output is taller than the screen.
    Auto,
    /// Whenever standard output is a terminal.
    Always,
    /// Never.
    Never,
}

/// Runs the command.
pub fn run(args: &Args, cli: &super::Cli) -> anyhow::Result<i32> {
    let post = if args.file.as_os_str() == "-" { from_stdin()? } else { from_file(&args.file)? };
    if post.body.as_deref().is_none_or(str::is_empty)
        && post.fields().is_empty()
        && let Some(problem) = post.problems.first()
    {
        anyhow::bail!("cannot render {}: {}", args.file.display(), problem.message);
    }
    let is_terminal = std::io::stdout().is_terminal();
    let width = args.width.unwrap_or_else(|| terminal_width(is_terminal));
    let (mut styles, color, images) = settings_for(cli);
    let mode = output_mode(args.plain, Some(color), is_terminal);
    if mode.is_none() {
        // Plain text shows no colour: highlighting would be work thrown away.
        styles.code_theme = render::highlight::PLAIN_TEXT.to_string();
    }
    let rendered = render::render_post(&post, &RenderOptions { width, styles: &styles });
    let output = match mode {
        None => ansi::to_plain(&rendered.text),
        Some(depth) => ansi::to_ansi(&rendered.text, depth, is_terminal),
    };
    if is_terminal && pages(args.paging, &output) {
        return super::pager::show(&output).map(|()| 0);
    }
    // Pictures only for a terminal (never a pipe or the pager) that speaks a graphics protocol.
    let graphics = match (is_terminal, mode, args.file.as_os_str() == "-") {
        (true, Some(_), false) if !rendered.images.is_empty() => crate::images::detect::local(images),
        _ => None,
    };
    let output = match (graphics, mode) {
        (Some(g), Some(depth)) if g.protocol != crate::images::Protocol::Halfblocks => {
            crate::images::inline::with_pictures(&rendered, &post, width, &g, &styles, |r| ansi::to_ansi(&r.text, depth, is_terminal))
        }
        _ => output,
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(output.as_bytes())?;
    stdout.flush()?;
    // The process ends here: freeing the rendering line by line and span by span would only
    // cost time (a few percent of rendering a long post).
    std::mem::forget((post, rendered, output));
    Ok(0)
}

/// The post in a file.
fn from_file(path: &std::path::Path) -> anyhow::Result<crate::post::Post> {
    let meta = std::fs::metadata(path).map_err(|e| anyhow::anyhow!("cannot read {}: {}", path.display(), crate::post::io_reason(&e)))?;
    if meta.is_dir() {
        anyhow::bail!("{} is a folder; `quire render` takes one Markdown file", path.display());
    }
    Ok(crate::post::load(path))
}

/// The post on standard input, refused past the size limit a file has.
fn from_stdin() -> anyhow::Result<crate::post::Post> {
    use std::io::Read;
    let limit = crate::post::MAX_POST_BYTES;
    let mut bytes = Vec::new();
    std::io::stdin().lock().take(limit + 1).read_to_end(&mut bytes).map_err(|e| anyhow::anyhow!("cannot read standard input: {e}"))?;
    if bytes.len() as u64 > limit {
        anyhow::bail!("standard input is over the {} limit of what quire reads", crate::post::human_size(limit));
    }
    let stamp = crate::post::FileStamp { modified: None, len: bytes.len() as u64, hash: 0 };
    Ok(crate::post::parse(PathBuf::from("-"), &bytes, stamp))
}

/// Whether to page `output` on a terminal.
fn pages(paging: Paging, output: &str) -> bool {
    match paging {
        Paging::Never => false,
        Paging::Always => true,
        Paging::Auto => {
            let rows = crossterm::terminal::size().map(|(_, h)| usize::from(h)).unwrap_or(usize::MAX);
            output.lines().count() > rows
        }
    }
}

/// The styles and color mode to render with: `--theme` and `--color`, else config.toml's, else the
/// defaults. Config problems and a missing or broken theme are warnings on stderr, never a failure.
fn settings_for(cli: &super::Cli) -> (RenderStyles, ColorChoice, crate::images::Mode) {
    let (config, warnings) = crate::config::load();
    let name = cli.theme.as_deref().unwrap_or(&config.theme);
    let (theme, problem) = crate::theme::load_or_default(name, crate::config::config_dir().as_deref());
    for warning in warnings.iter().chain(&problem) {
        super::warn(warning);
    }
    (theme.render, cli.color.unwrap_or(config.color), config.images)
}

fn terminal_width(is_terminal: bool) -> u16 {
    if !is_terminal {
        return PIPE_WIDTH;
    }
    crossterm::terminal::size().map(|(w, _)| w).ok().filter(|w| *w > 0).unwrap_or(PIPE_WIDTH)
}

/// `None` for plain text; else the depth to style with. `auto` styles only a terminal, `never` and
/// `--plain` never style; NO_COLOR keeps bold and underline on a terminal (depth `None`).
fn output_mode(plain: bool, choice: Option<ColorChoice>, is_terminal: bool) -> Option<ColorDepth> {
    let choice = choice.unwrap_or_default();
    if plain || choice == ColorChoice::Never || (choice == ColorChoice::Auto && !is_terminal) {
        return None;
    }
    Some(choice.depth(is_terminal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_never_and_auto_into_a_pipe_print_no_escapes() {
        assert_eq!(output_mode(true, Some(ColorChoice::Always), true), None);
        assert_eq!(output_mode(false, Some(ColorChoice::Never), true), None);
        assert_eq!(output_mode(false, None, false), None);
    }

    #[test]
    fn explicit_depths_style_even_a_pipe() {
        assert_eq!(output_mode(false, Some(ColorChoice::Ansi256), false), Some(ColorDepth::Ansi256));
        assert_eq!(output_mode(false, Some(ColorChoice::TrueColor), false), Some(ColorDepth::TrueColor));
    }
}
