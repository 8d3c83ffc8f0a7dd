//! The style keys of a theme file: `[ui]` keys are the fields of [`UiStyles`]; `[render]` keys name
//! the fields of [`RenderStyles`].

use ratatui::style::Style;

use crate::render::RenderStyles;

/// Declares [`UiStyles`] once, so the struct, its theme-file keys and the key lookup cannot drift apart.
macro_rules! ui_styles {
    ($( $(#[$doc:meta])+ $field:ident, )+) => {
        /// Every style the TUI draws with; each field is a key under `[ui]` in a theme file.
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct UiStyles {
            $( $(#[$doc])+ pub $field: Style, )+
        }

        impl UiStyles {
            /// The theme-file key of every field, in the order of the struct.
            pub const KEYS: &[&str] = &[$(stringify!($field)),+];

            /// The style a theme-file key names, to set it.
            pub fn get_mut(&mut self, key: &str) -> Option<&mut Style> {
                match key {
                    $( stringify!($field) => Some(&mut self.$field), )+
                    _ => None,
                }
            }
        }
    };
}

ui_styles! {
    /// Base text, and the background of every pane.
    text,
    /// Secondary text: counts, hints, empty-list messages.
    dim,
    /// Pane borders.
    border,
    /// The border of the pane that has the focus.
    border_focused,
    /// Pane titles.
    title,
    /// The title of the pane that has the focus.
    title_focused,
    /// A row of the post list.
    list_row,
    /// The selected row while the list has the focus.
    list_selected,
    /// The selected row while another pane has the focus.
    list_selected_unfocused,
    /// The date column of the post list.
    list_date,
    /// Tags in the post list.
    list_tag,
    /// The "draft" badge.
    badge_draft,
    /// The "future" badge (publish date ahead).
    badge_future,
    /// The "expired" badge (expiry date passed).
    badge_expired,
    /// The mark beside a post that has problems.
    error_mark,
    /// The characters a fuzzy search matched.
    match_highlight,
    /// Full-text search snippets under a row.
    snippet,
    /// The status bar.
    status_bar,
    /// A key in the status-bar hints.
    status_key,
    /// The description beside a key hint.
    status_hint,
    /// An informational status message.
    status_info,
    /// A warning in the status bar.
    status_warning,
    /// An error in the status bar.
    status_error,
    /// The search / command prompt.
    prompt,
    /// A tag filter that is switched on.
    tag_active,
    /// Popups and overlays (help, tag picker, forms): background and text.
    popup,
    /// The border of a popup.
    popup_border,
    /// The title of a popup.
    popup_title,
    /// A form field's label.
    field_label,
    /// A form field's value.
    field_value,
    /// The form field being edited.
    field_focused,
    /// A form field whose value does not parse.
    field_invalid,
    /// The scroll position indicator.
    scroll,
}

/// The `[render]` keys, in the order of [`RenderStyles`]'s fields.
pub const RENDER_KEYS: &[&str] = &[
    "heading1",
    "heading2",
    "heading3",
    "heading4",
    "heading5",
    "heading6",
    "text",
    "link",
    "link_url",
    "inline_code",
    "code_block",
    "code_label",
    "quote_bar",
    "quote_text",
    "list_marker",
    "rule",
    "table_border",
    "table_header",
    "image",
    "placeholder",
    "footnote",
    "alert_note",
    "alert_tip",
    "alert_important",
    "alert_warning",
    "alert_caution",
    "header_title",
    "header_meta",
    "header_tag",
    "header_badge",
    "search_match",
];

/// The renderer style a `[render]` key names, to set it.
pub fn render_style_mut<'a>(styles: &'a mut RenderStyles, key: &str) -> Option<&'a mut Style> {
    if let Some(level) = key.strip_prefix("heading") {
        let index = level.parse::<usize>().ok()?.checked_sub(1)?;
        return styles.heading.get_mut(index);
    }
    if let Some(kind) = key.strip_prefix("alert_") {
        let index = ["note", "tip", "important", "warning", "caution"].iter().position(|k| *k == kind)?;
        return styles.alert.get_mut(index);
    }
    let style = match key {
        "text" => &mut styles.text,
        "link" => &mut styles.link,
        "link_url" => &mut styles.link_url,
        "inline_code" => &mut styles.inline_code,
        "code_block" => &mut styles.code_block,
        "code_label" => &mut styles.code_label,
        "quote_bar" => &mut styles.quote_bar,
        "quote_text" => &mut styles.quote_text,
        "list_marker" => &mut styles.list_marker,
        "rule" => &mut styles.rule,
        "table_border" => &mut styles.table_border,
        "table_header" => &mut styles.table_header,
        "image" => &mut styles.image,
        "placeholder" => &mut styles.placeholder,
        "footnote" => &mut styles.footnote,
        "header_title" => &mut styles.header_title,
        "header_meta" => &mut styles.header_meta,
        "header_tag" => &mut styles.header_tag,
        "header_badge" => &mut styles.header_badge,
        "search_match" => &mut styles.search_match,
        _ => return None,
    };
    Some(style)
}

#[cfg(test)]
mod tests {
    use ratatui::style::Color;

    use super::*;

    #[test]
    fn every_render_key_names_its_own_field() {
        let mut styles = RenderStyles::default();
        for (i, key) in RENDER_KEYS.iter().enumerate() {
            let style = render_style_mut(&mut styles, key).unwrap_or_else(|| panic!("{key} has no field"));
            *style = Style::new().fg(Color::Indexed(i as u8));
        }
        for (i, key) in RENDER_KEYS.iter().enumerate() {
            let style = render_style_mut(&mut styles, key).map(|s| *s);
            assert_eq!(style, Some(Style::new().fg(Color::Indexed(i as u8))), "{key} shares a field with another key");
        }
    }

    #[test]
    fn every_renderer_style_has_a_theme_key() {
        // Counting styles through Debug catches a field added to RenderStyles that themes cannot set yet.
        let styles = format!("{:?}", RenderStyles::default()).matches("Style::new()").count();
        assert_eq!(styles, RENDER_KEYS.len(), "RenderStyles changed: give the new style a key here and in every themes/*.toml");
    }

    #[test]
    fn unknown_keys_name_no_field() {
        let mut styles = RenderStyles::default();
        for key in ["heading0", "heading7", "alert_danger", "headingx", "code_theme"] {
            assert!(render_style_mut(&mut styles, key).is_none(), "{key}");
        }
        assert!(UiStyles::default().get_mut("selected").is_none());
    }

    #[test]
    fn every_ui_key_names_a_field() {
        let mut ui = UiStyles::default();
        for key in UiStyles::KEYS {
            assert!(ui.get_mut(key).is_some(), "{key}");
        }
    }
}
