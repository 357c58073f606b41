//! English inflection for dictionary entries: regular verb forms and noun plurals.

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// True when `w` ends in a consonant followed by `last`.
fn consonant_then(w: &str, last: char) -> bool {
    let mut rev = w.chars().rev();
    rev.next() == Some(last)
        && rev
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() && !is_vowel(c))
}

fn sibilant(w: &str) -> bool {
    w.ends_with('s')
        || w.ends_with('x')
        || w.ends_with('z')
        || w.ends_with("ch")
        || w.ends_with("sh")
}

/// The regular forms of a verb, base form first: `ask` → `ask asks asked asking`,
/// `carry` → `carry carries carried carrying`, `race` → `race races raced racing`,
/// `reach` → `reach reaches reached reaching`, `agree` → `… agreeing`, `tie` → `… tying`.
///
/// Lowercase in, lowercase out; consonant doubling (`stop` → `stopped`) is not guessed:
/// dictionaries list such verbs' forms.
pub fn regular_forms(base: &str) -> Vec<String> {
    if base.is_empty() {
        return Vec::new();
    }
    let stem_y = base.strip_suffix('y').filter(|_| consonant_then(base, 'y'));
    let third = if let Some(stem) = stem_y {
        format!("{stem}ies")
    } else if sibilant(base) || consonant_then(base, 'o') {
        format!("{base}es")
    } else {
        format!("{base}s")
    };
    let past = if let Some(stem) = stem_y {
        format!("{stem}ied")
    } else if base.ends_with('e') {
        format!("{base}d")
    } else {
        format!("{base}ed")
    };
    let ing = if let Some(stem) = base.strip_suffix("ie") {
        format!("{stem}ying")
    } else if base.len() > 2
        && (base.ends_with("ee") || base.ends_with("oe") || base.ends_with("ye"))
    {
        format!("{base}ing")
    } else if let Some(stem) = base.strip_suffix('e').filter(|s| !s.is_empty()) {
        format!("{stem}ing")
    } else {
        format!("{base}ing")
    };
    let mut out = vec![base.to_string()];
    for f in [third, past, ing] {
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// The plural of a noun, after PETRARCH's `make_plural`: `-y` → `-ies` (after a consonant;
/// `day` → `days`), `-s`, `-x`, `-z`, `-ch`, `-sh` → `+es`, else `+s`. Lowercase in and out.
pub fn plural(noun: &str) -> String {
    if let Some(stem) = noun.strip_suffix('y').filter(|_| consonant_then(noun, 'y')) {
        format!("{stem}ies")
    } else if sibilant(noun) {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verb_forms() {
        let cases = [
            ("ask", "ask asks asked asking"),
            ("race", "race races raced racing"),
            ("carry", "carry carries carried carrying"),
            ("query", "query queries queried querying"),
            ("obey", "obey obeys obeyed obeying"),
            ("reach", "reach reaches reached reaching"),
            ("push", "push pushes pushed pushing"),
            ("fix", "fix fixes fixed fixing"),
            ("veto", "veto vetoes vetoed vetoing"),
            ("agree", "agree agrees agreed agreeing"),
            ("flee", "flee flees fleed fleeing"),
            ("tie", "tie ties tied tying"),
            (
                "re-examine",
                "re-examine re-examines re-examined re-examining",
            ),
        ];
        for (base, want) in cases {
            assert_eq!(regular_forms(base).join(" "), want, "{base}");
        }
        assert!(regular_forms("").is_empty());
    }

    #[test]
    fn plurals() {
        let cases = [
            ("dollar", "dollars"),
            ("army", "armies"),
            ("attorney", "attorneys"),
            ("bus", "buses"),
            ("tax", "taxes"),
            ("church", "churches"),
            ("euro", "euros"),
            ("n't", "n'ts"),
        ];
        for (noun, want) in cases {
            assert_eq!(plural(noun), want, "{noun}");
        }
    }
}
