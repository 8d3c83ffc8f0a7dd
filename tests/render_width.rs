//! No rendered line is ever wider than the width asked for: seeds and both real corpora, at
//! widths sampled from 20 to 160.

mod common;

use common::{markdown_files, shared};

use std::path::Path;

use quire::render::{RenderOptions, RenderStyles, render_post, wrap};

const MIN_WIDTH: u16 = 20;
const MAX_WIDTH: u16 = 160;
/// Widths tried per corpus post (each post gets a different sample, so all widths get covered).
const WIDTHS_PER_POST: u16 = 2;

/// Every line of the post at `width`, checked; returns the number of lines.
fn check(path: &Path, width: u16, styles: &RenderStyles) -> usize {
    let post = quire::post::load(path);
    let rendered = render_post(&post, &RenderOptions { width, styles });
    // The numbered link list holds each URL whole, past the width.
    let list = rendered.link_list();
    for (i, line) in rendered.text.lines.iter().enumerate().filter(|(i, _)| !list.contains(i)) {
        let w = wrap::line_width(line);
        let ratatui_w = line.width();
        assert!(
            w <= usize::from(width) && ratatui_w <= usize::from(width),
            "{} at width {width}, line {i} is {w} wide: {line}",
            path.display()
        );
    }
    rendered.text.lines.len()
}

#[test]
fn seeds_never_exceed_any_width_from_20_to_160() {
    let Some(shared) = shared() else { return };
    let styles = RenderStyles::default();
    for path in markdown_files(&shared.join("seeds")) {
        for width in MIN_WIDTH..=MAX_WIDTH {
            assert!(check(&path, width, &styles) > 10);
        }
    }
}

#[test]
fn corpus_posts_never_exceed_sampled_widths() {
    let Some(shared) = shared() else { return };
    let styles = RenderStyles::default();
    let posts = markdown_files(&shared.join("corpora"));
    assert!(posts.len() > 900, "expected both corpora, found {} posts", posts.len());
    let span = MAX_WIDTH - MIN_WIDTH + 1;
    for (i, path) in posts.iter().enumerate() {
        for k in 0..WIDTHS_PER_POST {
            let width = MIN_WIDTH + ((i as u16).wrapping_mul(37).wrapping_add(k * 53)) % span;
            check(path, width, &styles);
        }
    }
}
