//! Unit tests of config parsing.

use super::*;

fn parsed(text: &str) -> (Config, Vec<String>) {
    parse(text, "config.toml")
}

#[test]
fn an_empty_file_gives_the_defaults() {
    let (config, warnings) = parsed("");
    assert_eq!(config, Config::default());
    assert!(warnings.is_empty());
    assert_eq!(config.wrap_width, Some(100));
    assert_eq!(config.debounce_ms, 75);
    assert_eq!(config.theme, "dark");
}

#[test]
fn every_setting_is_read() {
    let text = r#"
default_dir = "/srv/blog"
theme = "light"
color = "256"
sort = "title"
show_drafts = false
date_format = "%d %b %Y"
wrap_width = 0
debounce_ms = 200
editor = "nvim +1"

[keys]
quit = "ctrl-q"
down = ["j", "down"]
"#;
    let (config, warnings) = parsed(text);
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(config.default_dir, Some(PathBuf::from("/srv/blog")));
    assert_eq!(config.theme, "light");
    assert_eq!(config.color, ColorChoice::Ansi256);
    assert_eq!(config.sort, SortKey::Title);
    assert!(!config.show_drafts);
    assert_eq!(config.date_format, "%d %b %Y");
    assert_eq!(config.wrap_width, None);
    assert_eq!(config.debounce_ms, 200);
    assert_eq!(config.editor.as_deref(), Some("nvim +1"));
    assert_eq!(config.keys["quit"], vec!["ctrl-q"]);
    assert_eq!(config.keys["down"], vec!["j", "down"]);
}

#[test]
fn unknown_keys_are_named_with_their_line_and_the_rest_still_applies() {
    let (config, warnings) = parsed("theme = \"light\"\ncolour = \"never\"\n[keyz]\nquit = \"q\"\n");
    assert_eq!(config.theme, "light");
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].starts_with("config.toml, line 2: unknown key `colour`"), "{}", warnings[0]);
    assert!(warnings[1].starts_with("config.toml, line 3: unknown key `keyz`"), "{}", warnings[1]);
}

#[test]
fn a_syntax_error_names_file_and_line_and_gives_the_defaults() {
    let (config, warnings) = parsed("theme = \"light\"\nsort = date\n");
    assert_eq!(config, Config::default());
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].starts_with("config.toml, line 2: not valid TOML"), "{}", warnings[0]);
    assert!(warnings[0].ends_with("using the defaults"), "{}", warnings[0]);
}

#[test]
fn a_wrong_value_keeps_that_default_and_says_why() {
    let (config, warnings) = parsed("sort = \"size\"\nwrap_width = 5\ndebounce_ms = -1\ndate_format = \"%Q\"\nshow_drafts = \"yes\"\n");
    assert_eq!(config, Config::default());
    let joined = warnings.join("\n");
    for expected in [
        "line 1: `sort`: \"size\" is not one of date, title, modified",
        "line 2: `wrap_width`: 5 columns is too narrow",
        "line 3: `debounce_ms`: -1 is not between 0 and 5000",
        "line 4: `date_format`: \"%Q\" is not a valid date format",
        "line 5: `show_drafts`: expected true or false, found string",
    ] {
        assert!(joined.contains(expected), "missing {expected:?} in\n{joined}");
    }
}

#[test]
fn color_takes_every_command_line_value_and_bare_numbers() {
    for (text, want) in [
        ("\"auto\"", ColorChoice::Auto),
        ("\"never\"", ColorChoice::Never),
        ("\"always\"", ColorChoice::Always),
        ("\"16\"", ColorChoice::Ansi16),
        ("256", ColorChoice::Ansi256),
        ("\"TrueColor\"", ColorChoice::TrueColor),
    ] {
        let (config, warnings) = parsed(&format!("color = {text}"));
        assert_eq!((config.color, warnings.len()), (want, 0), "{text}");
    }
}

#[test]
fn bad_key_remaps_are_refused_as_a_whole() {
    let (config, warnings) = parsed("[keys]\nquit = [\"q\", 3]\n");
    assert!(config.keys.is_empty());
    assert!(warnings[0].contains("action `quit`"), "{}", warnings[0]);
}

#[test]
fn a_tilde_means_the_home_folder() {
    let Some(home) = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()) else { return };
    assert_eq!(expand_home("~/blog"), home.join("blog"));
    assert_eq!(expand_home("~"), home);
    assert_eq!(expand_home("~user/blog"), PathBuf::from("~user/blog"));
}

#[test]
fn quire_config_names_the_file_and_its_folder() {
    let path = config_path_from(Some("/tmp/q/config.toml".into()));
    assert_eq!(path, Some(PathBuf::from("/tmp/q/config.toml")));
    assert!(config_path_from(Some("".into())).is_none_or(|p| p.ends_with("config.toml")));
}

#[test]
fn a_missing_file_is_quiet_unless_the_user_named_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    assert!(load_from(&path, false).1.is_empty());
    let (_, warnings) = load_from(&path, true);
    assert!(warnings[0].contains("config.toml: cannot read it"), "{warnings:?}");
}

#[test]
fn warnings_never_carry_control_characters() {
    let (_, warnings) = parsed("sort = \"\\u001b[2J\"\n");
    assert!(!warnings[0].contains('\x1b'), "{:?}", warnings[0]);
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let (config, warnings) = parsed("\u{feff}theme = \"light\"\n");
    assert_eq!((config.theme.as_str(), warnings.len()), ("light", 0));
}

#[test]
fn a_binary_config_file_is_named_as_not_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    // An ELF header: NUL bytes, but valid UTF-8, so only the NUL check tells it from text.
    for bytes in [&b"\x7fELF\x02\x01\x01\x00\x00\x00theme = \"light\"\n"[..], b"\x1f\x8b\x08\x00\xff\xfe"] {
        std::fs::write(&path, bytes).expect("write");
        let (config, warnings) = load_from(&path, false);
        assert_eq!(config.theme, Config::default().theme);
        assert_eq!(warnings, [format!("{}: not a text file (it holds binary data); using the defaults", path.display())]);
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_named_config_toml_is_refused_without_blocking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    assert!(std::process::Command::new("mkfifo").arg(&path).status().expect("mkfifo runs").success());
    let expected = format!("{}: not a regular file (a FIFO); using the defaults", path.display());
    let (_, warnings) = crate::file::without_blocking(move || load_from(&path, false));
    assert_eq!(warnings, [expected]);
}

#[test]
fn list_width_is_a_percentage_in_bounds_and_mouse_a_boolean() {
    let (config, warnings) = parsed("list_width = 30\nmouse = false\n");
    assert_eq!((config.list_width, config.mouse, warnings.len()), (30, false, 0));
    let (config, warnings) = parsed("list_width = 5\n");
    assert_eq!(config.list_width, 40, "the default stays");
    assert_eq!(
        warnings,
        [
            "config.toml, line 1: `list_width`: 5 is not the list's share of the terminal's width, in percent, from 15 to 85 (default 40); keeping the default"
        ]
    );
    for (text, expected) in [
        ("list_width = 90", "90 is not the list's share"),
        ("list_width = -1", "-1 is not the list's share"),
        (
            "list_width = \"30%\"",
            "\"30%\" is not a number: write the list's share of the terminal's width, in percent, from 15 to 85 (default 40), without quotes or %",
        ),
        ("list_width = 0.3", "expected a number, the list's share"),
        ("mouse = \"off\"", "`mouse`: expected true or false, found string"),
    ] {
        let (config, warnings) = parsed(text);
        assert_eq!((config.list_width, config.mouse), (40, true), "{text}");
        assert!(warnings.len() == 1 && warnings[0].contains(expected), "{text}: {warnings:?}");
    }
}
