//! config.toml as a user writes it: the README's commented example is valid and complete, and the
//! README's example theme loads from a config folder.

use std::fs;
use std::path::PathBuf;

use quire::config;

/// The README's first ```toml block after `heading`.
fn readme_example(heading: &str) -> String {
    let readme = fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README.md");
    let section = readme.split_once(heading).unwrap_or_else(|| panic!("README has no {heading}")).1;
    let block = section.split_once("```toml\n").expect("a toml block").1;
    block.split_once("```").expect("a closed block").0.to_string()
}

#[test]
fn the_readme_example_config_sets_every_key_without_warnings() {
    let example = readme_example("## Configuration");
    let (config, warnings) = config::parse(&example, "README example");
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(config.editor.as_deref(), Some("nvim"));
    assert_eq!(config.keys["quit"], vec!["q", "ctrl-c"]);
    let (_, key_warnings) = quire::app::keymap::Keymap::with_overrides(&config.keys);
    assert_eq!(key_warnings, Vec::<String>::new(), "the example's remaps name real actions and keys");
    // Every key the parser knows is set in the example (and nothing else), so the README stays
    // complete when a key is added.
    let table: toml::Table = example.parse().expect("the example is TOML");
    let names = |t: &toml::Table| t.keys().cloned().collect::<std::collections::BTreeSet<String>>();
    let known = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect::<std::collections::BTreeSet<String>>();
    assert_eq!(names(&table), known(config::KNOWN_KEYS), "the README example's keys and config::KNOWN_KEYS differ");
    let serve = table["serve"].as_table().expect("[serve] is a table");
    assert_eq!(names(serve), known(config::SERVE_KEYS), "the README example's [serve] keys and config::SERVE_KEYS differ");
    assert_eq!(config.serve.readers.as_deref(), Some(std::path::Path::new("readers")));
}

#[test]
fn the_readme_serve_example_sets_every_serve_key_without_warnings() {
    let example = readme_example("## Serving the blog over SSH");
    let (config, warnings) = config::parse(&example, "README serve example");
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(config.serve.max_sessions, 32);
    let table: toml::Table = example.parse().expect("the example is TOML");
    let serve = table["serve"].as_table().expect("[serve] is a table");
    let mut listed: Vec<&str> = serve.keys().map(String::as_str).collect();
    let mut known = config::SERVE_KEYS.to_vec();
    listed.sort_unstable();
    known.sort_unstable();
    assert_eq!(listed, known);
}

#[test]
fn the_readme_lists_exactly_the_actions_that_can_be_remapped() {
    let example = readme_example("## Configuration");
    let start = example.find("# Actions:").expect("an Actions: comment");
    let listed: std::collections::BTreeSet<&str> = example[start + "# Actions:".len()..]
        .lines()
        .take_while(|l| l.starts_with('#') || l.starts_with(' '))
        .flat_map(|l| l.trim_start_matches(['#', ' ']).split_whitespace())
        .collect();
    let (keymap, _) = quire::app::keymap::Keymap::with_overrides(&Default::default());
    let actual: std::collections::BTreeSet<&str> = keymap.bindings().iter().map(|b| b.name).collect();
    assert_eq!(listed, actual, "README's action list and the keymap differ");
}

#[test]
fn the_readme_example_theme_loads_from_a_config_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("themes")).expect("mkdir");
    fs::write(dir.path().join("themes/mine.toml"), readme_example("## Themes")).expect("write");
    let theme = quire::theme::load("mine", Some(dir.path())).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(theme.render.code_theme, "Nord");
    assert_eq!(theme.ui.list_date, quire::theme::load("dark", None).expect("dark").ui.list_date);
}

#[test]
fn a_config_file_on_disk_is_read_and_its_problems_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    fs::write(&path, "theme = \"light\"\nwrap_width = 72\n\n[keys]\nquit = \"x\"\nfoo = 1\n").expect("write");
    let (config, warnings) = config::load_from(&path, true);
    assert_eq!((config.theme.as_str(), config.wrap_width), ("light", Some(72)));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains(&format!("{}, line 6: `keys`", path.display())), "{}", warnings[0]);
    assert!(warnings[0].contains("action `foo`"), "{}", warnings[0]);
}

#[test]
fn a_config_file_that_is_not_utf8_gives_the_defaults_and_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    fs::write(&path, b"theme = \"\xff\"\n").expect("write");
    let (config, warnings) = config::load_from(&path, false);
    assert_eq!(config, config::Config::default());
    assert!(warnings[0].ends_with("config.toml: not a text file (it holds binary data); using the defaults"), "{warnings:?}");
}

#[test]
fn keys_inside_the_form_can_be_remapped_from_the_config() {
    let (config, warnings) = quire::config::parse("[keys]\n\"form.add-key\" = \"ctrl-k\"\n", "config.toml");
    assert!(warnings.is_empty(), "{warnings:?}");
    let (keymap, warnings) = quire::app::keymap::Keymap::with_overrides(&config.keys);
    assert!(warnings.is_empty(), "{warnings:?}");
    let ctrl = |c| crossterm::event::KeyEvent::new(crossterm::event::KeyCode::Char(c), crossterm::event::KeyModifiers::CONTROL);
    use quire::app::keymap::{Context, Input};
    assert_eq!(keymap.input(Context::Form, &ctrl('k')), Some(Input::AddKey));
    assert_eq!(keymap.input(Context::Form, &ctrl('n')), None, "the old key is free");
    let (_, warnings) = quire::app::keymap::Keymap::with_overrides(&quire::config::parse("[keys]\n\"form.fly\" = \"x\"\n", "c").0.keys);
    assert_eq!(warnings, ["[keys]: unknown action `form.fly`"]);
}
