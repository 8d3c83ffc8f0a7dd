//! Hugo archetypes: `archetypes/<section>.md`, else `archetypes/default.md`, filled with the forms
//! bloggers write; any other template action is kept as written and named.

use std::path::{Path, PathBuf};

/// An archetype, filled.
#[derive(Debug, PartialEq, Eq)]
pub struct Filled {
    /// The new post's text.
    pub text: String,
    /// What to tell the user (template actions kept as written).
    pub notes: Vec<String>,
}

/// The archetype for a post that will be written at `post`: the Hugo site is the folder above the
/// `content/` it is under, its section the first folder below `content/`.
pub fn find(post: &Path) -> Option<PathBuf> {
    let content = post.ancestors().skip(1).find(|a| a.file_name().is_some_and(|n| n == "content"))?;
    let archetypes = content.parent()?.join("archetypes");
    let below = post.strip_prefix(content).ok()?;
    let section = below.parent().and_then(|p| p.components().next()).map(|c| c.as_os_str().to_string_lossy().into_owned());
    section.map(|s| archetypes.join(format!("{s}.md"))).into_iter().chain([archetypes.join("default.md")]).find(|p| p.is_file())
}

/// Reads and fills the archetype at `path` (see [`fill`]); an unreadable one is named, not used.
pub fn load(path: &Path, slug: &str, title: &str, date: &str) -> Result<Filled, String> {
    let shown = shown(path);
    match crate::file::read_text(path, crate::file::SETTINGS_LIMIT) {
        Ok(text) => {
            let mut filled = fill(&text, slug, title, date);
            for note in &mut filled.notes {
                *note = format!("{shown}: {note}");
            }
            Ok(filled)
        }
        Err(err) => Err(format!("{shown} was not used: {err}")),
    }
}

/// `archetypes/NAME.md`, as a blogger names it.
fn shown(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!("archetypes/{name}")
}

/// Fills `{{ .Name }}` / `{{ .File.ContentBaseName }}` (the slug), `{{ .Date }}` and `{{ .Title }}` /
/// `{{ replace .Name "-" " " | title }}` (the typed title); `{{-` and `-}}` trim the white space
/// beside them as in Go templates. Other actions stay as written and are named in `notes`.
pub fn fill(template: &str, slug: &str, title: &str, date: &str) -> Filled {
    let mut text = String::with_capacity(template.len() + title.len());
    let mut notes: Vec<String> = Vec::new();
    let mut rest = template;
    let mut trim_next = false;
    while let Some(open) = rest.find("{{") {
        let Some(len) = rest[open + 2..].find("}}") else { break };
        let inner = &rest[open + 2..open + 2 + len];
        let trim_left = inner.starts_with("- ") || inner == "-";
        let trim_right = inner.ends_with(" -");
        let action = inner.strip_prefix('-').filter(|_| trim_left).unwrap_or(inner);
        let action = action.strip_suffix('-').filter(|_| trim_right).unwrap_or(action);
        let whole = &rest[open..open + 4 + len];
        let value = value(action, slug, title, date);
        // What quire does not fill stays exactly as written, the white space around it too.
        let before = if trim_next { rest[..open].trim_start() } else { &rest[..open] };
        text.push_str(if trim_left && value.is_some() { before.trim_end() } else { before });
        match value {
            Some(value) => text.push_str(&quoted(value, &text, &rest[open + 4 + len..])),
            None => {
                text.push_str(whole);
                if !notes.iter().any(|n| n.contains(whole)) {
                    notes.push(format!("kept {whole} as written (quire fills .Name, .Date and .Title)"));
                }
            }
        }
        rest = &rest[open + 4 + len..];
        trim_next = trim_right && value.is_some();
    }
    text.push_str(if trim_next { rest.trim_start() } else { rest });
    Filled { text, notes }
}

/// What a template action stands for, if quire knows it.
fn value<'a>(action: &str, slug: &'a str, title: &'a str, date: &'a str) -> Option<&'a str> {
    let words: Vec<&str> = action.split_whitespace().collect();
    let base = |w: &str| matches!(w, ".Name" | ".File.ContentBaseName" | ".File.BaseFileName" | ".File.TranslationBaseName");
    match words.as_slice() {
        // A comment, `{{/* ... */}}`, writes nothing.
        [first, .., last] if first.starts_with("/*") && last.ends_with("*/") => Some(""),
        [only] if only.starts_with("/*") && only.ends_with("*/") && only.len() >= 4 => Some(""),
        [".Date"] => Some(date),
        [".Title"] => Some(title),
        [w] if base(w) => Some(slug),
        ["replace", w, "\"-\"", "\"", "\"", "|", "title"] if base(w) => Some(title),
        ["title", "(replace", w, "\"-\"", "\"", "\")"] if base(w) => Some(title),
        _ => None,
    }
}

/// `value` escaped for the quotes around it in the template (`"{{ .Title }}"` or `'{{ .Title }}'`).
fn quoted(value: &str, before: &str, after: &str) -> String {
    if before.ends_with('"') && after.starts_with('"') {
        value.replace('\\', "\\\\").replace('"', "\\\"")
    } else if before.ends_with('\'') && after.starts_with('\'') {
        value.replace('\'', "''")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATE: &str = "2026-12-02T03:00:00+01:00";

    fn filled(template: &str) -> Filled {
        fill(template, "ete-a-paris", "Été à \"Paris\"", DATE)
    }

    #[test]
    fn each_form_bloggers_write_is_filled() {
        let hugo_default =
            "+++\ntitle = '{{ replace .File.ContentBaseName \"-\" \" \" | title }}'\ndate = {{ .Date }}\ndraft = true\n+++\n";
        assert_eq!(filled(hugo_default).text, "+++\ntitle = 'Été à \"Paris\"'\ndate = 2026-12-02T03:00:00+01:00\ndraft = true\n+++\n");
        let yaml = "---\ntitle: \"{{ .Title }}\"\nslug: {{ .Name }}\nalias: {{replace .Name \"-\" \" \" | title}}\ndraft: true\n---\n";
        let want = "---\ntitle: \"Été à \\\"Paris\\\"\"\nslug: ete-a-paris\nalias: Été à \"Paris\"\ndraft: true\n---\n";
        assert_eq!(filled(yaml), Filled { text: want.into(), notes: vec![] });
    }

    #[test]
    fn trimming_forms_trim_the_space_beside_them() {
        assert_eq!(filled("slug:   {{- .Name -}}  \n!").text, "slug:ete-a-paris!");
        assert_eq!(filled("a {{- .Name }} b").text, "aete-a-paris b");
        assert_eq!(filled("+++\n\n{{- /* intro */ -}}\n\nBody").text, "+++Body");
        assert_eq!(filled("a {{/* x */}} b").text, "a  b");
        assert_eq!(filled("a\n {{- .Site.X -}} \nb").text, "a\n {{- .Site.X -}} \nb");
    }

    #[test]
    fn other_actions_are_kept_as_written_and_named_once() {
        let template = "---\nauthor: {{ .Site.Params.author }}\nx: {{ .Site.Params.author }}\n{{ if .Draft }}y{{ end }}\n---\n";
        let out = filled(template);
        assert_eq!(out.text, template);
        assert_eq!(
            out.notes,
            [
                "kept {{ .Site.Params.author }} as written (quire fills .Name, .Date and .Title)",
                "kept {{ if .Draft }} as written (quire fills .Name, .Date and .Title)",
                "kept {{ end }} as written (quire fills .Name, .Date and .Title)",
            ]
        );
        assert_eq!(filled("an {{ unclosed").text, "an {{ unclosed");
    }

    #[test]
    fn the_section_archetype_wins_over_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path();
        std::fs::create_dir_all(site.join("archetypes")).unwrap();
        std::fs::write(site.join("archetypes/default.md"), "d").unwrap();
        std::fs::write(site.join("archetypes/posts.md"), "p").unwrap();
        assert_eq!(find(&site.join("content/posts/2026/x.md")), Some(site.join("archetypes/posts.md")));
        assert_eq!(find(&site.join("content/notes/x/index.md")), Some(site.join("archetypes/default.md")));
        assert_eq!(find(&site.join("content/x.md")), Some(site.join("archetypes/default.md")));
        assert_eq!(find(&site.join("elsewhere/x.md")), None);
    }
}
