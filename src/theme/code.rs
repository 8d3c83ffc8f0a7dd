//! Code themes: the syntect themes two-face embeds, plus `.tmTheme` files in the user's themes folder.

use std::path::{Path, PathBuf};

use two_face::theme::EmbeddedLazyThemeSet;

use super::{THEMES_SUBDIR, ThemeSource, user_files};

/// The extension of a TextMate / Sublime theme file.
const TM_THEME_EXT: &str = "tmTheme";

/// One code theme a theme file may name in `code_theme`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeTheme {
    /// The name to write in `code_theme`.
    pub name: String,
    /// Bundled (two-face) or a user `.tmTheme`.
    pub source: ThemeSource,
}

/// Every code theme: the bundled ones, then the user's `.tmTheme` files.
pub fn code_themes(config_dir: Option<&Path>) -> Vec<CodeTheme> {
    let bundled =
        EmbeddedLazyThemeSet::theme_names().iter().map(|n| CodeTheme { name: n.as_name().to_string(), source: ThemeSource::Bundled });
    let user = user_files(config_dir, TM_THEME_EXT).into_iter().filter_map(|path| {
        let name = path.file_stem()?.to_str()?.to_string();
        Some(CodeTheme { name, source: ThemeSource::User(path) })
    });
    bundled.chain(user).collect()
}

/// The name the highlighter knows a `code_theme` value by; a user `.tmTheme` is registered with it.
/// Bundled names match without regard to case ("monokai extended").
pub(crate) fn resolve(name: &str, config_dir: Option<&Path>) -> Result<String, String> {
    if let Some(bundled) = EmbeddedLazyThemeSet::theme_names().iter().map(|n| n.as_name()).find(|n| n.eq_ignore_ascii_case(name)) {
        return Ok(bundled.to_string());
    }
    match user_tm_theme(name, config_dir) {
        Some(path) => register_tm_theme(&path),
        None => Err(format!(
            "unknown code theme \"{name}\": neither a bundled one nor {THEMES_SUBDIR}/{name}.{TM_THEME_EXT} in the config folder \
             (`quire themes --code` lists them)"
        )),
    }
}

/// The user's `.tmTheme` file for a name written with or without its extension.
fn user_tm_theme(name: &str, config_dir: Option<&Path>) -> Option<PathBuf> {
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return None;
    }
    let dir = config_dir?.join(THEMES_SUBDIR);
    let file = if name.to_ascii_lowercase().ends_with(&format!(".{}", TM_THEME_EXT.to_ascii_lowercase())) {
        dir.join(name)
    } else {
        dir.join(format!("{name}.{TM_THEME_EXT}"))
    };
    file.is_file().then_some(file)
}

/// Makes a user `.tmTheme` usable by the highlighter and returns the name it goes by.
fn register_tm_theme(path: &Path) -> Result<String, String> {
    crate::render::highlight::add_theme_file(path).map_err(|e| format!("not a usable .tmTheme: {e:#}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_code_themes_match_without_case() {
        assert_eq!(resolve("monokai extended", None).as_deref(), Ok("Monokai Extended"));
        assert_eq!(resolve("ansi", None).as_deref(), Ok("ansi"));
    }

    #[test]
    fn unknown_code_themes_say_where_they_were_looked_for() {
        let err = resolve("Nope", None).expect_err("unknown");
        assert!(err.contains("themes/Nope.tmTheme"), "{err}");
    }

    #[test]
    fn a_user_tmtheme_becomes_a_code_theme_the_highlighter_knows() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join(THEMES_SUBDIR)).expect("mkdir");
        std::fs::write(dir.path().join(THEMES_SUBDIR).join("Paper.tmTheme"), TM_THEME).expect("write");
        assert_eq!(resolve("Paper", Some(dir.path())).as_deref(), Ok("Paper"));
        assert_eq!(resolve("Paper.tmTheme", Some(dir.path())).as_deref(), Ok("Paper"));
        assert!(crate::render::highlight::has_theme("Paper"));
    }

    #[test]
    fn a_broken_tmtheme_is_refused_with_its_reason() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join(THEMES_SUBDIR)).expect("mkdir");
        std::fs::write(dir.path().join(THEMES_SUBDIR).join("Bad.tmTheme"), "not a plist").expect("write");
        let err = resolve("Bad", Some(dir.path())).expect_err("broken file");
        assert!(err.contains("not a usable .tmTheme") && err.contains("Bad.tmTheme"), "{err}");
    }

    /// A minimal TextMate theme: a background, a foreground and one scope.
    const TM_THEME: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>name</key><string>Paper</string>
<key>settings</key><array>
<dict><key>settings</key><dict><key>background</key><string>#FFFFFF</string><key>foreground</key><string>#222222</string></dict></dict>
<dict><key>scope</key><string>keyword</string><key>settings</key><dict><key>foreground</key><string>#AA0000</string></dict></dict>
</array></dict></plist>
"#;

    #[test]
    fn code_theme_names_cannot_leave_the_themes_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(user_tm_theme("../secret", Some(dir.path())), None);
    }
}
