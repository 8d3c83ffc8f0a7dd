//! `quire completions SHELL` and `quire man`: generated from the CLI definition itself, so they
//! never drift from what `quire --help` says.

use std::io::Write;

use clap::CommandFactory;

/// Arguments of `quire completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Where to put the script:\n  \
    bash:        quire completions bash > ~/.local/share/bash-completion/completions/quire\n  \
    zsh:         quire completions zsh > ~/.zfunc/_quire   (with fpath+=~/.zfunc before compinit)\n  \
    fish:        quire completions fish > ~/.config/fish/completions/quire.fish\n  \
    powershell:  quire completions powershell >> $PROFILE\n  \
    elvish:      quire completions elvish >> ~/.config/elvish/rc.elv")]
pub struct CompletionsArgs {
    /// The shell to write the completion script for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Writes the completion script for a shell on stdout.
pub fn completions(args: &CompletionsArgs) -> anyhow::Result<i32> {
    let mut command = super::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "quire", &mut out);
    write_out(&out)
}

/// Arguments of `quire man`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Install it with: quire man > ~/.local/share/man/man1/quire.1")]
pub struct ManArgs {}

/// Writes the man page (roff, section 1) on stdout: one page, as ripgrep and bat ship, with a
/// section per subcommand (its synopsis, description and options) after the main ones.
pub fn man(_args: &ManArgs) -> anyhow::Result<i32> {
    let command = super::Cli::command();
    let page = clap_mangen::Man::new(command.clone());
    let mut out = Vec::new();
    page.render_title(&mut out)?;
    page.render_name_section(&mut out)?;
    page.render_synopsis_section(&mut out)?;
    page.render_description_section(&mut out)?;
    page.render_options_section(&mut out)?;
    page.render_subcommands_section(&mut out)?;
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("quire {}", sub.get_name());
        subcommand_section(&mut out, &name, sub.clone().bin_name(name.clone()))?;
    }
    page.render_extra_section(&mut out)?;
    page.render_version_section(&mut out)?;
    write_out(&out)
}

/// `.SH "QUIRE LIST"`, then the subcommand's synopsis, description and options as subsections.
fn subcommand_section(out: &mut Vec<u8>, name: &str, sub: clap::Command) -> std::io::Result<()> {
    let page = clap_mangen::Man::new(sub);
    writeln!(out, ".SH \"{}\"", name.to_uppercase())?;
    let mut parts = Vec::new();
    page.render_synopsis_section(&mut parts)?;
    page.render_description_section(&mut parts)?;
    page.render_options_section(&mut parts)?;
    for line in String::from_utf8_lossy(&parts).lines() {
        // Each part repeats roff's quote-string preamble; the page has it once already.
        if line.starts_with(".ie ") || line.starts_with(".el ") {
            continue;
        }
        match line.strip_prefix(".SH ") {
            Some(heading) => writeln!(out, ".SS {heading}")?,
            None => writeln!(out, "{line}")?,
        }
    }
    Ok(())
}

fn write_out(bytes: &[u8]) -> anyhow::Result<i32> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()?;
    Ok(0)
}
