//! A one-line text field with a cursor: rationales and the seed.

/// The longest any text field takes (a rationale, a note), in characters: a long paragraph, and
/// far below what would slow the screen or bloat a record (a 100 KB paste is cut here).
pub const MAX_TEXT: usize = 2000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    pub text: String,
    /// In characters, 0..=len.
    pub cursor: usize,
    /// Longest text accepted, in characters (0: [`MAX_TEXT`]).
    pub max: usize,
    /// Only digits (the seed).
    pub digits: bool,
}

impl TextInput {
    pub fn new(max: usize) -> TextInput {
        TextInput {
            max,
            ..Default::default()
        }
    }

    pub fn digits(text: &str, max: usize) -> TextInput {
        let mut t = TextInput {
            max,
            digits: true,
            ..Default::default()
        };
        t.set(text);
        t
    }

    pub fn set(&mut self, text: &str) {
        self.text.clear();
        self.cursor = 0;
        self.insert_str(text);
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    fn byte(&self, char_ix: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_ix)
            .map(|(b, _)| b)
            .unwrap_or(self.text.len())
    }

    fn limit(&self) -> usize {
        if self.max == 0 { MAX_TEXT } else { self.max }
    }

    pub fn insert(&mut self, c: char) {
        self.insert_str(c.encode_utf8(&mut [0; 4]));
    }

    /// Typed or pasted text: line breaks and tabs become spaces, other control characters are
    /// dropped, and what goes past the field's limit is cut. Linear in the text: a 100 KB paste
    /// is one pass and one insertion, not one insertion per character.
    pub fn insert_str(&mut self, s: &str) {
        let room = self.limit().saturating_sub(self.len());
        let add: String = s
            .chars()
            .map(|c| {
                if matches!(c, '\n' | '\r' | '\t') {
                    ' '
                } else {
                    c
                }
            })
            .filter(|c| !c.is_control() && (!self.digits || c.is_ascii_digit()))
            .take(room)
            .collect();
        if add.is_empty() {
            return;
        }
        let at = self.byte(self.cursor);
        self.text.insert_str(at, &add);
        self.cursor += add.chars().count();
    }

    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let at = self.byte(self.cursor - 1);
        self.text.remove(at);
        self.cursor -= 1;
    }

    pub fn delete(&mut self) {
        if self.cursor >= self.len() {
            return;
        }
        let at = self.byte(self.cursor);
        self.text.remove(at);
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }
    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }
    pub fn home(&mut self) {
        self.cursor = 0;
    }
    pub fn end(&mut self) {
        self.cursor = self.len();
    }
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// The part of the text to show in `width` cells so the cursor stays visible, and the
    /// cursor's column within it.
    pub fn window(&self, width: usize) -> (String, usize) {
        let width = width.max(1);
        let start = self.cursor.saturating_sub(width - 1);
        let shown: String = self.text.chars().skip(start).take(width).collect();
        (shown, self.cursor - start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 100 KB paste is cut to the limit (it was kept whole, inserted character by character).
    #[test]
    fn a_huge_paste_is_cut_to_the_limit() {
        let mut t = TextInput::new(0);
        t.insert_str("start ");
        let paste = "한국어 and English, line\n".repeat(4_000);
        for _ in 0..20 {
            t.insert_str(&paste);
        }
        assert_eq!(t.text.chars().count(), MAX_TEXT);
        assert_eq!(t.cursor, MAX_TEXT);
        assert!(t.text.starts_with("start 한국어"));
        assert!(!t.text.contains('\n'));
    }

    #[test]
    fn edits_at_the_cursor() {
        let mut t = TextInput::new(0);
        t.insert_str("freeze");
        t.home();
        t.insert_str("a ");
        assert_eq!(t.text, "a freeze");
        t.end();
        t.backspace();
        assert_eq!(t.text, "a freez");
        t.left();
        t.left();
        t.delete();
        assert_eq!(t.text, "a frez");
        assert_eq!(t.cursor, 5);
    }

    #[test]
    fn unicode_and_limits() {
        let mut t = TextInput::new(5);
        t.insert_str("Détente!");
        assert_eq!(t.text, "Déten");
        t.backspace();
        t.home();
        t.right();
        t.backspace();
        assert_eq!(t.text, "éte");
        let mut d = TextInput::digits("12a3", 0);
        d.insert('x');
        assert_eq!(d.text, "123");
    }

    #[test]
    fn paste_flattens_lines() {
        let mut t = TextInput::new(0);
        t.insert_str("one\ntwo\tthree");
        assert_eq!(t.text, "one two three");
    }
}
