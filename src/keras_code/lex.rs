//! The tokenizer: Python's tokens, enough of them to read calls, literals and assignments.
//!
//! Newlines inside brackets and after a backslash continue the logical line; `;` and a newline
//! at bracket depth 0 end it ([`Tok::Newline`]). Interactive prompts at the start of a line
//! (`>>> `, `... `, `In [3]: `, `Out[3]: `) are skipped, so a pasted console session reads as
//! the code and output it shows. A problem confined to one line (an unterminated `'…'` string,
//! a character Python has no token for, a malformed number) becomes a [`Tok::Error`] token, so
//! the statement it is in can be judged on its own (see the module docs of `keras_code`); a
//! problem that makes the rest of the text unreadable (an unterminated triple-quoted string, a
//! bracket closed by the wrong bracket or never closed) is a [`LexError`].

/// A token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// An identifier or keyword.
    Name(String),
    /// A number literal; `int` is true for integer literals (`64`, `1_000`, `0x10`).
    Num { value: f64, int: bool },
    /// A string literal (escapes decoded; f-strings and bytes read as plain strings).
    Str(String),
    /// An operator or bracket.
    Op(&'static str),
    /// The end of a logical line.
    Newline,
    /// A lexical error confined to one line.
    Error(String),
}

/// A token and its byte range in the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

/// A lexical error that ends tokenization, at a byte offset.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LexError {
    pub pos: usize,
    pub message: String,
}

const OPS: &[&str] = &[
    "**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "==", "!=", "<=", ">=", "<<", ">>",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "+", "-", "*", "/", "%", "@", "&", "|",
    "^", "~", "<", ">", "=", ".", ",", ":", ";", "(", ")", "[", "]", "{", "}",
];

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ident_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    tokens: Vec<Token>,
    brackets: Vec<(char, usize)>,
}

/// Tokenizes `src`.
pub(crate) fn tokenize(src: &str) -> Result<Vec<Token>, LexError> {
    let mut lx = Lexer {
        src,
        pos: 0,
        tokens: Vec::new(),
        brackets: Vec::new(),
    };
    let result = lx.run();
    match result {
        Ok(()) => Ok(lx.tokens),
        Err(e) => {
            // Report the first problem in the text, as Python would.
            // (detected at `lx.pos`: an unterminated string before that point is what left a
            // bracket open or made it look mismatched).
            let detected_at = lx.pos;
            let earlier = lx.tokens.iter().find_map(|t| match &t.tok {
                Tok::Error(m) if t.start < detected_at => Some(LexError {
                    pos: t.start,
                    message: m.clone(),
                }),
                _ => None,
            });
            Err(earlier.unwrap_or(e))
        }
    }
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.src.get(self.pos + offset..)?.chars().next()
    }

    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn push(&mut self, tok: Tok, start: usize) {
        self.tokens.push(Token {
            tok,
            start,
            end: self.pos,
        });
    }

    fn newline(&mut self, start: usize) {
        if !matches!(
            self.tokens.last(),
            None | Some(Token {
                tok: Tok::Newline,
                ..
            })
        ) {
            self.push(Tok::Newline, start);
        }
    }

    /// Skips a console prompt at the start of a physical line.
    fn skip_prompt(&mut self) {
        let line = self.rest();
        let trimmed = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - trimmed.len();
        for prompt in [">>>", "..."] {
            if let Some(after) = trimmed.strip_prefix(prompt) {
                if after.is_empty() || after.starts_with([' ', '\n', '\r']) {
                    self.pos += indent + prompt.len() + usize::from(after.starts_with(' '));
                    return;
                }
            }
        }
        for prefix in ["In [", "Out["] {
            if let Some(after) = trimmed.strip_prefix(prefix) {
                let digits = after.bytes().take_while(u8::is_ascii_digit).count();
                if digits > 0 && after[digits..].starts_with("]:") {
                    self.pos += indent + prefix.len() + digits + 2;
                    return;
                }
            }
        }
    }

    fn run(&mut self) -> Result<(), LexError> {
        self.skip_prompt();
        while let Some(c) = self.peek() {
            let start = self.pos;
            match c {
                '\n' => {
                    self.pos += 1;
                    if self.brackets.is_empty() {
                        self.newline(start);
                    }
                    self.skip_prompt();
                }
                ' ' | '\t' | '\r' | '\x0c' => self.pos += 1,
                '#' => {
                    let len = self.rest().find('\n').unwrap_or(self.rest().len());
                    self.pos += len;
                }
                '\\' => {
                    let after = &self.src[self.pos + 1..];
                    if after.starts_with('\n') {
                        self.pos += 2;
                        self.skip_prompt();
                    } else if after.starts_with("\r\n") {
                        self.pos += 3;
                        self.skip_prompt();
                    } else {
                        self.pos += 1;
                        self.push(
                            Tok::Error(
                                "unexpected character after line continuation character '\\'"
                                    .into(),
                            ),
                            start,
                        );
                    }
                }
                '\'' | '"' => self.string(start, false)?,
                c if c.is_ascii_digit() => self.number(start),
                '.' if self.peek_at(1).is_some_and(|d| d.is_ascii_digit()) => self.number(start),
                c if is_ident_start(c) => {
                    let len = self
                        .rest()
                        .char_indices()
                        .find(|&(_, ch)| !is_ident_continue(ch))
                        .map_or(self.rest().len(), |(i, _)| i);
                    let word = &self.src[start..start + len];
                    let after = self.src[start + len..].chars().next();
                    let is_prefix = matches!(
                        word.to_ascii_lowercase().as_str(),
                        "r" | "b" | "u" | "f" | "rb" | "br" | "fr" | "rf"
                    );
                    if is_prefix && matches!(after, Some('\'' | '"')) {
                        self.pos += len;
                        let raw = word.to_ascii_lowercase().contains('r');
                        self.string(start, raw)?;
                    } else {
                        self.pos += len;
                        self.push(Tok::Name(word.to_string()), start);
                    }
                }
                _ => self.operator(start, c)?,
            }
        }
        if let Some(&(open, at)) = self.brackets.last() {
            return Err(LexError {
                pos: at,
                message: format!("'{open}' was never closed"),
            });
        }
        let end = self.pos;
        self.newline(end);
        Ok(())
    }

    fn operator(&mut self, start: usize, c: char) -> Result<(), LexError> {
        let Some(op) = OPS.iter().find(|op| self.rest().starts_with(**op)) else {
            self.pos += c.len_utf8();
            self.push(Tok::Error(format!("invalid character {c:?}")), start);
            return Ok(());
        };
        self.pos += op.len();
        match *op {
            "(" | "[" | "{" => self.brackets.push((c, start)),
            ")" | "]" | "}" => {
                let want = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                match self.brackets.pop() {
                    Some((open, _)) if open == want => {}
                    Some((open, _)) => {
                        return Err(LexError {
                            pos: start,
                            message: format!(
                            "closing parenthesis '{c}' does not match opening parenthesis '{open}'"
                        ),
                        })
                    }
                    None => {
                        return Err(LexError {
                            pos: start,
                            message: format!("unmatched '{c}'"),
                        })
                    }
                }
            }
            ";" if self.brackets.is_empty() => {
                self.newline(start);
                return Ok(());
            }
            _ => {}
        }
        self.push(Tok::Op(op), start);
        Ok(())
    }

    fn number(&mut self, start: usize) {
        let rest = self.rest();
        let bytes = rest.as_bytes();
        let radix = match (bytes.first(), bytes.get(1).map(u8::to_ascii_lowercase)) {
            (Some(b'0'), Some(b'x')) => Some(16),
            (Some(b'0'), Some(b'o')) => Some(8),
            (Some(b'0'), Some(b'b')) => Some(2),
            _ => None,
        };
        let mut len;
        let mut ok = true;
        let (value, int) = if let Some(radix) = radix {
            len = 2 + rest[2..]
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            let digits = &rest[2..len];
            ok = underscores_ok(digits, |b| (b as char).is_digit(radix))
                && digits.bytes().any(|b| b != b'_');
            let mut v = 0f64;
            for b in digits.bytes().filter(|b| *b != b'_') {
                match (b as char).to_digit(radix) {
                    Some(d) => v = v * radix as f64 + d as f64,
                    None => ok = false,
                }
            }
            (v, true)
        } else {
            let digits = |s: &str| {
                s.bytes()
                    .take_while(|b| b.is_ascii_digit() || *b == b'_')
                    .count()
            };
            len = digits(rest);
            let mut int = true;
            if rest[len..].starts_with('.') {
                int = false;
                len += 1 + digits(&rest[len + 1..]);
            }
            if rest[len..].starts_with(['e', 'E']) {
                int = false;
                let mut k = len + 1;
                if rest[k..].starts_with(['+', '-']) {
                    k += 1;
                }
                let exp = digits(&rest[k..]);
                if exp == 0 {
                    ok = false;
                }
                len = k + exp;
            }
            let text = &rest[..len];
            ok &= underscores_ok(text, |b| b.is_ascii_digit());
            let cleaned: String = text.chars().filter(|c| *c != '_').collect();
            match cleaned.parse::<f64>() {
                Ok(v) => (v, int),
                Err(_) => {
                    ok = false;
                    (0.0, int)
                }
            }
        };
        // `5s`, `3ms/step`, `1j`: not a number Python (or this parser) reads.
        let tail = rest[len..]
            .char_indices()
            .find(|&(_, c)| !is_ident_continue(c))
            .map_or(rest.len() - len, |(i, _)| i);
        self.pos += len + tail;
        if ok && tail == 0 {
            self.push(Tok::Num { value, int }, start);
        } else {
            let text = &self.src[start..self.pos];
            self.push(
                Tok::Error(format!("invalid number literal {text:?}")),
                start,
            );
        }
    }

    /// A string literal whose opening quote is at `self.pos` (prefix already consumed).
    fn string(&mut self, start: usize, raw: bool) -> Result<(), LexError> {
        let quote = self.peek().unwrap_or('"');
        let triple: String = quote.to_string().repeat(3);
        let is_triple = self.rest().starts_with(&triple);
        self.pos += if is_triple { 3 } else { 1 };
        let mut value = String::new();
        loop {
            let Some(c) = self.peek() else {
                if is_triple {
                    return Err(LexError {
                        pos: start,
                        message: "unterminated triple-quoted string".into(),
                    });
                }
                self.push(Tok::Error("unterminated string".into()), start);
                return Ok(());
            };
            if is_triple && self.rest().starts_with(&triple) {
                self.pos += 3;
                break;
            }
            if !is_triple && c == quote {
                self.pos += 1;
                break;
            }
            if !is_triple && c == '\n' {
                self.push(Tok::Error("unterminated string".into()), start);
                return Ok(());
            }
            self.pos += c.len_utf8();
            if c != '\\' {
                value.push(c);
                continue;
            }
            let Some(e) = self.peek() else { continue };
            self.pos += e.len_utf8();
            if raw {
                value.push('\\');
                value.push(e);
                continue;
            }
            match e {
                '\n' => {}
                'n' => value.push('\n'),
                't' => value.push('\t'),
                'r' => value.push('\r'),
                '0' => value.push('\0'),
                '\\' | '\'' | '"' => value.push(e),
                'x' | 'u' | 'U' => {
                    let n = match e {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let hex: String = self.rest().chars().take(n).collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(ch) if hex.len() == n => {
                            self.pos += n;
                            value.push(ch);
                        }
                        _ => {
                            value.push('\\');
                            value.push(e);
                        }
                    }
                }
                _ => {
                    value.push('\\');
                    value.push(e);
                }
            }
        }
        self.push(Tok::Str(value), start);
        Ok(())
    }
}

/// Python's rule for `_` in number literals: only between two digits.
fn underscores_ok(text: &str, is_digit: impl Fn(u8) -> bool) -> bool {
    let b = text.as_bytes();
    (0..b.len()).all(|i| {
        b[i] != b'_' || (i > 0 && i + 1 < b.len() && is_digit(b[i - 1]) && is_digit(b[i + 1]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        tokenize(s).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn numbers() {
        let n = |v: f64, int: bool| Tok::Num { value: v, int };
        assert_eq!(
            toks("1e-4 .001 1_000 3. 0x10 7"),
            vec![
                n(1e-4, false),
                n(0.001, false),
                n(1000.0, true),
                n(3.0, false),
                n(16.0, true),
                n(7.0, true),
                Tok::Newline
            ]
        );
        assert!(matches!(toks("1__0")[0], Tok::Error(_)));
        assert!(matches!(toks("5s")[0], Tok::Error(_)));
        assert!(matches!(toks("1e")[0], Tok::Error(_)));
    }

    #[test]
    fn strings_prompts_and_lines() {
        assert_eq!(
            toks(">>> x = 'a\\'b' # c\n... r\"\\d\""),
            vec![
                Tok::Name("x".into()),
                Tok::Op("="),
                Tok::Str("a'b".into()),
                Tok::Newline,
                Tok::Str("\\d".into()),
                Tok::Newline
            ]
        );
        assert_eq!(
            toks("f(1,\n 2); g"),
            vec![
                Tok::Name("f".into()),
                Tok::Op("("),
                Tok::Num {
                    value: 1.0,
                    int: true
                },
                Tok::Op(","),
                Tok::Num {
                    value: 2.0,
                    int: true
                },
                Tok::Op(")"),
                Tok::Newline,
                Tok::Name("g".into()),
                Tok::Newline
            ]
        );
    }

    #[test]
    fn errors() {
        assert_eq!(
            tokenize("f(\n").unwrap_err().message,
            "'(' was never closed"
        );
        assert_eq!(tokenize("f(]").unwrap_err().pos, 2);
        assert_eq!(tokenize("'''abc").unwrap_err().pos, 0);
        // An unterminated string inside an unclosed bracket is the first problem.
        let e = tokenize("f(1, 'x)\n").unwrap_err();
        assert_eq!((e.pos, e.message.as_str()), (5, "unterminated string"));
        assert!(matches!(toks("don't")[1], Tok::Error(_)));
    }
}
