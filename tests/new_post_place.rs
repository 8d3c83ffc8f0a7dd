//! New posts go where the blog's newest posts are: on copies of the shared corpora and on a
//! small site per generator, through `quire new` (the same code as the TUI's `a`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// `quire new DIR TITLE` with `config` as config.toml; the path it printed.
fn new_post(dir: &Path, title: &str, config: &str) -> PathBuf {
    let config_path = dir.with_extension("config.toml");
    std::fs::write(&config_path, config).expect("write config");
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["new".as_ref(), dir.as_os_str(), title.as_ref()])
        .env("QUIRE_CONFIG", &config_path)
        .output()
        .expect("quire runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let path = PathBuf::from(String::from_utf8(out.stdout).expect("UTF-8").trim_end());
    assert!(path.is_file(), "{} was not created", path.display());
    path
}

fn today(format: &str) -> String {
    chrono::Local::now().format(format).to_string()
}

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

#[test]
fn hugo_javabien_posts_go_in_dated_folders_like_its_newest() {
    let Some(shared) = common::shared() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let blog = dir.path().join("blog");
    copy_tree(&shared.join("corpora/hugo-javabien"), &blog);
    let path = new_post(&blog, "Trying quire", "");
    assert_eq!(path, blog.join(format!("content/{}/trying-quire.md", today("%Y/%m/%d"))));
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.starts_with("---\ntitle: Trying quire\ndate: ") && text.contains("\ndraft: true\n"), "{text}");
    // The second one with the same title does not replace the first.
    assert_eq!(new_post(&blog, "Trying quire", ""), blog.join(format!("content/{}/trying-quire-2.md", today("%Y/%m/%d"))));
}

#[test]
fn zola_rust_blog_posts_go_beside_the_newest_main_blog_posts() {
    let Some(shared) = common::shared() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let blog = dir.path().join("blog");
    copy_tree(&shared.join("corpora/zola-rust-blog"), &blog);
    let path = new_post(&blog, "Trying quire", "");
    assert_eq!(path, blog.join("content/trying-quire.md"));
    assert!(std::fs::read_to_string(&path).expect("read").starts_with("+++\ntitle = \"Trying quire\"\n"));
}

#[test]
fn hugo_page_bundles_make_a_bundle() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blog = dir.path().join("blog");
    write(
        &blog,
        &[
            ("hugo.toml", "baseURL = 'https://example.org/'\n"),
            ("content/about.md", "---\ntitle: About\n---\n"),
            ("content/posts/old.md", "---\ntitle: Old\ndate: 2019-01-01\n---\n"),
            ("content/posts/first/index.md", "---\ntitle: First\ndate: 2024-01-01\n---\n"),
            ("content/posts/second/index.md", "---\ntitle: Second\ndate: 2024-02-01\n---\n"),
        ],
    );
    assert_eq!(new_post(&blog, "Third one", ""), blog.join("content/posts/third-one/index.md"));
    // Taken: the bundle gets the next free name, the existing one keeps every byte.
    assert_eq!(new_post(&blog, "Second", ""), blog.join("content/posts/second-2/index.md"));
    assert_eq!(
        std::fs::read_to_string(blog.join("content/posts/second/index.md")).expect("read"),
        "---\ntitle: Second\ndate: 2024-02-01\n---\n"
    );
}

#[test]
fn zola_dated_names_keep_their_date_prefix() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blog = dir.path().join("blog");
    write(
        &blog,
        &[
            ("config.toml", "base_url = \"https://example.org\"\n"),
            ("content/blog/_index.md", "+++\ntitle = \"Blog\"\n+++\n"),
            ("content/blog/2024-01-02-launch.md", "+++\ntitle = \"Launch\"\n+++\n"),
            ("content/blog/2024-03-04-more.md", "+++\ntitle = \"More\"\n+++\n"),
        ],
    );
    let path = new_post(&blog, "Next", "");
    assert_eq!(path, blog.join(format!("content/blog/{}-next.md", today("%Y-%m-%d"))));
}

#[test]
fn jekyll_keeps_posts_with_a_date_and_drafts_without() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blog = dir.path().join("blog");
    write(&blog, &[("_config.yml", "title: x\n"), ("_posts/2024-01-02-hello.md", "---\nlayout: post\ntitle: Hello\n---\n")]);
    assert_eq!(new_post(&blog, "News", ""), blog.join(format!("_posts/{}-news.md", today("%Y-%m-%d"))));
    std::fs::create_dir(blog.join("_drafts")).expect("mkdir");
    assert_eq!(new_post(&blog, "Later", ""), blog.join("_drafts/later.md"));
}

#[test]
fn a_plain_folder_of_yearly_folders_gets_this_years_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blog = dir.path().join("notes");
    write(&blog, &[("2023/a.md", "---\ntitle: A\ndate: 2023-05-01\n---\n"), ("2024/b.md", "---\ntitle: B\ndate: 2024-05-01\n---\n")]);
    assert_eq!(new_post(&blog, "C", ""), blog.join(format!("{}/c.md", today("%Y"))));
}

#[test]
fn new_post_path_in_config_wins() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blog = dir.path().join("blog");
    write(&blog, &[("content/posts/2024/01/02/a.md", "---\ntitle: A\ndate: 2024-01-02\n---\n")]);
    let path = new_post(&blog, "Set by hand", "new_post_path = \"content/notes/{year}/{slug}/index.md\"\n");
    assert_eq!(path, blog.join(format!("content/notes/{}/set-by-hand/index.md", today("%Y"))));
}

#[test]
fn an_empty_blog_gets_its_posts_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blog = dir.path().join("blog");
    write(&blog, &[("hugo.toml", "baseURL = 'https://example.org/'\n")]);
    std::fs::create_dir_all(blog.join("content/posts")).expect("mkdir");
    assert_eq!(new_post(&blog, "First", ""), blog.join("content/posts/first.md"));
}
