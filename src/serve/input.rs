//! Keys and the mouse from an SSH channel: raw terminal bytes, parsed by `vte` (the parser
//! Alacritty uses) into the same `KeyEvent`s and `MouseEvent`s crossterm gives the local TUI.
//!
//! Three things make a remote terminal's bytes harder than a local one's: a lone Esc looks like
//! the start of a sequence until no more bytes come (the caller resolves it with [`ESC_TIMEOUT`]);
//! pasted text must arrive as text, not as keys (bracketed paste); and a multi-byte character may
//! be split across packets (`vte` keeps the partial character between calls).

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use vte::{Params, Parser, Perform};

/// How long a lone Esc waits for the rest of a sequence before it counts as the Esc key. Long
/// enough for a sequence split across packets on a slow link, short enough not to be felt.
pub const ESC_TIMEOUT: Duration = Duration::from_millis(40);

/// The most text one paste may bring (the rest is dropped): a search line needs no novel.
const MAX_PASTE: usize = 64 * 1024;

const ESC: u8 = 0x1b;

/// What the client's terminal sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A key press.
    Key(KeyEvent),
    /// Text pasted between the bracketed-paste marks.
    Paste(String),
    /// A click, a release or a wheel step, reported in SGR encoding (`CSI < b ; x ; y M`).
    Mouse(MouseEvent),
}

/// The parser of one channel's input, kept across packets.
pub struct Input {
    parser: Parser,
    keys: Keys,
    /// The last packet ended on an Esc that may still start a sequence.
    esc_pending: bool,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input").field("esc_pending", &self.esc_pending).finish_non_exhaustive()
    }
}

impl Default for Input {
    fn default() -> Self {
        Input { parser: Parser::new(), keys: Keys::default(), esc_pending: false }
    }
}

impl Input {
    /// Parses one packet; returns the events it completed.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut out = Vec::new();
        // Esc, then another Esc: the first was a key of its own (vte would restart on the second).
        if self.esc_pending && bytes.first() == Some(&ESC) {
            out.extend(self.flush_escape());
        }
        self.parser.advance(&mut self.keys, bytes);
        out.append(&mut self.keys.out);
        self.esc_pending = bytes.last() == Some(&ESC) && self.keys.paste.is_none();
        out
    }

    /// Whether the input ends on an Esc that [`Input::flush_escape`] must resolve after [`ESC_TIMEOUT`].
    pub fn esc_pending(&self) -> bool {
        self.esc_pending
    }

    /// No more bytes came after a lone Esc: it was the Esc key.
    pub fn flush_escape(&mut self) -> Option<Event> {
        if !std::mem::take(&mut self.esc_pending) {
            return None;
        }
        self.parser = Parser::new();
        self.keys.ss3 = false;
        Some(Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)))
    }
}

/// The `vte` performer: sequences in, events out.
#[derive(Default)]
struct Keys {
    out: Vec<Event>,
    /// Inside a bracketed paste: the text so far.
    paste: Option<String>,
    /// `ESC O` was seen: the next character names a key (SS3, as in application cursor mode).
    ss3: bool,
}

impl Keys {
    fn key(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        self.out.push(Event::Key(KeyEvent::new(code, modifiers)));
    }
}

impl Perform for Keys {
    fn print(&mut self, c: char) {
        if let Some(paste) = &mut self.paste {
            if paste.len() < MAX_PASTE {
                paste.push(c);
            }
            return;
        }
        if std::mem::take(&mut self.ss3) {
            if let Some(code) = ss3_key(c) {
                self.key(code, KeyModifiers::NONE);
            }
            return;
        }
        match c {
            '\x7f' => self.key(KeyCode::Backspace, KeyModifiers::NONE),
            c if c.is_uppercase() => self.key(KeyCode::Char(c), KeyModifiers::SHIFT),
            c => self.key(KeyCode::Char(c), KeyModifiers::NONE),
        }
    }

    fn execute(&mut self, byte: u8) {
        if let Some(paste) = &mut self.paste {
            // Line breaks in a paste are kept as text; other controls never reach the app.
            if matches!(byte, b'\r' | b'\n' | b'\t') && paste.len() < MAX_PASTE {
                paste.push(if byte == b'\t' { '\t' } else { '\n' });
            }
            return;
        }
        match byte {
            b'\r' | b'\n' => self.key(KeyCode::Enter, KeyModifiers::NONE),
            b'\t' => self.key(KeyCode::Tab, KeyModifiers::NONE),
            0x08 => self.key(KeyCode::Backspace, KeyModifiers::NONE),
            0x00 => self.key(KeyCode::Char(' '), KeyModifiers::CONTROL),
            0x01..=0x1a => self.key(KeyCode::Char(char::from(b'a' + byte - 1)), KeyModifiers::CONTROL),
            _ => {}
        }
    }

    fn csi_dispatch(&mut self, params: &Params, intermediates: &[u8], _ignore: bool, action: char) {
        let mut numbers = params.iter().map(|p| p.first().copied().unwrap_or(0));
        let first = numbers.next().unwrap_or(0);
        let modifiers = modifiers(numbers.next().unwrap_or(1));
        if action == '~' && first == 200 {
            self.paste = Some(String::new());
            return;
        }
        if action == '~' && first == 201 {
            if let Some(text) = self.paste.take() {
                self.out.push(Event::Paste(text));
            }
            return;
        }
        if self.paste.is_some() {
            return;
        }
        if intermediates == b"<" && matches!(action, 'M' | 'm') {
            let mut numbers = params.iter().map(|p| p.first().copied().unwrap_or(0));
            let (code, column, row) = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(1), numbers.next().unwrap_or(1));
            if let Some(mouse) = sgr_mouse(code, column, row, action == 'm') {
                self.out.push(Event::Mouse(mouse));
            }
            return;
        }
        if !intermediates.is_empty() {
            return;
        }
        // `CSI x` cursor and F1-F4 keys are the `ESC O x` ones with modifiers.
        let code = match action {
            'Z' => Some(KeyCode::BackTab),
            '~' => tilde_key(first),
            _ => ss3_key(action),
        };
        let Some(code) = code else { return };
        self.key(code, modifiers);
    }

    fn esc_dispatch(&mut self, intermediates: &[u8], _ignore: bool, byte: u8) {
        if self.paste.is_some() || !intermediates.is_empty() {
            return;
        }
        match byte {
            b'O' => self.ss3 = true,
            // `ESC \` ends a string the terminal sent (its answers about graphics): not Alt+\.
            b'\\' => {}
            // Esc then a key, as terminals send Alt+key.
            0x20..=0x7e => self.key(KeyCode::Char(char::from(byte)), KeyModifiers::ALT),
            _ => {}
        }
    }
}

/// An SGR mouse report as crossterm reads it: `code` holds the button (low two bits, plus 64 for
/// the wheel), 32 for motion, and the modifiers (4 shift, 8 alt, 16 ctrl); `column` and `row`
/// count from 1; `released` is the final `m`.
fn sgr_mouse(code: u16, column: u16, row: u16, released: bool) -> Option<MouseEvent> {
    let button = (code & 0b11) | ((code & 0b1100_0000) >> 4);
    let motion = code & 0b10_0000 != 0;
    let pressed = |b| if released { MouseEventKind::Up(b) } else { MouseEventKind::Down(b) };
    let kind = match (button, motion) {
        (0, false) => pressed(MouseButton::Left),
        (1, false) => pressed(MouseButton::Middle),
        (2, false) => pressed(MouseButton::Right),
        (0, true) => MouseEventKind::Drag(MouseButton::Left),
        (1, true) => MouseEventKind::Drag(MouseButton::Middle),
        (2, true) => MouseEventKind::Drag(MouseButton::Right),
        (3, false) => MouseEventKind::Up(MouseButton::Left),
        (3..=5, true) => MouseEventKind::Moved,
        (4, false) => MouseEventKind::ScrollUp,
        (5, false) => MouseEventKind::ScrollDown,
        (6, false) => MouseEventKind::ScrollLeft,
        (7, false) => MouseEventKind::ScrollRight,
        _ => return None,
    };
    let mut modifiers = KeyModifiers::NONE;
    for (bit, modifier) in [(4, KeyModifiers::SHIFT), (8, KeyModifiers::ALT), (16, KeyModifiers::CONTROL)] {
        if code & bit != 0 {
            modifiers |= modifier;
        }
    }
    Some(MouseEvent { kind, column: column.saturating_sub(1), row: row.saturating_sub(1), modifiers })
}

/// `CSI n ~` keys.
fn tilde_key(n: u16) -> Option<KeyCode> {
    Some(match n {
        1 | 7 => KeyCode::Home,
        2 => KeyCode::Insert,
        3 => KeyCode::Delete,
        4 | 8 => KeyCode::End,
        5 => KeyCode::PageUp,
        6 => KeyCode::PageDown,
        11..=15 => KeyCode::F((n - 10) as u8),
        17..=21 => KeyCode::F((n - 11) as u8),
        23 | 24 => KeyCode::F((n - 12) as u8),
        _ => return None,
    })
}

/// `ESC O x` keys: cursor keys in application mode, and F1-F4.
fn ss3_key(c: char) -> Option<KeyCode> {
    Some(match c {
        'A' => KeyCode::Up,
        'B' => KeyCode::Down,
        'C' => KeyCode::Right,
        'D' => KeyCode::Left,
        'H' => KeyCode::Home,
        'F' => KeyCode::End,
        'P'..='S' => KeyCode::F(1 + (c as u8 - b'P')),
        _ => return None,
    })
}

/// xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4).
fn modifiers(param: u16) -> KeyModifiers {
    let bits = param.saturating_sub(1);
    let mut out = KeyModifiers::NONE;
    if bits & 1 != 0 {
        out |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        out |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        out |= KeyModifiers::CONTROL;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn with(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn letters_controls_and_cursor_keys_become_the_keys_crossterm_gives() {
        let mut input = Input::default();
        let got = input.feed(b"jG\r\t\x7f\x04\x1b[A\x1b[B\x1bOC\x1b[5~\x1b[6~\x1b[1;5D\x1b[Z");
        assert_eq!(
            got,
            [
                key(KeyCode::Char('j')),
                with(KeyCode::Char('G'), KeyModifiers::SHIFT),
                key(KeyCode::Enter),
                key(KeyCode::Tab),
                key(KeyCode::Backspace),
                with(KeyCode::Char('d'), KeyModifiers::CONTROL),
                key(KeyCode::Up),
                key(KeyCode::Down),
                key(KeyCode::Right),
                key(KeyCode::PageUp),
                key(KeyCode::PageDown),
                with(KeyCode::Left, KeyModifiers::CONTROL),
                key(KeyCode::BackTab),
            ]
        );
        assert!(!input.esc_pending());
    }

    #[test]
    fn a_lone_esc_waits_for_the_timeout_and_a_split_sequence_does_not() {
        let mut input = Input::default();
        assert_eq!(input.feed(b"\x1b"), []);
        assert!(input.esc_pending());
        assert_eq!(input.flush_escape(), Some(key(KeyCode::Esc)));
        assert_eq!(input.flush_escape(), None);
        assert_eq!(input.feed(b"j"), [key(KeyCode::Char('j'))], "the parser was reset");

        // An arrow key split after its Esc: the rest came in time, so no Esc.
        assert_eq!(input.feed(b"\x1b"), []);
        assert_eq!(input.feed(b"[B"), [key(KeyCode::Down)]);
        assert!(!input.esc_pending());

        // Esc pressed twice, in two packets: two Escs.
        assert_eq!(input.feed(b"\x1b"), []);
        assert_eq!(input.feed(b"\x1b"), [key(KeyCode::Esc)]);
        assert_eq!(input.flush_escape(), Some(key(KeyCode::Esc)));
        assert_eq!(input.feed(b"\x1bj"), [with(KeyCode::Char('j'), KeyModifiers::ALT)]);
    }

    #[test]
    fn utf8_split_across_packets_arrives_whole() {
        let mut input = Input::default();
        let bytes = "東é".as_bytes();
        let mut got = Vec::new();
        for byte in bytes {
            got.extend(input.feed(std::slice::from_ref(byte)));
        }
        assert_eq!(got, [key(KeyCode::Char('東')), key(KeyCode::Char('é'))]);
    }

    fn mouse(kind: MouseEventKind, column: u16, row: u16, modifiers: KeyModifiers) -> Event {
        Event::Mouse(MouseEvent { kind, column, row, modifiers })
    }

    #[test]
    fn sgr_mouse_reports_become_the_mouse_events_crossterm_gives() {
        let mut input = Input::default();
        let got =
            input.feed(b"\x1b[<64;30;10M\x1b[<65;1;1M\x1b[<0;12;5M\x1b[<0;12;5m\x1b[<2;300;90M\x1b[<20;3;4M\x1b[<32;7;8M\x1b[<35;7;8Mj");
        let none = KeyModifiers::NONE;
        assert_eq!(
            got,
            [
                mouse(MouseEventKind::ScrollUp, 29, 9, none),
                mouse(MouseEventKind::ScrollDown, 0, 0, none),
                mouse(MouseEventKind::Down(MouseButton::Left), 11, 4, none),
                mouse(MouseEventKind::Up(MouseButton::Left), 11, 4, none),
                mouse(MouseEventKind::Down(MouseButton::Right), 299, 89, none),
                mouse(MouseEventKind::Down(MouseButton::Left), 2, 3, KeyModifiers::SHIFT | KeyModifiers::CONTROL),
                mouse(MouseEventKind::Drag(MouseButton::Left), 6, 7, none),
                mouse(MouseEventKind::Moved, 6, 7, none),
                key(KeyCode::Char('j')),
            ]
        );
    }

    #[test]
    fn a_mouse_report_split_across_packets_or_inside_a_paste_is_never_keys() {
        let mut input = Input::default();
        assert_eq!(input.feed(b"\x1b"), []);
        assert_eq!(input.feed(b"[<65;4"), []);
        assert_eq!(input.feed(b"0;2M"), [mouse(MouseEventKind::ScrollDown, 39, 1, KeyModifiers::NONE)]);
        assert!(!input.esc_pending());
        // Pasted text that looks like a report stays text; an unknown button is dropped, a
        // missing row counts as the first.
        assert_eq!(input.feed(b"\x1b[200~\x1b[<0;1;1Mq\x1b[201~"), [Event::Paste("q".into())]);
        assert_eq!(
            input.feed(b"\x1b[<200;1;1M\x1b[<0;5Mk"),
            [mouse(MouseEventKind::Down(MouseButton::Left), 4, 0, KeyModifiers::NONE), key(KeyCode::Char('k'))]
        );
    }

    #[test]
    fn the_terminals_answers_about_graphics_are_never_keys_even_split() {
        let kitty = b"\x1b_Gi=31;OK\x1b\\\x1bP>|WezTerm 20240203\x1b\\\x1b[6;20;10t\x1b[?62;4;22c\x1b[0n";
        let mut input = Input::default();
        assert_eq!(input.feed(kitty), []);
        let mut typed = b"j".to_vec();
        typed.extend_from_slice(kitty);
        typed.push(b'k');
        let mut got = Vec::new();
        for piece in typed.chunks(3) {
            got.extend(input.feed(piece));
        }
        assert_eq!(got, [key(KeyCode::Char('j')), key(KeyCode::Char('k'))], "keys typed around the answers still arrive");
        assert!(!input.esc_pending());
    }

    #[test]
    fn a_bracketed_paste_is_text_not_keys_even_split_and_with_escapes() {
        let mut input = Input::default();
        assert_eq!(input.feed(b"\x1b[200~qu"), []);
        assert_eq!(input.feed(b"it\r\x1b[31mred\x07"), []);
        assert_eq!(input.feed(b"\x1b[201~j"), [Event::Paste("quit\nred".into()), key(KeyCode::Char('j'))]);
    }
}
