//! Text from files made safe and measurable for a terminal: the one way file-derived text (titles,
//! tags, bodies, file names, parser messages that quote a file) reaches a screen or a CLI output.

use std::borrow::Cow;

/// Replaces characters that would drive the terminal with visible forms: C0 controls and ESC as
/// `^X`, DEL as `^?`, C1 controls (U+0080–U+009F, where U+009B is a CSI) and the bidirectional
/// overrides and isolates (U+202A–U+202E, U+2066–U+2069, which make a line display in an order
/// other than its text) as `<U+XXXX>`. Tabs become spaces; newlines are kept.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !needs_sanitizing(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push_str("    "),
            c if is_terminal_control(c) => {
                let code = u32::from(c);
                if code < 0x20 {
                    out.push('^');
                    out.push(char::from(b'@' + code as u8));
                } else if code == 0x7f {
                    out.push_str("^?");
                } else {
                    out.push_str(&format!("<U+{code:04X}>"));
                }
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether `text` holds a tab or a [terminal control](is_terminal_control): a byte scan, as every
/// text drawn passes here. C1 controls start with 0xC2 and the bidi controls with 0xE2 in UTF-8;
/// only there is a character decoded.
fn needs_sanitizing(text: &str) -> bool {
    // Chunks with none of those bytes are passed over by a branch-free test the compiler
    // vectorises; only a chunk that has one is looked at byte by byte.
    const CHUNK: usize = 32;
    let suspect = |b: u8| (b < 0x20 && b != b'\n') | (b == 0x7f) | (b == 0xc2) | (b == 0xe2);
    let bytes = text.as_bytes();
    bytes.chunks(CHUNK).enumerate().any(|(n, chunk)| {
        chunk.iter().fold(false, |found, &b| found | suspect(b))
            && chunk.iter().enumerate().any(|(i, &b)| match b {
                b'\n' => false,
                0..=0x1f | 0x7f => true,
                0xc2 | 0xe2 => text[n * CHUNK + i..].chars().next().is_some_and(is_terminal_control),
                _ => false,
            })
    })
}

/// [`sanitize`], then line breaks as spaces: one line of a CLI report, a status line, a message.
pub fn one_line(text: &str) -> String {
    one_line_cow(text).into_owned()
}

/// [`one_line`], borrowing `text` when it is already safe on one line.
pub fn one_line_cow(text: &str) -> Cow<'_, str> {
    let safe = sanitize(text);
    if safe.contains('\n') { Cow::Owned(safe.replace('\n', " ")) } else { safe }
}

/// Whether a character must never reach a terminal as itself: every control character but the
/// newline (C0, DEL, C1), and the bidirectional embedding, override and isolate controls.
pub fn is_terminal_control(c: char) -> bool {
    (c.is_control() && c != '\n') || is_bidi_control(c)
}

/// The explicit bidirectional formatting characters (LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_finds_exactly_the_characters_that_need_sanitizing() {
        // Every character of the first planes (C0, C1, bidi among them) and a sample beyond.
        let chars = (0..0x3000u32).chain([0xfeff, 0x1f980, 0x10ffff]).filter_map(char::from_u32);
        for c in chars {
            let wanted = c == '\t' || is_terminal_control(c);
            // At the start, inside and across the end of a chunk the scan reads at a time.
            for before in [0, 2, 31, 33, 64] {
                let text = format!("{}{c}cd", "a".repeat(before));
                assert_eq!(needs_sanitizing(&text), wanted, "U+{:04X} after {before} bytes", u32::from(c));
            }
        }
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(sanitize("a\x1b[31mred"), "a^[[31mred");
        assert_eq!(sanitize("bell\x07 del\x7f c1\u{9b}"), "bell^G del^? c1<U+009B>");
        assert_eq!(sanitize("tab\there"), "tab    here");
        assert!(matches!(sanitize("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn bidi_overrides_and_isolates_become_visible() {
        assert_eq!(sanitize("abc\u{202e}fed\u{202c}"), "abc<U+202E>fed<U+202C>");
        for c in ('\u{202a}'..='\u{202e}').chain('\u{2066}'..='\u{2069}') {
            assert_eq!(sanitize(&c.to_string()), format!("<U+{:04X}>", u32::from(c)));
        }
        // Right-to-left text itself, and the marks that only nudge it, are text, not controls.
        assert_eq!(sanitize("שלום \u{200f}مرحبا"), "שלום \u{200f}مرحبا");
    }

    #[test]
    fn one_line_keeps_a_report_on_one_line() {
        assert_eq!(one_line("a\nb\r\n\x1b]0;x\x07"), "a b^M ^[]0;x^G");
    }

    #[test]
    fn what_sanitize_returns_holds_no_terminal_control() {
        let every: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let shown = sanitize(&every);
        assert!(!shown.chars().any(|c| is_terminal_control(c) || c == '\t'), "{shown:?}");
        assert_eq!(sanitize(&shown), shown, "sanitizing twice changes nothing");
    }
}
