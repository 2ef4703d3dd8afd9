//! Byte offsets (the core's) to code-point offsets (Python's `str` indices).

/// Maps byte offsets of one text to code-point offsets; ASCII text maps to itself.
pub struct CharOffsets {
    /// `char_index[byte]` for every char boundary (and the end); empty for ASCII text.
    char_index: Vec<usize>,
}

impl CharOffsets {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CharOffsets {
                char_index: Vec::new(),
            };
        }
        let mut char_index = vec![0usize; text.len() + 1];
        let mut count = 0;
        for (byte, _) in text.char_indices() {
            char_index[byte] = count;
            count += 1;
        }
        char_index[text.len()] = count;
        CharOffsets { char_index }
    }

    /// The code-point offset of byte offset `byte` (a char boundary of the text).
    pub fn of(&self, byte: usize) -> usize {
        if self.char_index.is_empty() {
            byte
        } else {
            self.char_index[byte]
        }
    }
}
