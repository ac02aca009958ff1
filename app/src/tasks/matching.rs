//! Words as people use them to name a task: by their stems ("buying" ~ "buy", "groceries" ~
//! "grocery", Snowball's English stemmer) and with a small typo forgiven ("grocereis"). Search
//! looks words up by their stems; the assistant scores titles against what someone said.
use rust_stemmers::{Algorithm, Stemmer};

/// Words that say nothing about which task is meant.
const FILLER: &[&str] = &[
    "a", "an", "the", "my", "me", "i", "i've", "ive", "task", "tasks", "one", "ones", "item",
    "todo", "thing", "about", "for", "of", "to", "on", "in", "with", "and", "from", "list", "that",
    "this", "is", "are", "was", "be", "it", "please", "so", "just", "all", "some", "up", "again",
    "actually", "really",
];

/// Past forms the stemmer does not bring back to the verb a title uses ("I've paid the rent").
const IRREGULAR: &[(&str, &str)] = &[
    ("paid", "pay"),
    ("bought", "buy"),
    ("wrote", "write"),
    ("written", "write"),
    ("did", "do"),
    ("done", "do"),
    ("made", "make"),
    ("sent", "send"),
    ("took", "take"),
    ("taken", "take"),
    ("went", "go"),
    ("gone", "go"),
    ("got", "get"),
    ("gotten", "get"),
    ("ran", "run"),
    ("read", "read"),
    ("found", "find"),
    ("met", "meet"),
    ("told", "tell"),
    ("sold", "sell"),
    ("fed", "feed"),
    ("rang", "ring"),
    ("rung", "ring"),
    ("drove", "drive"),
    ("ate", "eat"),
    ("brought", "bring"),
    ("thought", "think"),
    ("gave", "give"),
    ("kept", "keep"),
    ("left", "leave"),
    ("spent", "spend"),
    ("built", "build"),
];

fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// A word's stem, lower-case: "buying" → "buy", "groceries" → "groceri", "paid" → "pay".
pub fn stem(word: &str) -> String {
    let word = word.to_lowercase();
    if let Some((_, verb)) = IRREGULAR.iter().find(|(past, _)| *past == word) {
        return (*verb).to_owned();
    }
    stemmer().stem(&word).into_owned()
}

/// The words of a search as text to look for: each word's stem without a last vowel-like letter
/// ("groceri" → "grocer"), so that "grocery" and "groceries" find each other.
pub fn search_stems(search: &str) -> Vec<String> {
    let stemmer = stemmer();
    search
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .filter(|w| !w.is_empty())
        .map(|word| {
            if !word.chars().all(char::is_alphabetic) {
                return word;
            }
            let stem = stemmer.stem(&word).into_owned();
            let trimmed = stem.trim_end_matches(['i', 'e', 'y']);
            if trimmed.chars().count() >= 3 {
                trimmed.to_owned()
            } else {
                word
            }
        })
        .collect()
}

/// The words of a phrase that can name a task, lower-case ("the groceries one" → ["groceries"]).
pub fn naming_words(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| !w.is_empty() && !FILLER.contains(&w.as_str()))
        .collect()
}

/// Words people use for one another when they name a task ("repair the bike" for "Fix the
/// bike", "mum" for "mom"), by stem.
const SYNONYMS: &[&[&str]] = &[
    &["fix", "repair", "mend"],
    &["buy", "purchas", "get", "pick"],
    &["mom", "mum", "mother", "mommi", "mummi"],
    &["dad", "father", "daddi"],
    &["call", "phone", "ring"],
    &["email", "mail", "e-mail"],
    &["groceri", "shop", "food"],
    &["doctor", "doc", "gp"],
    &["present", "slide", "deck", "talk"],
    &["report", "write-up"],
    &["book", "novel"],
    &["bike", "bicycl", "cycl"],
    &["meet", "meeting"],
    &["note", "minut"],
    &["plant", "flower"],
    &["supplement", "vitamin", "pill"],
    &["rent", "rental"],
];

fn synonyms(a: &str, b: &str) -> bool {
    SYNONYMS
        .iter()
        .any(|set| set.contains(&a) && set.contains(&b))
}

/// Two words are the same by their stems or as synonyms, or one typo apart when long enough.
fn same_word(said: &str, title: &str) -> bool {
    let (said_stem, title_stem) = (stem(said), stem(title));
    if said == title || said_stem == title_stem || synonyms(&said_stem, &title_stem) {
        return true;
    }
    let shortest = said.chars().count().min(title.chars().count());
    shortest >= 5 && strsim::damerau_levenshtein(said, title) <= if shortest >= 8 { 2 } else { 1 }
}

/// How well `said` (naming words) names the task titled `title`: None unless the title has every
/// said word; else the share of the title's words that were said (1.0: all of them).
pub fn name_score(said: &[String], title: &str) -> Option<f32> {
    if said.is_empty() {
        return None;
    }
    let title_words = naming_words(title);
    let all_found = said
        .iter()
        .all(|s| title_words.iter().any(|t| same_word(s, t)));
    all_found.then(|| said.len().min(title_words.len()) as f32 / title_words.len().max(1) as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(phrase: &str) -> Vec<String> {
        naming_words(phrase)
    }

    #[test]
    fn words_meet_by_their_stems_and_forgive_a_typo() {
        assert_eq!(
            name_score(&said("buying groceries"), "Buy groceries"),
            Some(1.0)
        );
        assert!(name_score(&said("the grocery one"), "Buy groceries").is_some());
        assert!(name_score(&said("grocereis"), "Buy groceries").is_some());
        assert_eq!(name_score(&said("paid the rent"), "Pay rent"), Some(1.0));
        assert_eq!(name_score(&said("buy milk"), "Buy groceries"), None);
        assert!(name_score(&said("presentaion"), "Prepare the presentation").is_some());
        assert_eq!(name_score(&said("holiday"), "Buy groceries"), None);
        assert_eq!(name_score(&said("the task"), "Buy groceries"), None);
        // Short words must be exact: "bike" is not "book".
        assert_eq!(name_score(&said("bike"), "Read a book"), None);
        // Words people use for one another.
        assert!(name_score(&said("repair the bike"), "Fix the bike").is_some());
        assert!(name_score(&said("ring mum"), "Call mom").is_some());
    }

    #[test]
    fn search_stems_find_both_forms() {
        assert_eq!(search_stems("grocery"), ["grocer"]);
        assert_eq!(search_stems("Groceries"), ["grocer"]);
        assert_eq!(search_stems("weekly report"), ["week", "report"]);
        assert_eq!(search_stems("50%"), ["50%"]);
        assert_eq!(search_stems("presentation"), ["present"]);
    }
}
