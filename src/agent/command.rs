//! An agent's command line, split into a program and its arguments the way a POSIX shell
//! would split it, without running a shell: `exec:'python3 my agent.py' --fast` is not a
//! script, it is one program with arguments, and no shell means no surprise expansion (`$`,
//! `*`, `;`) in a string that came from a scenario file or a class handout.
//!
//! Understood: blanks between words; 'single quotes' (everything literal); "double quotes"
//! (a backslash escapes `\`, `"`, `$`, `` ` `` and a newline); a backslash outside quotes
//! escapes the next character. Not understood, and so refused rather than guessed: nothing —
//! `$VAR`, globs and pipes are simply literal text, as they would be inside single quotes.

/// Splits `line` into words. An unclosed quote or a trailing backslash is an error, and so is
/// an empty command.
pub fn split(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    // Whether a word has begun (so that `''` is an empty word, not nothing).
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("a single quote (') is not closed".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('\\' | '"' | '$' | '`')) => word.push(c),
                            // A backslash before a newline joins the lines.
                            Some('\n') => {}
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("a double quote (\") is not closed".into()),
                        },
                        Some(c) => word.push(c),
                        None => return Err("a double quote (\") is not closed".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') => {}
                    Some(c) => word.push(c),
                    None => return Err("the command ends in a lone backslash".into()),
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    if words.is_empty() {
        return Err("the command is empty".into());
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::split;

    fn ok(s: &str) -> Vec<String> {
        split(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    #[test]
    fn blanks_separate_words_and_runs_of_blanks_count_once() {
        assert_eq!(
            ok("  python3   agent.py\t--fast "),
            ["python3", "agent.py", "--fast"]
        );
    }

    #[test]
    fn single_quotes_keep_everything_literal() {
        assert_eq!(
            ok("python3 'my agent.py' '$HOME \\n'"),
            ["python3", "my agent.py", "$HOME \\n"]
        );
    }

    #[test]
    fn double_quotes_take_backslash_escapes_of_the_shell_only() {
        assert_eq!(ok(r#"a "b \"c\" \\ \$ \x""#), ["a", r#"b "c" \ $ \x"#]);
    }

    #[test]
    fn a_backslash_outside_quotes_escapes_one_character() {
        assert_eq!(ok(r"my\ agent.py x\'y"), ["my agent.py", "x'y"]);
    }

    #[test]
    fn quotes_join_with_the_text_around_them() {
        assert_eq!(ok(r#"--name='a b'"c d"e"#), ["--name=a bc de"]);
    }

    #[test]
    fn an_empty_quoted_word_is_a_word() {
        assert_eq!(ok("prog '' \"\""), ["prog", "", ""]);
    }

    #[test]
    fn shell_syntax_is_not_interpreted() {
        assert_eq!(
            ok("echo $HOME *.py ; rm x"),
            ["echo", "$HOME", "*.py", ";", "rm", "x"]
        );
    }

    #[test]
    fn unclosed_quotes_a_lone_backslash_and_nothing_are_errors() {
        for bad in ["python3 'x", "python3 \"x", "python3 x\\", "", "   "] {
            assert!(split(bad).is_err(), "{bad:?}");
        }
    }
}
