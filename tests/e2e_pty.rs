//! The real binary in a pseudo-terminal: start it on a blog, type a search, read the screen, quit.

mod support;

use support::pty::Session;

#[test]
fn typing_a_search_in_the_real_binary_filters_the_list() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blog = dir.path().join("blog");
    support::write_blog(&blog);
    let mut session = Session::start(&blog);
    session.wait_for("Building a TUI in Rust");
    session.wait_for("Posts (5)");

    session.type_keys("/chan");
    let screen = session.wait_for("Posts (2 of 5)");
    assert!(screen.contains("Search: chan"), "{screen}");
    assert!(screen.contains("Go channels, gently"), "{screen}");
    assert!(!screen.contains("Eighteen months"), "{screen}");

    session.type_keys("\x1b");
    session.wait_for("Posts (5)");
    let status = session.quit();
    assert!(status.success(), "quire exited with {status:?}");
    assert!(!session.alternate_screen(), "the alternate screen was left");
}

#[test]
fn a_post_written_while_the_tui_starts_shows_up_and_r_reads_the_folder_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blog = dir.path().join("blog");
    support::write_blog(&blog);
    // No problem to report: the status line is free for "read N posts" after the reload.
    std::fs::remove_file(blog.join("broken.md")).expect("remove the broken post");
    let mut session = Session::start(&blog);
    // Whether the load or the watch sees it first, it is listed.
    std::fs::write(blog.join("2031-01-01-late.md"), "---\ntitle: Written at startup\ndate: 2031-01-01\n---\n\nHello.\n")
        .expect("write a post");
    session.wait_for("Written at startup");
    session.wait_for("Posts (5)");

    // The reload restarts the watch off the UI thread, then reads the folder.
    session.type_keys("r");
    session.wait_for("read 5 posts");
    std::fs::write(blog.join("2032-01-01-after.md"), "---\ntitle: After the reload\ndate: 2032-01-01\n---\n\nHi.\n").expect("write a post");
    session.wait_for("After the reload");
    let status = session.quit();
    assert!(status.success(), "quire exited with {status:?}");
}
