//! Printed shapes and lengths (`print(x_train.shape)` and the `(60000, 28, 28)` below it,
//! `len(x)` and `60000`, a lone shape line): the number of training samples.

use super::super::lex::{Tok, Token};
use super::super::parse::{ArgKind, Expr, ExprKind};
use super::{Eval, MAX_WHOLE};

pub(super) struct ShapeRec {
    pub(super) name: Option<String>,
    pub(super) n: f64,
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) struct Pending {
    pub(super) name: String,
    /// A length (`len(x)`, `x.shape[0]`) rather than a shape.
    pub(super) len: bool,
    /// Printed with other values (`print("x_train shape:", x_train.shape)`): the output is a
    /// line of text containing the value, not the value alone.
    pub(super) text: bool,
    /// For `text`: what print() writes before the value when the arguments before it are
    /// string literals (`"x_train shape:"`), so the output line must start with it; `None`
    /// when they are not known.
    pub(super) prefix: Option<String>,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// The most printed shapes waiting for their output.
pub(super) const MAX_PENDING: usize = 64;

impl Eval<'_> {
    /// A line that is the output of the oldest printed shape or length still waiting for it
    /// (`(60000, 28, 28)`, `60000`, `x_train shape: (60000, 28, 28, 1)`,
    /// `60000 train samples`): records it and returns true.
    pub(crate) fn printed_output(&mut self, line: &[Token]) -> bool {
        let Some(p) = self.pending.front() else {
            return false;
        };
        let found = if p.text {
            match &p.prefix {
                Some(prefix) => {
                    // print() writes its arguments with a space between: the value is the first
                    // token after the prefix (`(3, 3)` later in the line is something else's).
                    let prefix = prefix.trim_end();
                    let line_start = line.first().map_or(0, |t| t.start);
                    let rest = self.src.get(line_start..).unwrap_or_default();
                    let after = line_start + prefix.len();
                    rest.starts_with(prefix)
                        .then(|| line.iter().position(|t| t.start >= after))
                        .flatten()
                        .and_then(|i| printed_value(line, i, p.len))
                }
                // Text not known: the value is not inside a call or an assignment.
                None => (0..line.len())
                    .take_while(|&i| {
                        i == 0 || !matches!(line[i - 1].tok, Tok::Op("(" | "[" | "=" | ","))
                    })
                    .find_map(|i| printed_value(line, i, p.len)),
            }
        } else {
            printed_value(line, 0, p.len).filter(|&(_, end)| end == line.len())
        };
        let Some((n, _)) = found else {
            return false;
        };
        let Some(p) = self.pending.pop_front() else {
            return false;
        };
        let (start, end) = match (line.first(), line.last()) {
            (Some(a), Some(b)) => (a.start, b.end),
            _ => return true,
        };
        self.shapes.push(ShapeRec {
            name: Some(p.name),
            n,
            start,
            end,
        });
        true
    }

    pub(super) fn shape_of(&self, name: &str) -> Option<f64> {
        self.shapes
            .iter()
            .rev()
            .find(|s| s.name.as_deref() == Some(name))
            .map(|s| s.n)
    }
}

/// `x.shape`, `x.shape[0]`, `len(x)`, or any of them inside `print(…)` (alone, or among other
/// values: then its output is a line of text): a later line may be its output.
pub(super) fn shape_query(e: &Expr, text: bool) -> Option<Pending> {
    let pending = |name: &str, len: bool| {
        Some(Pending {
            name: name.to_string(),
            len,
            text,
            prefix: text.then(String::new),
            start: 0,
            end: 0,
        })
    };
    match &e.kind {
        ExprKind::Name(p) => p.strip_suffix(".shape").and_then(|n| pending(n, false)),
        ExprKind::Index(base, index) => match (&base.kind, &index.kind) {
            (ExprKind::Name(p), ExprKind::Num(i, true)) if *i == 0.0 => {
                p.strip_suffix(".shape").and_then(|n| pending(n, true))
            }
            _ => None,
        },
        ExprKind::Call(callee, args) => match (&callee.kind, args.as_slice()) {
            (ExprKind::Name(f), [a]) if f == "len" && a.kind == ArgKind::Positional => {
                match &a.value.kind {
                    ExprKind::Name(n) => pending(n, true),
                    _ => None,
                }
            }
            (ExprKind::Name(f), [a]) if f == "print" && a.kind == ArgKind::Positional => {
                shape_query(&a.value, text)
            }
            (ExprKind::Name(f), args) if f == "print" => {
                let mut before: Option<Vec<&str>> = Some(Vec::new());
                for a in args.iter().filter(|a| a.kind == ArgKind::Positional) {
                    if let Some(mut p) = shape_query(&a.value, true) {
                        p.prefix = before.map(|b| b.join(" "));
                        return Some(p);
                    }
                    match (&a.value.kind, &mut before) {
                        (ExprKind::Str(s), Some(b)) => b.push(s),
                        _ => before = None,
                    }
                }
                None
            }
            _ => None,
        },
        _ => None,
    }
}

/// A lone printed shape `(60000, 28, 28)`: its first dimension.
pub(super) fn shape_output(e: &Expr) -> Option<f64> {
    match &e.kind {
        ExprKind::Tuple(items) if !items.is_empty() => {
            let dims: Option<Vec<f64>> = items
                .iter()
                .map(|e| match e.kind {
                    ExprKind::Num(v, true) if (0.0..=MAX_WHOLE).contains(&v) => Some(v),
                    _ => None,
                })
                .collect();
            dims.map(|d| d[0])
        }
        _ => None,
    }
}

/// In a printed line's tokens: a whole number at `tokens[0]` (a length), or a tuple of whole
/// numbers starting at `tokens[i]` (a shape); the value and the index after it.
pub(super) fn printed_value(tokens: &[Token], i: usize, len: bool) -> Option<(f64, usize)> {
    let whole = |t: Option<&Token>| match t.map(|t| &t.tok) {
        Some(Tok::Num { value, int: true }) if (0.0..=MAX_WHOLE).contains(value) => Some(*value),
        _ => None,
    };
    if len {
        return whole(tokens.get(i)).map(|v| (v, i + 1));
    }
    if tokens.get(i).map(|t| &t.tok) != Some(&Tok::Op("(")) {
        return None;
    }
    let first = whole(tokens.get(i + 1))?;
    let mut k = i + 2;
    loop {
        match tokens.get(k).map(|t| &t.tok) {
            Some(Tok::Op(")")) => return Some((first, k + 1)),
            Some(Tok::Op(",")) => {
                k += 1;
                if tokens.get(k).map(|t| &t.tok) == Some(&Tok::Op(")")) {
                    return Some((first, k + 1));
                }
                whole(tokens.get(k))?;
                k += 1;
            }
            _ => return None,
        }
    }
}
