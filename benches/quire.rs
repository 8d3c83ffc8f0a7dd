//! `cargo bench`: loading, searching, filtering and re-indexing a generated blog.
//!
//! Data is generated once per run into temp folders (1,000 and 10,000 posts, see
//! `benches/support/gen.rs`). Targets (issue 8): 10,000 posts open in < 300 ms, a search keystroke
//! in < 16 ms, a changed file re-indexed in < 2 ms. Figures are recorded in BENCHMARKS.md.

#[path = "support/gen.rs"]
mod generator;

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use quire::library::Library;
use quire::post::Post;

/// Seed of every generated folder, so runs compare like with like.
const SEED: u64 = 1;
/// Samples of a whole-library load (each takes a few hundred ms: keep the run short).
const LOAD_SAMPLES: u32 = 20;

/// A generated blog on disk, loaded once.
struct Blog {
    dir: tempfile::TempDir,
    library: Library,
}

impl Blog {
    fn generate(count: usize) -> Blog {
        let dir = tempfile::tempdir().expect("a temp folder for generated posts");
        generator::generate(dir.path(), count, SEED).expect("generated posts written");
        let library = Library::open(dir.path()).expect("generated blog opens");
        assert_eq!(library.posts().len(), count, "every generated post is found");
        Blog { dir, library }
    }
}

static BLOG_1K: LazyLock<Blog> = LazyLock::new(|| Blog::generate(1_000));
static BLOG_10K: LazyLock<Blog> = LazyLock::new(|| Blog::generate(10_000));

fn main() {
    divan::main();
}

mod load {
    use super::*;

    /// `Library::open` on 1,000 posts: walk, read, parse, sort.
    #[divan::bench(sample_count = LOAD_SAMPLES, sample_size = 1)]
    fn open_1000(bencher: divan::Bencher) {
        let dir = BLOG_1K.dir.path();
        bencher.bench(|| Library::open(dir).map(|l| l.posts().len()));
    }

    /// `Library::open` on 10,000 posts (target < 300 ms).
    #[divan::bench(sample_count = LOAD_SAMPLES, sample_size = 1)]
    fn open_10000(bencher: divan::Bencher) {
        let dir = BLOG_10K.dir.path();
        bencher.bench(|| Library::open(dir).map(|l| l.posts().len()));
    }
}

mod search {
    use super::*;

    /// One keystroke's search over 10,000 posts (target < 16 ms). `r` and `rust` match titles and
    /// tags (fuzzy); `borrow checker` also reads bodies; `zebra crossing` matches nothing, so every
    /// body is read: the worst case.
    #[divan::bench(args = ["r", "rust", "borrow checker", "zebra crossing"], sample_count = 30)]
    fn keystroke_10000(bencher: divan::Bencher, query: &str) {
        let posts = BLOG_10K.library.posts();
        bencher.bench(|| quire::search::search(posts, query).len());
    }

    /// A keystroke that extends the query, as the TUI runs it: only the posts the shorter query
    /// matched are searched (`borrow checke` -> `borrow checker`, the slowest case above).
    #[divan::bench(sample_count = 30)]
    fn keystroke_extending_10000(bencher: divan::Bencher) {
        let posts = BLOG_10K.library.posts();
        let previous: Vec<Arc<Post>> = quire::search::search(posts, "borrow checke").iter().map(|h| Arc::clone(&posts[h.index])).collect();
        bencher.bench(|| quire::search::search(&previous, "borrow checker").len());
    }
}

mod tags {
    use super::*;

    /// Choosing a tag in the tag pane: the matching posts, in list order.
    #[divan::bench(args = ["rust", "homelab-notes"], sample_count = 50)]
    fn filter_change_10000(bencher: divan::Bencher, tag: &str) {
        let posts = BLOG_10K.library.posts();
        bencher.bench(|| filter_by_tag(posts, tag).len());
    }

    /// The tag pane's counts over 10,000 posts.
    #[divan::bench(sample_count = 50)]
    fn counts_10000(bencher: divan::Bencher) {
        bencher.bench(|| BLOG_10K.library.tags().len());
    }

    fn filter_by_tag(posts: &[Arc<Post>], tag: &str) -> Vec<usize> {
        posts.iter().enumerate().filter(|(_, p)| p.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))).map(|(i, _)| i).collect()
    }
}

mod reindex {
    use super::*;

    /// A file changed on disk: read it again and put it back in a library of 10,000 (target < 2 ms).
    /// Each sample first rewrites the file (untimed), so the bytes read really changed.
    #[divan::bench(sample_count = 50)]
    fn changed_post_10000(bencher: divan::Bencher) {
        let mut library = BLOG_10K.library.clone();
        let path: PathBuf = library.posts()[library.posts().len() / 2].path.clone();
        let original = std::fs::read_to_string(&path).expect("generated post is readable");
        let mut edits = 0u64;
        bencher
            .with_inputs(|| {
                edits += 1;
                // A comment after the opening fence is valid in both YAML and TOML front matter.
                let changed = original.replacen('\n', &format!("\n# edit {edits}\n"), 1);
                std::fs::write(&path, changed).expect("generated post is writable");
            })
            .bench_local_values(|()| {
                let post = quire::post::load(&path);
                library.upsert(post);
            });
        std::fs::write(&path, original).expect("generated post restored");
    }
}

mod frame {
    use super::*;
    use quire::app::{Action, App, Options};
    use ratatui::{Terminal, backend::TestBackend};

    /// Drawing one frame of the TUI (list + reading pane + status) over 10,000 posts at 120x40:
    /// what every key press and file change costs on the UI thread besides the update.
    #[divan::bench(sample_count = 30)]
    fn draw_10000(bencher: divan::Bencher) {
        let mut app = App::new(BLOG_10K.dir.path().to_path_buf(), Options::default());
        app.update(Action::Resize(120, 40));
        app.update(Action::Loaded(Ok(BLOG_10K.library.clone())));
        let theme = quire::theme::Theme::default();
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
        bencher.bench_local(|| terminal.draw(|frame| quire::ui::draw(frame, &app, &theme.ui)).map(|_| ()));
    }
}

mod sort {
    use super::*;
    use quire::library::SortKey;

    /// The list order after any filter change while sorted by title or by modification time.
    #[divan::bench(args = [SortKey::Title, SortKey::Modified], sample_count = 30)]
    fn order_10000(bencher: divan::Bencher, key: SortKey) {
        bencher.bench(|| BLOG_10K.library.sorted_indices(key).len());
    }
}
