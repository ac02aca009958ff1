//! A message as words: each with its text as typed (titles and descriptions keep their case) and
//! a normal form the grammar reads (lower case, outer punctuation gone, a typo in a command verb
//! forgiven). Text in quotes is one word, so "'call mom' tomorrow" keeps its title whole.

/// One word of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// As typed, without the quotes of a quoted span.
    pub raw: String,
    /// Lower case, without surrounding punctuation (keeps `#`, `!`, `'` inside, `:` at the end).
    pub norm: String,
    pub quoted: bool,
    /// A comma, semicolon or colon ends it: "call mom, pay rent", "task 5 notes: …".
    pub pause: bool,
}

/// The message's words.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let first = rest.chars().next().unwrap_or(' ');
        let closing = match first {
            '"' => Some('"'),
            '\'' => Some('\''),
            '“' => Some('”'),
            '‘' => Some('’'),
            _ => None,
        };
        if let Some(close) = closing {
            let body = &rest[first.len_utf8()..];
            // The closing quote is followed by a space, punctuation or the end.
            let end = body.char_indices().find(|&(k, c)| {
                c == close
                    && body[k + c.len_utf8()..]
                        .chars()
                        .next()
                        .is_none_or(|n| n.is_whitespace() || ",.;:!?".contains(n))
            });
            if let Some((k, c)) = end {
                let inner = body[..k].trim();
                let after = &body[k + c.len_utf8()..];
                let pause = after.starts_with([',', ';', ':']);
                if !inner.is_empty() {
                    out.push(Word {
                        raw: inner.to_owned(),
                        norm: inner.to_lowercase(),
                        quoted: true,
                        pause,
                    });
                }
                rest = after
                    .trim_start_matches([',', '.', ';', ':', '!', '?'])
                    .trim_start();
                continue;
            }
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let raw = &rest[..end];
        rest = rest[end..].trim_start();
        let pause = raw.ends_with([',', ';', ':']);
        let norm = raw
            .trim_matches(|c: char| {
                matches!(
                    c,
                    ',' | '.'
                        | ';'
                        | ':'
                        | '('
                        | ')'
                        | '?'
                        | '!'
                        | '"'
                        | '\''
                        | '“'
                        | '”'
                        | '‘'
                        | '’'
                )
            })
            .replace('’', "'")
            .to_lowercase();
        // "!high" keeps its mark: it is a priority hint, not punctuation.
        let norm = if raw.starts_with('!') && norm.len() > 1 {
            format!("!{norm}")
        } else {
            norm
        };
        if norm.is_empty() {
            continue;
        }
        // "it's due friday" reads as "it is due friday".
        if let Some(subject) = ["it's", "that's", "its"]
            .iter()
            .find(|c| **c == norm && (**c != "its" || rest.starts_with("due")))
        {
            let subject = subject.trim_end_matches("'s").trim_end_matches('s');
            out.push(Word {
                raw: raw.to_owned(),
                norm: subject.to_owned(),
                quoted: false,
                pause: false,
            });
            out.push(Word {
                raw: String::new(),
                norm: "is".to_owned(),
                quoted: false,
                pause,
            });
            continue;
        }
        out.push(Word {
            raw: raw.to_owned(),
            norm,
            quoted: false,
            pause,
        });
    }
    out
}

/// The words as typed, joined ("Call Mom on Sunday").
pub fn raw_text(ws: &[Word]) -> String {
    let text = ws
        .iter()
        .map(|w| w.raw.as_str())
        .filter(|raw| !raw.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    text.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '.' | '!' | '?')
    })
    .to_owned()
}

/// The normal forms, joined ("call mom on sunday").
pub fn norm_text(ws: &[Word]) -> String {
    ws.iter()
        .map(|w| w.norm.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Does `ws` start with these normal forms?
pub fn starts(ws: &[Word], phrase: &[&str]) -> bool {
    ws.len() >= phrase.len()
        && ws
            .iter()
            .zip(phrase)
            .all(|(w, p)| w.norm == *p && !w.quoted)
}

/// Where the phrase first occurs in `ws`, at or after `from`.
pub fn find(ws: &[Word], phrase: &[&str], from: usize) -> Option<usize> {
    (from..ws.len()).find(|&i| starts(&ws[i..], phrase))
}

/// Where any of these words first occurs.
pub fn find_any(ws: &[Word], any: &[&str]) -> Option<usize> {
    ws.iter()
        .position(|w| !w.quoted && any.contains(&w.norm.as_str()))
}

/// Does any word equal one of these?
pub fn has_any(ws: &[Word], any: &[&str]) -> bool {
    find_any(ws, any).is_some()
}

/// Drops leading words that carry no meaning here ("the", "my", …).
pub fn skip_leading<'a>(mut ws: &'a [Word], skip: &[&str]) -> &'a [Word] {
    while let Some(first) = ws.first() {
        if first.quoted || !skip.contains(&first.norm.as_str()) {
            break;
        }
        ws = &ws[1..];
    }
    ws
}

/// Drops trailing words that carry no meaning here.
pub fn skip_trailing<'a>(mut ws: &'a [Word], skip: &[&str]) -> &'a [Word] {
    while let Some(last) = ws.last() {
        if last.quoted || !skip.contains(&last.norm.as_str()) {
            break;
        }
        ws = &ws[..ws.len() - 1];
    }
    ws
}

/// Politeness and lead-ins around a command: "please", "can you", "hey", "I'd like to".
const LEAD_INS: &[&[&str]] = &[
    &["can", "you", "please"],
    &["could", "you", "please"],
    &["would", "you", "please"],
    &["can", "you"],
    &["could", "you"],
    &["would", "you"],
    &["will", "you"],
    &["can", "u"],
    &["i", "want", "to"],
    &["i'd", "like", "to"],
    &["id", "like", "to"],
    &["i", "would", "like", "to"],
    &["go", "ahead", "and"],
    &["you", "can"],
    &["you", "may"],
    &["feel", "free", "to"],
    &["help", "me"],
    &["please"],
    &["pleas"],
    &["plase"],
    &["pleae"],
    &["pls"],
    &["plz"],
    &["kindly"],
    &["hey"],
    &["hi", "there"],
    &["hello", "there"],
    &["hi"],
    &["hello"],
    &["good", "morning"],
    &["ok"],
    &["okay"],
    &["so"],
    &["now"],
    &["just"],
    &["also"],
    &["oh"],
    &["actually"],
    &["yay"],
    &["woohoo"],
    &["hooray"],
    &["phew"],
    &["finally"],
    &["good", "news"],
    &["great"],
    &["alright"],
    &["right"],
    &["oops"],
    &["sorry"],
    &["wait"],
    &["um"],
    &["well"],
];

const TAILS: &[&[&str]] = &[
    &["instead"],
    &["finally"],
    &["after", "all"],
    &["again"],
    &["right", "now"],
    &["for", "now"],
    &["for", "me", "please"],
    &["for", "me"],
    &["thank", "you"],
    &["please"],
    &["pls"],
    &["thanks"],
    &["now"],
];

const INTERJECTIONS: &[&str] = &[
    "ugh", "hmm", "hm", "um", "uh", "argh", "oh", "ah", "ok", "okay", "so", "well", "right",
    "alright", "yes", "yeah", "yep", "no", "nope", "hey", "hi", "hello", "oops", "whoa", "wow",
    "cool", "great", "thanks", "please", "actually", "also", "btw", "fyi", "sorry", "damn", "meh",
    "phew", "yay", "perfect", "nice", "good",
];

/// The command without lead-ins and polite tails.
pub fn trim_politeness(mut ws: &[Word]) -> &[Word] {
    'again: loop {
        for lead in LEAD_INS {
            // "help me prioritize" is a request for advice, not a lead-in.
            if starts(ws, lead) && ws.len() > lead.len() && !(lead[0] == "help" && ws.len() <= 3) {
                ws = &ws[lead.len()..];
                continue 'again;
            }
        }
        // "ugh, remind me …", "ok so, …": an interjection before a comma.
        if let Some(first) = ws.first().filter(|w| w.pause && !w.quoted && ws.len() > 1) {
            if INTERJECTIONS.contains(&first.norm.as_str()) {
                ws = &ws[1..];
                continue 'again;
            }
        }
        for tail in TAILS {
            if ws.len() > tail.len() && ends(ws, tail) {
                ws = &ws[..ws.len() - tail.len()];
                continue 'again;
            }
        }
        return ws;
    }
}

/// Does `ws` end with these normal forms?
pub fn ends(ws: &[Word], phrase: &[&str]) -> bool {
    ws.len() >= phrase.len() && starts(&ws[ws.len() - phrase.len()..], phrase)
}

/// The command verbs, for forgiving a typo in the first word ("compelte", "delet", "serch").
pub const VERBS: &[&str] = &[
    "add",
    "create",
    "complete",
    "finish",
    "delete",
    "remove",
    "search",
    "show",
    "list",
    "rename",
    "change",
    "update",
    "reschedule",
    "postpone",
    "move",
    "mark",
    "reopen",
    "describe",
    "prioritise",
    "prioritize",
    "untag",
    "display",
];

/// The word as a known verb when it is one typo away from one ("compelte" → "complete").
pub fn forgive_verb(word: &str) -> Option<&'static str> {
    if VERBS.contains(&word) || word.chars().count() < 4 {
        return None;
    }
    VERBS.iter().copied().find(|verb| {
        verb.len() >= 5 && strsim::damerau_levenshtein(word, verb) <= 1
            || verb.starts_with(word) && word.len() + 1 == verb.len()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_keep_a_title_whole_and_punctuation_is_a_pause() {
        let ws = words("change \"call mom\" to 'Call Mom tonight', please");
        let norms: Vec<&str> = ws.iter().map(|w| w.norm.as_str()).collect();
        assert_eq!(
            norms,
            ["change", "call mom", "to", "call mom tonight", "please"]
        );
        assert!(ws[3].quoted && ws[3].pause);
        assert_eq!(ws[3].raw, "Call Mom tonight");
    }

    #[test]
    fn politeness_and_verb_typos_are_forgiven() {
        let ws = words("could you please delete task 3 for me");
        assert_eq!(norm_text(trim_politeness(&ws)), "delete task 3");
        assert_eq!(forgive_verb("compelte"), Some("complete"));
        assert_eq!(forgive_verb("delet"), Some("delete"));
        assert_eq!(forgive_verb("serch"), Some("search"));
        assert_eq!(forgive_verb("buy"), None);
        assert_eq!(forgive_verb("make"), None);
    }
}
