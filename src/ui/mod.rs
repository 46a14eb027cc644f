//! Everything the user sees: text layout, colours, bars, keys, the terminal
//! guard and the full-screen writer.

pub mod analyze_view;
pub mod backend;
pub mod bank_list;
pub mod bar;
pub mod chart;
pub mod drill_view;
pub mod interview_view;
pub mod keys;
pub mod mic_check_view;
pub mod pace;
pub mod present_view;
pub mod replay_takes;
pub mod replay_view;
pub mod report;
pub mod run;
pub mod screen;
pub mod sheet;
pub mod stats_view;
pub mod strip;
pub mod style;
pub mod summary_view;
pub mod table;
pub mod terminal;
pub mod text;
pub mod verdict;
