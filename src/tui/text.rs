//! The one text layout. Every string a screen draws is measured in terminal cells (display
//! width: a Korean or Japanese character takes two cells, a combining mark none), then wrapped
//! at word boundaries or shortened with an ellipsis. Nothing is cut silently: a line too long
//! for its panel is wrapped by [`fit`] before it is drawn, and a one-line field that must stay
//! one line ends in "…" ([`clip`]).

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Cells `s` takes on a terminal.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// `s` in at most `n` cells: whole if it fits, else cut at a character and ended with "…".
pub fn clip(s: &str, n: usize) -> String {
    if width(s) <= n {
        return s.to_string();
    }
    if n == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w > n - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    // No dangling space before the ellipsis.
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('…');
    out
}

/// `s` padded with spaces to `n` cells (clipped first if it is longer).
pub fn pad(s: &str, n: usize) -> String {
    let c = clip(s, n);
    let w = width(&c);
    c + &" ".repeat(n.saturating_sub(w))
}

/// Word-wraps `text` to `cols` cells (textwrap, by display width; a word longer than the line
/// is broken). A text that fits on one line keeps its spacing (aligned columns); `\n` starts a
/// new line.
pub fn wrap(text: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    if !text.contains('\n') && width(text) <= cols {
        return vec![text.to_string()];
    }
    let opts = textwrap::Options::new(cols)
        .break_words(true)
        .word_separator(textwrap::WordSeparator::AsciiSpace);
    let mut out = Vec::new();
    for para in text.split('\n') {
        if para.trim().is_empty() {
            out.push(String::new());
            continue;
        }
        out.extend(
            textwrap::wrap(para, &opts)
                .into_iter()
                .map(|l| l.trim_end().to_string()),
        );
    }
    out
}

/// `text` wrapped to `cols` cells with `first` before its first line and `rest` before the
/// others (a bullet and its hanging indent): the prefixes count against the width.
pub fn wrap_hanging(text: &str, cols: usize, first: &str, rest: &str) -> Vec<String> {
    let room = cols.saturating_sub(width(first).max(width(rest))).max(1);
    wrap(text, room)
        .into_iter()
        .enumerate()
        .map(|(i, l)| format!("{}{l}", if i == 0 { first } else { rest }))
        .collect()
}

/// Wrapped lines in one style.
pub fn wrapped<'a>(text: &str, cols: usize, style: Style) -> Vec<Line<'a>> {
    wrap(text, cols)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, style)))
        .collect()
}

/// Lines made to fit `cols` cells: a line that is too long is wrapped at its spaces (keeping
/// each character's style, and its leading indent on the lines it continues on), a word
/// longer than the line is broken. What a panel draws goes through here, so a panel never cuts
/// text off at its border.
pub fn fit<'a>(lines: Vec<Line<'a>>, cols: usize) -> Vec<Line<'a>> {
    let cols = cols.max(1);
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if line.width() <= cols {
            out.push(line);
            continue;
        }
        let base = line.style;
        let align = line.alignment;
        let cells: Vec<(char, Style)> = line
            .spans
            .iter()
            .flat_map(|s| {
                let st = s.style;
                s.content.chars().map(move |c| (c, st))
            })
            .collect();
        let indent = cells
            .iter()
            .take_while(|(c, _)| *c == ' ')
            .count()
            .min(cols / 2);
        let indent_cells: Vec<(char, Style)> = cells[..indent].to_vec();
        for row in break_cells(&cells, cols, &indent_cells) {
            let mut l = Line::from(spans_of(row));
            l.style = base;
            l.alignment = align;
            out.push(l);
        }
    }
    out
}

/// A styled line in at most `cols` cells: whole if it fits, else cut at a character and ended
/// with "…" (for one-line rows: a list entry, a field, a status).
pub fn clip_line<'a>(line: Line<'a>, cols: usize) -> Line<'a> {
    if line.width() <= cols {
        return line;
    }
    let mut out: Vec<Span> = Vec::new();
    let mut used = 0;
    let room = cols.saturating_sub(1);
    let mut last = Style::default();
    for sp in line.spans.iter() {
        let mut text = String::new();
        for c in sp.content.chars() {
            let w = char_width(c);
            if used + w > room {
                break;
            }
            text.push(c);
            used += w;
        }
        last = sp.style;
        let full = text.len() == sp.content.len();
        if !text.is_empty() {
            out.push(Span::styled(text, sp.style));
        }
        if !full {
            break;
        }
    }
    if cols > 0 {
        out.push(Span::styled("…", last));
    }
    let mut l = Line::from(out);
    l.style = line.style;
    l.alignment = line.alignment;
    l
}

/// Greedy wrapping of styled characters: words go on the line while they fit; a continuation
/// line starts with `indent`.
fn break_cells(
    cells: &[(char, Style)],
    cols: usize,
    indent: &[(char, Style)],
) -> Vec<Vec<(char, Style)>> {
    let mut rows: Vec<Vec<(char, Style)>> = Vec::new();
    let mut cur: Vec<(char, Style)> = Vec::new();
    let mut cur_w = 0usize;
    let mut fresh = true; // only the indent (or nothing) on the current line so far
    let mut i = 0;
    let ind_w = indent.len();
    while i < cells.len() {
        // The next token: a run of spaces or a run of non-spaces.
        let space = cells[i].0 == ' ';
        let mut j = i;
        while j < cells.len() && (cells[j].0 == ' ') == space {
            j += 1;
        }
        let tok = &cells[i..j];
        let tok_w: usize = tok.iter().map(|(c, _)| char_width(*c)).sum();
        if space {
            if !fresh || rows.is_empty() {
                // Spaces inside a line are kept (trailing ones are trimmed at the break).
                cur.extend_from_slice(tok);
                cur_w += tok_w;
            }
        } else if cur_w + tok_w <= cols {
            cur.extend_from_slice(tok);
            cur_w += tok_w;
            fresh = false;
        } else {
            if !fresh {
                rows.push(std::mem::take(&mut cur));
                cur.extend_from_slice(indent);
                cur_w = ind_w;
            } else {
                // Trailing spaces on an otherwise empty line go.
                while cur.len() > ind_w && cur.last().is_some_and(|(c, _)| *c == ' ') {
                    cur.pop();
                }
                cur_w = cur.iter().map(|(c, _)| char_width(*c)).sum();
            }
            if cur_w + tok_w <= cols {
                cur.extend_from_slice(tok);
                cur_w += tok_w;
            } else {
                // A word longer than the line: break it where the line is full.
                for &(c, st) in tok {
                    let w = char_width(c);
                    if cur_w + w > cols && cur_w > ind_w {
                        rows.push(std::mem::take(&mut cur));
                        cur.extend_from_slice(indent);
                        cur_w = ind_w;
                    }
                    cur.push((c, st));
                    cur_w += w;
                }
            }
            fresh = false;
        }
        i = j;
    }
    rows.push(cur);
    for r in &mut rows {
        while r.last().is_some_and(|(c, _)| *c == ' ') {
            r.pop();
        }
    }
    rows
}

fn spans_of<'a>(row: Vec<(char, Style)>) -> Vec<Span<'a>> {
    let mut spans: Vec<Span> = Vec::new();
    let mut text = String::new();
    let mut style: Option<Style> = None;
    for (c, st) in row {
        if style.is_some_and(|s| s != st) {
            spans.push(Span::styled(
                std::mem::take(&mut text),
                style.unwrap_or_default(),
            ));
        }
        style = Some(st);
        text.push(c);
    }
    if !text.is_empty() {
        spans.push(Span::styled(text, style.unwrap_or_default()));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character but the spaces, in order: what wrapping must never lose.
    fn letters(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    fn plain(l: &Line) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn wide_characters_take_two_cells() {
        assert_eq!(width("영변"), 4);
        assert_eq!(clip("영변 핵시설 폐기", 7), "영변…");
        assert!(width(&clip("寧辺の核施設を廃棄する", 9)) <= 9);
    }

    #[test]
    fn wrapping_keeps_every_character() {
        let text = "a resolution step that says over 1200 imagined futures and then some more";
        for cols in 8..40 {
            let lines = wrap(text, cols);
            assert!(lines.iter().all(|l| width(l) <= cols), "{cols}: {lines:?}");
            assert_eq!(letters(&lines.concat()), letters(text), "{cols}");
        }
        for l in wrap("영변 핵시설 폐기와 제재 완화를 맞바꾸는 합의", 10) {
            assert!(width(&l) <= 10, "{l}");
        }
    }

    #[test]
    fn fit_wraps_styled_lines_without_dropping_a_character() {
        let line = Line::from(vec![
            Span::raw("   "),
            Span::styled("tension +2.1 → 7", Style::default().bold()),
            Span::raw(" rejected by DPRK over 1200 imagined futures"),
        ]);
        for cols in 10..60 {
            let out = fit(vec![line.clone()], cols);
            assert!(out.iter().all(|l| l.width() <= cols), "{cols}");
            let all: String = out.iter().map(plain).collect();
            assert_eq!(letters(&all), letters(&plain(&line)), "{cols}");
        }
    }
}
