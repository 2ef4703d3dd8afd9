//! The analyzer: one document in, its features out. It chains normalisation, tokenising, stop
//! words, stemming and n-grams in scikit-learn's order, so that with the same settings it
//! yields exactly the features scikit-learn's `build_analyzer()` yields.

use std::sync::Arc;

use rustc_hash::FxHashSet;

use crate::error::{Error, Result};
use crate::text::char_tables::CharTables;
use crate::text::news::news_token_spans;
use crate::text::ngrams::{
    char_ngrams, char_wb_ngrams, collapse_whitespace, collapse_whitespace_located,
    located_char_ngrams, word_ngrams, LocatedChar,
};
use crate::text::normalize::{
    normalize_into, normalize_news_into, Normalization, NormalizedText, SourceEnds,
};
use crate::text::regex_tokens::RegexTokens;
use crate::text::stem::{StemCache, Stemmer};
use crate::text::word_runs::WordRuns;

/// How a word analyzer finds tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tokenization {
    /// Runs of Python-`\w` chars (scikit-learn's default pattern and its relatives).
    WordRuns(WordRuns),
    /// A token pattern already translated to Rust regex syntax.
    Regex(String),
    /// The news-aware tokeniser (`crate::text::news`).
    News,
}

/// What the analyzer produces features from (scikit-learn's `analyzer`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnalyzerKind {
    /// Word tokens and word n-grams.
    Word(Tokenization),
    /// Character n-grams over the whole text.
    Char,
    /// Character n-grams inside word boundaries.
    CharWb,
    /// Documents arrive already tokenised (a Python tokeniser ran); stop words, stemming and
    /// n-grams still apply.
    PreTokenized,
    /// Documents arrive as their final features (a Python analyzer ran).
    PreAnalyzed,
}

impl Tokenization {
    /// The tokenization named `name`: "runs" (of lengths `runs`), "regex" (of `pattern`, which
    /// it needs) or "news".
    pub fn from_name(name: &str, runs: WordRuns, pattern: Option<String>) -> Result<Self> {
        match name {
            "runs" => Ok(Tokenization::WordRuns(runs)),
            "regex" => pattern
                .map(Tokenization::Regex)
                .ok_or_else(|| Error::parameter("pattern", "a 'regex' tokenizer needs a pattern")),
            "news" => Ok(Tokenization::News),
            other => Err(Error::unknown_choice(
                "tokenizer",
                other,
                &["runs", "regex", "news"],
            )),
        }
    }
}

impl AnalyzerKind {
    /// scikit-learn's `analyzer` name ("word", "char", "char_wb"; a word analyzer tokenizes
    /// with `tokenization`), or "tokens" / "features" for documents that a Python tokenizer /
    /// analyzer already took apart.
    pub fn from_name(name: &str, tokenization: Tokenization) -> Result<Self> {
        match name {
            "word" => Ok(AnalyzerKind::Word(tokenization)),
            "char" => Ok(AnalyzerKind::Char),
            "char_wb" => Ok(AnalyzerKind::CharWb),
            "tokens" => Ok(AnalyzerKind::PreTokenized),
            "features" => Ok(AnalyzerKind::PreAnalyzed),
            other => Err(Error::unknown_choice(
                "analyzer",
                other,
                &["word", "char", "char_wb"],
            )),
        }
    }
}

/// Everything that decides which features a document yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzerConfig {
    /// What a feature is: words, character n-grams, or given tokens.
    pub kind: AnalyzerKind,
    /// The normalisation applied before tokenising.
    pub normalization: Normalization,
    /// Words dropped before stemming and n-grams (compared after normalisation).
    pub stop_words: Option<Vec<String>>,
    /// A rust-stemmers language name; stemming runs after stop-word removal.
    pub stem: Option<String>,
    /// The smallest and largest n of word or character n-grams.
    pub ngram_range: (usize, usize),
}

impl Default for AnalyzerConfig {
    /// scikit-learn's CountVectorizer defaults.
    fn default() -> Self {
        AnalyzerConfig {
            kind: AnalyzerKind::Word(Tokenization::WordRuns(WordRuns::SCIKIT_LEARN_DEFAULT)),
            normalization: Normalization {
                fold_typography: false,
                lowercase: true,
                strip_accents: None,
            },
            stop_words: None,
            stem: None,
            ngram_range: (1, 1),
        }
    }
}

enum Tokenizer {
    WordRuns(WordRuns),
    Regex(RegexTokens),
    News,
    None,
}

/// Reusable buffers for one thread's work; keeps the hot loop free of allocations.
#[derive(Default)]
pub struct Scratch {
    normalized: NormalizedText,
    collapsed: String,
    spans: Vec<(usize, usize)>,
    token_buffer: String,
    token_ranges: Vec<(usize, usize)>,
    token_spans: Vec<(usize, usize)>,
    joined: String,
    padded: String,
    bounds: Vec<usize>,
    stems: StemCache,
    /// Features collected for [`Analyzer::analyze_spans`] when they are not slices of the
    /// normalised text (stems, n-grams, given tokens).
    collected: String,
    collected_spans: Vec<(usize, usize)>,
}

/// A feature with its position in the original document, in code points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedFeature {
    /// The feature, as the analyzer emits it.
    pub text: String,
    /// Where it starts in the document (code points).
    pub start: usize,
    /// Where it ends in the document (code points, exclusive).
    pub end: usize,
}

/// A compiled, immutable, thread-safe analyzer.
pub struct Analyzer {
    config: AnalyzerConfig,
    tables: Arc<CharTables>,
    tokenizer: Tokenizer,
    stop_words: Option<FxHashSet<String>>,
    stemmer: Option<Stemmer>,
}

impl Analyzer {
    /// Validates `config` and compiles it against `tables`.
    pub fn new(config: AnalyzerConfig, tables: Arc<CharTables>) -> Result<Self> {
        let (min_n, max_n) = config.ngram_range;
        if min_n < 1 || min_n > max_n {
            return Err(Error::parameter(
                "ngram_range",
                format!(
                    "({min_n}, {max_n}) is invalid: need 1 <= min_n <= max_n (lower boundary larger than the upper boundary or below 1)"
                ),
            ));
        }
        let tokenizer = match &config.kind {
            AnalyzerKind::Word(Tokenization::WordRuns(runs)) => {
                if runs.min_len == 0 {
                    return Err(Error::parameter(
                        "token_pattern",
                        "tokens must be at least one character long",
                    ));
                }
                Tokenizer::WordRuns(*runs)
            }
            AnalyzerKind::Word(Tokenization::Regex(pattern)) => {
                Tokenizer::Regex(RegexTokens::new(pattern)?)
            }
            AnalyzerKind::Word(Tokenization::News) => Tokenizer::News,
            _ => Tokenizer::None,
        };
        let stemmer = config.stem.as_deref().map(Stemmer::new).transpose()?;
        let stop_words = config
            .stop_words
            .as_ref()
            .map(|words| words.iter().cloned().collect::<FxHashSet<String>>());
        Ok(Analyzer {
            config,
            tables,
            tokenizer,
            stop_words,
            stemmer,
        })
    }

    /// The configuration the analyzer was compiled from.
    pub fn config(&self) -> &AnalyzerConfig {
        &self.config
    }

    /// True when documents are passed as token lists ([`Analyzer::analyze_tokens`]).
    pub fn takes_tokens(&self) -> bool {
        matches!(
            self.config.kind,
            AnalyzerKind::PreTokenized | AnalyzerKind::PreAnalyzed
        )
    }

    /// Emits the features of `doc` in scikit-learn's order.
    pub fn analyze(&self, doc: &str, scratch: &mut Scratch, emit: &mut impl FnMut(&str)) {
        self.analyze_with(doc, scratch, emit, true);
    }

    /// The stemmer, when features are single stemmed tokens: then stemming can run once per
    /// distinct token after counting (analysing with `apply_stem` false) instead of once per
    /// occurrence, and the counts come out the same.
    pub fn deferrable_stemmer(&self) -> Option<&Stemmer> {
        let word_features = matches!(
            self.config.kind,
            AnalyzerKind::Word(_) | AnalyzerKind::PreTokenized
        );
        if word_features && self.config.ngram_range == (1, 1) {
            self.stemmer.as_ref()
        } else {
            None
        }
    }

    /// [`Analyzer::analyze_tokens`], with or without the stemming step.
    pub(crate) fn analyze_tokens_with(
        &self,
        tokens: &[&str],
        scratch: &mut Scratch,
        emit: &mut impl FnMut(&str),
        apply_stem: bool,
    ) {
        if self.config.kind == AnalyzerKind::PreAnalyzed {
            tokens.iter().for_each(|t| emit(t));
            return;
        }
        let tokens = tokens.iter().map(|&t| (t, (0, 0)));
        self.emit_word_features(tokens, scratch, emit, &mut |_, _| {}, apply_stem);
    }

    /// [`Analyzer::analyze`], with or without the stemming step.
    pub(crate) fn analyze_with(
        &self,
        doc: &str,
        scratch: &mut Scratch,
        emit: &mut impl FnMut(&str),
        apply_stem: bool,
    ) {
        let Scratch {
            normalized,
            collapsed,
            spans,
            bounds,
            padded,
            ..
        } = scratch;
        match &self.config.kind {
            AnalyzerKind::Word(_) => {
                self.normalize_and_find_tokens(doc, false, normalized, spans);
                let text = std::mem::take(&mut normalized.text);
                let spans_taken = std::mem::take(spans);
                {
                    let tokens = spans_taken.iter().map(|&(s, e)| (&text[s..e], (s, e)));
                    self.emit_word_features(tokens, scratch, emit, &mut |_, _| {}, apply_stem);
                }
                scratch.normalized.text = text;
                scratch.spans = spans_taken;
            }
            AnalyzerKind::Char | AnalyzerKind::CharWb => {
                normalize_into(
                    doc,
                    self.config.normalization,
                    &self.tables,
                    false,
                    normalized,
                );
                collapse_whitespace(&normalized.text, &self.tables, collapsed);
                if self.config.kind == AnalyzerKind::Char {
                    char_ngrams(collapsed, self.config.ngram_range, bounds, emit);
                } else {
                    char_wb_ngrams(
                        collapsed,
                        self.config.ngram_range,
                        &self.tables,
                        padded,
                        bounds,
                        emit,
                    );
                }
            }
            AnalyzerKind::PreTokenized | AnalyzerKind::PreAnalyzed => {
                // A whole document given where tokens were expected: treat it as one token.
                self.analyze_tokens_with(&[doc], scratch, emit, apply_stem);
            }
        }
    }

    /// The features of `doc` all at once, for consumers that batch their work over a
    /// document (the counters prefetch their hash-table slots): `consume` gets a text and the
    /// byte spans of the features in it, in [`Analyzer::analyze`]'s order.
    ///
    /// Plain unigrams are passed as spans of the normalised text, with no copy; other
    /// features (stems, n-grams, char n-grams) are collected into a buffer first.
    pub(crate) fn analyze_spans(
        &self,
        doc: &str,
        scratch: &mut Scratch,
        apply_stem: bool,
        consume: &mut impl FnMut(&str, &[(usize, usize)]),
    ) {
        let unigram_tokens = matches!(self.config.kind, AnalyzerKind::Word(_))
            && self.config.ngram_range == (1, 1)
            && (self.stemmer.is_none() || !apply_stem);
        if !unigram_tokens {
            collect_then_consume(
                scratch,
                |scratch, mut emit| self.analyze_with(doc, scratch, &mut emit, apply_stem),
                consume,
            );
            return;
        }
        let Scratch {
            normalized, spans, ..
        } = scratch;
        self.normalize_and_find_tokens(doc, false, normalized, spans);
        let text = &normalized.text;
        if let Some(stop) = &self.stop_words {
            spans.retain(|&(start, end)| !stop.contains(&text[start..end]));
        }
        consume(text, spans);
    }

    /// [`Analyzer::analyze_spans`] for a document given as tokens.
    pub(crate) fn analyze_token_spans(
        &self,
        tokens: &[&str],
        scratch: &mut Scratch,
        apply_stem: bool,
        consume: &mut impl FnMut(&str, &[(usize, usize)]),
    ) {
        collect_then_consume(
            scratch,
            |scratch, mut emit| self.analyze_tokens_with(tokens, scratch, &mut emit, apply_stem),
            consume,
        );
    }

    /// Emits the features of a document that arrives as tokens (or as final features).
    pub fn analyze_tokens(
        &self,
        tokens: &[&str],
        scratch: &mut Scratch,
        emit: &mut impl FnMut(&str),
    ) {
        self.analyze_tokens_with(tokens, scratch, emit, true);
    }

    /// The features of `doc` with their (start, end) positions in `doc`, counted in code
    /// points, so that `doc[start:end]` in Python is the text the feature came from. A word
    /// n-gram spans its first to its last token; a char n-gram its first to its last char
    /// (a collapsed run of whitespace spans the whole run, and the spaces that pad a word for
    /// 'char_wb' are empty spans at its edges). Documents given as tokens or features have no
    /// text to point into: see [`Analyzer::analyze_located_tokens`].
    pub fn analyze_with_offsets(
        &self,
        doc: &str,
        scratch: &mut Scratch,
    ) -> Result<Vec<LocatedFeature>> {
        match self.config.kind {
            AnalyzerKind::Word(_) => {}
            AnalyzerKind::Char => return Ok(self.char_features_with_offsets(doc, false)),
            AnalyzerKind::CharWb => return Ok(self.char_features_with_offsets(doc, true)),
            AnalyzerKind::PreTokenized | AnalyzerKind::PreAnalyzed => {
                return Err(Error::parameter(
                    "analyzer",
                    "documents given as tokens or features have no text to point into",
                ))
            }
        }
        let mut normalized = NormalizedText::default();
        let mut spans = Vec::new();
        self.normalize_and_find_tokens(doc, true, &mut normalized, &mut spans);
        let text = &normalized.text;
        let sources = &normalized.byte_sources;
        let ends = SourceEnds::new(doc, &normalized);
        let tokens = spans.iter().map(|&(s, e)| (&text[s..e], (s, e)));
        Ok(self.locate_word_features(tokens, scratch, |s, e| {
            let start = sources[s] as usize;
            let end = if e > s {
                ends.extend(sources[e - 1] as usize + 1)
            } else {
                start
            };
            (start, end)
        }))
    }

    /// Char n-grams of `doc` with their code-point spans in it.
    fn char_features_with_offsets(&self, doc: &str, word_bounded: bool) -> Vec<LocatedFeature> {
        let mut normalized = NormalizedText::default();
        normalize_into(
            doc,
            self.config.normalization,
            &self.tables,
            true,
            &mut normalized,
        );
        let sources = &normalized.byte_sources;
        let ends = SourceEnds::new(doc, &normalized);
        let chars: Vec<LocatedChar> = normalized
            .text
            .char_indices()
            .map(|(byte, char)| {
                let start = sources[byte] as usize;
                LocatedChar {
                    char,
                    start,
                    end: ends.extend(start + 1),
                }
            })
            .collect();
        let collapsed = collapse_whitespace_located(&chars, &self.tables);
        let mut features = Vec::new();
        located_char_ngrams(
            &collapsed,
            self.config.ngram_range,
            word_bounded,
            &self.tables,
            &mut |text, start, end| features.push(LocatedFeature { text, start, end }),
        );
        features
    }

    /// The features of a document given as tokens with their (start, end) positions (a
    /// Python tokeniser ran and located them): stop words, stemming and n-grams as for any
    /// document, and a feature spans its first token's start to its last token's end.
    pub fn analyze_located_tokens(
        &self,
        tokens: &[(&str, usize, usize)],
        scratch: &mut Scratch,
    ) -> Result<Vec<LocatedFeature>> {
        if self.config.kind != AnalyzerKind::PreTokenized {
            return Err(Error::parameter(
                "analyzer",
                "located tokens are only accepted by an analyzer of given tokens",
            ));
        }
        let tokens = tokens
            .iter()
            .map(|&(token, start, end)| (token, (start, end)));
        Ok(self.locate_word_features(tokens, scratch, |start, end| (start, end)))
    }

    /// The word features of `tokens` (with their spans), each with its span mapped by
    /// `to_original` (from the first token's start to the last token's end).
    fn locate_word_features<'t>(
        &self,
        tokens: impl Iterator<Item = (&'t str, (usize, usize))>,
        scratch: &mut Scratch,
        to_original: impl Fn(usize, usize) -> (usize, usize),
    ) -> Vec<LocatedFeature> {
        let mut features: Vec<String> = Vec::new();
        let mut positions: Vec<(usize, usize)> = Vec::new();
        self.emit_word_features(
            tokens,
            scratch,
            &mut |f: &str| features.push(f.to_string()),
            &mut |s, e| positions.push(to_original(s, e)),
            true,
        );
        features
            .into_iter()
            .zip(positions)
            .map(|(text, (start, end))| LocatedFeature { text, start, end })
            .collect()
    }

    /// Normalises `doc` into `normalized` (with each byte's source position when
    /// `track_sources`) and replaces `spans` with the byte spans of its tokens.
    fn normalize_and_find_tokens(
        &self,
        doc: &str,
        track_sources: bool,
        normalized: &mut NormalizedText,
        spans: &mut Vec<(usize, usize)>,
    ) {
        if matches!(self.tokenizer, Tokenizer::News) {
            normalize_news_into(
                doc,
                self.config.normalization,
                &self.tables,
                track_sources,
                normalized,
            );
        } else {
            normalize_into(
                doc,
                self.config.normalization,
                &self.tables,
                track_sources,
                normalized,
            );
        }
        spans.clear();
        self.find_tokens(&normalized.text, spans);
    }

    /// Byte spans of the tokens of already-normalised text.
    fn find_tokens(&self, text: &str, spans: &mut Vec<(usize, usize)>) {
        match &self.tokenizer {
            Tokenizer::WordRuns(runs) => runs.spans(text, &self.tables, spans),
            Tokenizer::Regex(regex) => regex.spans(text, spans),
            Tokenizer::News => news_token_spans(text, &self.tables, spans),
            Tokenizer::None => {}
        }
    }

    /// Stop words, stemming, then n-grams, over tokens given with their spans; `locate` gets
    /// the span of every emitted feature, in step with `emit`.
    fn emit_word_features<'t>(
        &self,
        tokens: impl Iterator<Item = (&'t str, (usize, usize))>,
        scratch: &mut Scratch,
        emit: &mut impl FnMut(&str),
        locate: &mut impl FnMut(usize, usize),
        apply_stem: bool,
    ) {
        let stemmer = self.stemmer.as_ref().filter(|_| apply_stem);
        let is_kept = |token: &str| {
            self.stop_words
                .as_ref()
                .is_none_or(|stop| !stop.contains(token))
        };
        if stemmer.is_none() && self.config.ngram_range == (1, 1) {
            // Fast path: features are the tokens themselves, borrowed from the text.
            for (token, (s, e)) in tokens {
                if is_kept(token) {
                    emit(token);
                    locate(s, e);
                }
            }
            return;
        }
        let Scratch {
            token_buffer,
            token_ranges,
            token_spans,
            joined,
            stems,
            ..
        } = scratch;
        token_buffer.clear();
        token_ranges.clear();
        token_spans.clear();
        for (token, span) in tokens {
            if !is_kept(token) {
                continue;
            }
            let start = token_buffer.len();
            match stemmer {
                Some(stemmer) => token_buffer.push_str(stems.stem(stemmer, token)),
                None => token_buffer.push_str(token),
            }
            token_ranges.push((start, token_buffer.len()));
            token_spans.push(span);
        }
        let words: Vec<&str> = token_ranges
            .iter()
            .map(|&(s, e)| &token_buffer[s..e])
            .collect();
        word_ngrams(&words, self.config.ngram_range, joined, emit);
        // Positions follow the same generation order as word_ngrams.
        let (min_n, max_n) = self.config.ngram_range;
        let count = token_spans.len();
        if max_n == 1 || min_n == 1 {
            token_spans.iter().for_each(|&(s, e)| locate(s, e));
        }
        if max_n > 1 {
            for n in min_n.max(2)..=max_n.min(count) {
                for i in 0..=(count - n) {
                    locate(token_spans[i].0, token_spans[i + n - 1].1);
                }
            }
        }
    }
}

/// Runs `analyze` with an emitter that collects the features into `scratch`'s buffers, then
/// hands them to `consume` as one batch of spans (for features that are not slices of the
/// normalised text: stems, n-grams, given tokens).
fn collect_then_consume(
    scratch: &mut Scratch,
    analyze: impl FnOnce(&mut Scratch, &mut dyn FnMut(&str)),
    consume: &mut impl FnMut(&str, &[(usize, usize)]),
) {
    let mut collected = std::mem::take(&mut scratch.collected);
    let mut spans = std::mem::take(&mut scratch.collected_spans);
    collected.clear();
    spans.clear();
    analyze(scratch, &mut |feature: &str| {
        let start = collected.len();
        collected.push_str(feature);
        spans.push((start, collected.len()));
    });
    consume(&collected, &spans);
    scratch.collected = collected;
    scratch.collected_spans = spans;
}

#[cfg(test)]
mod tests;
