//! `quire check` on links: every link form of each generator, valid and broken, in the test
//! sites of `tests/sites/`; every broken one is found at its line and column, no valid one is
//! flagged. Then the output formats and exit codes CI reads, and the shared corpora.

mod common;

use std::process::{Command, Output};

fn quire(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().expect("quire runs")
}

fn check(args: &[&str]) -> (String, i32) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let out = quire(&all);
    (String::from_utf8(out.stdout).expect("UTF-8"), out.status.code().unwrap_or(-1))
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[test]
fn jekyll_post_url_link_permalinks_anchors_and_files() {
    let (out, code) = check(&["tests/sites/jekyll"]);
    assert_eq!(
        lines(&out),
        [
            "_posts/2020-02-01-links.md:20:1: post_url `2019-01-01-missing`: no post of that name in _posts/",
            "_posts/2020-02-01-links.md:20:35: link `missing.md`: no such file in the site",
            "_posts/2020-02-01-links.md:21:1: broken link `/2020/01/06/hello.html`: no post or page publishes that URL",
            "_posts/2020-02-01-links.md:21:32: no heading or anchor `#nowhere` in _posts/2020-01-05-hello.md",
            "_posts/2020-02-01-links.md:22:1: no heading or anchor `#no-such-heading` in this post",
            "_posts/2020-02-01-links.md:22:25: missing file `/assets/missing.png`: not in the site's static files or page bundles",
            "_posts/2020-02-01-links.md:22:57: broken link `../examples/gone.md`: no file or page examples/gone.md",
            "_posts/2020-02-01-links.md:23:10: no heading or anchor `#team` in about/index.markdown",
            "dup-a.md: publishes to /same/, as dup-b.md does too",
            "dup-b.md: publishes to /same/, as dup-a.md does too",
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn hugo_refs_permalinks_sections_static_files_and_bundle_resources() {
    let (out, _) = check(&["tests/sites/hugo"]);
    assert_eq!(
        lines(&out),
        [
            "content/dup-a.md: publishes to /same/, as content/dup-b.md does too",
            "content/dup-b.md: publishes to /same/, as content/dup-a.md does too",
            "content/posts/bundle/index.md:5:36: missing file `gone.jpg`: content/posts/bundle/gone.jpg does not exist",
            "content/posts/links.md:20:1: ref `missing.md`: no such page (Hugo looks beside the post, then in content/)",
            "content/posts/links.md:20:26: no heading or anchor `#nope` in content/posts/first.md",
            "content/posts/links.md:21:1: broken link `/2023/04/nothing/`: no post or page publishes that URL",
            "content/posts/links.md:21:24: broken link `/posts/first/`: no post or page publishes that URL",
            "content/posts/links.md:21:50: missing file `/images/none.png`: not in the site's static files or page bundles",
            "content/posts/links.md:22:1: broken link `missing.md`: no file or page content/posts/missing.md",
            "content/posts/links.md:22:18: no heading or anchor `#nowhere` in this post",
            "content/posts/untitled.md: no title in the front matter",
        ]
    );
}

#[test]
fn zola_at_paths_slugs_path_keys_anchors_and_colocated_assets() {
    let (out, _) = check(&["tests/sites/zola"]);
    assert_eq!(
        lines(&out),
        [
            "content/blog/links.md:16:1: `@/blog/missing.md`: no such file in content/",
            "content/blog/links.md:16:27: no heading or anchor `#nope` in content/pages/about.md",
            "content/blog/links.md:16:59: broken link `/blog/2023-01-10-launch/`: no post or page publishes that URL",
            "content/blog/links.md:17:1: no heading or anchor `#What-s-new` in this post",
            "content/blog/links.md:17:21: missing file `nothere.png`: content/blog/nothere.png does not exist",
            "content/blog/links.md:17:39: broken link `github.com/foo`: no file or page content/blog/github.com/foo",
            "content/blog/links.md:21:35: no heading or anchor `#déjà-vu-größe` in this post",
            "content/pages/dup-a.md: publishes to /same/, as content/pages/dup-b.md does too",
            "content/pages/dup-b.md: publishes to /same/, as content/pages/dup-a.md does too",
        ]
    );
}

#[test]
fn a_plain_folder_checks_relative_links_only() {
    let (out, _) = check(&["tests/sites/plain"]);
    assert_eq!(
        lines(&out),
        ["links.md:5:53: broken link `gone.md`: no file or page gone.md", "notes/undated.md: no date (front matter, file name or folder)"]
    );
}

#[test]
fn no_assets_hides_missing_files_and_nothing_else() {
    let (all, _) = check(&["tests/sites/hugo"]);
    let (some, _) = check(&["tests/sites/hugo", "--no-assets"]);
    let expected: Vec<&str> = all.lines().filter(|l| !l.contains("missing file")).collect();
    assert_eq!(lines(&some), expected);
    assert_eq!(all.lines().count() - some.lines().count(), 2);
}

#[test]
fn json_output_has_path_line_column_rule_and_message() {
    let (out, code) = check(&["tests/sites/plain", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        json,
        serde_json::json!([
            {"path": "links.md", "line": 5, "column": 53, "rule": "link", "message": "broken link `gone.md`: no file or page gone.md"},
            {"path": "notes/undated.md", "line": null, "column": null, "rule": "post", "message": "no date (front matter, file name or folder)"},
        ])
    );
    assert_eq!(code, 1);
}

#[test]
fn github_output_is_one_annotation_per_problem_with_the_path_as_given() {
    let (out, _) = check(&["tests/sites/plain", "--format", "github"]);
    assert_eq!(
        lines(&out),
        [
            "::error file=tests/sites/plain/links.md,line=5,col=53,title=quire check::broken link `gone.md`: no file or page gone.md",
            "::error file=tests/sites/plain/notes/undated.md,title=quire check::no date (front matter, file name or folder)",
        ]
    );
}

#[test]
fn exit_codes_say_clean_problems_or_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "---\ntitle: A\ndate: 2020-01-01\n---\n[b](b.md)\n").unwrap();
    std::fs::write(dir.path().join("b.md"), "---\ntitle: B\ndate: 2020-01-02\n---\n").unwrap();
    let out = quire(&["check", dir.path().to_str().unwrap()]);
    assert_eq!((out.status.code(), out.stdout.len()), (Some(0), 0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "2 posts, no problems\n");
    std::fs::remove_file(dir.path().join("b.md")).unwrap();
    assert_eq!(quire(&["check", dir.path().to_str().unwrap()]).status.code(), Some(1));
    assert_eq!(quire(&["check", dir.path().join("nowhere").to_str().unwrap()]).status.code(), Some(2));
}

/// The only link problems in the shared corpora, each real: see the comments.
#[test]
fn the_shared_corpora_have_only_real_broken_links() {
    let Some(shared) = common::shared() else { return };
    let hugo = shared.join("corpora/hugo-javabien");
    let (out, _) = check(&[hugo.to_str().unwrap(), "--no-assets"]);
    assert_eq!(
        lines(&out),
        [
            "content/2006/04/11/xpdays-la-magie-extreme-programming.md:1: front matter has no opening `---` line",
            // `<a href="training@morlhon.net">`: an address without `mailto:`, a relative link on the site.
            "content/2014/04/18/application-web-moderne-en-java-le-training-french.md:32:137: broken link `training@morlhon.net`: \
             no file or page content/2014/04/18/training@morlhon.net",
        ]
    );
    let zola = shared.join("corpora/zola-rust-blog");
    let (out, _) = check(&[zola.to_str().unwrap(), "--no-assets"]);
    let mut kinds: Vec<String> = out.lines().map(|l| l.split_once(": ").map_or(l, |(_, m)| m).to_string()).collect();
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            // No such file in the blog: a relative Markdown link Zola does not check.
            "broken link `./rust-vision-doc.md`: no file or page content/rust-vision-doc.md",
            "broken link `./rust-vision-doc.md`: no file or page content/Project-Goals-Feb-Update/rust-vision-doc.md",
            // GitHub-style ids in a table's `<a href>`s: Zola spells the emoji out
            // (`### Diagnostics Aspirations (👩‍💻)` is `#diagnostics-aspirations-woman-computer`, the
            // id the same posts' reference links use).
            "no heading or anchor `#diagnostics-aspirations-` in this post",
            "no heading or anchor `#p-high-backlog-processing-aspirations-` in this post",
            "no heading or anchor `#debugging-aspirations-` in this post",
            "no heading or anchor `#i-unsound-issues-` in this post",
            "no heading or anchor `#faster-builds-initiatives--%EF%B8%8F` in this post",
            // Zola's heading ids are lowercase; browsers match fragments exactly.
            "no heading or anchor `#Performance-Dashboard` in this post",
            "no heading or anchor `#Theme-Flatten-the-learning-curve` in this post",
            "no heading or anchor `#Theme-Help-users-help-each-other` in this post",
            "no heading or anchor `#Theme-Help-the-Rust-project-scale` in this post",
            // `github.com/…` without `https://`: a relative link on the site.
            "broken link `github.com/rust-lang/rust/pull/139507`: no file or page content/inside-rust/github.com/rust-lang/rust/pull/139507",
            "broken link `github.com/rust-lang/rustc-dev-guide/pull/2288`: no file or page content/inside-rust/github.com/rust-lang/rustc-dev-guide/pull/2288",
            "broken link `github.com/epage`: no file or page content/inside-rust/github.com/epage",
        ]
    );
    assert_eq!(out.lines().count(), 19);
    // With assets: only images and files the corpora do not keep (they hold Markdown only).
    let (all, _) = check(&[zola.to_str().unwrap()]);
    assert!(all.lines().filter(|l| !out.contains(*l)).all(|l| l.contains(": missing file `")), "{all}");
}
