//! Where each value of a RON file sits in its text: a small, forgiving reader that keeps only
//! the shape of the file (structs with their fields, lists, tuples, maps) and each value's byte
//! offset. serde drops positions once a value is parsed; this map gives them back, so an error
//! about a number points at that number, not at the first field of the same name in the file.

/// One step from a value to a value inside it, as the schema walk (`numbers.rs`) records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// A named field of a struct (or of a struct-like enum variant).
    Field(String),
    /// The n-th element of a list or tuple (or the n-th value of a map).
    Index(usize),
    /// Into `Name(value)`: `Some(x)`, a newtype variant `SetFlag("x")`. Where the text leaves
    /// the wrapper out (RON's implicit `Some`), the step stays where it is.
    Unwrap(String),
}

/// A value in the text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Node {
    /// Byte offset of the value's first character.
    pub start: usize,
    /// `Name` in `Name(...)`, if written.
    pub name: Option<String>,
    pub fields: Vec<(String, Node)>,
    pub items: Vec<Node>,
}

impl Node {
    /// The byte offset of the value at `path`, or of the deepest value on the way to it that the
    /// text has (a field left to its default is not in the text).
    pub fn locate(&self, path: &[Step]) -> usize {
        let mut node = self;
        for step in path {
            match step {
                Step::Field(f) => match node.fields.iter().find(|(n, _)| n == f) {
                    Some((_, n)) => node = n,
                    None => return node.start,
                },
                Step::Index(i) => match node.items.get(*i) {
                    Some(n) => node = n,
                    None => return node.start,
                },
                Step::Unwrap(name) => {
                    if node.name.as_deref() == Some(name.as_str()) && node.items.len() == 1 {
                        node = &node.items[0];
                    }
                }
            }
        }
        node.start
    }
}

/// Reads the shape of a RON text; None if it is not well-formed enough to follow.
pub(crate) fn parse(text: &str) -> Option<Node> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        depth: 0,
    };
    p.ws();
    // Attributes: `#![enable(implicit_some)]`.
    while p.peek() == Some(b'#') {
        while let Some(c) = p.bump() {
            if c == b']' {
                break;
            }
        }
        p.ws();
    }
    p.value()
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    depth: usize,
}

/// Deeper than this, the reader gives up (the deck parser refuses such files anyway).
const MAX_DEPTH: usize = 256;

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn bump(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }
    /// Skips blank space and comments (`//` to the end of the line, nested `/* */`).
    fn ws(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.i += 1,
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'/') => {
                    while let Some(c) = self.bump() {
                        if c == b'\n' {
                            break;
                        }
                    }
                }
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'*') => {
                    self.i += 2;
                    let mut level = 1;
                    while level > 0 {
                        match self.bump() {
                            None => return,
                            Some(b'*') if self.peek() == Some(b'/') => {
                                self.i += 1;
                                level -= 1;
                            }
                            Some(b'/') if self.peek() == Some(b'*') => {
                                self.i += 1;
                                level += 1;
                            }
                            _ => {}
                        }
                    }
                }
                _ => return,
            }
        }
    }
    fn ident(&mut self) -> Option<String> {
        let start = self.i;
        // Raw identifiers: r#name.
        if self.peek() == Some(b'r') && self.s.get(self.i + 1) == Some(&b'#') {
            self.i += 2;
        }
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80)
        {
            self.i += 1;
        }
        (self.i > start).then(|| String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }
    fn string(&mut self) -> Option<()> {
        // At the opening quote.
        self.bump();
        loop {
            match self.bump()? {
                b'\\' => {
                    self.bump()?;
                }
                b'"' => return Some(()),
                _ => {}
            }
        }
    }
    fn raw_string(&mut self) -> Option<()> {
        // At `r`: r##"..."##.
        self.bump();
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.i += 1;
        }
        if self.bump()? != b'"' {
            return None;
        }
        loop {
            if self.bump()? == b'"' {
                let close = (0..hashes).all(|k| self.s.get(self.i + k) == Some(&b'#'));
                if close {
                    self.i += hashes;
                    return Some(());
                }
            }
        }
    }
    fn value(&mut self) -> Option<Node> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let r = self.value_inner();
        self.depth -= 1;
        r
    }
    fn value_inner(&mut self) -> Option<Node> {
        self.ws();
        let start = self.i;
        let mut node = Node {
            start,
            ..Node::default()
        };
        match self.peek()? {
            b'"' => self.string()?,
            b'r' if matches!(self.s.get(self.i + 1), Some(b'"' | b'#'))
                && self
                    .s
                    .get(self.i + 1..)
                    .is_some_and(|t| t.iter().find(|c| **c != b'#') == Some(&b'"')) =>
            {
                self.raw_string()?
            }
            b'b' if self.s.get(self.i + 1) == Some(&b'"') => {
                self.i += 1;
                self.string()?
            }
            b'\'' => {
                self.bump();
                loop {
                    match self.bump()? {
                        b'\\' => {
                            self.bump()?;
                        }
                        b'\'' => break,
                        _ => {}
                    }
                }
            }
            b'(' => self.body(&mut node, b')')?,
            b'[' => self.list(&mut node, b']')?,
            b'{' => self.map(&mut node)?,
            c if c.is_ascii_digit() || c == b'-' || c == b'+' || c == b'.' => {
                while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'+' | b'-'))
                {
                    self.i += 1;
                }
            }
            _ => {
                let name = self.ident()?;
                self.ws();
                if self.peek() == Some(b'(') {
                    node.name = Some(name);
                    self.body(&mut node, b')')?;
                }
            }
        }
        Some(node)
    }
    /// `( ... )`: struct fields if it opens with `name:`, else tuple items.
    fn body(&mut self, node: &mut Node, close: u8) -> Option<()> {
        self.bump();
        loop {
            self.ws();
            if self.peek()? == close {
                self.bump();
                return Some(());
            }
            let save = self.i;
            let field = self.ident().and_then(|name| {
                self.ws();
                let colon = self.peek() == Some(b':') && self.s.get(self.i + 1) != Some(&b':');
                colon.then_some(name)
            });
            match field {
                Some(name) => {
                    self.bump();
                    let v = self.value()?;
                    node.fields.push((name, v));
                }
                None => {
                    self.i = save;
                    let v = self.value()?;
                    node.items.push(v);
                }
            }
            self.ws();
            match self.peek()? {
                b',' => {
                    self.bump();
                }
                c if c == close => {}
                _ => return None,
            }
        }
    }
    fn list(&mut self, node: &mut Node, close: u8) -> Option<()> {
        self.bump();
        loop {
            self.ws();
            if self.peek()? == close {
                self.bump();
                return Some(());
            }
            let v = self.value()?;
            node.items.push(v);
            self.ws();
            match self.peek()? {
                b',' => {
                    self.bump();
                }
                c if c == close => {}
                _ => return None,
            }
        }
    }
    fn map(&mut self, node: &mut Node) -> Option<()> {
        self.bump();
        loop {
            self.ws();
            if self.peek()? == b'}' {
                self.bump();
                return Some(());
            }
            self.value()?;
            self.ws();
            if self.bump()? != b':' {
                return None;
            }
            let v = self.value()?;
            node.items.push(v);
            self.ws();
            match self.peek()? {
                b',' => {
                    self.bump();
                }
                b'}' => {}
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_nested_number() {
        let text = "(cards: [(id: \"a\", effects: [Meter(meter: Tension, delta: 1.0), \
                    Meter(meter: Tension, delta: 2.0)])], rules: Some((x: 5.0)))";
        let t = parse(text).expect("parses");
        let at = t.locate(&[
            Step::Field("cards".into()),
            Step::Index(0),
            Step::Field("effects".into()),
            Step::Index(1),
            Step::Field("delta".into()),
        ]);
        assert_eq!(&text[at..at + 3], "2.0");
        let at = t.locate(&[
            Step::Field("rules".into()),
            Step::Unwrap("Some".into()),
            Step::Field("x".into()),
        ]);
        assert_eq!(&text[at..at + 3], "5.0");
    }

    #[test]
    fn comments_strings_and_raw_strings_do_not_confuse_it() {
        let text = "// a (comment\n/* nested /* ) */ */ (a: \"x)\", b: r#\"y\"(\"#, c: [1, -inf])";
        let t = parse(text).expect("parses");
        let at = t.locate(&[Step::Field("c".into()), Step::Index(1)]);
        assert_eq!(&text[at..at + 4], "-inf");
    }

    #[test]
    fn deep_or_broken_text_gives_none() {
        assert!(parse(&"[".repeat(10_000)).is_none());
        assert!(parse("(a: ").is_none());
    }
}
