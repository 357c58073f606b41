//! Messages on stderr (errors, warnings, a summary) and the progress bar.
//!
//! Style (as uv's): `error:` or `warning:`, a capitalised message with values in backticks and
//! the file (and line) it is about, then a blank line and `hint:` where a hint helps. Messages
//! read the same without colour.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// Prints one error with an optional hint.
pub(crate) fn print_error(message: &str, hint: Option<&str>) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "error: {message}");
    if let Some(h) = hint {
        let _ = writeln!(err, "\nhint: {h}");
    }
}

/// Collects what a long run says on stderr and draws a progress bar when stderr is a terminal.
pub(crate) struct Reporter {
    quiet: bool,
    bar: Option<ProgressBar>,
    docs: u64,
    bytes: u64,
}

impl Reporter {
    pub(crate) fn new(quiet: bool) -> Reporter {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Reporter {
            quiet,
            bar,
            docs: 0,
            bytes: 0,
        }
    }

    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    /// An error about one record or file.
    pub(crate) fn error(&mut self, message: &str, hint: Option<&str>) {
        match &self.bar {
            Some(bar) => bar.suspend(|| print_error(message, hint)),
            None => print_error(message, hint),
        }
    }

    /// A warning (suppressed by `--quiet`).
    pub(crate) fn warning(&mut self, message: &str) {
        if !self.quiet {
            self.say(&format!("warning: {message}"));
        }
    }

    /// One more document done.
    pub(crate) fn tick(&mut self, bytes: usize) {
        self.docs += 1;
        self.bytes += bytes as u64;
        if let Some(bar) = &self.bar {
            if self.docs % 64 == 1 {
                bar.set_message(format!(
                    "{} documents, {:.1} MB",
                    self.docs,
                    self.bytes as f64 / 1e6
                ));
            }
        }
    }

    /// Removes the progress bar.
    pub(crate) fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    /// The closing line after failures.
    pub(crate) fn summary(&mut self, failures: usize) {
        let s = if failures == 1 { "" } else { "s" };
        eprintln!(
            "error: {failures} input record{s} or file{s} failed; {} document(s) were processed",
            self.docs
        );
    }
}
