//! `cargo bench`: loading, searching, filtering and re-indexing a generated blog.
//!
//! Data is generated once per run into temp folders (1,000 and 10,000 posts, see
//! `benches/support/gen.rs`). Targets (issue 8): 10,000 posts open in < 300 ms, a search keystroke
//! in < 16 ms (issue 14: through the word index, as the search lane runs it; 100,000 posts are
//! timed by `examples/search_keys`), a changed file re-indexed in < 2 ms. Figures are recorded in
//! BENCHMARKS.md.

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
    use quire::app::Action;
    use quire::index::WordIndex;
    use quire::jobs::{Search, search_now};
    use quire::search::initials::Initials;

    /// The 10,000 posts' word index, filled once (in a temporary file), as the TUI has it after
    /// its first frame.
    struct Words {
        _cache: tempfile::TempDir,
        index: Arc<WordIndex>,
    }

    static WORDS_10K: LazyLock<Words> = LazyLock::new(|| {
        let cache = tempfile::tempdir().expect("a temp folder for the index");
        let index = WordIndex::open_file(&cache.path().join("index.sqlite")).expect("a word index");
        index.fill(BLOG_10K.library.posts()).expect("the index filled");
        Words { _cache: cache, index }
    });

    /// One keystroke as the search lane runs it (the index answering, the lane's initials kept
    /// from earlier keystrokes), among `posts`: the hits.
    fn keystroke(posts: &[Arc<Post>], query: &str, initials: &mut Initials) -> usize {
        let search = Search { generation: 0, query: query.to_string(), posts: posts.to_vec() };
        match search_now(search, Some(&WORDS_10K.index), initials) {
            Action::SearchDone { hits, .. } => hits.len(),
            _ => 0,
        }
    }

    /// One keystroke's search over all 10,000 posts, as after a paste or a backspace (target
    /// < 16 ms). `r` and `rust` match titles and tags (fuzzy; `r` reads no body); `borrow checker`
    /// also matches bodies; `zebra crossing` matches nothing.
    #[divan::bench(args = ["r", "rust", "borrow checker", "zebra crossing"], sample_count = 30)]
    fn keystroke_10000(bencher: divan::Bencher, query: &str) {
        let posts = BLOG_10K.library.posts();
        let mut initials = Initials::default();
        keystroke(posts, query, &mut initials);
        bencher.bench_local(|| keystroke(posts, query, &mut initials));
    }

    /// A keystroke that extends the query, as the TUI sends it: only the posts the shorter query
    /// matched are searched (`borrow checke` -> `borrow checker`).
    #[divan::bench(sample_count = 30)]
    fn keystroke_extending_10000(bencher: divan::Bencher) {
        let posts = BLOG_10K.library.posts();
        let previous: Vec<Arc<Post>> = quire::search::search(posts, "borrow checke").iter().map(|h| Arc::clone(&posts[h.index])).collect();
        let mut initials = Initials::default();
        keystroke(&previous, "borrow checker", &mut initials);
        bencher.bench_local(|| keystroke(&previous, "borrow checker", &mut initials));
    }

    /// Without an index (before its first fill, or when it cannot be opened): every body is
    /// scanned in memory.
    #[divan::bench(args = ["borrow checker", "zebra crossing"], sample_count = 10)]
    fn scan_without_index_10000(bencher: divan::Bencher, query: &str) {
        let posts = BLOG_10K.library.posts();
        bencher.bench(|| quire::search::search(posts, query).len());
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
