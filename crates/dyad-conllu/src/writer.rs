use std::fmt;
use std::io::{self, Write};

use crate::{EmptyNode, MultiwordToken, Sentence, Word};

/// Writes sentences as CoNLL-U, each followed by a blank line.
pub fn write_sentences<'s, W: Write>(
    out: &mut W,
    sentences: impl IntoIterator<Item = &'s Sentence>,
) -> io::Result<()> {
    for s in sentences {
        write!(out, "{s}")?;
    }
    Ok(())
}

/// Prints a sentence as CoNLL-U: comment lines, then word lines with each multiword token range
/// before its first word and each empty node after the word it follows, then a blank line.
/// Printing a sentence read by [`crate::Reader`] gives back its lines.
impl fmt::Display for Sentence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.comments {
            writeln!(f, "#{c}")?;
        }
        let mut mwts = self.multiword_tokens.iter().peekable();
        let mut empties = self.empty_nodes.iter().peekable();
        while let Some(e) = empties.next_if(|e| e.major == 0) {
            writeln!(f, "{e}")?;
        }
        for w in &self.words {
            while let Some(m) = mwts.next_if(|m| m.first <= w.id) {
                writeln!(f, "{m}")?;
            }
            writeln!(f, "{w}")?;
            while let Some(e) = empties.next_if(|e| e.major <= w.id) {
                writeln!(f, "{e}")?;
            }
        }
        // Whatever points past the last word is still written rather than lost.
        for m in mwts {
            writeln!(f, "{m}")?;
        }
        for e in empties {
            writeln!(f, "{e}")?;
        }
        writeln!(f)
    }
}

/// The word's line, without a newline.
impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}\t{}\t{}\t{}\t{}\t{}\t",
            self.id, self.form, self.lemma, self.upos, self.xpos, self.feats
        )?;
        match self.head {
            Some(h) => write!(f, "{h}")?,
            None => f.write_str("_")?,
        }
        write!(f, "\t{}\t{}\t{}", self.deprel, self.deps, self.misc)
    }
}

/// The range line, without a newline.
impl fmt::Display for MultiwordToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            self.first,
            self.last,
            self.form,
            self.lemma,
            self.upos,
            self.xpos,
            self.feats,
            self.head,
            self.deprel,
            self.deps,
            self.misc
        )
    }
}

/// The empty node's line, without a newline.
impl fmt::Display for EmptyNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            self.major,
            self.minor,
            self.form,
            self.lemma,
            self.upos,
            self.xpos,
            self.feats,
            self.head,
            self.deprel,
            self.deps,
            self.misc
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_str;

    #[test]
    fn round_trips_lines_in_their_order() {
        let input = "\
# newdoc id = d
# text = I'm here
0.1\tx\t_\t_\t_\t_\t_\t_\t_\t_
1-2\tI'm\t_\t_\t_\t_\t_\t_\t_\t_
1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_
2\t'm\tbe\tAUX\tVBP\t_\t3\tcop\t_\t_
2.1\ty\t_\t_\t_\t_\t_\t_\t3:dep\t_
2.2\tz\t_\t_\t_\t_\t_\t_\t3:dep\t_
3\there\there\tADV\tRB\t_\t0\troot\t_\t_
3.1\tw\t_\t_\t_\t_\t_\t_\t3:dep\tSpaceAfter=No

";
        let sentences = parse_str(input).unwrap();
        let mut out = Vec::new();
        write_sentences(&mut out, &sentences).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), input);
    }

    #[test]
    fn builds_a_sentence_for_a_parser() {
        let mut words = vec![Word::new(1, "Hi"), Word::new(2, "!")];
        words[0].head = Some(0);
        words[0].set_misc("SpaceAfter", "No");
        words[0].set_token_range(dyad_core::Span::new(0, 2));
        let mut s = Sentence::new(words);
        s.set_comment("sent_id", "1");
        s.set_comment("text", "Hi!");
        assert_eq!(
            s.to_string(),
            "# sent_id = 1\n# text = Hi!\n\
             1\tHi\t_\t_\t_\t_\t0\t_\t_\tSpaceAfter=No|TokenRange=0:2\n\
             2\t!\t_\t_\t_\t_\t_\t_\t_\t_\n\n"
        );
    }
}
