//! What is a post, a page or not content, per generator, on the small test sites in
//! `tests/sites/` (each holds every kind of non-content file) and on the shared corpora.

mod common;

use std::process::{Command, Output};

fn quire(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().expect("quire runs")
}

fn site(name: &str) -> String {
    format!("tests/sites/{name}")
}

/// `(path, kind, title)` of everything `list --json --kind all` lists, sorted by path.
fn listed(dir: &str) -> Vec<(String, String, String)> {
    let out = quire(&["list", dir, "--json", "--kind", "all", "--sort", "title"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut items: Vec<(String, String, String)> = json
        .as_array()
        .expect("array")
        .iter()
        .map(|i| {
            (i["path"].as_str().unwrap().to_string(), i["kind"].as_str().unwrap().to_string(), i["title"].as_str().unwrap().to_string())
        })
        .collect();
    items.sort();
    items
}

fn owned(items: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    items.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect()
}

/// What `quire check --no-links` prints, and its exit code.
fn check(dir: &str, extra: &[&str]) -> (String, i32) {
    let mut args = vec!["check", dir];
    args.extend_from_slice(extra);
    let out = quire(&args);
    (String::from_utf8(out.stdout).expect("UTF-8"), out.status.code().unwrap_or(-1))
}

#[test]
fn jekyll_posts_are_in_posts_folders_and_pages_need_front_matter() {
    assert_eq!(
        listed(&site("jekyll")),
        owned(&[
            ("404.md", "page", "404"),
            ("_drafts/idea.md", "post", "An idea"),
            ("_posts/2020-01-05-hello.md", "post", "Hello"),
            ("_posts/2020-02-01-links.md", "post", "Every link form"),
            ("_recipes/soup.md", "page", "Soup"),
            ("about/index.markdown", "page", "About"),
            ("dup-a.md", "page", "Dup A"),
            ("dup-b.md", "page", "Dup B"),
            ("examples/snippet.md", "page", "snippet"),
            ("ja/news/_posts/2021-02-03-konnichiwa.md", "post", "Konnichiwa"),
        ])
    );
}

#[test]
fn hugo_content_pages_with_a_date_are_posts_and_bundles_sections_headless_are_not_listed() {
    assert_eq!(
        listed(&site("hugo")),
        owned(&[
            ("content/2017/05/09/dated-folder.md", "post", "Dated by its folder"),
            ("content/about.md", "page", "About"),
            ("content/docs/guide.md", "page", "Guide"),
            ("content/dup-a.md", "page", "Dup A"),
            ("content/dup-b.md", "page", "Dup B"),
            ("content/posts/bundle/index.md", "post", "A bundle"),
            ("content/posts/first.md", "post", "First"),
            ("content/posts/links.md", "post", "Every link form"),
            ("content/posts/untitled.md", "post", "untitled"),
        ])
    );
}

#[test]
fn hugo_main_sections_from_config_default_decide_what_is_a_post() {
    assert_eq!(
        listed(&site("hugo-config-dir")),
        owned(&[
            ("content/blog/dated.md", "post", "Dated"),
            ("content/blog/undated.md", "post", "Undated post"),
            ("content/news/dated-page.md", "page", "Dated but not in a main section"),
        ])
    );
}

#[test]
fn zola_pages_without_a_date_are_pages_and_sections_assets_ignored_content_are_not_listed() {
    assert_eq!(
        listed(&site("zola")),
        owned(&[
            ("content/blog/2023-01-10-launch.md", "post", "Launch"),
            ("content/blog/colocated/index.md", "post", "Colocated"),
            ("content/blog/keyed.md", "post", "Keyed"),
            ("content/blog/links.md", "post", "Every link form"),
            ("content/pages/about.md", "page", "About"),
            ("content/pages/dup-a.md", "page", "Dup A"),
            ("content/pages/dup-b.md", "page", "Dup B"),
            ("content/releases/latest.md", "page", "latest"),
            ("content/releases/path-dated.md", "post", "Dated by its path key"),
        ])
    );
}

#[test]
fn a_plain_folder_lists_every_markdown_file_as_a_post() {
    assert_eq!(
        listed(&site("plain")),
        owned(&[("links.md", "post", "Links"), ("notes/undated.md", "post", "Undated note"), ("one.md", "post", "One")])
    );
}

#[test]
fn list_shows_posts_by_default_and_pages_marked_when_asked() {
    let out = quire(&["list", &site("zola"), "--sort", "title"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("about.md") && text.contains("keyed.md"), "{text}");
    let out = quire(&["list", &site("zola"), "--kind", "page", "--sort", "title"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "----------          page  About  content/pages/about.md\n\
         ----------          page  Dup A  content/pages/dup-a.md\n\
         ----------          page  Dup B  content/pages/dup-b.md\n\
         ----------          page  latest  content/releases/latest.md\n"
    );
}

#[test]
fn check_asks_posts_for_a_title_and_a_date_and_pages_for_neither() {
    assert_eq!(check(&site("jekyll"), &["--no-links"]), (String::new(), 0));
    assert_eq!(check(&site("zola"), &["--no-links"]), (String::new(), 0));
    assert_eq!(check(&site("hugo"), &["--no-links"]), ("content/posts/untitled.md: no title in the front matter\n".to_string(), 1));
    assert_eq!(
        check(&site("hugo-config-dir"), &["--no-links"]),
        ("content/blog/undated.md: no date (front matter, file name or folder)\n".to_string(), 1)
    );
    assert_eq!(check(&site("plain"), &["--no-links"]), ("notes/undated.md: no date (front matter, file name or folder)\n".to_string(), 1));
}

#[test]
fn check_and_list_json_report_the_same_problems() {
    for name in ["jekyll", "hugo", "hugo-config-dir", "zola", "plain"] {
        let dir = site(name);
        let out = quire(&["list", &dir, "--json", "--kind", "all"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut from_list: Vec<String> = Vec::new();
        for item in json.as_array().unwrap() {
            for problem in item["problems"].as_array().unwrap() {
                let at = problem["line"].as_u64().map(|l| format!(":{l}")).unwrap_or_default();
                let col = problem["column"].as_u64().map(|c| format!(":{c}")).unwrap_or_default();
                from_list.push(format!("{}{at}{col}: {}", item["path"].as_str().unwrap(), problem["message"].as_str().unwrap()));
            }
        }
        let (text, _) = check(&dir, &[]);
        let mut from_check: Vec<String> = text.lines().map(str::to_string).collect();
        from_list.sort();
        from_check.sort();
        assert_eq!(from_list, from_check, "{name}");
    }
}

#[test]
fn the_shared_corpora_report_only_real_problems() {
    let Some(shared) = common::shared() else { return };
    let hugo = shared.join("corpora/hugo-javabien");
    let (text, code) = check(hugo.to_str().unwrap(), &["--no-links"]);
    assert_eq!(text, "content/2006/04/11/xpdays-la-magie-extreme-programming.md:1: front matter has no opening `---` line\n");
    assert_eq!(code, 1);
    let zola = shared.join("corpora/zola-rust-blog");
    assert_eq!(check(zola.to_str().unwrap(), &["--no-links"]), (String::new(), 0));
    let library = quire::library::Library::open(&zola).unwrap();
    let latest = library.posts().iter().find(|p| p.path.ends_with("releases/latest.md")).expect("listed");
    assert_eq!(latest.kind, quire::post::Kind::Page);
    assert_eq!(library.posts().iter().filter(|p| p.kind == quire::post::Kind::Post).count(), library.posts().len() - 1);
}
