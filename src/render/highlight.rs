//! syntect with bat's extra syntaxes and themes (two-face), loaded once and shared by every thread.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use anyhow::Context;
use ratatui::style::{Color, Modifier, Style};
use syntect::highlighting::{FontStyle, Highlighter, Theme};
use syntect::parsing::{BasicScopeStackOp, ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The syntect theme used when a style names one that does not exist.
pub const FALLBACK_THEME: &str = "Monokai Extended";

/// Bytes of code whose highlighting is kept for re-renders (a resize re-wraps text but code does
/// not change); past it the cache starts over. Highlighted code takes several times its size in
/// memory, so this stays well above one long post and well below what a reader should hold.
const CACHE_BYTES: usize = 2 * 1024 * 1024;

/// Fence names blogs use that syntect does not know by that token.
const ALIASES: &[(&str, &str)] = &[
    ("sh", "bash"),
    ("shell", "bash"),
    ("zsh", "bash"),
    ("console", "bash"),
    ("shell-session", "bash"),
    ("ps1", "powershell"),
    ("pwsh", "powershell"),
    ("docker", "dockerfile"),
    ("golang", "go"),
    ("yml", "yaml"),
    ("js", "javascript"),
    ("ts", "typescript"),
    ("rs", "rust"),
    ("py", "python"),
    ("rb", "ruby"),
    ("kt", "kotlin"),
    ("c++", "cpp"),
    ("objc", "objective-c"),
    ("jsonc", "json"),
    ("html5", "html"),
    ("xml", "xml"),
];

/// One highlighted line: styled fragments, without the line ending.
pub type HighlightedLine = Vec<(Style, String)>;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

fn embedded_themes() -> &'static two_face::theme::EmbeddedLazyThemeSet {
    static SET: OnceLock<two_face::theme::EmbeddedLazyThemeSet> = OnceLock::new();
    SET.get_or_init(two_face::theme::extra)
}

/// Themes added from the user's `.tmTheme` files, by name.
fn user_themes() -> &'static RwLock<HashMap<String, Arc<Theme>>> {
    static SET: OnceLock<RwLock<HashMap<String, Arc<Theme>>>> = OnceLock::new();
    SET.get_or_init(Default::default)
}

type CacheKey = u64;

/// Highlighted blocks by key, and the bytes of code they hold.
type Cache = (HashMap<CacheKey, Arc<Vec<HighlightedLine>>>, usize);

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Loads the syntaxes and the default theme now, so the first code block renders without a pause.
/// Cheap to call again; meant for a background thread at start-up.
pub fn warm_up() {
    let set = syntaxes();
    let _ = set.find_syntax_by_token("rust");
    let _ = theme(FALLBACK_THEME);
}

/// Reads a `.tmTheme` file and makes it usable as `RenderStyles.code_theme`; returns its name
/// (the file stem).
pub fn add_theme_file(path: &Path) -> anyhow::Result<String> {
    // Read through `file::read`, which never blocks on a FIFO or reads a device.
    let bytes = crate::file::read(path, crate::file::SETTINGS_LIMIT).with_context(|| format!("cannot read theme {}", path.display()))?;
    let theme = syntect::highlighting::ThemeSet::load_from_reader(&mut std::io::Cursor::new(bytes))
        .with_context(|| format!("cannot load theme {}", path.display()))?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .with_context(|| format!("theme file {} has no name", path.display()))?;
    let mut themes = user_themes().write().map_err(|_| anyhow::anyhow!("theme registry is unusable after a crash"))?;
    themes.insert(name.clone(), Arc::new(theme));
    THEME_GENERATION.fetch_add(1, Ordering::AcqRel);
    Ok(name)
}

/// Whether a theme of that name exists (embedded or added).
pub fn has_theme(name: &str) -> bool {
    user_themes().read().is_ok_and(|t| t.contains_key(name)) || embedded_name(name).is_some()
}

fn embedded_name(name: &str) -> Option<two_face::theme::EmbeddedThemeName> {
    two_face::theme::EmbeddedLazyThemeSet::theme_names().iter().copied().find(|n| n.as_name() == name)
}

/// The theme of that name, else the fallback.
fn theme(name: &str) -> ThemeRef {
    if let Some(theme) = user_themes().read().ok().and_then(|t| t.get(name).cloned()) {
        return ThemeRef::User(theme);
    }
    let embedded = embedded_name(name).or_else(|| embedded_name(FALLBACK_THEME));
    match embedded {
        Some(n) => ThemeRef::Embedded(embedded_themes().get(n)),
        None => ThemeRef::Embedded(embedded_themes().get(two_face::theme::EmbeddedThemeName::Base16)),
    }
}

enum ThemeRef {
    Embedded(&'static Theme),
    User(Arc<Theme>),
}

impl ThemeRef {
    fn get(&self) -> &Theme {
        match self {
            ThemeRef::Embedded(t) => t,
            ThemeRef::User(t) => t,
        }
    }
}

/// The syntax for a fence's info string (`rust,ignore`, `{.python}`, `Dockerfile`), if known.
pub fn find_syntax(info: &str) -> Option<&'static SyntaxReference> {
    let token = language_token(info);
    if token.is_empty() {
        return None;
    }
    let lower = token.to_ascii_lowercase();
    let token = ALIASES.iter().find(|(from, _)| *from == lower).map_or(lower.as_str(), |(_, to)| to);
    let set = syntaxes();
    set.find_syntax_by_token(token).or_else(|| set.syntaxes().iter().find(|s| s.name.eq_ignore_ascii_case(token)))
}

/// The language word of a fence info string.
pub fn language_token(info: &str) -> &str {
    let info = info.trim().trim_start_matches('{').trim_start_matches('.');
    info.split(|c: char| c.is_whitespace() || matches!(c, ',' | '{' | '}')).next().unwrap_or("")
}

/// Forgets every highlighted block (benchmarks measure the uncached path with it).
pub fn clear_cache() {
    if let Ok(mut c) = cache().lock() {
        *c = Cache::default();
    }
}

/// The `code_theme` that means "no highlighting": code comes out unstyled and syntect is never
/// loaded (`quire render --plain`, whose output has no colour to show it with).
pub const PLAIN_TEXT: &str = "(plain text)";

/// Highlights a block of code with the named theme; unknown languages get the theme's plain color.
/// Results are cached by (theme, language, code). [`PLAIN_TEXT`] gives the lines unstyled.
pub fn highlight(code: &str, info: &str, theme_name: &str) -> Arc<Vec<HighlightedLine>> {
    if theme_name == PLAIN_TEXT {
        return Arc::new(LinesWithEndings::from(code).map(|line| vec![(Style::new(), strip_eol(line).to_string())]).collect());
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (code, language_token(info), theme_name).hash(&mut hasher);
    let key = hasher.finish();
    if let Some(hit) = cache().lock().ok().and_then(|c| c.0.get(&key).cloned()) {
        return hit;
    }
    let lines = Arc::new(highlight_uncached(code, info, theme_name));
    if let Ok(mut c) = cache().lock() {
        if c.1 + code.len() > CACHE_BYTES {
            *c = Cache::default();
        }
        c.1 += code.len();
        c.0.insert(key, Arc::clone(&lines));
    }
    lines
}

fn highlight_uncached(code: &str, info: &str, theme_name: &str) -> Vec<HighlightedLine> {
    let set = syntaxes();
    let syntax = find_syntax(info).unwrap_or_else(|| set.find_syntax_plain_text());
    // Read before the theme is: a theme file added in between then starts the memo over.
    let generation = THEME_GENERATION.load(Ordering::Acquire);
    let theme = theme(theme_name);
    let plain = theme.get().settings.foreground.map(to_color);
    let mut parse = ParseState::new(syntax);
    let mut path = ScopeStack::new();
    STYLE_MEMO.with_borrow_mut(|memo| {
        memo.use_theme(theme_name, generation);
        let mut styles = StyleStack { memo, highlighter: None, theme: theme.get(), stack: Vec::new() };
        let base = styles.style_of(&[]);
        styles.stack.push(base);
        LinesWithEndings::from(code)
            .map(|line| match parse.parse_line(line, set) {
                Ok(ops) => styles.regions(&mut path, line, &ops),
                // A regex failure in a grammar must not lose the code: show it unhighlighted.
                Err(_) => vec![(Style::new().fg(plain.unwrap_or(Color::Reset)), strip_eol(line).to_string())],
            })
            .collect()
    })
}

/// Bumped when a theme is added, so no thread keeps styles it resolved for a theme since replaced.
static THEME_GENERATION: AtomicU64 = AtomicU64::new(0);

/// Past this many scope stacks a thread's [`StyleMemo`] starts over (a few thousand is typical).
const STYLE_MEMO_ENTRIES: usize = 16 * 1024;

thread_local! {
    static STYLE_MEMO: RefCell<StyleMemo> = RefCell::default();
}

/// The style of each scope stack seen so far, for one theme. A style depends on the whole stack
/// and nothing else, so it is resolved once instead of at every push: syntect's own highlighter
/// matches every selector of the theme against the stack at each scope pushed, which was a fifth
/// of a colour rendering of code.
#[derive(Default)]
struct StyleMemo {
    theme: String,
    generation: u64,
    styles: HashMap<Vec<Scope>, Style>,
}

impl StyleMemo {
    fn use_theme(&mut self, name: &str, generation: u64) {
        if self.theme != name || self.generation != generation || self.styles.len() > STYLE_MEMO_ENTRIES {
            self.theme = name.to_string();
            self.generation = generation;
            self.styles.clear();
        }
    }
}

/// The styles of the scopes open at a point of the code, innermost last (`stack[0]` is the
/// theme's default): what syntect's `HighlightState` keeps, resolved through the memo.
struct StyleStack<'m, 't> {
    memo: &'m mut StyleMemo,
    /// Built on the first stack the memo does not know.
    highlighter: Option<Highlighter<'t>>,
    theme: &'t Theme,
    stack: Vec<Style>,
}

impl StyleStack<'_, '_> {
    fn style_of(&mut self, path: &[Scope]) -> Style {
        if let Some(style) = self.memo.styles.get(path) {
            return *style;
        }
        let theme = self.theme;
        let h = self.highlighter.get_or_insert_with(|| Highlighter::new(theme));
        // The empty stack is the theme's default, as `HighlightState::new` starts from.
        let style = to_style(if path.is_empty() { h.get_default() } else { h.style_for_stack(path) });
        self.memo.styles.insert(path.to_vec(), style);
        style
    }

    /// One line's styled regions from its scope changes, as `HighlightIterator` gives them: each
    /// stretch of text takes the style of the scopes open before the change that ends it.
    fn regions(&mut self, path: &mut ScopeStack, line: &str, ops: &[(usize, ScopeStackOp)]) -> HighlightedLine {
        let mut out: HighlightedLine = Vec::new();
        let mut pos = 0;
        let push = |out: &mut HighlightedLine, style: Style, text: &str| {
            let text = strip_eol(text);
            if !text.is_empty() {
                out.push((style, text.to_string()));
            }
        };
        for (end, op) in ops {
            let end = (*end).clamp(pos, line.len());
            push(&mut out, self.top(), line.get(pos..end).unwrap_or(""));
            pos = end;
            let applied = path.apply_with_hook(op, |basic, stack| match basic {
                BasicScopeStackOp::Push(_) => {
                    let style = self.style_of(stack);
                    self.stack.push(style);
                }
                BasicScopeStackOp::Pop => {
                    // Never below the default: a grammar's stray pop is an error, not a panic.
                    if self.stack.len() > 1 {
                        self.stack.pop();
                    }
                }
            });
            if applied.is_err() {
                break;
            }
        }
        // The rest of the line (syntect's iterator stops at a bad scope change; the text stays).
        push(&mut out, self.top(), line.get(pos..).unwrap_or(""));
        out
    }

    fn top(&self) -> Style {
        self.stack.last().copied().unwrap_or_default()
    }
}

fn strip_eol(text: &str) -> &str {
    text.trim_end_matches(['\n', '\r'])
}

/// bat's palette themes (ansi, base16) encode terminal colors in the alpha channel; see color::from_syntect.
fn to_color(c: syntect::highlighting::Color) -> Color {
    crate::color::from_syntect(c).unwrap_or(Color::Reset)
}

fn to_style(s: syntect::highlighting::Style) -> Style {
    let mut style = Style::new().fg(to_color(s.foreground));
    if s.font_style.contains(FontStyle::BOLD) {
        style = style.add_modifier(Modifier::BOLD);
    }
    if s.font_style.contains(FontStyle::ITALIC) {
        style = style.add_modifier(Modifier::ITALIC);
    }
    if s.font_style.contains(FontStyle::UNDERLINE) {
        style = style.add_modifier(Modifier::UNDERLINED);
    }
    style
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_every_line_unstyled() {
        let lines = highlight("fn main() {}\r\n\nlet x = 1;", "rust", PLAIN_TEXT);
        let want: Vec<HighlightedLine> =
            ["fn main() {}", "", "let x = 1;"].iter().map(|l| vec![(Style::new(), (*l).to_string())]).collect();
        assert_eq!(*lines, want);
    }

    #[test]
    fn blog_languages_are_found_including_two_face_extras() {
        for lang in ["rust", "Dockerfile", "toml", "typescript", "ts", "powershell", "sh", "bash", "yaml", "go", "java", "rust,ignore"] {
            assert!(find_syntax(lang).is_some(), "{lang}");
        }
        assert!(find_syntax("no-such-language").is_none());
    }

    #[test]
    fn keywords_get_a_color_of_their_own() {
        let lines = highlight("fn main() {}\n", "rust", FALLBACK_THEME);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].len() > 1, "expected several styled regions: {:?}", lines[0]);
        let text: String = lines[0].iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(text, "fn main() {}");
    }

    #[test]
    fn unknown_languages_keep_their_text() {
        let lines = highlight("a\nb", "klingon", FALLBACK_THEME);
        let text: Vec<String> = lines.iter().map(|l| l.iter().map(|(_, t)| t.as_str()).collect()).collect();
        assert_eq!(text, ["a", "b"]);
    }

    #[test]
    fn a_user_theme_file_becomes_usable_by_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("Mine.tmTheme");
        std::fs::write(&path, MINIMAL_THEME).expect("write theme");
        assert_eq!(add_theme_file(&path).expect("theme loads"), "Mine");
        assert!(has_theme("Mine"));
        let lines = highlight("x", "text", "Mine");
        assert_eq!(lines[0][0].0.fg, Some(Color::Rgb(0x12, 0x34, 0x56)));
        assert!(add_theme_file(&dir.path().join("missing.tmTheme")).is_err());
    }

    /// What syntect's own `HighlightLines` gives: the memoised styles must not change a region.
    fn reference(code: &str, info: &str, theme_name: &str) -> Vec<HighlightedLine> {
        let set = syntaxes();
        let syntax = find_syntax(info).unwrap_or_else(|| set.find_syntax_plain_text());
        let theme = theme(theme_name);
        let mut h = syntect::easy::HighlightLines::new(syntax, theme.get());
        LinesWithEndings::from(code)
            .map(|line| {
                let regions = h.highlight_line(line, set).expect("grammar parses");
                regions.into_iter().map(|(s, t)| (to_style(s), strip_eol(t).to_string())).filter(|(_, t)| !t.is_empty()).collect()
            })
            .collect()
    }

    #[test]
    fn memoised_styles_give_what_syntect_gives_in_every_theme() {
        let samples = [
            (
                "rust",
                "use std::fmt;\n/// Doc.\n#[derive(Debug)]\nstruct A<'a> { x: &'a str }\nfn main() {\n    let s = format!(\"{} {:?}\", 1, r#\"raw\"#); // c\n}\n",
            ),
            (
                "python",
                "@dataclass\nclass R:\n    \"\"\"Doc.\"\"\"\n    v: float = 1.5\n\nasync def f(x=0.1):\n    return f\"{x!r}\" + 'a'\n",
            ),
            (
                "typescript",
                "interface O { r: number; t?: string }\nexport async function f(u: string): Promise<void> {\n  const x = `${u}?a=${1}`;\n}\n",
            ),
            (
                "html",
                "<!doctype html>\n<p class=\"a\">x &amp; <b>y</b></p>\n<script>let a = 1;</script>\n<style>p { color: red }</style>\n",
            ),
            ("sh", "for f in *.md; do echo \"$f\" | wc -c; done\ncat <<EOF\n$HOME\nEOF\n"),
            ("yaml", "a: 1\nb:\n  - \"x\"\n  - {c: d}\n"),
            ("klingon", "no grammar\n"),
        ];
        for theme_name in ["Monokai Extended", "ansi", "base16", "Solarized (light)", "GitHub", "Nord"] {
            for (info, code) in samples {
                assert_eq!(highlight_uncached(code, info, theme_name), reference(code, info, theme_name), "{info} in {theme_name}");
            }
        }
    }

    #[test]
    fn a_theme_file_added_again_under_its_name_gives_its_new_colours() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("Again.tmTheme");
        std::fs::write(&path, MINIMAL_THEME).expect("write theme");
        add_theme_file(&path).expect("theme loads");
        assert_eq!(highlight_uncached("x", "text", "Again")[0][0].0.fg, Some(Color::Rgb(0x12, 0x34, 0x56)));
        std::fs::write(&path, MINIMAL_THEME.replace("#123456", "#abcdef")).expect("write theme");
        add_theme_file(&path).expect("theme loads");
        assert_eq!(highlight_uncached("x", "text", "Again")[0][0].0.fg, Some(Color::Rgb(0xab, 0xcd, 0xef)));
    }

    const MINIMAL_THEME: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict><key>name</key><string>Mine</string><key>settings</key><array>
<dict><key>settings</key><dict><key>foreground</key><string>#123456</string><key>background</key><string>#000000</string></dict></dict>
</array></dict></plist>"#;
}
