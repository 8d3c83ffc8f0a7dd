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
