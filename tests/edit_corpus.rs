//! Every post of the two real blogs in `../shared/corpora`: changing the title touches exactly one
//! line, and an edit followed by its reverse gives back the original bytes. Pure: nothing is written.

mod common;

use common::shared_dir;

use std::path::{Path, PathBuf};

use quire::post::edit::{Edit, EditError, apply};
use quire::post::{self, FileStamp, Format};

fn corpus(name: &str) -> Option<PathBuf> {
    let dir = shared_dir().join("corpora").join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: ../shared not found");
        None
    }
}

fn posts(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") && path.file_name().is_some_and(|n| n != "README.md") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn set(key: &str, value: &str) -> Edit {
    Edit::Set { key: key.into(), value: value.into() }
}

/// Lines that differ between two texts with the same number of lines (`None` if the counts differ).
fn changed_lines(a: &str, b: &str) -> Option<usize> {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split('\n').collect(), b.split('\n').collect());
    (a.len() == b.len()).then(|| a.iter().zip(&b).filter(|(x, y)| x != y).count())
}

/// Checks one post; returns what went wrong, if anything.
fn check(path: &Path) -> Option<String> {
    check_post(path).err()
}

fn check_post(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let post = post::parse(path.to_path_buf(), text.as_bytes(), FileStamp { modified: None, len: 0, hash: 0 });
    if post.format == Format::None || post.has_problems() {
        return match apply(&text, &[set("title", "x")]) {
            Err(EditError::BadFrontMatter(_)) | Ok(_) => Ok(()),
            Err(e) => Err(format!("unexpected error on a post with problems: {e}")),
        };
    }
    let Some(title) = post.field("title").and_then(|v| v.as_text()) else { return Ok(()) };
    let edited = apply(&text, &[set("title", "A title changed by quire")]).map_err(|e| format!("set title: {e}"))?;
    if changed_lines(&text, &edited) != Some(1) {
        return Err(format!("title change touched {:?} lines", changed_lines(&text, &edited)));
    }
    let back = apply(&edited, &[set("title", &title)]).map_err(|e| format!("title back: {e}"))?;
    if back != text {
        return Err(format!("title did not come back byte for byte: {:?}", back.lines().find(|l| l.contains("title"))));
    }
    let tagged = apply(&text, &[Edit::AddTag("quire-probe".into())]).map_err(|e| format!("add tag: {e}"))?;
    let untagged = apply(&tagged, &[Edit::RemoveTag("quire-probe".into())]).map_err(|e| format!("remove tag: {e}"))?;
    if post.fields().iter().any(|(k, _)| k.eq_ignore_ascii_case("tags")) && untagged != text {
        return Err("a tag added then removed did not give back the bytes".into());
    }
    Ok(())
}

fn check_corpus(name: &str) {
    let Some(dir) = corpus(name) else { return };
    let paths = posts(&dir);
    let failures: Vec<String> = paths.iter().filter_map(|p| check(p).map(|why| format!("{}: {why}", p.display()))).collect();
    eprintln!("{name}: {} posts checked, {} failures", paths.len(), failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_hugo_post_round_trips_title_and_tag_edits() {
    check_corpus("hugo-javabien");
}

#[test]
fn every_zola_post_round_trips_title_and_tag_edits() {
    check_corpus("zola-rust-blog");
}
