//! `quire new`: create a post from the shell and print its path.

use std::path::PathBuf;

use anyhow::bail;

/// Arguments of `quire new`.
#[derive(Debug, clap::Args)]
#[command(after_help = "The post is named from the title (`My Post` -> my-post.md, dated in a Jekyll `_posts/`), \
                        starts as a draft, and uses the folder's front-matter dialect, or the template \
                        `new-post.md` in quire's config folder if there is one. An existing file is never replaced.")]
pub struct Args {
    /// The folder to create the post in (default: the current one; a Jekyll site uses its `_posts/`), then the title.
    #[arg(value_name = "[DIR] TITLE", num_args = 1..=2, required = true)]
    pub words: Vec<String>,
    /// A tag for the post (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<i32> {
    let (dir, title) = match args.words.as_slice() {
        [title] => (PathBuf::from("."), title),
        [dir, title] => (PathBuf::from(dir), title),
        _ => bail!("give a title, optionally after a folder: quire new [DIR] TITLE"),
    };
    if !dir.is_dir() {
        bail!("{} is not a folder", dir.display());
    }
    let template = crate::config::new_post_template()?;
    let (config, warnings) = crate::config::load();
    warnings.iter().for_each(|w| super::warn(w));
    let new = crate::library::create_post_placed(&dir, title, &args.tags, template.as_deref(), config.new_post_path.as_deref())?;
    new.notes.iter().for_each(|note| super::warn(note));
    println!("{}", super::terminal_line(&new.path.display().to_string()));
    Ok(0)
}
