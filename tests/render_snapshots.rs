//! Snapshots of rendered posts: the seeds and every sample post at 40, 80 and 120 columns as plain
//! text, and a few styled dumps where the styling is the point.

mod common;

use common::{markdown_files, shared};

use std::path::{Path, PathBuf};

use quire::render::{RenderOptions, RenderStyles, render_markdown, render_post};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Text;

const WIDTHS: [u16; 3] = [40, 80, 120];

/// Lines as text; trailing spaces (code block padding) dropped so the files stay diffable.
fn plain(text: &Text) -> String {
    text.lines.iter().map(|l| l.to_string().trim_end().to_string()).collect::<Vec<_>>().join("\n")
}

fn snapshot_post(path: &Path, name: &str) {
    let styles = RenderStyles::default();
    let post = quire::post::load(path);
    for width in WIDTHS {
        let rendered = render_post(&post, &RenderOptions { width, styles: &styles });
        insta::assert_snapshot!(format!("{name}_w{width}"), plain(&rendered.text));
    }
}

#[test]
fn seeds_at_three_widths() {
    let Some(shared) = shared() else { return };
    for path in markdown_files(&shared.join("seeds")) {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        snapshot_post(&path, &format!("seed_{stem}"));
    }
}

#[test]
fn sample_posts_at_three_widths() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts");
    for path in markdown_files(&root) {
        let rel = path.strip_prefix(&root).unwrap_or(&path).with_extension("");
        let name = rel.to_string_lossy().replace(['/', '\\', '.'], "_");
        snapshot_post(&path, &format!("sample_{name}"));
    }
}

/// Each span as `⟨text|style⟩`; unstyled text as is.
fn styled(text: &Text) -> String {
    let mut out = String::new();
    for line in &text.lines {
        for span in &line.spans {
            let style = describe(span.style);
            if style.is_empty() {
                out.push_str(&span.content);
            } else {
                out.push_str(&format!("⟨{}|{style}⟩", span.content));
            }
        }
        out.push('\n');
    }
    out
}

fn describe(style: Style) -> String {
    let mut parts = Vec::new();
    for (flag, name) in [
        (Modifier::BOLD, "bold"),
        (Modifier::DIM, "dim"),
        (Modifier::ITALIC, "italic"),
        (Modifier::UNDERLINED, "underline"),
        (Modifier::CROSSED_OUT, "strike"),
        (Modifier::REVERSED, "reverse"),
    ] {
        if style.add_modifier.contains(flag) {
            parts.push(name.to_string());
        }
    }
    let color = |c: Color| match c {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        other => format!("{other:?}"),
    };
    if let Some(fg) = style.fg {
        parts.push(format!("fg{}", color(fg)));
    }
    if let Some(bg) = style.bg {
        parts.push(format!("bg{}", color(bg)));
    }
    parts.join(" ")
}

const INLINE_STYLES: &str = "\
# Title

Plain *italic* **bold** ~~struck~~ `code` [a link](https://example.com) <kbd>Ctrl</kbd>.

> Quoted *words*.

> [!TIP]
> A tip.

- [x] done
- item

| h | n |
|---|--:|
| a | 1 |

{{< youtube id >}}
";

#[test]
fn inline_and_block_styles() {
    let styles = RenderStyles::default();
    let rendered = render_markdown(INLINE_STYLES, &RenderOptions { width: 40, styles: &styles });
    insta::assert_snapshot!("styled_elements", styled(&rendered.text));
}

#[test]
fn code_block_highlighting() {
    let styles = RenderStyles::default();
    let md = "```rust\nfn main() {\n    println!(\"hi\"); // greet\n}\n```\n\n```klingon\nunknown tongue\n```";
    let rendered = render_markdown(md, &RenderOptions { width: 40, styles: &styles });
    insta::assert_snapshot!("styled_code", styled(&rendered.text));
}

#[test]
fn post_header_styles() {
    let styles = RenderStyles::default();
    let text =
        "---\ntitle: A draft\ndate: 2024-02-03\nauthor: Ann\ndraft: true\ntags: [rust, tui]\ndescription: What it is about.\n---\nBody.\n";
    let post = quire::post::parse(PathBuf::from("a-draft.md"), text.as_bytes(), quire::post::FileStamp { modified: None, len: 0, hash: 0 });
    let rendered = render_post(&post, &RenderOptions { width: 40, styles: &styles });
    insta::assert_snapshot!("styled_header", styled(&rendered.text));
}
