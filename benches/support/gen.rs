//! A deterministic generator of realistic blog folders, shared by `examples/generate.rs`,
//! `examples/memory.rs` and the benchmarks (included with `#[path]`).
//!
//! Posts mix YAML and TOML front matter, have 1-20 KB bodies with a long tail of sizes, headings,
//! lists, tables and code, 200 distinct tags drawn with a Zipf-like long tail, some drafts, and sit
//! in nested folders like a real blog. The same seed always writes the same bytes.

#![allow(dead_code)] // each includer uses a different part

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// Distinct tags in a generated blog.
pub const TAG_COUNT: usize = 200;
/// Smallest body, in bytes.
const MIN_BODY: usize = 1024;
/// Largest body, in bytes.
const MAX_BODY: usize = 20 * 1024;
/// One post in this many is a draft.
const DRAFT_EVERY: u64 = 20;
/// One post in this many uses TOML front matter (the rest YAML).
const TOML_EVERY: u64 = 3;

/// A small, fast, seeded PRNG (SplitMix64): enough for test data, no `rand` crate needed.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// One item of a slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: [&str; 95] = [
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "is",
    "that",
    "for",
    "it",
    "with",
    "as",
    "on",
    "this",
    "we",
    "can",
    "build",
    "server",
    "cache",
    "request",
    "latency",
    "memory",
    "thread",
    "async",
    "future",
    "borrow",
    "checker",
    "lifetime",
    "trait",
    "generic",
    "compile",
    "runtime",
    "container",
    "image",
    "layer",
    "network",
    "socket",
    "buffer",
    "parser",
    "token",
    "stream",
    "channel",
    "queue",
    "worker",
    "deploy",
    "release",
    "version",
    "feature",
    "flag",
    "config",
    "file",
    "folder",
    "index",
    "search",
    "query",
    "result",
    "error",
    "panic",
    "test",
    "bench",
    "profile",
    "flame",
    "graph",
    "kernel",
    "driver",
    "terminal",
    "editor",
    "window",
    "render",
    "layout",
    "widget",
    "event",
    "loop",
    "state",
    "update",
    "draw",
    "frame",
    "pixel",
    "color",
    "theme",
    "font",
    "unicode",
    "width",
    "wrap",
    "line",
    "page",
    "post",
    "blog",
    "draft",
    "title",
    "date",
    "tag",
    "quickly",
    "slowly",
    "really",
];

const TAG_ROOTS: [&str; 40] = [
    "rust",
    "go",
    "python",
    "docker",
    "kubernetes",
    "linux",
    "terminal",
    "vim",
    "emacs",
    "git",
    "testing",
    "performance",
    "security",
    "networking",
    "databases",
    "postgres",
    "sqlite",
    "web",
    "css",
    "javascript",
    "typescript",
    "wasm",
    "embedded",
    "cloud",
    "aws",
    "devops",
    "ci",
    "hugo",
    "zola",
    "jekyll",
    "markdown",
    "writing",
    "career",
    "books",
    "travel",
    "cooking",
    "music",
    "photography",
    "keyboards",
    "homelab",
];
const TAG_SUFFIXES: [&str; 5] = ["", "tips", "internals", "tooling", "notes"];

/// The 200 distinct tag names, most popular first.
pub fn tag_names() -> Vec<String> {
    let mut tags = Vec::with_capacity(TAG_COUNT);
    for suffix in TAG_SUFFIXES {
        for root in TAG_ROOTS {
            tags.push(if suffix.is_empty() { root.to_string() } else { format!("{root}-{suffix}") });
        }
    }
    tags
}

/// Draws tag ranks with probability proportional to 1/(rank+1): a few tags everywhere, a long tail.
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    /// A distribution over `n` ranks.
    pub fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|k| {
                total += 1.0 / (k as f64 + 1.0);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    /// One rank.
    pub fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = rng.unit() * total;
        self.cumulative.partition_point(|&c| c < x).min(self.cumulative.len() - 1)
    }
}

/// What the generator wrote: paths in writing order.
pub struct Generated {
    /// Every post file written.
    pub paths: Vec<PathBuf>,
    /// Total bytes written.
    pub bytes: u64,
}

/// Writes `count` posts under `dir` (created if needed). Deterministic for a given `seed`.
pub fn generate(dir: &Path, count: usize, seed: u64) -> io::Result<Generated> {
    let mut rng = Rng::new(seed);
    let tags = tag_names();
    let zipf = Zipf::new(tags.len());
    let mut out = Generated { paths: Vec::with_capacity(count), bytes: 0 };
    for i in 0..count {
        let post = make_post(&mut rng, &tags, &zipf, i);
        let path = dir.join(&post.rel_path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &post.text)?;
        out.bytes += post.text.len() as u64;
        out.paths.push(path);
    }
    Ok(out)
}

/// One generated post: where it goes and its bytes.
pub struct GenPost {
    /// Path relative to the blog root.
    pub rel_path: PathBuf,
    /// The whole file.
    pub text: String,
}

/// Builds post number `i`.
pub fn make_post(rng: &mut Rng, tags: &[String], zipf: &Zipf, i: usize) -> GenPost {
    let (year, month, day) = (2008 + rng.below(18), 1 + rng.below(12), 1 + rng.below(28));
    let (hour, minute) = (rng.below(24), rng.below(60));
    let title = title(rng);
    let slug = format!("{}-{i}", slugify(&title));
    let mut post_tags: Vec<&str> = Vec::new();
    for _ in 0..1 + rng.below(5) {
        let tag = tags[zipf.sample(rng)].as_str();
        if !post_tags.contains(&tag) {
            post_tags.push(tag);
        }
    }
    let draft = rng.next_u64().is_multiple_of(DRAFT_EVERY);
    let toml = rng.next_u64().is_multiple_of(TOML_EVERY);
    let body = body(rng);
    let date = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:00+01:00");
    let quoted: Vec<String> = post_tags.iter().map(|t| format!("\"{t}\"")).collect();
    let (rel_path, front) = if toml {
        let front = format!(
            "+++\ntitle = \"{title}\"\ndate = {date}\ndraft = {draft}\ndescription = \"A post about {}.\"\n\n[taxonomies]\ntags = [{}]\n\n[extra]\nwords = {}\n+++\n",
            post_tags[0],
            quoted.join(", "),
            body.len() / 6
        );
        (PathBuf::from(format!("blog/{year:04}/{slug}/index.md")), front)
    } else {
        let draft_line = if draft { "draft: true\n" } else { "" };
        let front =
            format!("---\ntitle: \"{title}\"\ndate: {date}\ntags: [{}]\n{draft_line}author: Generated Author\n---\n\n", quoted.join(","));
        (PathBuf::from(format!("posts/{year:04}/{month:02}/{slug}.md")), front)
    };
    GenPost { rel_path, text: front + &body }
}

fn title(rng: &mut Rng) -> String {
    let n = 3 + rng.below(6);
    let mut words: Vec<String> = (0..n).map(|_| rng.pick(&WORDS).to_string()).collect();
    if let Some(first) = words.first_mut() {
        let mut chars = first.chars();
        *first = chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default();
    }
    words.join(" ")
}

fn slugify(title: &str) -> String {
    title.to_lowercase().split_whitespace().collect::<Vec<_>>().join("-")
}

/// A body whose size has a long tail: most near 1-3 KB, a few near 20 KB.
fn body(rng: &mut Rng) -> String {
    let target = MIN_BODY + ((MAX_BODY - MIN_BODY) as f64 * rng.unit().powi(3)) as usize;
    let mut text = String::with_capacity(target + 512);
    text.push_str(&sentence(rng, 40));
    text.push_str("\n\n");
    while text.len() < target {
        match rng.below(8) {
            0 => {
                let _ = write!(text, "## {}\n\n", title(rng));
            }
            1 => list(rng, &mut text),
            2 => table(rng, &mut text),
            3 => code(rng, &mut text),
            _ => {
                let words = 30 + rng.below(60);
                text.push_str(&sentence(rng, words));
                text.push_str("\n\n");
            }
        }
    }
    text
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::with_capacity(words * 7);
    for i in 0..words {
        if i > 0 {
            s.push(if i % 14 == 0 { '\n' } else { ' ' });
        }
        let word = *rng.pick(&WORDS);
        match rng.below(40) {
            0 => {
                let _ = write!(s, "`{word}`");
            }
            1 => {
                let _ = write!(s, "**{word}**");
            }
            2 => {
                let _ = write!(s, "[{word}](https://example.com/{word})");
            }
            _ => s.push_str(word),
        }
    }
    s.push('.');
    s
}

fn list(rng: &mut Rng, text: &mut String) {
    for _ in 0..2 + rng.below(5) {
        let words = 4 + rng.below(8);
        let _ = writeln!(text, "- {}", sentence(rng, words).replace('\n', " "));
        if rng.below(4) == 0 {
            let words = 3 + rng.below(5);
            let _ = writeln!(text, "  - {}", sentence(rng, words).replace('\n', " "));
        }
    }
    text.push('\n');
}

fn table(rng: &mut Rng, text: &mut String) {
    let cols = 2 + rng.below(4);
    let header: Vec<&str> = (0..cols).map(|_| *rng.pick(&WORDS)).collect();
    let _ = writeln!(text, "| {} |", header.join(" | "));
    let _ = writeln!(text, "|{}", "---|".repeat(cols));
    for _ in 0..2 + rng.below(6) {
        let row: Vec<String> = (0..cols).map(|_| format!("{} {}", rng.pick(&WORDS), rng.below(1000))).collect();
        let _ = writeln!(text, "| {} |", row.join(" | "));
    }
    text.push('\n');
}

const SNIPPETS: [(&str, &str); 4] = [
    ("rust", "fn main() {\n    let items: Vec<u32> = (0..10).collect();\n    println!(\"{}\", items.iter().sum::<u32>());\n}"),
    ("go", "func main() {\n\tfor i := 0; i < 10; i++ {\n\t\tfmt.Println(i)\n\t}\n}"),
    ("python", "def total(items):\n    return sum(x * 2 for x in items if x % 3)\n\nprint(total(range(10)))"),
    ("yaml", "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\""),
];

fn code(rng: &mut Rng, text: &mut String) {
    let (lang, snippet) = rng.pick(&SNIPPETS);
    let _ = write!(text, "```{lang}\n{snippet}\n```\n\n");
}
