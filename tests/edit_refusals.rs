//! Edits quire must refuse, leaving every byte as it was (found in review), and CRLF kept in JSON.

use std::path::Path;

use quire::post::edit::{self, Edit, EditError};

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn a_binary_file_named_md_is_never_given_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = b"h\0e\0l\0l\0o\0\n\0";
    let path = write(dir.path(), "utf16.md", bytes);
    let post = quire::post::load(&path);
    assert!(matches!(edit::toggle_draft(&post), Err(EditError::BadFrontMatter(_))));
    assert!(matches!(edit::edit_file(&path, None, &[Edit::SetDraft(true)]), Err(EditError::BadFrontMatter(_))));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn keys_without_an_opening_fence_are_not_edited_into_the_body() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Update: this post is outdated.\n\n---\n\nOriginal text.\n";
    let path = write(dir.path(), "a.md", text.as_bytes());
    let err = edit::edit_file(&path, None, &[Edit::SetDraft(true)]).unwrap_err();
    assert!(err.to_string().contains("no opening"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn publishing_a_jekyll_draft_onto_an_existing_post_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let draft = "---\ntitle: X\ndate: 2024-02-03\ndraft: true\n---\nBody\n";
    let path = write(dir.path(), "_drafts/x.md", draft.as_bytes());
    let existing = write(dir.path(), "_posts/2024-02-03-x.md", b"someone else's post\n");
    let post = quire::post::load(&path);
    assert!(matches!(edit::toggle_draft(&post), Err(EditError::Exists(_))));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), draft, "the draft is untouched");
    assert_eq!(std::fs::read(&existing).unwrap(), b"someone else's post\n");
}

#[test]
fn a_new_key_in_an_empty_crlf_json_object_keeps_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "j.md", b"{}\r\nBody\r\n");
    edit::edit_file(&path, None, &[Edit::Set { key: "title".into(), value: "x".into() }]).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, "{\r\n  \"title\": \"x\"\r\n}\r\nBody\r\n");
}
