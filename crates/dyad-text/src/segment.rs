//! Sentence segmentation over tokens.
//!
//! The segmenter looks at each gap between two tokens and decides whether a sentence ends
//! there. It works on tokens rather than characters because the tokenizer has already decided
//! the hard cases: `U.S.` and `Maj.` keep their period, `3.5` is one token, `...` is one token.
//! What is left is a short list of rules:
//!
//! * a blank line always ends a sentence (paragraphs never share one);
//! * sentence-final punctuation (`.` `!` `?` `...` `?!`) ends a sentence when the next token
//!   can start one (upper case, a digit, an opening quote or bracket); closing quotes and
//!   brackets that follow stay with the sentence they close (`... he said.” Then`);
//! * an abbreviation that ends in a period (`U.S.`, `Inc.`, `a.m.`) ends a sentence only when a
//!   typical sentence opener follows (`... in the U.S. The president`), and titles and initials
//!   (`Mr.`, `Gen.`, `J.`) never do;
//! * a single line break ends a sentence when the next line starts like a sentence and the
//!   line before did not stop mid-phrase (`as saying that` / `any escalation` stays one
//!   sentence: line-broken paragraphs are common in scraped news);
//! * a sentence never runs past [`MAX_SENTENCE_TOKENS`] tokens (text with no punctuation at all
//!   still yields bounded sentences for the parser).

use dyad_core::Token;

/// Longest sentence the segmenter emits; longer runs are cut at the best place available.
pub const MAX_SENTENCE_TOKENS: usize = 256;

/// Abbreviations (with their period) after which a sentence never ends: titles, initials,
/// months and the like are always followed by the name or number they introduce.
const NEVER_FINAL: &[&str] = &[
    "mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "maj.", "lt.", "col.", "capt.", "sgt.", "adm.",
    "gov.", "sen.", "rep.", "rev.", "st.", "mt.", "ft.", "no.", "nos.", "jan.", "feb.", "mar.",
    "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "vs.", "pres.",
    "brig.", "cpl.", "pvt.", "messrs.", "hon.", "e.g.", "i.e.", "cf.", "approx.", "vol.", "fig.",
];

/// Words that commonly open a sentence; after an abbreviation such as `U.S.` a capitalised
/// word from this list signals a new sentence, whereas a name (`U.S. President`) does not.
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "But",
    "And",
    "In",
    "On",
    "At",
    "For",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Some",
    "Many",
    "Most",
    "Meanwhile",
    "However",
    "Still",
    "Yet",
    "So",
    "Since",
    "Then",
    "Now",
    "Other",
    "Both",
    "All",
    "No",
    "Such",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
    "Officials",
    "According",
];

/// Lower-case words after which a line break does not end the sentence.
const CONTINUATIONS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "at", "for", "by", "with", "from", "and", "or",
    "but", "that", "which", "who", "whom", "whose", "as", "than", "into", "onto", "about", "said",
    "says", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would",
    "could", "should", "may", "might", "must", "can", "its", "their", "his", "her", "our", "this",
    "these", "those", "not", "over", "under", "after", "before", "between", "against", "during",
    "if", "when", "while", "where", "because", "since", "until", "via", "per", "told", "saying",
];

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

fn is_final_punct(tok: &str) -> bool {
    !tok.is_empty() && tok.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

fn is_ellipsis(tok: &str) -> bool {
    tok == "…" || tok.len() >= 2 && tok.bytes().all(|b| b == b'.')
}

/// Openers that end a sentence even after an ellipsis.
const ELLIPSIS_OPENERS: &[&str] = &[
    "I", "The", "He", "She", "We", "They", "It", "This", "But", "And", "So",
];

/// Tokens that continue a sentence after final punctuation: `?,` `!)` `.;`.
fn continues(tok: &str) -> bool {
    matches!(
        tok,
        "," | ";" | ":" | ")" | "]" | "}" | "%" | "-" | "/" | "'s"
    )
}

fn starts_capitalised_word(tok: &str) -> bool {
    first_char(tok).is_some_and(char::is_uppercase)
}

fn is_all_caps(tok: &str) -> bool {
    tok.len() > 2 && tok.chars().all(|c| c.is_uppercase())
}

fn is_closer(tok: &str) -> bool {
    matches!(
        tok,
        "\"" | "'" | "”" | "’" | ")" | "]" | "}" | "»" | "''" | "’’"
    )
}

fn is_opener_punct(tok: &str) -> bool {
    matches!(
        tok,
        "\"" | "'" | "“" | "‘" | "(" | "[" | "«" | "``" | "-" | "–" | "—" | "*" | "•"
    )
}

/// True when `tok` can be the first token of a sentence.
fn can_start(tok: &str) -> bool {
    match first_char(tok) {
        Some(c) if c.is_uppercase() || c.is_ascii_digit() => true,
        Some(_) if is_opener_punct(tok) => true,
        Some('$' | '£' | '€' | '#' | '@') => true,
        _ => false,
    }
}

fn is_abbrev_with_period(tok: &str) -> bool {
    tok.len() > 1 && tok.ends_with('.') && !is_final_punct(tok)
}

fn never_final(tok: &str) -> bool {
    let b = tok.as_bytes();
    // An initial: `J.`
    if b.len() == 2 && b[0].is_ascii_uppercase() {
        return true;
    }
    tok.len() <= 8 && NEVER_FINAL.iter().any(|a| a.eq_ignore_ascii_case(tok))
}

/// Splits `tokens` (of `text`) into sentences and returns each sentence as a token index range
/// `start..end`. Every token belongs to exactly one sentence.
pub fn segment_tokens(text: &str, tokens: &[Token]) -> Vec<(usize, usize)> {
    let n = tokens.len();
    let mut out = Vec::new();
    if n == 0 {
        return out;
    }
    let tok = |i: usize| -> &str { tokens[i].span.get(text).unwrap_or("") };
    let mut start = 0;
    // Set after sentence-final punctuation that is followed by closing quotes or brackets.
    let mut pending = false;
    for i in 0..n - 1 {
        let cur = tok(i);
        let next = tok(i + 1);
        let gap = text
            .get(tokens[i].span.end..tokens[i + 1].span.start)
            .unwrap_or("");
        let newlines = gap.bytes().filter(|&b| b == b'\n').count();
        let boundary = if newlines >= 2 {
            true
        } else if is_final_punct(cur) {
            if is_closer(next) && gap.is_empty() {
                pending = true;
                false
            } else {
                pending = false;
                if is_ellipsis(cur) {
                    // `wait... what`, `Nice people... I hear`: an ellipsis mostly trails off
                    // inside a sentence; a line break after it ends one.
                    newlines == 1 || ELLIPSIS_OPENERS.contains(&next)
                } else {
                    // After `.`, `?` or `!` a sentence ends even before a lower-case word
                    // (e-mail and forum text are often written without capitals), unless
                    // punctuation that continues the sentence follows.
                    !continues(next)
                }
            }
        } else if pending && is_closer(cur) {
            if is_closer(next) && gap.is_empty() {
                false
            } else {
                pending = false;
                can_start(next) || newlines == 1
            }
        } else if is_abbrev_with_period(cur) && !never_final(cur) {
            pending = false;
            OPENERS.contains(&next) || newlines == 1 && can_start(next)
        } else if cur == ":" && newlines == 0 && starts_capitalised_word(next) && !gap.is_empty() {
            // `He announced this in January: As of ...`: a colon before a capitalised word
            // that is not a name-like continuation opens a new sentence.
            pending = false;
            OPENERS.contains(&next) || is_all_caps(next)
        } else if newlines == 1 {
            pending = false;
            let lower = cur.to_lowercase();
            let mid_phrase = CONTINUATIONS.contains(&lower.as_str())
                || matches!(cur, "," | ":" | ";" | "-" | "(" | "&" | "/" | "“" | "‘")
                || never_final(cur);
            can_start(next) && !mid_phrase
        } else {
            pending = false;
            false
        };
        if boundary {
            push_bounded(text, tokens, start, i + 1, &mut out);
            start = i + 1;
        }
    }
    push_bounded(text, tokens, start, n, &mut out);
    out
}

/// Pushes `start..end`, cutting it into pieces of at most [`MAX_SENTENCE_TOKENS`] at the last
/// comma, semicolon or colon of each window (or hard at the limit when there is none).
fn push_bounded(
    text: &str,
    tokens: &[Token],
    mut start: usize,
    end: usize,
    out: &mut Vec<(usize, usize)>,
) {
    while end - start > MAX_SENTENCE_TOKENS {
        let window_end = start + MAX_SENTENCE_TOKENS;
        let cut = (start + MAX_SENTENCE_TOKENS / 2..window_end)
            .rev()
            .find(|&i| matches!(tokens[i].span.get(text), Some(";" | ":" | ",")))
            .map_or(window_end, |i| i + 1);
        out.push((start, cut));
        start = cut;
    }
    if start < end {
        out.push((start, end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize_into;

    fn sents(text: &str) -> Vec<String> {
        let mut toks = Vec::new();
        tokenize_into(text, 0, &mut toks);
        segment_tokens(text, &toks)
            .into_iter()
            .map(|(s, e)| text[toks[s].span.start..toks[e - 1].span.end].to_string())
            .collect()
    }

    #[test]
    fn news_english_table() {
        let table: &[(&str, &[&str])] = &[
            ("He left. She stayed.", &["He left.", "She stayed."]),
            (
                "The U.S. troops left. They went home.",
                &["The U.S. troops left.", "They went home."],
            ),
            (
                "He moved to the U.S. The president agreed.",
                &["He moved to the U.S.", "The president agreed."],
            ),
            (
                "Maj. Gen. Qassem Soleimani sat. He smiled.",
                &["Maj. Gen. Qassem Soleimani sat.", "He smiled."],
            ),
            (
                "It rose 3.5 percent on Jan. 5. Prices fell.",
                &["It rose 3.5 percent on Jan. 5.", "Prices fell."],
            ),
            (
                "J. R. R. Tolkien wrote it. Fans cheered.",
                &["J. R. R. Tolkien wrote it.", "Fans cheered."],
            ),
            (
                "He said “we will win.” Then he left.",
                &["He said “we will win.”", "Then he left."],
            ),
            ("(See below.) Next item.", &["(See below.)", "Next item."]),
            (
                "Wait... what happened? Nothing!",
                &["Wait... what happened?", "Nothing!"],
            ),
            (
                "No. 10 Downing Street said so.",
                &["No. 10 Downing Street said so."],
            ),
            (
                "First paragraph without a stop\n\nSecond one",
                &["First paragraph without a stop", "Second one"],
            ),
            (
                "as saying that\nany escalation would fail.",
                &["as saying that\nany escalation would fail."],
            ),
            (
                "his first to Tehran since 2010\nIranian-backed militias grew.",
                &[
                    "his first to Tehran since 2010",
                    "Iranian-backed militias grew.",
                ],
            ),
            (
                "Apple Inc. said profits rose.",
                &["Apple Inc. said profits rose."],
            ),
            ("Is it? Yes.", &["Is it?", "Yes."]),
            ("A sentence.", &["A sentence."]),
        ];
        for &(text, want) in table {
            assert_eq!(sents(text), want, "{text:?}");
        }
    }

    #[test]
    fn long_runs_are_bounded() {
        let text = "word ".repeat(1000);
        let mut toks = Vec::new();
        tokenize_into(&text, 0, &mut toks);
        let s = segment_tokens(&text, &toks);
        assert!(s.iter().all(|(a, b)| b - a <= MAX_SENTENCE_TOKENS));
        assert_eq!(s.iter().map(|(a, b)| b - a).sum::<usize>(), 1000);
    }
}
