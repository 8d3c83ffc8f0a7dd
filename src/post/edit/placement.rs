//! Where a new post goes: a path pattern (`content/posts/{year}/{slug}/index.md`), given in
//! config.toml or learned from the newest posts of the blog.

/// The placeholders a `new_post_path` may hold.
pub const PLACEHOLDERS: [&str; 4] = ["{slug}", "{year}", "{month}", "{day}"];

/// Checks a `new_post_path` from config.toml: relative, inside the blog, naming `{slug}` and
/// ending in `.md`; returns it as given.
pub fn check_pattern(pattern: &str) -> Result<String, String> {
    let pattern = pattern.trim();
    let path = std::path::Path::new(pattern);
    if path.is_absolute() || path.components().any(|c| matches!(c, std::path::Component::ParentDir)) {
        return Err(format!("`{pattern}` must be a path inside the blog folder"));
    }
    if !pattern.contains("{slug}") {
        return Err(format!("`{pattern}` must contain {{slug}}"));
    }
    if !(pattern.ends_with(".md") || pattern.ends_with(".markdown")) {
        return Err(format!("`{pattern}` must end in .md"));
    }
    let mut rest = pattern.to_string();
    for p in PLACEHOLDERS {
        rest = rest.replace(p, "");
    }
    if rest.contains('{') || rest.contains('}') {
        return Err(format!("`{pattern}` may only use {}", PLACEHOLDERS.join(", ")));
    }
    Ok(pattern.to_string())
}

/// How many of the newest posts vote on where the next one goes.
const NEWEST: usize = 10;

/// The shape of a post's path, relative to the blog folder, with the date and slug made
/// placeholders: `content/2024/05/06/hello.md` -> `content/{year}/{month}/{day}/{slug}.md`,
/// `content/posts/hello/index.md` -> `content/posts/{slug}/index.md`,
/// `_posts/2024-05-06-hello.md` -> `_posts/{year}-{month}-{day}-{slug}.md`.
pub fn shape_of(relative: &std::path::Path) -> Option<String> {
    let parts: Vec<&str> = relative.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
    let (name, folders) = parts.split_last()?;
    let stem = name.strip_suffix(".md").or_else(|| name.strip_suffix(".markdown"))?;
    let (mut folders, file) = if stem == "index" {
        let (_, above) = folders.split_last()?;
        (above.to_vec(), "{slug}/index.md".to_string())
    } else if is_dated_name(stem) {
        (folders.to_vec(), "{year}-{month}-{day}-{slug}.md".to_string())
    } else {
        (folders.to_vec(), "{slug}.md".to_string())
    };
    let mut shaped: Vec<String> = folders.drain(..).map(str::to_string).collect();
    // A date in the folders: `YYYY/MM/DD`, `YYYY/MM` or `YYYY`, right above the post.
    let n = shaped.len();
    let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    if n >= 3 && digits(&shaped[n - 3], 4) && digits(&shaped[n - 2], 2) && digits(&shaped[n - 1], 2) {
        shaped.splice(n - 3.., ["{year}".into(), "{month}".into(), "{day}".into()]);
    } else if n >= 2 && digits(&shaped[n - 2], 4) && digits(&shaped[n - 1], 2) {
        shaped.splice(n - 2.., ["{year}".into(), "{month}".into()]);
    } else if n >= 1 && digits(&shaped[n - 1], 4) {
        shaped[n - 1] = "{year}".into();
    }
    shaped.push(file);
    Some(shaped.join("/"))
}

/// `2024-05-06-slug`.
fn is_dated_name(stem: &str) -> bool {
    let b = stem.as_bytes();
    b.len() > 11 && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() }) && b[10] == b'-'
}

/// The pattern the newest posts follow: the section (folder) of the newest post, then the shape
/// most of that section's [`NEWEST`] newest posts share (the newest one's on a tie). `posts` are
/// (path relative to the blog, date), in any order.
pub fn learn(mut posts: Vec<(std::path::PathBuf, Option<chrono::NaiveDateTime>)>) -> Option<String> {
    posts.sort_by_key(|p| std::cmp::Reverse(p.1));
    let shapes: Vec<String> = posts.iter().filter_map(|(p, _)| shape_of(p)).collect();
    let section = |shape: &str| shape[..shape.find('{').unwrap_or(shape.len())].to_string();
    let newest = section(shapes.first()?);
    let votes: Vec<&String> = shapes.iter().filter(|s| section(s) == newest).take(NEWEST).collect();
    let count = |s: &String| votes.iter().filter(|t| **t == s).count();
    // `max_by_key` keeps the last of equals: go from the oldest so the newest wins ties.
    votes.iter().rev().max_by_key(|s| count(s)).map(|s| (*s).clone())
}

/// The pattern with its placeholders filled: the path of the new post, relative to the blog.
pub fn fill(pattern: &str, slug: &str, now: chrono::NaiveDate) -> String {
    pattern
        .replace("{year}", &now.format("%Y").to_string())
        .replace("{month}", &now.format("%m").to_string())
        .replace("{day}", &now.format("%d").to_string())
        .replace("{slug}", slug)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn shapes_make_dates_and_slugs_placeholders() {
        let shape = |p: &str| shape_of(std::path::Path::new(p)).expect("a shape");
        assert_eq!(shape("content/2024/05/06/hello.md"), "content/{year}/{month}/{day}/{slug}.md");
        assert_eq!(shape("content/post/2024/05/hello/index.md"), "content/post/{year}/{month}/{slug}/index.md");
        assert_eq!(shape("content/posts/hello/index.md"), "content/posts/{slug}/index.md");
        assert_eq!(shape("_posts/2024-05-06-hello.md"), "_posts/{year}-{month}-{day}-{slug}.md");
        assert_eq!(shape("content/blog/2019/some-post.md"), "content/blog/{year}/{slug}.md");
        assert_eq!(shape("notes.md"), "{slug}.md");
        assert_eq!(shape_of(std::path::Path::new("index.md")), None);
    }

    #[test]
    fn the_newest_posts_vote_and_old_habits_lose() {
        let day = |y: i32, d: u32| chrono::NaiveDate::from_ymd_opt(y, 1, d).and_then(|d| d.and_hms_opt(0, 0, 0));
        let mut posts: Vec<(PathBuf, _)> = (1..=20).map(|d| (PathBuf::from(format!("content/old-{d}.md")), day(2015, d))).collect();
        posts.extend((1..=6).map(|d| (PathBuf::from(format!("content/2024/01/{d:02}/new-{d}.md")), day(2024, d))));
        assert_eq!(learn(posts.clone()).as_deref(), Some("content/{year}/{month}/{day}/{slug}.md"));
        assert_eq!(learn(Vec::new()), None);
        // Another section's many recent posts do not move the newest post's section.
        posts.extend((1..=9).map(|d| (PathBuf::from(format!("content/inside/n{d}.md")), day(2024, d))));
        posts.push((PathBuf::from("content/newest/index.md"), day(2025, 1)));
        assert_eq!(learn(posts).as_deref(), Some("content/{year}/{month}/{day}/{slug}.md"));
    }

    #[test]
    fn patterns_from_config_are_checked_and_filled() {
        assert!(check_pattern("content/posts/{year}/{slug}/index.md").is_ok());
        assert!(check_pattern("/etc/{slug}.md").is_err());
        assert!(check_pattern("../{slug}.md").is_err());
        assert!(check_pattern("content/post.md").is_err());
        assert!(check_pattern("content/{title}/{slug}.md").is_err());
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 4).expect("date");
        assert_eq!(fill("content/{year}/{month}/{day}/{slug}.md", "hi-there", day), "content/2026/03/04/hi-there.md");
    }
}
