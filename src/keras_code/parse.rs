//! The parser: one logical line of tokens into a statement of the Python subset that
//! `keras_code` evaluates (calls, literals, names, `+ - * / // % **`, subscripts,
//! assignments, imports).
//!
//! Two kinds of failure: [`ErrKind::Syntax`] is text Python itself rejects (`Adam(lr=,)`,
//! `f(1 2)`); [`ErrKind::Unsupported`] is valid Python outside the subset (a comparison, a
//! lambda, a comprehension, a slice). Inside a call's arguments and inside list, tuple and dict
//! displays an unsupported element becomes an [`ExprKind::Unsupported`] node spanning just that
//! element, so `fit(x, y, callbacks=[c for c in cbs], epochs=5)` still reads `epochs`.

use super::lex::{Tok, Token};

/// The deepest bracket / unary nesting accepted (bounds recursion on hostile input).
pub const MAX_DEPTH: usize = 48;
/// The most binary operators in one statement (bounds the depth of operator chains).
pub(crate) const MAX_OPERATORS: usize = 256;

const KEYWORDS: &[&str] = &[
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
    "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

pub(crate) fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
}

/// An expression and its byte range.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Expr {
    pub kind: ExprKind,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ExprKind {
    Num(f64, bool),
    Str(String),
    Bool(bool),
    NoneLit,
    /// A name or dotted name (`lr`, `tf.keras.optimizers.Adam`, `x_train.shape`).
    Name(String),
    /// An attribute of something that is not a name (`f().get_config`).
    Attr(Box<Expr>, String),
    Call(Box<Expr>, Vec<Arg>),
    Index(Box<Expr>, Box<Expr>),
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Dict(Vec<(Expr, Expr)>),
    Neg(Box<Expr>),
    Pos(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    /// Valid Python outside the subset; the reason.
    Unsupported(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ArgKind {
    Positional,
    /// `name=value`, with the byte offset of the name.
    Keyword(String, usize),
    /// `*value`.
    Star,
    /// `**value`.
    StarStar,
}

/// One argument of a call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Arg {
    pub kind: ArgKind,
    pub value: Expr,
    pub start: usize,
}

/// A statement of the subset.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Stmt {
    /// `a = b = value` (targets as expressions: names, dotted names, tuples, subscripts).
    Assign {
        targets: Vec<Expr>,
        value: Expr,
    },
    /// `a += value`.
    AugAssign {
        target: Expr,
        op: BinOp,
        value: Expr,
    },
    Expr(Expr),
    /// A printed `label: value` line, as logs and model cards show a config
    /// (`optimizer: {…}`, `- optimizer: {…}`, `Optimizer config: {…}`); not Python.
    Labelled {
        label: String,
        value: Expr,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrKind {
    Syntax,
    Unsupported,
}

/// A parse failure at a byte offset.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParseError {
    pub kind: ErrKind,
    pub message: String,
    pub pos: usize,
}

type PResult<T> = Result<T, ParseError>;

/// `import a.b as c, d` / `from a.b import c as d, e` → (local name, full dotted path).
pub(crate) fn parse_import(toks: &[Token]) -> Option<Vec<(String, String)>> {
    let names: Vec<&Tok> = toks.iter().map(|t| &t.tok).collect();
    let mut i;
    let dotted = |i: &mut usize| -> Option<String> {
        let mut path = String::new();
        while let Some(Tok::Op(".")) | Some(Tok::Op("...")) = names.get(*i) {
            path.push('.');
            *i += 1;
        }
        loop {
            match names.get(*i) {
                Some(Tok::Name(n)) if !is_keyword(n) => {
                    path.push_str(n);
                    *i += 1;
                }
                _ if path.ends_with('.') => return Some(path),
                _ => return None,
            }
            if let Some(Tok::Op(".")) = names.get(*i) {
                path.push('.');
                *i += 1;
            } else {
                return Some(path);
            }
        }
    };
    let alias = |i: &mut usize| -> Option<Option<String>> {
        if let Some(Tok::Name(a)) = names.get(*i) {
            if a == "as" {
                *i += 1;
                return match names.get(*i) {
                    Some(Tok::Name(n)) if !is_keyword(n) => {
                        *i += 1;
                        Some(Some(n.clone()))
                    }
                    _ => None,
                };
            }
        }
        Some(None)
    };
    let mut out = Vec::new();
    match names.first() {
        Some(Tok::Name(k)) if k == "import" => {
            i = 1;
            loop {
                let path = dotted(&mut i)?;
                match alias(&mut i)? {
                    Some(a) => out.push((a, path)),
                    None => {
                        let root = path.split('.').next().unwrap_or_default().to_string();
                        out.push((root.clone(), root));
                    }
                }
                match names.get(i) {
                    Some(Tok::Op(",")) => i += 1,
                    None => return Some(out),
                    _ => return None,
                }
            }
        }
        Some(Tok::Name(k)) if k == "from" => {
            i = 1;
            let module = dotted(&mut i)?;
            if !matches!(names.get(i), Some(Tok::Name(n)) if n == "import") {
                return None;
            }
            i += 1;
            let paren = matches!(names.get(i), Some(Tok::Op("(")));
            i += usize::from(paren);
            if let Some(Tok::Op("*")) = names.get(i) {
                return (i + 1 == names.len()).then_some(out);
            }
            loop {
                match names.get(i) {
                    Some(Tok::Op(")")) if paren => return (i + 1 == names.len()).then_some(out),
                    None if !paren => return Some(out),
                    Some(Tok::Name(n)) if !is_keyword(n) => {
                        let n = n.clone();
                        i += 1;
                        let path = if module.ends_with('.') {
                            format!("{module}{n}")
                        } else {
                            format!("{module}.{n}")
                        };
                        out.push((alias(&mut i)?.unwrap_or(n), path));
                    }
                    _ => return None,
                }
                match names.get(i) {
                    Some(Tok::Op(",")) => i += 1,
                    Some(Tok::Op(")")) if paren => {}
                    None if !paren => return Some(out),
                    _ => return None,
                }
            }
        }
        _ => None,
    }
}

/// Parses one logical line (without its `Newline`) as a statement.
pub(crate) fn parse_statement(toks: &[Token], end_of_text: usize) -> PResult<Stmt> {
    if let Some(stmt) = labelled(toks, end_of_text)? {
        return Ok(stmt);
    }
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
        operators: 0,
        end_of_text,
    };
    let first = p.tuple_expr()?;
    let stmt = if p.at_op("=") {
        let mut targets = vec![first];
        let mut value;
        loop {
            p.pos += 1;
            value = p.tuple_expr()?;
            if p.at_op("=") {
                targets.push(value);
            } else {
                break;
            }
        }
        Stmt::Assign { targets, value }
    } else if let Some(op) = p.aug_op() {
        p.pos += 1;
        let value = p.tuple_expr()?;
        Stmt::AugAssign {
            target: first,
            op,
            value,
        }
    } else if p.at_op(":") && matches!(first.kind, ExprKind::Name(_)) {
        // An annotated assignment `lr: float = 1e-3`.
        p.pos += 1;
        p.expr()?;
        if p.at_op("=") {
            p.pos += 1;
            let value = p.tuple_expr()?;
            Stmt::Assign {
                targets: vec![first],
                value,
            }
        } else {
            return Err(p.unsupported("a bare annotation"));
        }
    } else {
        Stmt::Expr(first)
    };
    if p.pos < toks.len() {
        return Err(p.unexpected("the end of the statement"));
    }
    Ok(stmt)
}

/// `[- | *] words: value` — a printed or listed value with its label — unless it is Python's
/// annotated assignment `name: type = value` (one name, an `=` after the colon).
fn labelled(toks: &[Token], end_of_text: usize) -> PResult<Option<Stmt>> {
    let bullet = usize::from(matches!(
        toks.first().map(|t| &t.tok),
        Some(Tok::Op("-" | "*"))
    ));
    let words = toks[bullet..]
        .iter()
        .take_while(|t| matches!(&t.tok, Tok::Name(n) if !is_keyword(n) && !n.contains('.')))
        .count();
    let colon = bullet + words;
    if words == 0 || toks.get(colon).map(|t| &t.tok) != Some(&Tok::Op(":")) {
        return Ok(None);
    }
    let rest = &toks[colon + 1..];
    let mut depth = 0i32;
    let assigns = rest.iter().any(|t| {
        match t.tok {
            Tok::Op("(" | "[" | "{") => depth += 1,
            Tok::Op(")" | "]" | "}") => depth -= 1,
            _ => {}
        }
        depth == 0 && t.tok == Tok::Op("=")
    });
    if rest.is_empty() || (bullet == 0 && words == 1 && assigns) {
        return Ok(None);
    }
    let label = toks[bullet..colon]
        .iter()
        .filter_map(|t| match &t.tok {
            Tok::Name(n) => Some(n.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut p = Parser {
        toks: rest,
        pos: 0,
        depth: 0,
        operators: 0,
        end_of_text,
    };
    let value = p.tuple_expr()?;
    if p.pos < rest.len() {
        return Err(p.unexpected("the end of the statement"));
    }
    Ok(Some(Stmt::Labelled { label, value }))
}

struct Parser<'t> {
    toks: &'t [Token],
    pos: usize,
    depth: usize,
    operators: usize,
    end_of_text: usize,
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Name(n) => format!("'{n}'"),
        Tok::Num { .. } => "a number".into(),
        Tok::Str(_) => "a string".into(),
        Tok::Op(o) => format!("'{o}'"),
        Tok::Newline => "the end of the line".into(),
        Tok::Error(m) => m.clone(),
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    fn here(&self) -> usize {
        self.toks
            .get(self.pos)
            .map_or_else(|| self.prev_end(), |t| t.start)
    }

    fn prev_end(&self) -> usize {
        if self.pos == 0 {
            self.toks.first().map_or(self.end_of_text, |t| t.start)
        } else {
            self.toks[self.pos - 1].end
        }
    }

    fn at_op(&self, op: &str) -> bool {
        matches!(self.peek(), Some(Tok::Op(o)) if *o == op)
    }

    fn aug_op(&self) -> Option<BinOp> {
        Some(match self.peek()? {
            Tok::Op("+=") => BinOp::Add,
            Tok::Op("-=") => BinOp::Sub,
            Tok::Op("*=") => BinOp::Mul,
            Tok::Op("/=") => BinOp::Div,
            Tok::Op("//=") => BinOp::FloorDiv,
            Tok::Op("%=") => BinOp::Mod,
            Tok::Op("**=") => BinOp::Pow,
            _ => return None,
        })
    }

    fn unsupported(&self, what: &str) -> ParseError {
        ParseError {
            kind: ErrKind::Unsupported,
            message: format!("{what} is not read by this parser"),
            pos: self.here(),
        }
    }

    /// The error for an unexpected token where `expected` should be: unsupported Python if the
    /// token continues an expression in a way outside the subset, else a syntax error.
    fn unexpected(&self, expected: &str) -> ParseError {
        let Some(tok) = self.peek() else {
            return ParseError {
                kind: ErrKind::Syntax,
                message: format!("expected {expected}, found the end of the statement"),
                pos: self.here(),
            };
        };
        if let Tok::Error(m) = tok {
            return ParseError {
                kind: ErrKind::Syntax,
                message: m.clone(),
                pos: self.here(),
            };
        }
        let python_but_not_here = match tok {
            Tok::Name(n) => matches!(
                n.as_str(),
                "if" | "else" | "for" | "in" | "not" | "and" | "or" | "is" | "async" | "lambda"
            ),
            Tok::Op(o) => matches!(
                *o,
                "==" | "!="
                    | "<"
                    | ">"
                    | "<="
                    | ">="
                    | "|"
                    | "&"
                    | "^"
                    | "<<"
                    | ">>"
                    | ":="
                    | "@"
                    | "->"
                    | "&="
                    | "|="
                    | "^="
                    | "@="
                    | "<<="
                    | ">>="
            ),
            _ => false,
        };
        if python_but_not_here {
            self.unsupported(&describe(tok))
        } else {
            ParseError {
                kind: ErrKind::Syntax,
                message: format!("expected {expected}, found {}", describe(tok)),
                pos: self.here(),
            }
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError {
                kind: ErrKind::Syntax,
                message: format!("nested more than {MAX_DEPTH} levels deep"),
                pos: self.here(),
            });
        }
        Ok(())
    }

    fn count_operator(&mut self) -> PResult<()> {
        self.operators += 1;
        if self.operators > MAX_OPERATORS {
            return Err(ParseError {
                kind: ErrKind::Syntax,
                message: format!("more than {MAX_OPERATORS} operators in one statement"),
                pos: self.here(),
            });
        }
        Ok(())
    }

    /// `a, b, c` (a tuple if there is a comma) or a single expression.
    fn tuple_expr(&mut self) -> PResult<Expr> {
        let first = self.expr()?;
        if !self.at_op(",") {
            return Ok(first);
        }
        let start = first.start;
        let mut items = vec![first];
        while self.at_op(",") {
            self.pos += 1;
            if self.pos >= self.toks.len() || self.at_op("=") || self.aug_op().is_some() {
                break;
            }
            items.push(self.expr()?);
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            start,
            end: self.prev_end(),
        })
    }

    fn expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.arith();
        self.depth -= 1;
        r
    }

    fn bin(&mut self, op: BinOp, l: Expr, r: Expr) -> Expr {
        let (start, end) = (l.start, r.end);
        Expr {
            kind: ExprKind::Bin(op, Box::new(l), Box::new(r)),
            start,
            end,
        }
    }

    fn arith(&mut self) -> PResult<Expr> {
        let mut left = self.term()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op("+")) => BinOp::Add,
                Some(Tok::Op("-")) => BinOp::Sub,
                _ => return Ok(left),
            };
            self.count_operator()?;
            self.pos += 1;
            let right = self.term()?;
            left = self.bin(op, left, right);
        }
    }

    fn term(&mut self) -> PResult<Expr> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op("*")) => BinOp::Mul,
                Some(Tok::Op("/")) => BinOp::Div,
                Some(Tok::Op("//")) => BinOp::FloorDiv,
                Some(Tok::Op("%")) => BinOp::Mod,
                _ => return Ok(left),
            };
            self.count_operator()?;
            self.pos += 1;
            let right = self.unary()?;
            left = self.bin(op, left, right);
        }
    }

    fn unary(&mut self) -> PResult<Expr> {
        let start = self.here();
        let wrap: fn(Box<Expr>) -> ExprKind = match self.peek() {
            Some(Tok::Op("-")) => ExprKind::Neg,
            Some(Tok::Op("+")) => ExprKind::Pos,
            Some(Tok::Op("~")) => return Err(self.unsupported("'~'")),
            _ => return self.power(),
        };
        self.pos += 1;
        self.enter()?;
        let inner = self.unary();
        self.depth -= 1;
        let inner = inner?;
        let end = inner.end;
        Ok(Expr {
            kind: wrap(Box::new(inner)),
            start,
            end,
        })
    }

    fn power(&mut self) -> PResult<Expr> {
        let base = self.postfix()?;
        if !self.at_op("**") {
            return Ok(base);
        }
        self.count_operator()?;
        self.pos += 1;
        self.enter()?;
        let exp = self.unary();
        self.depth -= 1;
        let exp = exp?;
        Ok(self.bin(BinOp::Pow, base, exp))
    }

    fn postfix(&mut self) -> PResult<Expr> {
        let mut e = self.atom()?;
        loop {
            match self.peek() {
                Some(Tok::Op(".")) => {
                    self.pos += 1;
                    let Some(Tok::Name(attr)) = self.peek().cloned() else {
                        return Err(self.unexpected("an attribute name"));
                    };
                    self.pos += 1;
                    let end = self.prev_end();
                    e = match e.kind {
                        ExprKind::Name(base) => Expr {
                            kind: ExprKind::Name(format!("{base}.{attr}")),
                            start: e.start,
                            end,
                        },
                        kind => Expr {
                            start: e.start,
                            kind: ExprKind::Attr(
                                Box::new(Expr {
                                    kind,
                                    start: e.start,
                                    end: e.end,
                                }),
                                attr,
                            ),
                            end,
                        },
                    };
                }
                Some(Tok::Op("(")) => {
                    self.pos += 1;
                    self.enter()?;
                    let args = self.args();
                    self.depth -= 1;
                    let args = args?;
                    let start = e.start;
                    e = Expr {
                        kind: ExprKind::Call(Box::new(e), args),
                        start,
                        end: self.prev_end(),
                    };
                }
                Some(Tok::Op("[")) => {
                    let open = self.pos;
                    self.pos += 1;
                    self.enter()?;
                    let index = self.subscript(open);
                    self.depth -= 1;
                    let index = index?;
                    let start = e.start;
                    e = Expr {
                        kind: ExprKind::Index(Box::new(e), Box::new(index)),
                        start,
                        end: self.prev_end(),
                    };
                }
                _ => return Ok(e),
            }
        }
    }

    /// After `[`: an index (a tuple for `a[1, 2]`); a slice is unsupported (the whole
    /// subscript becomes an unsupported node).
    fn subscript(&mut self, open: usize) -> PResult<Expr> {
        let start = self.here();
        let parsed = (|| {
            if self.at_op(":") {
                return Err(self.unsupported("a slice"));
            }
            let e = self.tuple_expr()?;
            if self.at_op(":") {
                return Err(self.unsupported("a slice"));
            }
            Ok(e)
        })();
        match parsed {
            Ok(e) if self.at_op("]") => {
                self.pos += 1;
                Ok(e)
            }
            Ok(_) => Err(self.unexpected("']'")),
            Err(err) if err.kind == ErrKind::Unsupported => {
                self.pos = open;
                self.skip_balanced();
                Ok(Expr {
                    kind: ExprKind::Unsupported(err.message),
                    start,
                    end: self.prev_end(),
                })
            }
            Err(err) => Err(err),
        }
    }

    /// With `self.pos` at an opening bracket: moves past its closing bracket.
    fn skip_balanced(&mut self) {
        let mut depth = 0usize;
        while let Some(tok) = self.peek().cloned() {
            self.pos += 1;
            match tok {
                Tok::Op("(" | "[" | "{") => depth += 1,
                Tok::Op(")" | "]" | "}") => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    /// Moves to the next `,` or closing bracket at this level (after an unsupported element).
    fn skip_element(&mut self) {
        let mut depth = 0usize;
        while let Some(tok) = self.peek() {
            match tok {
                Tok::Op("(" | "[" | "{") => depth += 1,
                Tok::Op(")" | "]" | "}") if depth == 0 => return,
                Tok::Op(")" | "]" | "}") => depth -= 1,
                Tok::Op(",") if depth == 0 => return,
                _ => {}
            }
            self.pos += 1;
        }
    }

    /// Parses one element with `f`; an unsupported element is skipped and returned as an
    /// [`ExprKind::Unsupported`] node.
    fn element(&mut self, f: impl FnOnce(&mut Self) -> PResult<Expr>) -> PResult<Expr> {
        let (pos, start) = (self.pos, self.here());
        let depth = self.depth;
        match f(self) {
            Ok(e) => {
                if self.at_op(",") || matches!(self.peek(), Some(Tok::Op(")" | "]" | "}" | ":"))) {
                    Ok(e)
                } else {
                    let err = self.unexpected("',' or a closing bracket");
                    self.recover(err, pos, start, depth)
                }
            }
            Err(err) => self.recover(err, pos, start, depth),
        }
    }

    fn recover(
        &mut self,
        err: ParseError,
        pos: usize,
        start: usize,
        depth: usize,
    ) -> PResult<Expr> {
        if err.kind != ErrKind::Unsupported {
            return Err(err);
        }
        self.pos = pos;
        self.depth = depth;
        self.skip_element();
        Ok(Expr {
            kind: ExprKind::Unsupported(err.message),
            start,
            end: self.prev_end(),
        })
    }

    /// After `(` of a call: the arguments and the `)`.
    fn args(&mut self) -> PResult<Vec<Arg>> {
        let mut args = Vec::new();
        loop {
            if self.at_op(")") {
                self.pos += 1;
                return Ok(args);
            }
            let start = self.here();
            let kind = match (self.peek(), self.toks.get(self.pos + 1).map(|t| &t.tok)) {
                (Some(Tok::Op("*")), _) => {
                    self.pos += 1;
                    ArgKind::Star
                }
                (Some(Tok::Op("**")), _) => {
                    self.pos += 1;
                    ArgKind::StarStar
                }
                (Some(Tok::Name(n)), Some(Tok::Op("="))) if !is_keyword(n) => {
                    let n = n.clone();
                    self.pos += 2;
                    ArgKind::Keyword(n, start)
                }
                _ => ArgKind::Positional,
            };
            let value = self.element(|p| p.expr())?;
            args.push(Arg { kind, value, start });
            if self.at_op(",") {
                self.pos += 1;
            } else if !self.at_op(")") {
                return Err(self.unexpected("',' or ')'"));
            }
        }
    }

    fn atom(&mut self) -> PResult<Expr> {
        let start = self.here();
        let Some(tok) = self.peek().cloned() else {
            return Err(self.unexpected("an expression"));
        };
        let kind = match tok {
            Tok::Num { value, int } => {
                self.pos += 1;
                ExprKind::Num(value, int)
            }
            Tok::Str(s) => {
                self.pos += 1;
                let mut s = s;
                while let Some(Tok::Str(more)) = self.peek() {
                    s.push_str(more);
                    self.pos += 1;
                }
                ExprKind::Str(s)
            }
            Tok::Name(n) => match n.as_str() {
                "True" | "False" => {
                    self.pos += 1;
                    ExprKind::Bool(n == "True")
                }
                "None" => {
                    self.pos += 1;
                    ExprKind::NoneLit
                }
                k if is_keyword(k) => {
                    return Err(if matches!(k, "lambda" | "not" | "await" | "yield") {
                        self.unsupported(&format!("'{k}'"))
                    } else {
                        ParseError {
                            kind: ErrKind::Syntax,
                            message: format!("expected an expression, found '{k}'"),
                            pos: self.here(),
                        }
                    })
                }
                _ => {
                    self.pos += 1;
                    ExprKind::Name(n)
                }
            },
            Tok::Op("(") => {
                self.pos += 1;
                self.enter()?;
                let r = self.paren();
                self.depth -= 1;
                return r.map(|kind| Expr {
                    kind,
                    start,
                    end: self.prev_end(),
                });
            }
            Tok::Op("[") => {
                self.pos += 1;
                self.enter()?;
                let r = self.list("]");
                self.depth -= 1;
                ExprKind::List(r?)
            }
            Tok::Op("{") => {
                self.pos += 1;
                self.enter()?;
                let r = self.dict();
                self.depth -= 1;
                r?
            }
            Tok::Op("...") => return Err(self.unsupported("'...'")),
            _ => return Err(self.unexpected("an expression")),
        };
        Ok(Expr {
            kind,
            start,
            end: self.prev_end(),
        })
    }

    /// Comma-separated expressions up to `close` (consumed).
    fn list(&mut self, close: &'static str) -> PResult<Vec<Expr>> {
        let mut items = Vec::new();
        loop {
            if self.at_op(close) {
                self.pos += 1;
                return Ok(items);
            }
            let item = if self.at_op("*") {
                self.element(|p| Err(p.unsupported("unpacking with '*'")))?
            } else {
                self.element(|p| p.expr())?
            };
            items.push(item);
            if self.at_op(",") {
                self.pos += 1;
            } else if !self.at_op(close) {
                return Err(self.unexpected(&format!("',' or '{close}'")));
            }
        }
    }

    /// After `(`: `()`, `(e)`, `(e,)`, `(a, b)`.
    fn paren(&mut self) -> PResult<ExprKind> {
        if self.at_op(")") {
            self.pos += 1;
            return Ok(ExprKind::Tuple(Vec::new()));
        }
        let first = self.element(|p| p.expr())?;
        if self.at_op(")") {
            self.pos += 1;
            return Ok(first.kind);
        }
        if !self.at_op(",") {
            return Err(self.unexpected("',' or ')'"));
        }
        self.pos += 1;
        let mut items = vec![first];
        items.extend(self.list(")")?);
        Ok(ExprKind::Tuple(items))
    }

    /// After `{`: a dict display (a set is unsupported).
    fn dict(&mut self) -> PResult<ExprKind> {
        let mut items = Vec::new();
        loop {
            if self.at_op("}") {
                self.pos += 1;
                return Ok(ExprKind::Dict(items));
            }
            let (pos, start, depth) = (self.pos, self.here(), self.depth);
            if self.at_op("**") {
                let err = self.unsupported("'**' in a dict");
                let e = self.recover(err, pos, start, depth)?;
                items.push((e.clone(), e));
            } else {
                let key = self.element(|p| p.expr())?;
                if matches!(key.kind, ExprKind::Unsupported(_)) {
                    items.push((key.clone(), key));
                } else if self.at_op(":") {
                    self.pos += 1;
                    let value = self.element(|p| p.expr())?;
                    items.push((key, value));
                } else if items.is_empty() && (self.at_op(",") || self.at_op("}")) {
                    return Err(self.unsupported("a set"));
                } else {
                    return Err(self.unexpected("':'"));
                }
            }
            if self.at_op(",") {
                self.pos += 1;
            } else if !self.at_op("}") {
                return Err(self.unexpected("',' or '}'"));
            }
        }
    }
}
