//! One line of typed text: the search line and the new post's title edit it with the same keys.

use crossterm::event::KeyEvent;

use super::keymap::{self, Input};

/// What a key did to the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Typed {
    /// The text changed (or was cleared).
    Changed,
    /// Backspace with nothing left to delete.
    AtStart,
    /// Not an edit: a key of the line's own (accept, close, rows) for the caller, or nothing.
    Other(Option<Input>),
}

/// Applies a key to `text`: typed characters, Backspace, Ctrl-U (clear), Ctrl-W (the last word
/// and the spaces after it), as bound in the keymap's line context.
pub(super) fn type_into(text: &mut String, input: Option<Input>, key: &KeyEvent) -> Typed {
    match input {
        Some(Input::Backspace) => {
            if text.pop().is_some() {
                Typed::Changed
            } else {
                Typed::AtStart
            }
        }
        Some(Input::Clear) => {
            text.clear();
            Typed::Changed
        }
        Some(Input::DeleteWord) => {
            text.truncate(text.trim_end().rfind(' ').map_or(0, |i| i + 1));
            Typed::Changed
        }
        None => match keymap::typed_char(key) {
            Some(c) => {
                text.push(c);
                Typed::Changed
            }
            None => Typed::Other(None),
        },
        other => Typed::Other(other),
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};

    use super::*;

    fn char_key(c: char) -> KeyEvent {
        KeyEvent::from(KeyCode::Char(c))
    }

    #[test]
    fn typing_deleting_a_word_and_clearing() {
        let mut text = String::new();
        for c in "rust  borrow".chars() {
            assert_eq!(type_into(&mut text, None, &char_key(c)), Typed::Changed);
        }
        let ctrl = KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL);
        assert_eq!(type_into(&mut text, Some(Input::DeleteWord), &ctrl), Typed::Changed);
        assert_eq!(text, "rust  ");
        assert_eq!(type_into(&mut text, Some(Input::DeleteWord), &ctrl), Typed::Changed);
        assert_eq!(text, "");
        assert_eq!(type_into(&mut text, Some(Input::Backspace), &KeyEvent::from(KeyCode::Backspace)), Typed::AtStart);
        text.push('x');
        assert_eq!(type_into(&mut text, Some(Input::Clear), &ctrl), Typed::Changed);
        assert_eq!(text, "");
    }

    #[test]
    fn control_keys_and_the_lines_own_keys_are_not_typed() {
        let mut text = String::from("a");
        let ctrl_x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL);
        assert_eq!(type_into(&mut text, None, &ctrl_x), Typed::Other(None));
        assert_eq!(type_into(&mut text, Some(Input::Accept), &KeyEvent::from(KeyCode::Enter)), Typed::Other(Some(Input::Accept)));
        assert_eq!(text, "a");
    }
}
