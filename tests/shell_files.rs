//! `quire completions SHELL` and `quire man`: generated from the CLI, and they work.

use std::process::Command;

fn quire(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_quire")).args(args).output().expect("quire runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// What bash offers after `words` (the last one being completed), with quire's script loaded.
fn bash_completes(words: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("quire.bash");
    std::fs::write(&script, quire(&["completions", "bash"])).expect("write script");
    let program = format!(
        "source '{}'\nCOMP_WORDS=({words})\nCOMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\nCOMP_LINE='{words}'\nCOMP_POINT=${{#COMP_LINE}}\n_quire quire \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display()
    );
    let out = Command::new("bash").arg("-c").arg(program).output().expect("bash runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}

#[test]
fn bash_completes_subcommands_and_list_formats() {
    if Command::new("bash").arg("--version").output().is_err() {
        return;
    }
    let subcommands = bash_completes("quire c");
    for expected in ["check", "completions"] {
        assert!(subcommands.iter().any(|s| s.trim() == expected), "{subcommands:?}");
    }
    let formats = bash_completes("quire list --format ''");
    assert_eq!(formats.iter().map(|s| s.trim()).collect::<Vec<_>>(), ["table", "tsv", "json", "paths"]);
}

#[test]
fn every_shell_gets_a_script_that_names_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = quire(&["completions", shell]);
        for sub in ["list", "check", "render", "set", "new", "themes", "serve", "completions", "man"] {
            assert!(script.contains(sub), "{shell} script lacks {sub}");
        }
    }
    let zsh = quire(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef quire"), "{}", &zsh[..40]);
}

#[test]
fn man_page_is_roff_for_section_1_with_every_subcommand() {
    let page = quire(&["man"]);
    assert!(page.contains(".TH quire 1"), "{}", &page[..200]);
    for sub in ["list", "render", "completions"] {
        assert!(page.contains(&format!("quire\\-{sub}")) || page.contains(&format!("\n{sub}")), "man page lacks {sub}");
    }
    assert!(page.contains("\\-\\-paging"), "the man page lacks render's --paging");
}
