//! Unit tests of theme loading that need the module's private parts.

use std::fs;

use ratatui::style::{Color, Modifier, Style};

use super::*;

fn config_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir_all(dir.path().join(THEMES_SUBDIR)).expect("themes dir");
    for (name, text) in files {
        fs::write(dir.path().join(THEMES_SUBDIR).join(name), text).expect("write theme");
    }
    dir
}

#[test]
fn every_bundled_theme_sets_every_key_and_a_known_code_theme() {
    for (name, text) in BUNDLED {
        let parsed = file::parse(text, name).unwrap_or_else(|e| panic!("{e}"));
        let ui: Vec<&str> = parsed.ui.iter().map(|(k, _)| k.as_str()).collect();
        let render: Vec<&str> = parsed.render.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(ui, UiStyles::KEYS, "{name}: [ui] keys, in order");
        assert_eq!(render, RENDER_KEYS, "{name}: [render] keys, in order");
        assert!(parsed.extends.is_none() && parsed.description.is_some(), "{name}");
        let (code_theme, _) = parsed.code_theme.unwrap_or_else(|| panic!("{name}: no code_theme"));
        assert_eq!(code::resolve(&code_theme, None).as_deref(), Ok(code_theme.as_str()), "{name}");
    }
}

#[test]
fn the_ansi16_theme_uses_only_the_terminal_palette() {
    let theme = load("ansi16", None).expect("ansi16 loads");
    let mut theme = theme;
    theme.for_each_style(|key, style| {
        for color in [style.fg, style.bg].into_iter().flatten() {
            assert!(!matches!(color, Color::Rgb(..) | Color::Indexed(_)), "{key} uses {color:?}");
        }
    });
    assert_eq!(theme.render.code_theme, "ansi");
}

#[test]
fn the_default_theme_is_the_bundled_dark() {
    let theme = Theme::default();
    assert_eq!(theme.name, "dark");
    assert_eq!(theme.ui.list_selected.bg, Some(Color::Rgb(0x44, 0x47, 0x5a)));
}

#[test]
fn a_user_theme_overrides_only_the_keys_it_sets() {
    let dir = config_with(&[("mine.toml", "extends = \"light\"\n[ui]\nlist_selected = { fg = \"red\", mods = [\"bold\"] }\n")]);
    let mine = load("mine", Some(dir.path())).expect("mine loads");
    let light = load("light", None).expect("light loads");
    assert_eq!(mine.name, "mine");
    assert_eq!(mine.ui.list_selected, Style::new().fg(Color::Red).add_modifier(Modifier::BOLD));
    assert_eq!(mine.ui.list_date, light.ui.list_date);
    assert_eq!(mine.render, light.render);
}

#[test]
fn a_user_theme_without_extends_starts_from_the_default() {
    let dir = config_with(&[("plain.toml", "[render]\nlink = { fg = 33 }\n")]);
    let plain = load("plain", Some(dir.path())).expect("plain loads");
    assert_eq!(plain.render.link, Style::new().fg(Color::Indexed(33)));
    assert_eq!(plain.ui, Theme::default().ui);
}

#[test]
fn a_user_theme_can_replace_a_bundled_one_by_extending_it() {
    let dir = config_with(&[("dark.toml", "extends = \"dark\"\n[ui]\nborder = { fg = \"green\" }\n")]);
    let dark = load("dark", Some(dir.path())).expect("user dark loads");
    assert_eq!(dark.ui.border, Style::new().fg(Color::Green));
    let listed = list(Some(dir.path()));
    let entry = listed.iter().find(|i| i.name == "dark").expect("dark listed");
    assert!(matches!(entry.source, ThemeSource::User(_)));
    assert_eq!(listed.iter().filter(|i| i.name == "dark").count(), 1);
}

#[test]
fn themes_extending_each_other_in_a_circle_are_an_error() {
    let dir = config_with(&[("a.toml", "extends = \"b\"\n"), ("b.toml", "extends = \"a\"\n")]);
    let err = load("a", Some(dir.path())).expect_err("circle");
    assert!(matches!(err, ThemeError::Cycle { .. }), "{err}");
}

#[test]
fn a_missing_base_is_named_without_looping() {
    let dir = config_with(&[("mine.toml", "extends = \"nope\"\n")]);
    let err = load("mine", Some(dir.path())).expect_err("missing base");
    assert!(err.to_string().contains("no theme named \"nope\""), "{err}");
    assert!(err.to_string().contains("mine"), "lists the user theme too: {err}");
}

#[test]
fn theme_names_cannot_reach_outside_the_themes_folder() {
    let dir = config_with(&[]);
    fs::write(dir.path().join("outside.toml"), "").expect("write");
    let err = load("../outside", Some(dir.path())).expect_err("outside");
    assert!(matches!(err, ThemeError::NotFound { .. }));
}

#[test]
fn a_broken_theme_falls_back_to_the_default_with_a_message() {
    let dir = config_with(&[("bad.toml", "[ui]\nborder = { fg = \"#zzzzzz\" }\n")]);
    let (theme, message) = load_or_default("bad", Some(dir.path()));
    assert_eq!(theme, Theme::default());
    let message = message.expect("a message");
    assert!(message.contains("bad.toml, line 2: ui.border.fg"), "{message}");
    assert!(message.contains("using the \"dark\" theme"), "{message}");
}

#[test]
fn adapting_to_no_color_keeps_highlights_and_drops_surfaces() {
    let theme = load("high-contrast", None).expect("loads").adapted(ColorDepth::None);
    assert_eq!(theme.ui.text, Style::new());
    assert_eq!(theme.ui.list_selected, Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED));
    assert!(theme.render.code_block.add_modifier.is_empty());
}

#[test]
fn without_color_a_search_match_and_inline_code_look_different() {
    for (name, _) in BUNDLED {
        let theme = load(name, None).expect("loads").adapted(ColorDepth::None);
        let (m, c) = (theme.render.search_match, theme.render.inline_code);
        assert_ne!((m.add_modifier, m.sub_modifier), (c.add_modifier, c.sub_modifier), "{name}");
        assert!(m.add_modifier.contains(Modifier::REVERSED), "{name}: a match still stands out");
    }
    let mut same = Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED);
    let mut code = same;
    distinguish(&mut same, &mut code);
    assert_eq!(code.add_modifier, Modifier::BOLD | Modifier::UNDERLINED);
}

#[test]
fn adapting_to_256_colors_leaves_no_rgb() {
    let mut theme = load("dark", None).expect("loads").adapted(ColorDepth::Ansi256);
    theme.for_each_style(|key, style| {
        assert!(![style.fg, style.bg].into_iter().flatten().any(|c| matches!(c, Color::Rgb(..))), "{key}: {style:?}");
    });
}

#[test]
fn a_theme_extending_its_own_name_says_so() {
    let dir = config_with(&[("self.toml", "extends = \"self\"\n")]);
    let err = load("self", Some(dir.path())).expect_err("extends itself");
    let message = err.to_string();
    assert!(
        message.ends_with("self.toml: the theme extends itself (`extends = \"self\"`); name another theme, such as \"dark\""),
        "{message}"
    );
    assert!(!message.contains("no theme named"), "{message}");
}
