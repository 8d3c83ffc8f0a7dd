//! `quire new` fills a Hugo site's archetypes and gives Jekyll posts the site's `layout: post`,
//! checked with the exact bytes written and the warnings printed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `quire new DIR TITLE` with an empty config; the path printed, its text (the date as `<now>`), stderr.
fn quire_new(dir: &Path, title: &str) -> (PathBuf, String, String) {
    let config = dir.with_extension("config.toml");
    std::fs::write(&config, "").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["new".as_ref(), dir.as_os_str(), title.as_ref()])
        .env("QUIRE_CONFIG", &config)
        .output()
        .expect("quire runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let path = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim_end());
    let text = std::fs::read_to_string(&path).unwrap();
    (path, without_now(&text), String::from_utf8(out.stderr).unwrap())
}

/// The text with today's RFC 3339 time stamp replaced by `<now>`.
fn without_now(text: &str) -> String {
    let today = chrono::Local::now().format("%Y-%m-%dT").to_string();
    let Some(at) = text.find(&today) else { return text.to_string() };
    let end = at + "YYYY-MM-DDTHH:MM:SS+HH:MM".len();
    format!("{}<now>{}", &text[..at], &text[end..])
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A Hugo site with one post in `content/posts/` and the archetypes given.
fn hugo_site(archetypes: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("hugo.toml"), "baseURL = 'https://example.org/'\n");
    write(&dir.path().join("content/posts/older.md"), "---\ntitle: Older\ndate: 2024-01-02\n---\n\nOld.\n");
    for (name, text) in archetypes {
        write(&dir.path().join("archetypes").join(name), text);
    }
    dir
}

#[test]
fn the_section_archetype_is_filled_with_every_form() {
    let posts = "---\ntitle: \"{{ replace .File.ContentBaseName \"-\" \" \" | title }}\"\nslug: {{ .Name }}\n\
                 heading: [ {{- .Title -}} ]\ndate: {{ .Date }}\ndraft: true\n---\n\nAbout {{ .Title }}.\n";
    let site = hugo_site(&[("posts.md", posts), ("default.md", "---\ntitle: default\n---\n")]);
    let (path, text, stderr) = quire_new(site.path(), "Été à Paris");
    assert_eq!(path, site.path().join("content/posts/ete-a-paris.md"));
    assert_eq!(
        text,
        "---\ntitle: \"Été à Paris\"\nslug: ete-a-paris\nheading: [Été à Paris]\ndate: <now>\ndraft: true\n---\n\nAbout Été à Paris.\n"
    );
    assert_eq!(stderr, "");
}

#[test]
fn the_default_archetype_serves_sections_without_their_own() {
    let default = "+++\ntitle = '{{ replace .File.ContentBaseName \"-\" \" \" | title }}'\ndate = {{ .Date }}\ndraft = true\n+++\n";
    let site = hugo_site(&[("default.md", default), ("notes.md", "---\ntitle: notes\n---\n")]);
    let (path, text, _) = quire_new(site.path(), "Hello again");
    assert_eq!(path, site.path().join("content/posts/hello-again.md"));
    assert_eq!(text, "+++\ntitle = 'Hello again'\ndate = <now>\ndraft = true\n+++\n");
}

#[test]
fn unknown_template_actions_are_kept_and_named_on_stderr() {
    let default = "---\ntitle: \"{{ .Title }}\"\nauthor: {{ .Site.Params.author }}\ndraft: true\n---\n";
    let site = hugo_site(&[("default.md", default)]);
    let (_, text, stderr) = quire_new(site.path(), "Kept");
    assert_eq!(text, "---\ntitle: \"Kept\"\nauthor: {{ .Site.Params.author }}\ndraft: true\ndate: <now>\n---\n");
    assert_eq!(
        stderr,
        "quire: warning: archetypes/default.md: kept {{ .Site.Params.author }} as written (quire fills .Name, .Date and .Title)\n"
    );
}

#[test]
fn jekyll_posts_get_layout_post_when_the_newest_posts_have_it() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("with");
    write(&site.join("_posts/2024-01-01-a.md"), "---\nlayout: post\ntitle: A\n---\n");
    write(&site.join("_posts/2024-02-01-b.md"), "---\nlayout: \"post\"\ntitle: B\n---\n");
    let (_, text, _) = quire_new(&site, "News");
    assert_eq!(text, "---\nlayout: post\ntitle: News\ndate: <now>\npublished: false\n---\n\n");

    let site = dir.path().join("without");
    write(&site.join("_posts/2024-01-01-a.md"), "---\nlayout: post\ntitle: A\n---\n");
    write(&site.join("_posts/2024-02-01-b.md"), "---\nlayout: page\ntitle: B\n---\n");
    write(&site.join("_posts/2024-03-01-c.md"), "---\ntitle: C\n---\n");
    let (_, text, _) = quire_new(&site, "News");
    assert_eq!(text, "---\ntitle: News\ndate: <now>\npublished: false\n---\n\n");
}
