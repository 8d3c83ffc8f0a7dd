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
