//! A generator's own config file, read into the few settings quire follows.

use std::path::{Path, PathBuf};

use crate::post::frontmatter::{self, Format, Split};
use crate::post::{Problem, Value};

/// The settings of a site's config that decide what is content and where it is published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Jekyll `exclude:` entries (paths or globs from the site root), defaults included.
    pub exclude: Vec<String>,
    /// Jekyll `include:` entries: dot and underscore names that are content after all.
    pub include: Vec<String>,
    /// Jekyll collections (`collections:` names, without the `_`).
    pub collections: Vec<String>,
    /// Jekyll's site-wide `permalink:` (a style name or a pattern).
    pub permalink: Option<String>,
    /// Hugo `permalinks`: section (or `page`'s section) -> pattern.
    pub permalinks: Vec<(String, String)>,
    /// Hugo `params.mainSections`: when set, only pages of these sections are posts.
    pub main_sections: Option<Vec<String>>,
    /// Taxonomy names (their list pages are generated, never files).
    pub taxonomies: Vec<String>,
    /// The path part of the base URL (`/blog` of `https://example.org/blog/`), without the end `/`.
    pub base_path: String,
    /// The site's address with scheme and host (`https://example.org/blog`), without the end `/`,
    /// when its config gives one.
    pub base_url: Option<String>,
    /// Hugo `uglyURLs`: pages publish as `name.html`.
    pub ugly_urls: bool,
    /// Hugo lowercases published paths unless `disablePathToLower`.
    pub lower_paths: bool,
    /// Zola `ignored_content` globs.
    pub ignored: Vec<String>,
    /// Generated feed file names (`feed.xml`, Zola's `feed_filenames`).
    pub feeds: Vec<String>,
    /// Hugo `contentDir` (default `content`).
    pub content_dir: Option<String>,
}

/// Jekyll leaves these out even when `exclude:` does not name them.
pub const JEKYLL_DEFAULT_EXCLUDES: [&str; 10] = [
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
];

/// Reads a YAML, TOML or JSON config file into keys, or says why it cannot.
pub fn read(path: &Path) -> Result<Vec<(String, Value)>, Problem> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Problem::file(format!("cannot read the site config: {}", crate::post::io_reason(&e))))?;
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => Format::Toml,
        Some("json") => Format::Json,
        _ => Format::Yaml,
    };
    let split = Split { format, raw: &text, raw_start: 0, raw_line: 1, body_start: text.len(), body_line: 1, problem: None };
    let (fields, problems) = frontmatter::fields(&split);
    match problems.into_iter().next() {
        Some(problem) => Err(Problem { message: format!("site config: {}", problem.message), ..problem }),
        None => Ok(fields),
    }
}

/// The value of a key, case-insensitively (Hugo's keys are).
pub fn get<'a>(fields: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v)
}

fn list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::List(items)) => items.iter().filter_map(Value::as_text).collect(),
        Some(Value::Map(entries)) => entries.iter().map(|(k, _)| k.clone()).collect(),
        Some(other) => other.as_text().into_iter().collect(),
        None => Vec::new(),
    }
}

fn text(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_text).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The path of a base URL: `https://example.org/blog/` -> `/blog`.
/// A base URL with a scheme and a host, without the end `/`; `None` for a bare path.
fn full_url(url: Option<String>) -> Option<String> {
    let url = url?;
    let (_, rest) = url.split_once("://")?;
    (!rest.trim_matches('/').is_empty()).then(|| url.trim_end_matches('/').to_string())
}

fn base_path(url: Option<String>) -> String {
    let url = url.unwrap_or_default();
    let after_host = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let path = if url.contains("://") { after_host } else { url.as_str() };
    path.trim_end_matches('/').to_string()
}

/// Jekyll's `_config.yml` settings.
pub fn jekyll(fields: &[(String, Value)]) -> Settings {
    let mut exclude = list(get(fields, "exclude"));
    exclude.extend(JEKYLL_DEFAULT_EXCLUDES.iter().map(|s| s.to_string()));
    Settings {
        exclude,
        include: list(get(fields, "include")),
        collections: list(get(fields, "collections")),
        permalink: text(get(fields, "permalink")),
        base_path: base_path(text(get(fields, "baseurl"))),
        base_url: full_url(
            text(get(fields, "url")).map(|u| format!("{}{}", u.trim_end_matches('/'), base_path(text(get(fields, "baseurl"))))),
        ),
        feeds: vec!["feed.xml".into(), "atom.xml".into(), "rss.xml".into(), "sitemap.xml".into()],
        ..Settings::default()
    }
}

/// Hugo's settings, from `hugo.*`/`config.*` or the files of `config/_default/` (merged by the caller).
pub fn hugo(fields: &[(String, Value)]) -> Settings {
    let params = get(fields, "params");
    let main_sections = params.and_then(|p| p.get("mainSections")).or_else(|| get(fields, "mainSections")).map(|v| list(Some(v)));
    let mut permalinks = Vec::new();
    if let Some(Value::Map(entries)) = get(fields, "permalinks") {
        for (key, value) in entries {
            match value {
                // Hugo 0.112+: `[permalinks.page] posts = "…"`, by kind then section.
                Value::Map(by_section) if key.eq_ignore_ascii_case("page") => {
                    permalinks.extend(by_section.iter().filter_map(|(s, p)| Some((s.clone(), p.as_text()?))));
                }
                Value::Map(_) => {}
                other => permalinks.extend(other.as_text().map(|p| (key.clone(), p))),
            }
        }
    }
    let mut taxonomies: Vec<String> = match get(fields, "taxonomies") {
        Some(Value::Map(entries)) => entries.iter().filter_map(|(_, v)| v.as_text()).collect(),
        _ => vec!["tags".into(), "categories".into()],
    };
    taxonomies.sort();
    let flag = |key: &str| get(fields, key).and_then(Value::as_bool).unwrap_or(false);
    Settings {
        permalinks,
        main_sections,
        taxonomies,
        base_path: base_path(text(get(fields, "baseURL"))),
        base_url: full_url(text(get(fields, "baseURL"))),
        ugly_urls: flag("uglyURLs"),
        lower_paths: !flag("disablePathToLower"),
        feeds: vec!["index.xml".into(), "sitemap.xml".into(), "robots.txt".into()],
        content_dir: text(get(fields, "contentDir")),
        ..Settings::default()
    }
}

/// Zola's `config.toml` settings.
pub fn zola(fields: &[(String, Value)]) -> Settings {
    let taxonomies = match get(fields, "taxonomies") {
        Some(Value::List(items)) => items.iter().filter_map(|t| t.get("name").and_then(Value::as_text)).collect(),
        _ => Vec::new(),
    };
    let mut feeds = list(get(fields, "feed_filenames"));
    feeds.extend(text(get(fields, "feed_filename")));
    if feeds.is_empty() {
        feeds.push("atom.xml".into());
    }
    feeds.extend(["sitemap.xml".to_string(), "robots.txt".to_string()]);
    Settings {
        taxonomies,
        base_path: base_path(text(get(fields, "base_url"))),
        base_url: full_url(text(get(fields, "base_url"))),
        ignored: list(get(fields, "ignored_content")),
        feeds,
        ..Settings::default()
    }
}

/// The config files of a Hugo `config/_default/` folder, merged: `hugo.*`/`config.*` at the top
/// level, `params.*`, `permalinks.*`, `taxonomies.*` under their own key.
pub fn hugo_config_dir(dir: &Path) -> Result<Vec<(String, Value)>, (PathBuf, Problem)> {
    let mut merged = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(merged) };
    let mut files: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    for file in files {
        let (Some(stem), Some("toml" | "yaml" | "yml" | "json")) =
            (file.file_stem().and_then(|s| s.to_str()), file.extension().and_then(|e| e.to_str()))
        else {
            continue;
        };
        let fields = read(&file).map_err(|p| (file.clone(), p))?;
        match stem {
            "hugo" | "config" => merged.extend(fields),
            other => merged.push((other.to_string(), Value::Map(fields))),
        }
    }
    Ok(merged)
}

/// Whether `path` (relative, `/`-separated) matches a shell glob: `*` and `?` within a name, `**`
/// across folders.
pub fn glob(pattern: &str, path: &str) -> bool {
    fn matches(p: &[u8], t: &[u8]) -> bool {
        match p.first() {
            None => t.is_empty(),
            Some(b'*') if p.get(1) == Some(&b'*') => {
                let rest = p[2..].strip_prefix(b"/").unwrap_or(&p[2..]);
                rest.is_empty() || (0..=t.len()).any(|i| (i == 0 || t[i - 1] == b'/') && matches(rest, &t[i..])) || matches(&p[2..], t)
            }
            Some(b'*') => (0..=t.len()).take_while(|&i| i == 0 || t[i - 1] != b'/').any(|i| matches(&p[1..], &t[i..])),
            Some(b'?') => !t.is_empty() && t[0] != b'/' && matches(&p[1..], &t[1..]),
            Some(c) => t.first() == Some(c) && matches(&p[1..], &t[1..]),
        }
    }
    matches(pattern.as_bytes(), path.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_within_names_and_across_folders() {
        assert!(glob("*.md", "notes.md"));
        assert!(!glob("*.md", "drafts/notes.md"));
        assert!(glob("**/*.md", "drafts/deep/notes.md"));
        assert!(glob("docs/**", "docs/a/b.md"));
        assert!(glob("a?c.md", "abc.md"));
        assert!(!glob("a?c.md", "a/c.md"));
    }

    #[test]
    fn full_base_urls_need_a_scheme_and_a_host() {
        assert_eq!(full_url(Some("https://example.org/blog/".into())).as_deref(), Some("https://example.org/blog"));
        assert_eq!(full_url(Some("/sub".into())), None);
        assert_eq!(full_url(Some("https://".into())), None);
    }

    #[test]
    fn base_paths_come_from_the_url() {
        assert_eq!(base_path(Some("https://example.org/blog/".into())), "/blog");
        assert_eq!(base_path(Some("https://example.org".into())), "");
        assert_eq!(base_path(Some("/sub".into())), "/sub");
    }
}
