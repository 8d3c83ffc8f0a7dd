use super::*;

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_jekyll_post_not_named_by_date_is_flagged_because_jekyll_skips_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "_config.yml", "title: t\n");
    let path = write(dir.path(), "_posts/hello.md", "---\ntitle: Hello\ndate: 2020-01-01\n---\n");
    let site = Site::open(dir.path());
    assert_eq!(site.generator(), Generator::Jekyll);
    let post = site.load(&path).expect("a post");
    assert_eq!(post.problems, [Problem::file("not named YYYY-MM-DD-title: Jekyll skips posts without a date in the file name")]);
}

#[test]
fn a_watched_change_goes_through_the_same_rules_as_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "_config.yml", "exclude: [notes.md]\n");
    let static_file = write(dir.path(), "auto/README.md", "# no front matter\n");
    let excluded = write(dir.path(), "notes.md", "---\ntitle: n\n---\n");
    let page = write(dir.path(), "about.md", "---\ntitle: About\n---\n");
    let mut library = crate::library::Library::open(dir.path()).unwrap();
    assert_eq!(library.posts().len(), 1);
    let changes: Vec<crate::library::Change> =
        [static_file, excluded, page].iter().map(|p| crate::library::Change::Upsert(crate::post::load(p))).collect();
    library.apply(changes);
    let kinds: Vec<(String, Kind)> = library.posts().iter().map(|p| (p.file_name(), p.kind)).collect();
    assert_eq!(kinds, [("about.md".to_string(), Kind::Page)]);
}

#[test]
fn a_bad_site_config_is_a_problem_of_the_site_and_defaults_apply() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "hugo.toml", "baseURL = [\n");
    let site = Site::open(dir.path());
    assert_eq!(site.generator(), Generator::Hugo);
    assert_eq!(site.content(), dir.path().join("content"));
    assert!(site.problems()[0].1.message.starts_with("site config: invalid TOML"), "{:?}", site.problems());
}

#[test]
fn slash_path_gives_the_parts_joined_however_the_path_is_written() {
    for rel in ["a/b.md", "b.md", "", ".", "./a/b.md", "a//b.md", "a/./b.md", "a/../b.md", "a/b/", "..", "é/ü.md", "a b/c.md"] {
        let rel = Path::new(rel);
        assert_eq!(super::slash_path(rel), super::slash_parts(rel), "{rel:?}");
    }
}

#[test]
fn under_gives_what_strip_prefix_gives() {
    let cases = [
        ("/b/content/a.md", "/b/content"),
        ("/b/content/x/./a.md", "/b/content"),
        ("/b/content//a.md", "/b/content"),
        ("/b/contents/a.md", "/b/content"),
        ("/b/content", "/b/content"),
        ("/b/content/", "/b/content"),
        ("/b/content/a.md", "/b/content/"),
        ("/b/content/a.md", "/b/./content"),
        ("b/a.md", "b"),
        ("/a.md", "/"),
        ("/b/é/a.md", "/b/é"),
        ("/b/c/../a.md", "/b/c"),
    ];
    for (path, root) in cases {
        let (path, root) = (Path::new(path), Path::new(root));
        assert_eq!(super::under(path, root), path.strip_prefix(root).ok(), "{path:?} under {root:?}");
    }
}

#[test]
fn lexical_on_bytes_is_lexical_by_components() {
    for p in [
        "",
        "/",
        "a",
        "/a",
        "a/",
        "a//b",
        "./a",
        "a/./b",
        "a/..",
        "a/../..",
        "../a",
        "/..",
        "/../a",
        "/a/b/../../..",
        "a/b/../c/./d/",
        "..",
        ".",
        "./",
        "a/.hidden/../b",
        "/s/content/x/../../y.md",
        "//a",
        "a/b/c/../../../../d",
    ] {
        assert_eq!(super::lexical(Path::new(p)), super::lexical_by_components(Path::new(p)), "{p:?}");
    }
}

#[test]
fn plain_parts_are_names_only() {
    for p in ["a", "a/b", "a/b/c.md", "", "/", "/a", "a/", "a//b", ".", "./a", "a/.", "a/./b", "..", "a/../b", ".a", "a/.b", "a./b", "..."]
    {
        let by_split = p.split('/').all(|part| !part.is_empty() && part != ".");
        assert_eq!(super::plain_parts(p.as_bytes()), by_split, "{p:?}");
    }
}
