//! Text from files made safe and measurable for a terminal.

/// Replaces control characters (ESC, C0, C1, DEL) with visible `^X` forms so that text from a
/// post can never drive the terminal. Tabs become spaces; newlines are kept.
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push_str("    "),
            c if needs_escape(c) => {
                let code = c as u32;
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
    std::borrow::Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n') || c == '\t'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(sanitize("a\x1b[31mred"), "a^[[31mred");
        assert_eq!(sanitize("bell\x07 del\x7f c1\u{9b}"), "bell^G del^? c1<U+009B>");
        assert_eq!(sanitize("tab\there"), "tab    here");
        assert!(matches!(sanitize("plain"), std::borrow::Cow::Borrowed(_)));
    }
}
