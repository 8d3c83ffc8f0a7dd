//! JSON for scripts that is also safe to print: the same data, with every character that would
//! drive a terminal written as a `\uXXXX` escape.

use std::io::{self, Write};

use serde_json::ser::{Formatter, PrettyFormatter};

/// Writes `value` as pretty JSON. serde_json escapes only what JSON requires (C0, `"` and `\`);
/// this also escapes DEL, the C1 controls (U+009B is a CSI on many terminals) and the bidi
/// overrides and isolates, so `quire list --json` in a terminal is inert, and a JSON parser still
/// reads back exactly the strings in the files.
pub fn write_pretty(out: &mut impl Write, value: &impl serde::Serialize) -> serde_json::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, TerminalSafe(PrettyFormatter::new()));
    value.serialize(&mut serializer)
}

/// A [`PrettyFormatter`] whose strings escape terminal controls.
struct TerminalSafe<'a>(PrettyFormatter<'a>);

impl Formatter for TerminalSafe<'_> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|(_, c)| crate::text::is_terminal_control(*c)) {
            writer.write_all(&rest.as_bytes()[..at])?;
            // Every such character is in the Basic Multilingual Plane: one `\uXXXX` says it.
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    // Layout is the pretty formatter's.
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pretty(value: &serde_json::Value) -> String {
        let mut out = Vec::new();
        write_pretty(&mut out, value).expect("writes");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn c1_del_and_bidi_controls_are_escaped_and_read_back_exactly() {
        let title = "csi\u{9b}31m del\x7f esc\x1b rlo\u{202e}x\u{202c} lri\u{2066}y\u{2069} é ש";
        let value = serde_json::json!({ "title": title, "tags\u{9b}": [title] });
        let text = pretty(&value);
        assert!(text.contains(r#""title": "csi\u009b31m del\u007f esc\u001b rlo\u202ex\u202c lri\u2066y\u2069 é ש""#), "{text}");
        assert!(!text.chars().any(crate::text::is_terminal_control), "{text:?}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON"), value);
    }

    #[test]
    fn the_layout_is_serde_jsons_pretty_one() {
        let value = serde_json::json!([{ "a": 1, "b": [true, null], "c": {} }, []]);
        assert_eq!(pretty(&value), serde_json::to_string_pretty(&value).expect("serializes"));
    }
}
