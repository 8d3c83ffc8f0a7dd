//! quire: a terminal reader and editor for blogs kept as folders of Markdown files.
//!
//! Data flows one way: files on disk -> [`post::Post`] -> [`library::Library`] -> app state
//! ([`app::App`]) -> view ([`ui::draw`]); keys, file changes and resizes -> [`app::Action`] ->
//! [`app::App::update`] -> redraw.

pub mod app;
pub mod cli;
pub mod clipboard;
pub mod color;
pub mod config;
pub mod file;
pub mod images;
pub mod index;
pub mod jobs;
pub mod library;
pub mod links;
pub mod opener;
pub mod packing;
pub mod post;
pub mod render;
pub mod report;
pub mod search;
pub mod serve;
pub mod session;
pub mod site;
pub mod text;
pub mod theme;
pub mod tui;
pub mod ui;
pub mod watch;
