use super::*;

#[test]
fn ids_follow_first_appearance() {
    let mut interner = Interner::new();
    assert_eq!(interner.intern("beta"), 0);
    assert_eq!(interner.intern("alpha"), 1);
    assert_eq!(interner.intern("beta"), 0);
    assert_eq!(interner.get("alpha"), Some(1));
    assert_eq!(interner.get("gamma"), None);
    assert_eq!(interner.resolve(1), "alpha");
    assert_eq!(interner.strings().collect::<Vec<_>>(), ["beta", "alpha"]);
    assert_eq!(interner.len(), 2);
}

#[test]
fn batch_lookups_agree_with_single_ones() {
    // Tokens of every length up to 20, some at the very end of the text (where fewer
    // than 8 bytes are left to read), repeated so that most lookups find a token.
    let mut text = String::new();
    let mut spans = Vec::new();
    for round in 0..3 {
        for len in 0..=20usize {
            let start = text.len();
            text.extend((0..len).map(|i| (b'a' + ((i + round * len) % 7) as u8) as char));
            spans.push((start, text.len()));
            text.push(' ');
        }
    }
    let tail = text.len();
    text.push_str("xyz");
    spans.push((tail, text.len()));
    spans.push((tail + 1, text.len()));

    let (mut batch, mut single) = (Interner::new(), Interner::new());
    let (mut scratch, mut ids) = (SpanHashes::default(), Vec::new());
    batch.intern_spans(&text, &spans, &mut scratch, &mut ids);
    let expected: Vec<u32> = spans
        .iter()
        .map(|&(s, e)| single.intern(&text[s..e]))
        .collect();
    assert_eq!(ids, expected);
    assert_eq!(
        batch.strings().collect::<Vec<_>>(),
        single.strings().collect::<Vec<_>>()
    );

    // get_spans skips what was never interned, and finds the rest.
    let mut known = Interner::new();
    known.intern("bc");
    known.intern("xyz");
    let mut found = Vec::new();
    known.get_spans(&text, &spans, &mut scratch, &mut found);
    let expected: Vec<u32> = spans
        .iter()
        .filter_map(|&(s, e)| known.get(&text[s..e]))
        .collect();
    assert_eq!(found, expected);
    assert!(found.contains(&1));
    let mut none = Vec::new();
    Interner::new().get_spans(&text, &spans, &mut scratch, &mut none);
    assert!(none.is_empty());
}

#[test]
fn short_strings_pack_every_byte() {
    for len in 0..=8 {
        let bytes: Vec<u8> = (1..=len as u8).collect();
        let mut expected = [0u8; 8];
        expected[..len].copy_from_slice(&bytes);
        assert_eq!(pack_short(&bytes), u64::from_le_bytes(expected));
        // Read in place with bytes after the string, and at the end of a buffer.
        let mut padded = bytes.clone();
        padded.extend_from_slice(&[0xFF; 8]);
        assert_eq!(pack_short_at(&padded, 0, len), u64::from_le_bytes(expected));
        assert_eq!(pack_short_at(&bytes, 0, len), u64::from_le_bytes(expected));
    }
}

#[test]
fn many_strings_of_all_lengths_survive_growth() {
    let mut interner = Interner::new();
    let words: Vec<String> = (0..20_000)
        .map(|i| "x".repeat(i % 40) + &i.to_string())
        .collect();
    for (i, w) in words.iter().enumerate() {
        assert_eq!(interner.intern(w) as usize, i);
    }
    for (i, w) in words.iter().enumerate() {
        assert_eq!(interner.get(w), Some(i as u32));
    }
    assert!(!same_bytes(b"abcdefghij", b"abcdefghik"));
    // Short strings that differ only in length or trailing zero bytes stay distinct.
    let mut short = Interner::new();
    let keys = [
        "",
        "\0",
        "\0\0",
        "a",
        "a\0",
        "ab",
        "abc",
        "abcd",
        "abcde",
        "abcdefgh",
        "abcdefghi",
    ];
    for (i, key) in keys.iter().enumerate() {
        assert_eq!(short.intern(key) as usize, i);
    }
    for (i, key) in keys.iter().enumerate() {
        assert_eq!(short.get(key), Some(i as u32));
    }
    assert!(same_bytes(b"", b""));
}
