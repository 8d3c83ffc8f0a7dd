//! Where each generator publishes a post: its URL path by the site's permalink rules.

use std::borrow::Cow;
use std::path::Path;

use super::{Generator, Site};
use crate::post::{Post, Value};

/// The path a post publishes to (`/2017/05/09/slug/`), or `None` for a plain folder, which has
/// no URL rules to follow.
pub fn url_of(site: &Site, post: &Post) -> Option<String> {
    let rel = super::under(&post.path, site.content())?;
    // A key's text, trimmed.
    let text = |key: &str| {
        let text = match post.field(key)? {
            Value::String(s) if s.trim().len() == s.len() => s,
            other => other.as_text()?.trim().to_string(),
        };
        (!text.is_empty()).then_some(Cow::<str>::Owned(text))
    };
    let (dirs, stem) = dirs_and_stem(rel);
    let url = match site.generator() {
        Generator::Plain => return None,
        Generator::Hugo => text("url").map_or_else(|| hugo(site, post, &dirs, &stem, text("slug").as_deref()), Cow::into_owned),
        Generator::Zola => match text("path") {
            Some(path) => format!("/{}/", path.trim_matches('/')),
            None => {
                let mut url = String::with_capacity(rel.as_os_str().len() + 2);
                for dir in &dirs {
                    url.push('/');
                    url.push_str(&slugify(dir));
                }
                url.push('/');
                match text("slug") {
                    Some(slug) => url.push_str(&slug),
                    None => url.push_str(&slugify(crate::post::dates::strip_date_prefix(&stem))),
                }
                url.push('/');
                url
            }
        },
        Generator::Jekyll => jekyll(site, post, &dirs, &stem, text("permalink").as_deref(), text("slug").as_deref()),
    };
    Some(if url.starts_with('/') { url } else { format!("/{url}") })
}

/// Other URLs that lead to the post: Hugo and Zola `aliases`, Jekyll `redirect_from`.
pub fn aliases(post: &Post) -> Vec<String> {
    ["aliases", "redirect_from"].iter().filter_map(|k| post.field(k)).flat_map(|v| v.as_list()).collect()
}

/// Folders and the file's stem, borrowed from the path where it is UTF-8; a bundle's or
/// colocated page's `index.md` is named by its folder.
fn dirs_and_stem(rel: &Path) -> (Vec<Cow<'_, str>>, Cow<'_, str>) {
    let mut dirs: Vec<Cow<str>> =
        rel.parent().map(|p| p.components().map(|c| c.as_os_str().to_string_lossy()).collect()).unwrap_or_default();
    let mut stem = rel.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
    if stem == "index" {
        stem = dirs.pop().unwrap_or_default();
    }
    (dirs, stem)
}

fn hugo(site: &Site, post: &Post, dirs: &[Cow<str>], stem: &str, slug: Option<&str>) -> String {
    let settings = site.settings();
    let section = dirs.first().map(|d| &**d).unwrap_or("");
    let pattern = settings.permalinks.iter().find(|(s, _)| s.eq_ignore_ascii_case(section)).map(|(_, p)| p.as_str());
    let url = match pattern {
        Some(pattern) => {
            let title = urlize(&post.title);
            let named = slug.unwrap_or(stem).to_string();
            expand(
                pattern,
                post,
                &[
                    (":slugorcontentbasename", named.clone()),
                    (":slugorfilename", named),
                    (":contentbasename", stem.to_string()),
                    (":filename", stem.to_string()),
                    (":sections", dirs.join("/")),
                    (":section", section.to_string()),
                    (":slug", slug.map_or_else(|| title.clone(), str::to_string)),
                    (":title", title),
                ],
            )
        }
        None => {
            // `/dir/…/name/` (or `.html`), built in one string: every post of a site takes this way.
            let mut url = String::with_capacity(post.path.as_os_str().len() + 2);
            for dir in dirs {
                url.push('/');
                url.push_str(dir);
            }
            url.push('/');
            url.push_str(&urlize(slug.unwrap_or(stem)));
            url.push_str(if settings.ugly_urls { ".html" } else { "/" });
            url
        }
    };
    let has_upper = url.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii());
    if settings.lower_paths && has_upper { url.to_lowercase() } else { url }
}

fn jekyll(site: &Site, post: &Post, dirs: &[Cow<str>], stem: &str, permalink: Option<&str>, slug: Option<&str>) -> String {
    let in_posts = dirs.iter().position(|d| d == "_posts" || d == "_drafts");
    let title = slug.unwrap_or_else(|| crate::post::dates::strip_date_prefix(stem)).to_string();
    let style = site.settings().permalink.as_deref().unwrap_or("date");
    let pretty = style == "pretty" || style.ends_with('/');
    let Some(posts_at) = in_posts else {
        if let Some(permalink) = permalink {
            return expand(permalink, post, &[(":title", title), (":basename", stem.to_string())]);
        }
        // A page (or a collection document) publishes at its path.
        let mut parts: Vec<String> = dirs.iter().map(|d| d.trim_start_matches('_').to_string()).collect();
        if !stem.is_empty() {
            parts.push(stem.to_string());
        }
        let path = parts.join("/");
        let is_index = post.path.file_stem().is_some_and(|s| s == "index");
        return if is_index || pretty || path.is_empty() { format!("/{path}/") } else { format!("/{path}.html") };
    };
    let mut categories: Vec<String> = dirs[..posts_at].iter().map(|d| d.to_string()).collect();
    categories.extend(post.categories.iter().map(|c| c.replace(' ', "-")));
    let pattern = permalink.map(str::to_string).unwrap_or_else(|| match style {
        "date" => "/:categories/:year/:month/:day/:title:output_ext".into(),
        "pretty" => "/:categories/:year/:month/:day/:title/".into(),
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext".into(),
        "none" => "/:categories/:title:output_ext".into(),
        custom => custom.to_string(),
    });
    expand(
        &pattern,
        post,
        &[(":categories", categories.join("/")), (":output_ext", ".html".into()), (":title", title.clone()), (":slug", title)],
    )
}

/// Fills a permalink pattern: the given tokens, then the date's.
fn expand(pattern: &str, post: &Post, tokens: &[(&str, String)]) -> String {
    let mut tokens: Vec<(&str, String)> = tokens.to_vec();
    if let Some(date) = post.date {
        for (token, format) in [
            (":year", "%Y"),
            (":monthname", "%B"),
            (":month", "%m"),
            (":i_month", "%-m"),
            (":day", "%d"),
            (":i_day", "%-d"),
            (":y_day", "%j"),
            (":short_year", "%y"),
        ] {
            tokens.push((token, date.format(format)));
        }
    }
    // Longest tokens first, so `:monthname` is not read as `:month` + `name`.
    tokens.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
    let mut url = pattern.to_string();
    for (token, value) in tokens {
        url = url.replace(token, &value);
    }
    while url.contains("//") {
        url = url.replace("//", "/");
    }
    url
}

/// Hugo's `urlize`: lowercase, spaces to `-`, characters that do not belong in a path dropped.
fn urlize(text: &str) -> String {
    let text = text.trim();
    if text.is_ascii() {
        // Byte by byte, lowercased as it is built (ASCII has no context-dependent lowercase).
        let mut url = Vec::with_capacity(text.len());
        for b in text.bytes() {
            match b {
                b' ' => url.push(b'-'),
                b if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') => url.push(b.to_ascii_lowercase()),
                _ => {}
            }
        }
        return String::from_utf8(url).unwrap_or_default();
    }
    text.chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~') => Some(c),
            _ => None,
        })
        .collect::<String>()
        .to_lowercase()
}

/// Zola's slugify (mode `on`) for path parts.
pub fn slugify(text: &str) -> String {
    crate::links::ids::zola(text)
}

/// The form URLs are compared in: no base path, query or fragment, no `index.html` or `.html`,
/// no slashes at the ends, lowercase, `%` escapes decoded. `""` is the home page.
pub fn normalize(site: &Site, url: &str) -> String {
    normalized(site, url).into_owned()
}

/// [`normalize`], borrowing `url` when it needs no decoding or lowercasing (a lookup of a link's
/// target copies nothing then).
pub fn normalized<'u>(site: &Site, url: &'u str) -> Cow<'u, str> {
    let url = url.split(['#', '?']).next().unwrap_or("");
    let decoded = crate::links::check::percent_decode(url);
    // Most URLs are lowercase ASCII already: no second copy for them.
    let url: Cow<str> = match decoded.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        true => decoded.to_lowercase().into(),
        false => decoded,
    };
    match url {
        Cow::Borrowed(url) => Cow::Borrowed(undecorated(site, url)),
        Cow::Owned(url) => Cow::Owned(undecorated(site, &url).to_string()),
    }
}

/// A decoded, lowercased URL without its base path, `index.html`, `.html` and end slashes.
fn undecorated<'u>(site: &Site, url: &'u str) -> &'u str {
    let base = &site.settings().base_path;
    let under_base = |base: &str| url.strip_prefix(base).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    let lower = if base.is_empty() { String::new() } else { base.to_lowercase() };
    let url = if !lower.is_empty() && under_base(&lower) { &url[lower.len()..] } else { url };
    // As `trim_end_matches` of each, without the substring searcher it sets up on every call.
    let mut url = url;
    while let Some(rest) = url.strip_suffix("index.html") {
        url = rest;
    }
    while let Some(rest) = url.strip_suffix("index.htm") {
        url = rest;
    }
    let url = url.strip_suffix(".html").unwrap_or(url);
    url.trim_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn post(path: &str, text: &str) -> Post {
        crate::post::parse(PathBuf::from(path), text.as_bytes(), crate::post::FileStamp { modified: None, len: 0, hash: 0 })
    }

    fn site(generator: Generator, settings: super::super::Settings) -> Site {
        let content =
            if matches!(generator, Generator::Hugo | Generator::Zola) { PathBuf::from("/s/content") } else { PathBuf::from("/s") };
        Site { root: PathBuf::from("/s"), generator, content, settings, ..Site::default() }
    }

    #[test]
    fn hugo_urls_follow_sections_permalinks_bundles_slug_and_url() {
        let mut settings = super::super::config::hugo(&[]);
        let hugo = site(Generator::Hugo, settings.clone());
        assert_eq!(url_of(&hugo, &post("/s/content/2017/05/09/My-Post.md", "---\ntitle: x\n---\n")).unwrap(), "/2017/05/09/my-post/");
        assert_eq!(url_of(&hugo, &post("/s/content/posts/b/index.md", "---\nslug: other\n---\n")).unwrap(), "/posts/other/");
        assert_eq!(url_of(&hugo, &post("/s/content/a.md", "---\nurl: /custom/place/\n---\n")).unwrap(), "/custom/place/");
        settings.permalinks = vec![("posts".into(), "/:year/:month/:slug/".into())];
        let hugo = site(Generator::Hugo, settings);
        assert_eq!(
            url_of(&hugo, &post("/s/content/posts/x.md", "---\ntitle: Hello World\ndate: 2023-04-05\n---\n")).unwrap(),
            "/2023/04/hello-world/"
        );
    }

    #[test]
    fn jekyll_urls_follow_the_permalink_style_categories_and_the_name_s_date() {
        let jekyll = site(Generator::Jekyll, super::super::Settings::default());
        assert_eq!(
            url_of(&jekyll, &post("/s/ja/_posts/2021-02-03-hi.md", "---\ncategories: news\n---\n")).unwrap(),
            "/ja/news/2021/02/03/hi.html"
        );
        assert_eq!(url_of(&jekyll, &post("/s/about/index.md", "---\ntitle: a\n---\n")).unwrap(), "/about/");
        assert_eq!(url_of(&jekyll, &post("/s/docs/page.md", "---\ntitle: a\n---\n")).unwrap(), "/docs/page.html");
        assert_eq!(url_of(&jekyll, &post("/s/404.md", "---\npermalink: /404.html\n---\n")).unwrap(), "/404.html");
    }

    #[test]
    fn zola_urls_follow_path_keys_slugs_and_sections() {
        let zola = site(Generator::Zola, super::super::Settings::default());
        assert_eq!(url_of(&zola, &post("/s/content/blog/2023-01-10-Launch Day.md", "+++\n+++\n")).unwrap(), "/blog/launch-day/");
        assert_eq!(url_of(&zola, &post("/s/content/x.md", "+++\npath = \"2023/01/10/launch\"\n+++\n")).unwrap(), "/2023/01/10/launch/");
        assert_eq!(url_of(&zola, &post("/s/content/blog/c/index.md", "+++\n+++\n")).unwrap(), "/blog/c/");
    }

    #[test]
    fn urls_compare_without_their_decorations() {
        let settings = super::super::Settings { base_path: "/blog".into(), ..Default::default() };
        let s = site(Generator::Hugo, settings);
        assert_eq!(normalize(&s, "/blog/Posts/X/index.html#top"), "posts/x");
        assert_eq!(normalize(&s, "/about.html"), "about");
        assert_eq!(normalize(&s, "/a%20b/"), "a b");
        assert_eq!(normalize(&s, "/"), "");
    }
}
