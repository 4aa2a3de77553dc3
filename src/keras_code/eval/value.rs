//! The Python values this parser knows, bounded in size, and Python's arithmetic on numbers.

use std::rc::Rc;

use super::super::keras::py_repr;
use super::super::parse::BinOp;

pub(super) type Pairs = Vec<(Rc<Val>, Rc<Val>)>;

/// The most nodes in one value (a list of lists …) and the deepest nesting of values.
const MAX_VALUE_NODES: usize = 4096;
const MAX_VALUE_DEPTH: usize = 32;

/// A Python value, as far as this parser knows it.
#[derive(Debug)]
pub(crate) enum Val {
    Num {
        v: f64,
        int: bool,
    },
    Str(String),
    Bool(bool),
    None,
    Seq {
        items: Vec<Rc<Val>>,
        size: usize,
        depth: usize,
    },
    Dict {
        items: Vec<(Rc<Val>, Rc<Val>)>,
        size: usize,
        depth: usize,
    },
    /// An optimizer candidate (index).
    Optimizer(usize),
    /// A schedule (index).
    Schedule(usize),
    /// Something this parser cannot know; the reason.
    Opaque(String),
}

impl Val {
    pub(super) fn size(&self) -> usize {
        match self {
            Val::Seq { size, .. } | Val::Dict { size, .. } => *size,
            _ => 1,
        }
    }

    pub(super) fn depth(&self) -> usize {
        match self {
            Val::Seq { depth, .. } | Val::Dict { depth, .. } => *depth,
            _ => 0,
        }
    }

    pub(super) fn describe(&self) -> String {
        match self {
            Val::Num { v, int } => py_repr(*v, *int),
            Val::Str(s) => format!("{s:?}"),
            Val::Bool(b) => if *b { "True" } else { "False" }.into(),
            Val::None => "None".into(),
            Val::Seq { .. } => "a list or tuple".into(),
            Val::Dict { .. } => "a dict".into(),
            Val::Optimizer(_) => "an optimizer".into(),
            Val::Schedule(_) => "a schedule".into(),
            Val::Opaque(_) => "an unknown value".into(),
        }
    }
}

pub(super) fn num(v: f64, int: bool) -> Rc<Val> {
    Rc::new(Val::Num { v, int })
}

pub(super) fn opaque(reason: impl Into<String>) -> Rc<Val> {
    Rc::new(Val::Opaque(reason.into()))
}

pub(super) fn seq(items: Vec<Rc<Val>>) -> Rc<Val> {
    let size = 1 + items.iter().map(|v| v.size()).sum::<usize>();
    let depth = 1 + items.iter().map(|v| v.depth()).max().unwrap_or(0);
    if size > MAX_VALUE_NODES || depth > MAX_VALUE_DEPTH {
        return opaque("too large a value to follow");
    }
    Rc::new(Val::Seq { items, size, depth })
}

pub(super) fn dict(items: Vec<(Rc<Val>, Rc<Val>)>) -> Rc<Val> {
    let size = 1 + items
        .iter()
        .map(|(k, v)| k.size() + v.size())
        .sum::<usize>();
    let depth = 1 + items
        .iter()
        .map(|(k, v)| k.depth().max(v.depth()))
        .max()
        .unwrap_or(0);
    if size > MAX_VALUE_NODES || depth > MAX_VALUE_DEPTH {
        return opaque("too large a value to follow");
    }
    Rc::new(Val::Dict { items, size, depth })
}

pub(super) fn dict_get(items: &[(Rc<Val>, Rc<Val>)], key: &str) -> Option<Rc<Val>> {
    items
        .iter()
        .rev()
        .find(|(k, _)| matches!(&**k, Val::Str(s) if s == key))
        .map(|(_, v)| v.clone())
}

/// Python arithmetic on numbers (ints stay ints where Python's do).
pub(super) fn arith(op: BinOp, l: &Val, r: &Val) -> Rc<Val> {
    let as_num = |v: &Val| match v {
        Val::Num { v, int } => Some((*v, *int)),
        Val::Bool(b) => Some((f64::from(u8::from(*b)), true)),
        _ => None,
    };
    let (a, ai, b, bi) = match (as_num(l), as_num(r)) {
        (Some((a, ai)), Some((b, bi))) => (a, ai, b, bi),
        _ => {
            return match (l, r) {
                (Val::Opaque(x), _) | (_, Val::Opaque(x)) => opaque(x.clone()),
                _ => opaque(format!(
                    "arithmetic on {} and {} is not evaluated",
                    l.describe(),
                    r.describe()
                )),
            }
        }
    };
    let int = ai && bi;
    let zero_division = || opaque("division by zero (Python raises ZeroDivisionError)");
    match op {
        BinOp::Add => num(a + b, int),
        BinOp::Sub => num(a - b, int),
        BinOp::Mul => num(a * b, int),
        BinOp::Div if b == 0.0 => zero_division(),
        BinOp::Div => num(a / b, false),
        BinOp::FloorDiv if b == 0.0 => zero_division(),
        BinOp::FloorDiv => num((a / b).floor(), int),
        BinOp::Mod if b == 0.0 => zero_division(),
        BinOp::Mod => num(a - b * (a / b).floor(), int),
        BinOp::Pow => num(a.powf(b), int && b >= 0.0),
    }
}
