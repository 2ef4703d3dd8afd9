//! Cleans a JSON Lines file of texts (one JSON string or {"text": ...} per line) and prints
//! the time taken: a profiling harness for the article cleaner.

use std::time::Instant;

use storylens::articles::clean::{ArticleText, Cleaner, CleanerOptions};

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: clean_jsonl FILE.jsonl");
    let content = std::fs::read_to_string(&path).expect("readable file");
    let texts: Vec<String> = content
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(
            |line| match serde_json::from_str::<serde_json::Value>(line) {
                Ok(serde_json::Value::String(text)) => text,
                Ok(value) => value["text"].as_str().unwrap_or_default().to_string(),
                Err(_) => String::new(),
            },
        )
        .collect();
    let cleaner = Cleaner::new("english", CleanerOptions::default()).expect("english");
    let articles: Vec<ArticleText<'_>> = texts
        .iter()
        .map(|text| ArticleText {
            text,
            known_title: None,
            outlet: None,
        })
        .collect();
    let started = Instant::now();
    let cleaned = cleaner.clean_set(&articles);
    let kept: usize = cleaned.iter().map(|article| article.words_kept).sum();
    println!(
        "{} articles, {} words kept, {:.3}s",
        cleaned.len(),
        kept,
        started.elapsed().as_secs_f64()
    );
}
