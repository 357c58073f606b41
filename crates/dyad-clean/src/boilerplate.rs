//! The line classifier: is this (trimmed) line scraper or page boilerplate, and which kind?
//!
//! Rules are deliberately narrow. A line is only cut when it *is* boilerplate as a whole (a
//! phrase such as `Read more`, a short line that starts with one, a breadcrumb trail, a
//! byline, a credit); a line with real sentences is never cut because it merely contains
//! "share" or "cookies". Lines longer than [`MAX_LINE`] bytes are never boilerplate.

use crate::dateline::{find_date, is_weekday, month_of};
use crate::RemovedKind;

/// Longest line (bytes) the classifier looks at; anything longer is body text.
const MAX_LINE: usize = 600;

/// How a phrase must match the lower-cased line.
#[derive(Clone, Copy)]
enum Mode {
    /// The whole line, ignoring trailing punctuation such as `:` `»` `…`.
    Exact,
    /// The line starts with the phrase and has at most this many words.
    Prefix(usize),
}

use Mode::{Exact, Prefix};
use RemovedKind as K;

/// Phrase table, lower case. Order matters only where phrases overlap (first match wins).
const PHRASES: &[(&str, Mode, RemovedKind)] = &[
    // Read more / source tails.
    ("source: read full article", Exact, K::ReadMore),
    ("read full article", Exact, K::ReadMore),
    ("read the full article", Prefix(12), K::ReadMore),
    ("read the full story", Prefix(12), K::ReadMore),
    ("read the original article", Prefix(12), K::ReadMore),
    ("full story", Exact, K::ReadMore),
    ("read more", Prefix(25), K::ReadMore),
    ("continue reading", Prefix(12), K::ReadMore),
    ("keep reading", Exact, K::ReadMore),
    ("click here", Prefix(30), K::ReadMore),
    ("view original article", Prefix(10), K::ReadMore),
    ("view the original article", Prefix(10), K::ReadMore),
    ("see more", Exact, K::ReadMore),
    ("show more", Exact, K::ReadMore),
    ("load more", Exact, K::ReadMore),
    ("originally published", Prefix(25), K::ReadMore),
    ("this article originally appeared", Prefix(30), K::ReadMore),
    ("this story originally appeared", Prefix(30), K::ReadMore),
    (
        "this article was originally published",
        Prefix(30),
        K::ReadMore,
    ),
    ("source:", Prefix(8), K::Source),
    ("sources:", Prefix(10), K::Source),
    // Related links.
    ("related:", Prefix(30), K::Related),
    ("related", Exact, K::Related),
    ("related articles", Exact, K::Related),
    ("related stories", Exact, K::Related),
    ("related news", Exact, K::Related),
    ("related coverage", Exact, K::Related),
    ("related content", Exact, K::Related),
    ("related topics", Exact, K::Related),
    ("related links", Exact, K::Related),
    ("more on this story", Exact, K::Related),
    ("more from", Prefix(8), K::Related),
    ("more stories", Exact, K::Related),
    ("see also", Prefix(25), K::Related),
    ("also read", Prefix(25), K::Related),
    ("read also", Prefix(25), K::Related),
    ("you may also like", Prefix(10), K::Related),
    ("you might also like", Prefix(10), K::Related),
    ("recommended", Exact, K::Related),
    ("recommended for you", Exact, K::Related),
    ("most popular", Exact, K::Related),
    ("most read", Exact, K::Related),
    ("trending", Exact, K::Related),
    ("trending now", Exact, K::Related),
    ("editor's picks", Exact, K::Related),
    ("editors' picks", Exact, K::Related),
    ("top stories", Exact, K::Related),
    ("latest news", Exact, K::Related),
    ("latest stories", Exact, K::Related),
    // Share widgets.
    ("share", Exact, K::Share),
    ("share this", Prefix(6), K::Share),
    ("share on", Prefix(6), K::Share),
    ("share via", Prefix(6), K::Share),
    ("share article", Exact, K::Share),
    ("share story", Exact, K::Share),
    ("copy link", Exact, K::Share),
    ("follow us", Prefix(10), K::Share),
    ("like us on", Prefix(8), K::Share),
    ("follow @", Prefix(6), K::Share),
    // Subscriptions.
    ("sign up for", Prefix(25), K::Subscribe),
    ("sign up to", Prefix(25), K::Subscribe),
    ("subscribe", Prefix(20), K::Subscribe),
    ("sign up", Exact, K::Subscribe),
    ("newsletter", Exact, K::Subscribe),
    ("get our newsletter", Prefix(20), K::Subscribe),
    ("already a subscriber", Prefix(12), K::Subscribe),
    ("support our journalism", Prefix(20), K::Subscribe),
    ("become a member", Prefix(12), K::Subscribe),
    // Cookie banners.
    ("we use cookies", Prefix(80), K::Cookie),
    ("this site uses cookies", Prefix(80), K::Cookie),
    ("this website uses cookies", Prefix(80), K::Cookie),
    ("our site uses cookies", Prefix(80), K::Cookie),
    ("our website uses cookies", Prefix(80), K::Cookie),
    ("cookies help us", Prefix(60), K::Cookie),
    ("accept cookies", Exact, K::Cookie),
    ("accept all cookies", Exact, K::Cookie),
    ("accept all", Exact, K::Cookie),
    ("reject all", Exact, K::Cookie),
    ("cookie settings", Exact, K::Cookie),
    ("cookie policy", Exact, K::Cookie),
    ("manage cookies", Exact, K::Cookie),
    ("manage preferences", Exact, K::Cookie),
    // Advertising.
    ("advertisement", Prefix(6), K::Advertisement),
    ("advertisements", Exact, K::Advertisement),
    ("ad", Exact, K::Advertisement),
    ("ads", Exact, K::Advertisement),
    ("sponsored", Exact, K::Advertisement),
    ("sponsored content", Exact, K::Advertisement),
    ("paid content", Exact, K::Advertisement),
    ("promoted content", Exact, K::Advertisement),
    ("ad feedback", Exact, K::Advertisement),
    ("story continues below", Prefix(6), K::Advertisement),
    ("article continues below", Prefix(6), K::Advertisement),
    ("scroll to continue with content", Exact, K::Advertisement),
    ("continue reading below", Exact, K::Advertisement),
    // Credits and captions.
    ("photo:", Prefix(60), K::PhotoCredit),
    ("photos:", Prefix(60), K::PhotoCredit),
    ("photo by", Prefix(40), K::PhotoCredit),
    ("(photo by", Prefix(60), K::PhotoCredit),
    ("(photo:", Prefix(60), K::PhotoCredit),
    ("photograph:", Prefix(60), K::PhotoCredit),
    ("photo credit", Prefix(30), K::PhotoCredit),
    ("image:", Prefix(40), K::PhotoCredit),
    ("image credit", Prefix(30), K::PhotoCredit),
    ("image source", Prefix(30), K::PhotoCredit),
    ("picture:", Prefix(40), K::PhotoCredit),
    ("credit:", Prefix(30), K::PhotoCredit),
    ("file photo", Prefix(80), K::PhotoCredit),
    ("(ap photo", Prefix(40), K::PhotoCredit),
    ("ap photo/", Prefix(40), K::PhotoCredit),
    ("getty images", Prefix(20), K::PhotoCredit),
    // Tags and comments.
    ("tags:", Prefix(40), K::Tags),
    ("topics:", Prefix(40), K::Tags),
    ("filed under:", Prefix(40), K::Tags),
    ("categories:", Prefix(40), K::Tags),
    ("comments", Exact, K::Comments),
    ("leave a comment", Exact, K::Comments),
    ("post a comment", Exact, K::Comments),
    ("add a comment", Exact, K::Comments),
    ("view comments", Exact, K::Comments),
    ("show comments", Exact, K::Comments),
    ("join the conversation", Exact, K::Comments),
    // Site navigation.
    ("skip to content", Exact, K::Navigation),
    ("skip to main content", Exact, K::Navigation),
    ("skip to navigation", Exact, K::Navigation),
    ("toggle navigation", Exact, K::Navigation),
    ("main menu", Exact, K::Navigation),
    ("menu", Exact, K::Navigation),
    ("search", Exact, K::Navigation),
    ("home", Exact, K::Navigation),
    ("back to top", Exact, K::Navigation),
    ("sign in", Exact, K::Navigation),
    ("log in", Exact, K::Navigation),
    ("login", Exact, K::Navigation),
    ("register", Exact, K::Navigation),
    ("sections", Exact, K::Navigation),
    // Reuters' standards footer.
    (
        "our standards: the thomson reuters trust principles",
        Prefix(12),
        K::Signoff,
    ),
];

/// Words a share widget is made of (`Facebook Twitter Email`).
const SOCIAL: &[&str] = &[
    "facebook",
    "twitter",
    "x",
    "email",
    "e-mail",
    "whatsapp",
    "linkedin",
    "reddit",
    "pinterest",
    "telegram",
    "print",
    "share",
    "tweet",
    "copy",
    "link",
    "messenger",
    "flipboard",
    "sms",
    "mail",
];

/// Wire sign-off openings (`Reporting by …; Editing by …`), lower case.
const SIGNOFF: &[&str] = &[
    "reporting by",
    "additional reporting by",
    "additional reporting from",
    "writing by",
    "editing by",
    "compiled by",
    "reporting and writing by",
    "research by",
    "-- reporting by",
];

/// Classifies one trimmed line; `None` means body text.
pub(crate) fn classify(line: &str) -> Option<RemovedKind> {
    let n = line.len();
    if n == 0 || n > MAX_LINE {
        return None;
    }
    // Lower-case (ASCII) copy of the start of the line: every rule looks at the start.
    let mut buf = [0u8; 96];
    let head_len = n.min(buf.len());
    for (d, s) in buf.iter_mut().zip(line.as_bytes()) {
        *d = s.to_ascii_lowercase();
    }
    let head = &buf[..head_len];
    let words = line.split_whitespace().count();

    if let Some(kind) = phrase_match(line, head, words) {
        return Some(kind);
    }
    if words == 2 {
        let mut it = line.split_whitespace();
        if let (Some(a), Some(b)) = (it.next(), it.next()) {
            if a.bytes().all(|c| c.is_ascii_digit()) && b.eq_ignore_ascii_case("comments") {
                return Some(K::Comments);
            }
        }
    }
    if is_breadcrumb(line) {
        return Some(K::Breadcrumb);
    }
    if is_menu(line, words) {
        return Some(K::Navigation);
    }
    if (2..=8).contains(&words) && only_social_words(line) {
        return Some(K::Share);
    }
    if is_copyright(line, head, words) {
        return Some(K::Copyright);
    }
    if is_signoff(line, head, words) {
        return Some(K::Signoff);
    }
    if is_byline(line, head, words) {
        return Some(K::Byline);
    }
    if is_credit_suffix(line, words) {
        return Some(K::PhotoCredit);
    }
    if is_timestamp(line, words) {
        return Some(K::Timestamp);
    }
    None
}

fn phrase_match(line: &str, head: &[u8], words: usize) -> Option<RemovedKind> {
    // The line with trailing decoration (`:`, `»`, `…`, `>`) removed, for exact matches.
    let bare = line.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '.' | '»' | '›' | '>' | '…' | '|' | '!' | '-')
    });
    let bare_len = bare.len();
    for &(phrase, mode, kind) in PHRASES {
        let p = phrase.as_bytes();
        match mode {
            Exact => {
                if bare_len == p.len() && head.get(..p.len()) == Some(p) {
                    return Some(kind);
                }
            }
            Prefix(max_words) => {
                if words <= max_words && head.starts_with(p) {
                    // The phrase must end at a word boundary (`shared` is not `share`).
                    let next = line.as_bytes().get(p.len()).copied();
                    let boundary = p.last().is_some_and(|b| !b.is_ascii_alphanumeric())
                        || next.is_none_or(|b| !b.is_ascii_alphanumeric());
                    if boundary && prefix_extra_ok(phrase, line, words) {
                        return Some(kind);
                    }
                }
            }
        }
    }
    None
}

/// Extra conditions for prefixes that also open ordinary sentences.
fn prefix_extra_ok(phrase: &str, line: &str, words: usize) -> bool {
    let ends_sentence = line.ends_with(['.', '!', '?', '"', '”']);
    match phrase {
        // "Subscribe to our newsletter" yes; "Subscribers to the service rose 10%." no.
        "subscribe" | "sign up for" | "sign up to" | "follow us" | "share this" | "share on"
        | "more from" | "click here" => words <= 4 || !ends_sentence || has_cta_word(line),
        // "Advertisement" alone or with a short tail, never a sentence about advertising.
        "advertisement" => !ends_sentence,
        "source:" | "sources:" => !ends_sentence,
        "originally published"
        | "this article originally appeared"
        | "this story originally appeared"
        | "this article was originally published" => true,
        _ => true,
    }
}

fn has_cta_word(line: &str) -> bool {
    [
        "newsletter",
        "inbox",
        "click",
        "twitter",
        "facebook",
        "here",
    ]
    .iter()
    .any(|w| contains_ignore_case(line, w))
}

/// ASCII case-insensitive substring search.
pub(crate) fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return true;
    }
    h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// `Home » World News »`, `Home > News > Politics`, `Home / World`, `News › Middle East`.
fn is_breadcrumb(line: &str) -> bool {
    let has_sep = line.contains(['»', '›']) || line.contains(" > ") || line.contains(" / ");
    if !has_sep || line.len() > 200 {
        return false;
    }
    let parts: Vec<&str> = line
        .split(['»', '›'])
        .flat_map(|p| p.split(" > "))
        .flat_map(|p| p.split(" / "))
        .map(str::trim)
        .collect();
    let seps = parts.len().saturating_sub(1);
    let nonempty: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    if nonempty.is_empty() {
        return true;
    }
    let short = nonempty.iter().all(|p| {
        p.split_whitespace().count() <= 5 && !p.ends_with(['.', '!', '?']) && !p.contains(", ")
    });
    if !short || nonempty.len() > 8 {
        return false;
    }
    let first_home = nonempty
        .first()
        .is_some_and(|p| p.eq_ignore_ascii_case("home") || p.eq_ignore_ascii_case("news"));
    let trailing_sep = parts.last().is_some_and(|p| p.is_empty());
    // Every part starts with a capital or digit (menu labels do).
    let capitalised = nonempty
        .iter()
        .all(|p| p.chars().next().is_some_and(|c| !c.is_lowercase()));
    capitalised && (first_home || trailing_sep || seps >= 2)
}

/// `News | Sport | Weather | Culture`.
fn is_menu(line: &str, words: usize) -> bool {
    if words > 20 {
        return false;
    }
    let parts: Vec<&str> = line.split(['|', '•', '·']).map(str::trim).collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            p.split_whitespace().count() <= 3
                && !p.ends_with(['.', '!', '?', ','])
                && p.chars().next().is_none_or(|c| !c.is_lowercase())
        })
}

fn only_social_words(line: &str) -> bool {
    line.split(|c: char| c.is_whitespace() || c == '|' || c == '/' || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| SOCIAL.iter().any(|s| s.eq_ignore_ascii_case(w)))
}

/// `© 2019 Reuters`, `Copyright 2024 The Associated Press. All rights reserved.`
fn is_copyright(line: &str, head: &[u8], words: usize) -> bool {
    if words > 40 {
        return false;
    }
    if line.starts_with('©') {
        return true;
    }
    if head.starts_with(b"(c) ") {
        return line[4..].starts_with(|c: char| c.is_ascii_digit());
    }
    if head.starts_with(b"copyright") {
        let rest = line[9..].trim_start();
        return rest.starts_with(['©', '('])
            || rest.starts_with(|c: char| c.is_ascii_digit())
            || contains_ignore_case(line, "all rights reserved");
    }
    words <= 20 && contains_ignore_case(line, "all rights reserved")
}

/// `Reporting by John Smith; Editing by Tom Lee`, `(Writing by …)`.
fn is_signoff(line: &str, head: &[u8], words: usize) -> bool {
    if words > 40 {
        return false;
    }
    let (head, paren) = match head.strip_prefix(b"(") {
        Some(h) => (h, true),
        None => (head, false),
    };
    if !SIGNOFF.iter().any(|s| head.starts_with(s.as_bytes())) {
        return false;
    }
    paren
        || line.contains(';')
        || contains_ignore_case(line, "editing by")
        || (words <= 10 && !line.ends_with(['.', '!', '?']))
}

/// Connector words a byline may contain in lower case.
const BYLINE_LOWER: &[&str] = &[
    "and",
    "&",
    "with",
    "of",
    "de",
    "da",
    "del",
    "van",
    "von",
    "der",
    "al",
    "el",
    "bin",
    "in",
    "staff",
    "and/or",
    "|",
    "-",
    "–",
    "—",
    "updated",
    "published",
    "am",
    "pm",
    "a.m.",
    "p.m.",
    "min",
    "read",
    "on",
    "at",
    "for",
];

/// `By John Smith`, `By Jane Doe and Tom Lee, Reuters`, `BY JOHN SMITH | AP`.
fn is_byline(line: &str, head: &[u8], words: usize) -> bool {
    let rest = if head.starts_with(b"by ") {
        &line[3..]
    } else if head.starts_with(b"by: ") || head.starts_with(b"written by ") {
        line.split_once(' ').map_or("", |(_, r)| r)
    } else if head.starts_with(b"author: ") || head.starts_with(b"authors: ") {
        return words <= 12;
    } else {
        return false;
    };
    if words > 16 {
        return false;
    }
    let rest = rest.trim();
    let mut tokens = rest.split_whitespace().peekable();
    // The first word after "By" must be a capitalised name, not "By Monday" / "By contrast".
    let Some(first) = tokens.peek() else {
        return false;
    };
    let first = first.trim_matches(|c: char| !c.is_alphanumeric());
    if !first.chars().next().is_some_and(char::is_uppercase)
        || is_weekday(first)
        || month_of(first).is_some()
    {
        return false;
    }
    // No sentence end, except an abbreviation such as `Jr.`.
    if line.ends_with(['!', '?']) {
        return false;
    }
    if line.ends_with('.') {
        let last = rest.split_whitespace().last().unwrap_or("");
        if last.len() > 4 {
            return false;
        }
    }
    tokens.all(|t| {
        let w = t.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')' | ':'));
        w.is_empty()
            || w.split('-').any(|part| {
                part.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            })
            || BYLINE_LOWER.iter().any(|l| l.eq_ignore_ascii_case(w))
    })
}

/// Captions that end in a credit: `… REUTERS/Omar Sanadiki`, `… (AP Photo/Hussein Malla)`,
/// `… /AFP via Getty Images)`.
fn is_credit_suffix(line: &str, words: usize) -> bool {
    if words > 80 {
        return false;
    }
    let tail_start = line.len().saturating_sub(80);
    let tail_start = (tail_start..line.len())
        .find(|&i| line.is_char_boundary(i))
        .unwrap_or(line.len());
    let tail = &line[tail_start..];
    let t = tail.trim_end_matches(|c: char| c == ')' || c == '.' || c.is_whitespace());
    if ends_with_ignore_case(t, "getty images") || ends_with_ignore_case(t, "via getty") {
        return true;
    }
    if let Some(pos) = tail.rfind("(AP Photo") {
        return tail[pos..].ends_with(')');
    }
    // `REUTERS/Name Name` as the last thing on the line.
    if let Some(pos) = tail.rfind("REUTERS/") {
        let after = &tail[pos + 8..];
        return !after.contains(['.', '!', '?']) || after.ends_with("File Photo");
    }
    false
}

fn ends_with_ignore_case(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Words a timestamp line may consist of besides numbers, months and weekdays.
const TIME_WORDS: &[&str] = &[
    "updated",
    "published",
    "posted",
    "last",
    "first",
    "on",
    "at",
    "ago",
    "hour",
    "hours",
    "minute",
    "minutes",
    "min",
    "mins",
    "day",
    "days",
    "am",
    "pm",
    "a.m.",
    "p.m.",
    "|",
    "/",
    "-",
    "–",
    "—",
    "·",
    "•",
    "date:",
    "time:",
    "updated:",
    "published:",
    "posted:",
];

/// `March 3, 2019`, `Updated: Mon Feb 25, 2019 3:42pm EST`, `Published 2 hours ago`.
fn is_timestamp(line: &str, words: usize) -> bool {
    if words == 0 || words > 14 {
        return false;
    }
    let mut has_date_or_time = false;
    for w in line.split_whitespace() {
        let w = w.trim_end_matches([',', ';']);
        if w.is_empty() {
            continue;
        }
        let starts_digit = w.starts_with(|c: char| c.is_ascii_digit());
        let upper_zone = w.len() <= 5 && w.chars().all(|c| c.is_ascii_uppercase());
        if starts_digit || month_of(w).is_some() {
            has_date_or_time = true;
        } else if !(is_weekday(w)
            || upper_zone
            || TIME_WORDS.iter().any(|t| t.eq_ignore_ascii_case(w)))
        {
            return false;
        }
    }
    has_date_or_time
        && (find_date(line).is_some()
            || line.contains(':')
            || contains_ignore_case(line, "ago")
            || contains_ignore_case(line, "updated")
            || contains_ignore_case(line, "published"))
}

/// A wire sign-off in parentheses at the end of a paragraph: `… the conflict. (Reporting by
/// John Smith; Editing by Tom Lee)`. Returns the byte offset where the sign-off's `(` starts.
pub(crate) fn trailing_signoff(line: &str) -> Option<usize> {
    if !line.ends_with(')') {
        return None;
    }
    // Look only at the last 400 bytes: a sign-off is short.
    let from = line.len().saturating_sub(400);
    let bytes = line.as_bytes();
    let mut i = line.len();
    while let Some(pos) = memchr::memrchr(b'(', &bytes[from..i]) {
        let at = from + pos;
        let after = &bytes[at + 1..];
        let lower: Vec<u8> = after.iter().take(32).map(u8::to_ascii_lowercase).collect();
        if SIGNOFF.iter().any(|s| lower.starts_with(s.as_bytes())) {
            return (at > 0).then_some(at);
        }
        i = at;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifier_table() {
        let table: &[(&str, Option<RemovedKind>)] = &[
            // Positives.
            ("Home » World News »", Some(K::Breadcrumb)),
            ("Home > News > Politics", Some(K::Breadcrumb)),
            ("Home / World", Some(K::Breadcrumb)),
            ("News › Middle East › Syria", Some(K::Breadcrumb)),
            ("Source: Read Full Article", Some(K::ReadMore)),
            ("Read more", Some(K::ReadMore)),
            ("Read more: Iran and Syria sign trade deal", Some(K::ReadMore)),
            ("Continue reading", Some(K::ReadMore)),
            ("Continue reading the main story", Some(K::ReadMore)),
            ("Click here to read the full report", Some(K::ReadMore)),
            ("READ MORE »", Some(K::ReadMore)),
            ("Share this article", Some(K::Share)),
            ("Share on Facebook", Some(K::Share)),
            ("Facebook Twitter Email", Some(K::Share)),
            ("Follow us on Twitter", Some(K::Share)),
            ("Sign up for our newsletter", Some(K::Subscribe)),
            ("Subscribe to our daily briefing", Some(K::Subscribe)),
            (
                "We use cookies to improve your experience. By continuing you accept our policy.",
                Some(K::Cookie),
            ),
            ("Accept all cookies", Some(K::Cookie)),
            ("By John Smith", Some(K::Byline)),
            ("By Jane Doe and Tom Lee, Reuters", Some(K::Byline)),
            ("BY JOHN SMITH | AP", Some(K::Byline)),
            ("By Ali al-Hassan, Staff Writer", Some(K::Byline)),
            ("Photo: Reuters/Omar Sanadiki", Some(K::PhotoCredit)),
            ("(Photo by Louai Beshara /AFP via Getty Images)", Some(K::PhotoCredit)),
            ("File photo", Some(K::PhotoCredit)),
            (
                "FILE PHOTO: Syrian President Bashar al-Assad speaks in Damascus, Syria. REUTERS/Omar Sanadiki/File Photo",
                Some(K::PhotoCredit),
            ),
            (
                "Protesters march in Beirut on Sunday. (AP Photo/Hussein Malla)",
                Some(K::PhotoCredit),
            ),
            ("Advertisement", Some(K::Advertisement)),
            ("ADVERTISEMENT", Some(K::Advertisement)),
            ("Advertisement - Scroll to continue", Some(K::Advertisement)),
            ("Story continues below advertisement", Some(K::Advertisement)),
            ("Related: Iran and Syria sign trade deal", Some(K::Related)),
            ("Related Coverage", Some(K::Related)),
            ("© 2019 Reuters", Some(K::Copyright)),
            ("Copyright 2024 The Associated Press. All rights reserved.", Some(K::Copyright)),
            ("All rights reserved.", Some(K::Copyright)),
            ("Reporting by John Smith; Editing by Tom Lee", Some(K::Signoff)),
            ("(Reporting by Babak Dehghanpisheh; Editing by Alison Williams)", Some(K::Signoff)),
            ("Additional reporting by Laila Bassam in Beirut", Some(K::Signoff)),
            ("Our Standards: The Thomson Reuters Trust Principles.", Some(K::Signoff)),
            ("Tags: Syria, Iran, Assad", Some(K::Tags)),
            ("Skip to main content", Some(K::Navigation)),
            ("News | Sport | Weather | Culture", Some(K::Navigation)),
            ("March 3, 2019", Some(K::Timestamp)),
            ("Updated: Mon Feb 25, 2019 3:42pm EST", Some(K::Timestamp)),
            ("Published 2 hours ago", Some(K::Timestamp)),
            ("Source: Reuters", Some(K::Source)),
            ("12 Comments", Some(K::Comments)),
            ("Leave a comment", Some(K::Comments)),
            // Negatives: real sentences that merely mention the words.
            ("Syrian President Bashar al Assad made his first public visit to Iran.", None),
            ("Shares of Aramco fell 3% on Monday after the attack.", None),
            ("Share prices in Tehran rose sharply after the visit.", None),
            (
                "The company said it would stop baking cookies in its Ohio plant, cutting 200 jobs.",
                None,
            ),
            ("By Monday, the rebels had retreated from the city.", None),
            ("By contrast, Turkey wants the troops to stay.", None),
            ("Reporting by the Guardian revealed that the minister lied.", None),
            ("Subscribers to the state broadcaster fell by half last year.", None),
            ("Advertisements for the rally were banned by the electoral commission.", None),
            ("Related talks in Geneva ended without a deal, diplomats said.", None),
            ("Copyright holders sued the platform in Paris.", None),
            ("Israel / Palestine", None),
            ("March 3 was the deadline for the withdrawal, officials said.", None),
            ("Home to 2 million people, the city has been under siege since 2012.", None),
            ("Click", None),
            ("Follow-up talks are planned for next week.", None),
            ("Read the statement, he said.", None),
            ("Assad meets Khamenei in first Iran visit since Syrian war began", None),
            ("any escalation by Western powers would not stop Iran and Syria", None),
            ("Source code of the malware was leaked online, researchers said.", None),
            ("Photographers were barred from the courtroom.", None),
        ];
        for &(line, want) in table {
            assert_eq!(classify(line), want, "{line:?}");
        }
    }

    #[test]
    fn trailing_signoff_table() {
        let table: &[(&str, Option<&str>)] = &[
            (
                "to end the conflict. (Reporting by Babak Dehghanpisheh; Editing by Alison Williams)",
                Some("(Reporting by Babak Dehghanpisheh; Editing by Alison Williams)"),
            ),
            (
                "He left. (Additional reporting by Laila Bassam)",
                Some("(Additional reporting by Laila Bassam)"),
            ),
            ("the resistance movement (against Israel)", None),
            ("no parens at all", None),
            ("(Reporting by X)", None),
        ];
        for &(line, want) in table {
            assert_eq!(trailing_signoff(line).map(|i| &line[i..]), want, "{line:?}");
        }
    }
}
