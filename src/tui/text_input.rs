//! A one-line text field with a cursor: rationales and the seed.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    pub text: String,
    /// In characters, 0..=len.
    pub cursor: usize,
    /// Longest text accepted, in characters (0: no limit).
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

    pub fn insert(&mut self, c: char) {
        if c.is_control() || (self.digits && !c.is_ascii_digit()) {
            return;
        }
        if self.max > 0 && self.len() >= self.max {
            return;
        }
        let at = self.byte(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Pasted text: line breaks become spaces, other control characters are dropped.
    pub fn insert_str(&mut self, s: &str) {
        for c in s.chars() {
            let c = if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            };
            self.insert(c);
        }
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
