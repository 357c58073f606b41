//! Raw dictionary entries, as read from any format, before compilation.

use dyad_core::Date;
use std::fmt;
use std::sync::Arc;

/// What an entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A full actor: `Iran` → `IRN`, `Quds Force` → `IRNMIL`.
    Actor,
    /// An agent (role) with a code suffix: `president` → `~GOV`.
    Agent,
    /// A country adjective or demonym: `Iranian` → `IRN`.
    Demonym,
    /// A capital city, an actor by metonymy (`Tehran said`) but a place after `in`.
    Capital,
}

impl Kind {
    /// The keyword of this kind in our format.
    pub fn keyword(self) -> &'static str {
        match self {
            Kind::Actor => "actor",
            Kind::Agent => "agent",
            Kind::Demonym => "demonym",
            Kind::Capital => "capital",
        }
    }
}

/// A code, valid from `from` to `to` (both inclusive, either open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    /// The CAMEO code (`SYRGOV`), or an agent suffix with its `~` (`~GOV`).
    pub code: String,
    /// First day the code holds, if bounded.
    pub from: Option<Date>,
    /// Last day the code holds, if bounded.
    pub to: Option<Date>,
}

impl DatedCode {
    /// An undated code.
    pub fn plain(code: impl Into<String>) -> DatedCode {
        DatedCode {
            code: code.into(),
            from: None,
            to: None,
        }
    }

    /// True when the code has a date bound.
    pub fn is_dated(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    /// True when `date` lies in the range.
    pub fn holds_on(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }
}

impl fmt::Display for DatedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)?;
        if self.is_dated() {
            f.write_str(" ")?;
            if let Some(d) = self.from {
                write!(f, "{d}")?;
            }
            f.write_str("..")?;
            if let Some(d) = self.to {
                write!(f, "{d}")?;
            }
        }
        Ok(())
    }
}

/// Where an entry was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// File name (or `builtin:NAME`).
    pub file: Arc<str>,
    /// 1-based line of the entry's first line.
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One entry: names that all resolve to the same (dated) codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What the names are.
    pub kind: Kind,
    /// Codes in the order written; resolution picks one by date.
    pub codes: Vec<DatedCode>,
    /// Names as written (matched case-insensitively, except all-capital tokens).
    pub names: Vec<String>,
    /// Where it was written.
    pub origin: Origin,
}

impl Entry {
    /// The code that holds on `date`: the first dated code whose range contains it, else the
    /// first undated code, else (no date given, or nothing holds) `None` for dated-only
    /// entries when a date was given, and the most recent range when no date was given.
    pub fn code_on(&self, date: Option<Date>) -> Option<&str> {
        let undated = self.codes.iter().find(|c| !c.is_dated());
        match date {
            Some(d) => self
                .codes
                .iter()
                .find(|c| c.is_dated() && c.holds_on(d))
                .or(undated)
                .map(|c| c.code.as_str()),
            None => undated
                .or_else(|| {
                    self.codes
                        .iter()
                        .max_by_key(|c| (c.to.is_none(), c.to, c.from))
                })
                .map(|c| c.code.as_str()),
        }
    }
}
