//! Integration tests: the real `rehearse` binary, driven as a user would.

mod bank_errors;
mod banks;
mod draw;
mod util;
