//! Tokenising with a user's `token_pattern` on Rust's regex engine.
//!
//! The Python package translates a Python pattern into Rust syntax only when the translation
//! provably finds the same matches (both engines report leftmost-first matches; `\w`, `\d`,
//! `\s` are spelled out as the running Python's character ranges; constructs whose meaning
//! differs are refused and handled by Python's own `re`). This module only runs the result.

use regex::Regex;

use crate::error::{Error, Result};

/// A compiled token pattern. Like `re.findall`, a pattern with one capturing group yields the
/// group's text instead of the whole match (an empty token when the group did not take part).
#[derive(Debug, Clone)]
pub struct RegexTokens {
    regex: Regex,
    use_group: bool,
}

impl RegexTokens {
    /// Compiles a Rust-syntax pattern. More than one capturing group is an error, as in
    /// scikit-learn.
    pub fn new(pattern: &str) -> Result<Self> {
        let regex = regex::RegexBuilder::new(pattern)
            // Spelled-out Unicode classes are large; the default limit is for hand-written ones.
            .size_limit(256 << 20)
            .dfa_size_limit(64 << 20)
            .build()
            .map_err(|e| Error::parameter("token_pattern", e.to_string()))?;
        let groups = regex.captures_len() - 1;
        if groups > 1 {
            return Err(Error::parameter(
                "token_pattern",
                "More than 1 capturing group in token pattern. Only a single group should be captured.",
            ));
        }
        Ok(RegexTokens {
            regex,
            use_group: groups == 1,
        })
    }

    /// Appends the byte spans of the tokens of `text` to `out`, in order.
    pub fn spans(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        if self.use_group {
            for captures in self.regex.captures_iter(text) {
                match captures.get(1) {
                    Some(group) => out.push((group.start(), group.end())),
                    None => {
                        let at = captures.get(0).map_or(0, |m| m.start());
                        out.push((at, at));
                    }
                }
            }
        } else {
            out.extend(self.regex.find_iter(text).map(|m| (m.start(), m.end())));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(pattern: &str, text: &str) -> Vec<String> {
        let mut spans = Vec::new();
        RegexTokens::new(pattern).unwrap().spans(text, &mut spans);
        spans.iter().map(|&(s, e)| text[s..e].to_string()).collect()
    }

    #[test]
    fn whole_matches_or_the_single_group() {
        assert_eq!(tokens(r"[a-z]+", "ab1cd"), ["ab", "cd"]);
        assert_eq!(tokens(r"#([a-z]+)", "#ab #cd"), ["ab", "cd"]);
        assert_eq!(tokens(r"x(y)?", "xy x"), ["y", ""]);
    }

    #[test]
    fn two_groups_are_refused() {
        let error = RegexTokens::new(r"(a)(b)").unwrap_err();
        assert!(error.to_string().contains("token_pattern"));
        assert!(RegexTokens::new(r"(").is_err());
    }
}
