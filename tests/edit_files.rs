//! Edits on disk: conflicts, read-only files, symlinks, permissions, the seeds, Jekyll draft moves
//! and new posts. Every test works on copies in a temp folder.

mod common;

use common::shared_dir;

use std::fs;
use std::path::{Path, PathBuf};

use quire::post::edit::{self, Edit, EditError};
use quire::post::{self, Format, Status};

fn set(key: &str, value: &str) -> Edit {
    Edit::Set { key: key.into(), value: value.into() }
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap();
    }
    fs::write(path, text).unwrap();
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

/// `../shared/seeds` beside the crate, when the shared data is there.
fn seeds() -> Option<PathBuf> {
    let dir = shared_dir().join("seeds");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: ../shared not found");
        None
    }
}

/// A writable copy of a seed in a temp folder.
fn seed_copy(name: &str, dir: &Path, as_name: &str) -> Option<PathBuf> {
    let from = seeds()?.join(name);
    let to = dir.join(as_name);
    fs::write(&to, fs::read(&from).ok()?).ok()?;
    Some(to)
}

#[test]
fn a_file_changed_since_it_was_read_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("post.md");
    write(&path, "---\ntitle: Mine\n---\nBody\n");
    let post = post::load(&path);
    write(&path, "---\ntitle: Theirs\n---\nBody changed elsewhere\n");
    let err = edit::edit_file(&path, Some(&post.stamp), &[set("title", "Edited")]).unwrap_err();
    assert!(matches!(err, EditError::Conflict(_)), "{err}");
    assert!(err.to_string().contains("changed on disk since quire read it"), "{err}");
    assert_eq!(read(&path), "---\ntitle: Theirs\n---\nBody changed elsewhere\n");
    // Overwriting explicitly applies the edit to what is on disk now.
    let edited = edit::edit_file(&path, None, &[set("title", "Edited")]).unwrap();
    assert_eq!(edited.title, "Edited");
    assert_eq!(read(&path), "---\ntitle: Edited\n---\nBody changed elsewhere\n");
}

#[test]
fn an_unchanged_file_is_edited_and_the_new_post_returned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("post.md");
    write(&path, "---\ntitle: A\ntags: [x]\n---\nBody\n");
    let post = post::load(&path);
    let edited = edit::edit_file(&path, Some(&post.stamp), &[Edit::AddTag("y".into())]).unwrap();
    assert_eq!(edited.tags, ["x", "y"]);
    assert_eq!(read(&path), "---\ntitle: A\ntags: [x, \"y\"]\n---\nBody\n");
    assert_ne!(edited.stamp, post.stamp);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_refused_and_left_intact() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("post.md");
    write(&path, "---\ntitle: A\n---\n");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let err = edit::edit_file(&path, None, &[set("title", "B")]).unwrap_err();
    assert!(matches!(err, EditError::ReadOnly(_)), "{err}");
    assert_eq!(err.to_string(), format!("{} is read-only; nothing was written", path.display()));
    assert_eq!(read(&path), "---\ntitle: A\n---\n");
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_refused_and_the_file_left_intact() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("locked");
    fs::create_dir(&sub).unwrap();
    let path = sub.join("post.md");
    write(&path, "---\ntitle: A\n---\n");
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o555)).unwrap();
    let probe = sub.join("probe");
    if fs::write(&probe, "x").is_ok() {
        eprintln!("skipping: running as root, a read-only folder is still writable");
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let err = edit::edit_file(&path, None, &[set("title", "B")]).unwrap_err();
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
    assert!(matches!(err, EditError::ReadOnly(_)), "{err}");
    assert_eq!(read(&path), "---\ntitle: A\n---\n");
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("post.md");
    write(&path, "---\ntitle: A\n---\n");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    edit::edit_file(&path, None, &[set("title", "B")]).unwrap();
    assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
}

#[cfg(unix)]
#[test]
fn a_symlink_is_written_through_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real").join("post.md");
    write(&target, "---\ntitle: A\n---\nBody\n");
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink("real/post.md", &link).unwrap();
    edit::edit_file(&link, None, &[set("title", "B")]).unwrap();
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(read(&target), "---\ntitle: B\n---\nBody\n");
    assert_eq!(fs::read_dir(dir.path().join("real")).unwrap().count(), 1, "no temp file left behind");
}

#[test]
fn a_missing_file_is_reported_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let err = edit::edit_file(&dir.path().join("gone.md"), None, &[set("title", "B")]).unwrap_err();
    assert!(err.to_string().ends_with("gone.md no longer exists"), "{err}");
}

#[test]
fn hugo_seed_edits_change_only_the_edited_lines() {
    let dir = tempfile::tempdir().unwrap();
    let Some(path) = seed_copy("000_b5cd72d4434fe647.txt", dir.path(), "post.md") else { return };
    let before = read(&path);
    let edits = [set("title", "Two years at Docker Paris"), Edit::AddTag("kubernetes".into()), Edit::SetDraft(true)];
    edit::edit_file(&path, None, &edits).unwrap();
    let want = before.replacen("title: \"18 months at Docker Paris\"", "title: \"Two years at Docker Paris\"", 1).replacen(
        "tags: [\"docker\",\"go\"]\n",
        "tags: [\"docker\",\"go\",\"kubernetes\"]\ndraft: true\n",
        1,
    );
    assert_eq!(read(&path), want);
}

#[test]
fn jekyll_seed_edits_change_only_the_edited_lines() {
    let dir = tempfile::tempdir().unwrap();
    let Some(path) = seed_copy("004_8eca0146c400a43f.txt", dir.path(), "post.md") else { return };
    let before = read(&path);
    let edits =
        [Edit::SetDraft(true), Edit::AddTag("conférence".into()), set("excerpt", "Retour d'Amsterdam"), Edit::Unset("comments".into())];
    edit::edit_file(&path, None, &edits).unwrap();
    let want = before
        .replacen("published: true", "published: false", 1)
        .replacen("excerpt: \n", "excerpt: Retour d'Amsterdam\n", 1)
        .replacen("- docker\ncomments: true\n", "- docker\n- conférence\n", 1);
    assert_eq!(read(&path), want);
}

#[test]
fn seeds_come_back_byte_for_byte_after_edits_and_their_reverses() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["000_b5cd72d4434fe647.txt", "004_8eca0146c400a43f.txt"] {
        let Some(path) = seed_copy(name, dir.path(), name) else { return };
        let before = fs::read(&path).unwrap();
        let title = post::load(&path).field("title").and_then(|v| v.as_text()).unwrap();
        edit::edit_file(&path, None, &[set("title", "Other"), Edit::AddTag("tmp".into()), set("extra", "1")]).unwrap();
        edit::edit_file(&path, None, &[set("title", &title), Edit::RemoveTag("tmp".into()), Edit::Unset("extra".into())]).unwrap();
        assert_eq!(fs::read(&path).unwrap(), before, "{name}");
    }
}

#[test]
fn a_jekyll_post_dated_by_its_file_name_gets_each_edit_on_its_own_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("_posts").join("2014-12-10-dockercon.md");
    let before = "---\nlayout: post\ntitle: DockerCon\ncategories:\n  - events\ntags:\n  - docker\n---\nBody\n";
    let cases: [(Vec<Edit>, &str, &str); 6] = [
        (vec![set("title", "DockerCon EU")], "title: DockerCon\n", "title: DockerCon EU\n"),
        (vec![set("author", "Fabien")], "  - docker\n", "  - docker\nauthor: Fabien\n"),
        (vec![Edit::Unset("layout".into())], "layout: post\n", ""),
        (vec![Edit::AddTag("paris".into())], "  - docker\n", "  - docker\n  - paris\n"),
        (vec![Edit::RemoveTag("docker".into())], "tags:\n  - docker\n", "tags: []\n"),
        (vec![Edit::SetDraft(true)], "  - docker\n", "  - docker\npublished: false\n"),
    ];
    for (edits, old, new) in cases {
        write(&path, before);
        let post = edit::edit_file(&path, None, &edits).unwrap();
        assert_eq!(read(&path), before.replacen(old, new, 1), "{edits:?}");
        assert_eq!(post.date.map(|d| d.to_string()).as_deref(), Some("2014-12-10"), "the date still comes from the file name");
    }
    // Publishing again flips the key it added.
    edit::edit_file(&path, None, &[Edit::SetDraft(false)]).unwrap();
    assert_eq!(read(&path), before.replacen("  - docker\n", "  - docker\npublished: true\n", 1));
}

#[test]
fn a_jekyll_draft_is_published_into_posts_with_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("_drafts").join("hello-world.md");
    write(&draft, "---\ntitle: Hello\ndate: 2024-03-01 10:00:00 +0100\n---\nBody\n");
    fs::create_dir(dir.path().join("_posts")).unwrap();
    let post = post::load(&draft);
    assert_eq!(post.status, Status::Draft);
    let published = edit::toggle_draft(&post).unwrap();
    assert_eq!(published, dir.path().join("_posts").join("2024-03-01-hello-world.md"));
    assert!(!draft.exists());
    assert_eq!(read(&published), "---\ntitle: Hello\ndate: 2024-03-01 10:00:00 +0100\n---\nBody\n");
    // ... and back, to the same bytes.
    let back = edit::toggle_draft(&post::load(&published)).unwrap();
    assert_eq!(back, draft);
    assert_eq!(read(&draft), "---\ntitle: Hello\ndate: 2024-03-01 10:00:00 +0100\n---\nBody\n");
}

#[test]
fn a_dated_jekyll_post_moved_to_drafts_keeps_its_date_in_the_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("_posts").join("2014-12-10-dockercon.md");
    write(&path, "---\nlayout: post\ntitle: DockerCon\n---\nBody\n");
    fs::create_dir(dir.path().join("_drafts")).unwrap();
    let moved = edit::toggle_draft(&post::load(&path)).unwrap();
    assert_eq!(moved, dir.path().join("_drafts").join("dockercon.md"));
    assert_eq!(read(&moved), "---\nlayout: post\ntitle: DockerCon\ndate: 2014-12-10\n---\nBody\n");
    let again = edit::toggle_draft(&post::load(&moved)).unwrap();
    assert_eq!(again, path);
}

#[test]
fn a_jekyll_post_without_a_drafts_folder_is_unpublished_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("_posts").join("2014-12-10-dockercon.md");
    write(&path, "---\nlayout: post\ntitle: DockerCon\n---\nBody\n");
    assert_eq!(edit::toggle_draft(&post::load(&path)).unwrap(), path);
    assert_eq!(read(&path), "---\nlayout: post\ntitle: DockerCon\npublished: false\n---\nBody\n");
    // The key the first toggle added goes again: the file is back to its original bytes.
    assert_eq!(edit::toggle_draft(&post::load(&path)).unwrap(), path);
    assert_eq!(read(&path), "---\nlayout: post\ntitle: DockerCon\n---\nBody\n");
}

#[test]
fn publishing_a_draft_never_replaces_an_existing_post() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("_drafts").join("hello.md");
    write(&draft, "---\ntitle: Hello\ndate: 2024-03-01\n---\nNew\n");
    let existing = dir.path().join("_posts").join("2024-03-01-hello.md");
    write(&existing, "Old\n");
    let err = edit::toggle_draft(&post::load(&draft)).unwrap_err();
    assert!(matches!(err, EditError::Exists(_)), "{err}");
    assert_eq!(read(&existing), "Old\n");
    assert_eq!(read(&draft), "---\ntitle: Hello\ndate: 2024-03-01\n---\nNew\n");
}

#[test]
fn hugo_posts_toggle_their_draft_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("post.md");
    write(&path, "+++\ntitle = \"A\"\ndraft = true\n+++\n");
    edit::toggle_draft(&post::load(&path)).unwrap();
    assert_eq!(read(&path), "+++\ntitle = \"A\"\ndraft = false\n+++\n");
}

/// The new post's text with its creation time (which changes every run) replaced by `<now>`.
fn without_now(text: &str) -> String {
    let re = regex::Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d").unwrap();
    re.replace(text, "<now>").into_owned()
}

#[test]
fn new_posts_use_each_dialect() {
    let dir = tempfile::tempdir().unwrap();
    let tags = ["rust".to_string(), "cli tools".to_string()];
    let cases = [
        (Format::Yaml, "---\ntitle: \"Été à Paris: enfin\"\ndate: <now>\ntags: [rust, cli tools]\ndraft: true\n---\n\n"),
        (Format::Toml, "+++\ntitle = \"Été à Paris: enfin\"\ndate = <now>\ntags = [\"rust\", \"cli tools\"]\ndraft = true\n+++\n\n"),
        (
            Format::Json,
            "{\n  \"title\": \"Été à Paris: enfin\",\n  \"date\": \"<now>\",\n  \"tags\": [\"rust\", \"cli tools\"],\n  \"draft\": true\n}\n\n",
        ),
    ];
    for (format, want) in cases {
        let folder = dir.path().join(format!("{format:?}"));
        fs::create_dir(&folder).unwrap();
        let path = edit::new_post(&folder, "Été à Paris: enfin", &tags, format, None).unwrap().path;
        assert_eq!(path, folder.join("ete-a-paris-enfin.md"));
        assert_eq!(without_now(&read(&path)), want, "{format:?}");
        let post = post::load(&path);
        assert_eq!((post.title.as_str(), post.tags.clone(), post.status), ("Été à Paris: enfin", tags.to_vec(), Status::Draft));
    }
}

#[test]
fn new_zola_posts_put_tags_in_taxonomies() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("config.toml"), "base_url = \"https://example.org\"\n");
    fs::create_dir(dir.path().join("content")).unwrap();
    let path = edit::new_post(&dir.path().join("content"), "Launch", &["rust".into()], Format::Toml, None).unwrap().path;
    let want = "+++\ntitle = \"Launch\"\ndate = <now>\ndraft = true\n\n[taxonomies]\ntags = [\"rust\"]\n+++\n\n";
    assert_eq!(without_now(&read(&path)), want);
}

#[test]
fn new_jekyll_posts_go_to_drafts_when_the_site_has_that_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("_posts")).unwrap();
    fs::create_dir(dir.path().join("_drafts")).unwrap();
    let path = edit::new_post(dir.path(), "Hello World", &[], Format::Yaml, None).unwrap().path;
    assert_eq!(path, dir.path().join("_drafts/hello-world.md"));
    assert_eq!(without_now(&read(&path)), "---\ntitle: Hello World\ndate: <now>\n---\n\n");
    let post = quire::post::load(&path);
    assert_eq!(post.status, quire::post::Status::Draft);
}

#[test]
fn new_jekyll_posts_are_dated_and_unpublished() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("_posts")).unwrap();
    let path = edit::new_post(dir.path(), "Hello World", &[], Format::Yaml, None).unwrap().path;
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.ends_with("-hello-world.md") && name.len() == "YYYY-MM-DD-hello-world.md".len(), "{name}");
    assert_eq!(path.parent().unwrap(), dir.path().join("_posts"));
    assert_eq!(without_now(&read(&path)), "---\ntitle: Hello World\ndate: <now>\npublished: false\n---\n\n");
}

#[test]
fn new_posts_never_overwrite_and_follow_a_template() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("hello.md"), "mine\n");
    let template = "---\nlayout: post\ntitle: TITLE\ncomments: true\n---\n\nWrite here.\n";
    let path = edit::new_post(dir.path(), "Hello", &["a".into()], Format::Yaml, Some(template)).unwrap().path;
    assert_eq!(path, dir.path().join("hello-2.md"));
    assert_eq!(read(&dir.path().join("hello.md")), "mine\n");
    assert_eq!(without_now(&read(&path)), "---\nlayout: post\ntitle: Hello\ncomments: true\ndate: <now>\ntags: [a]\n---\n\nWrite here.\n");
}

#[test]
fn a_new_post_needs_a_title_and_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(edit::new_post(dir.path(), "  ", &[], Format::Yaml, None), Err(EditError::InvalidValue { .. })));
    assert!(matches!(edit::new_post(&dir.path().join("nope"), "T", &[], Format::Yaml, None), Err(EditError::FolderGone(_))));
}

#[test]
fn the_dominant_format_is_sniffed_from_the_posts() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("a.md"), "+++\ntitle = \"a\"\n+++\n");
    write(&dir.path().join("b.md"), "+++\ntitle = \"b\"\n+++\n");
    write(&dir.path().join("c.md"), "---\ntitle: c\n---\n");
    assert_eq!(edit::dominant_format(dir.path()), Format::Toml);
    assert_eq!(edit::dominant_format(&dir.path().join("empty")), Format::Yaml);
}
