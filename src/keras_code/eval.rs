//! The evaluator: runs the parsed statements in order over a tiny environment of names, and
//! turns optimizer constructors, schedules, config dicts, `compile()`, `fit()` and printed
//! shapes into the result. Everything it does not use is recorded with the reason.

use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use super::keras::{self, py_repr};
use super::lex::{Tok, Token};
use super::parse::{Arg, ArgKind, BinOp, Expr, ExprKind, Stmt};
use super::{FitFields, Ignored, ParsedCode};
use crate::optim::config::{
    Api, LearningRate, OptimizerConfig, OptimizerKind, KERAS3_DECAY_WARNING,
};
use crate::optim::schedule::LearningRateSchedule;
use crate::optim::spec;

/// The most nodes in one value (a list of lists …) and the deepest nesting of values.
const MAX_VALUE_NODES: usize = 4096;
const MAX_VALUE_DEPTH: usize = 32;
/// The most entries in `ignored` (the rest are counted in a last entry).
pub(crate) const MAX_IGNORED: usize = 200;

/// An error at a byte offset of the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CodeErr {
    pub pos: usize,
    pub message: String,
}

type R<T> = Result<T, CodeErr>;
type Pairs = Vec<(Rc<Val>, Rc<Val>)>;
/// Bound arguments (name, value) and the unknown `*`/`**` ones.
type Bound = (Vec<(String, ArgV)>, Vec<ArgV>);
/// 2^53: the largest whole number a float (and JS) holds exactly.
const MAX_WHOLE: f64 = 9_007_199_254_740_992.0;

fn err<T>(pos: usize, message: impl Into<String>) -> R<T> {
    Err(CodeErr {
        pos,
        message: message.into(),
    })
}

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
    fn size(&self) -> usize {
        match self {
            Val::Seq { size, .. } | Val::Dict { size, .. } => *size,
            _ => 1,
        }
    }

    fn depth(&self) -> usize {
        match self {
            Val::Seq { depth, .. } | Val::Dict { depth, .. } => *depth,
            _ => 0,
        }
    }

    fn describe(&self) -> String {
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

fn num(v: f64, int: bool) -> Rc<Val> {
    Rc::new(Val::Num { v, int })
}

fn opaque(reason: impl Into<String>) -> Rc<Val> {
    Rc::new(Val::Opaque(reason.into()))
}

fn seq(items: Vec<Rc<Val>>) -> Rc<Val> {
    let size = 1 + items.iter().map(|v| v.size()).sum::<usize>();
    let depth = 1 + items.iter().map(|v| v.depth()).max().unwrap_or(0);
    if size > MAX_VALUE_NODES || depth > MAX_VALUE_DEPTH {
        return opaque("too large a value to follow");
    }
    Rc::new(Val::Seq { items, size, depth })
}

fn dict(items: Vec<(Rc<Val>, Rc<Val>)>) -> Rc<Val> {
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

fn dict_get(items: &[(Rc<Val>, Rc<Val>)], key: &str) -> Option<Rc<Val>> {
    items
        .iter()
        .rev()
        .find(|(k, _)| matches!(&**k, Val::Str(s) if s == key))
        .map(|(_, v)| v.clone())
}

/// An evaluated call argument.
#[derive(Debug, Clone)]
struct ArgV {
    key: Option<String>,
    val: Rc<Val>,
    start: usize,
    end: usize,
    /// The argument's expression when it is a plain name (`x_train`).
    name: Option<String>,
    /// An unpacked `*args` / `**kwargs` whose contents are not known.
    splat: bool,
}

struct Binding {
    name: String,
    val: Rc<Val>,
    used: bool,
    relevant: bool,
    start: usize,
    end: usize,
}

/// An optimizer the text constructs (or names, or prints the config of).
pub(crate) struct OptCand {
    config: OptimizerConfig,
    warnings: Vec<String>,
    ignored: Vec<(usize, Ignored)>,
    field_pos: Vec<(String, usize)>,
    start: usize,
    end: usize,
}

struct SchedCand {
    schedule: LearningRateSchedule,
    used: bool,
    start: usize,
    end: usize,
}

struct CompileCall {
    optimizer: Option<usize>,
}

#[derive(Default)]
struct FitCall {
    fields: FitFields,
    x: Option<(Option<String>, usize, usize)>,
    ignored: Vec<(usize, Ignored)>,
    start: usize,
    end: usize,
}

struct ShapeRec {
    name: Option<String>,
    n: f64,
    start: usize,
    end: usize,
}

struct Pending {
    name: String,
    /// A length (`len(x)`, `x.shape[0]`) rather than a shape.
    len: bool,
    /// Printed with other values (`print("x_train shape:", x_train.shape)`): the output is a
    /// line of text containing the value, not the value alone.
    text: bool,
    start: usize,
    end: usize,
}

/// The most printed shapes waiting for their output.
const MAX_PENDING: usize = 64;

/// The evaluator's state.
pub(crate) struct Eval<'a> {
    src: &'a str,
    line_starts: Vec<usize>,
    aliases: HashMap<String, String>,
    env: HashMap<String, usize>,
    bindings: Vec<Binding>,
    optimizers: Vec<OptCand>,
    schedules: Vec<SchedCand>,
    compiles: Vec<CompileCall>,
    fits: Vec<FitCall>,
    shapes: Vec<ShapeRec>,
    /// Printed shapes / lengths whose output has not been seen yet, in order.
    pending: VecDeque<Pending>,
    ignored: Vec<(usize, Ignored)>,
    ignored_overflow: usize,
    activity: usize,
}

/// Shortens and flattens source text for `ignored`.
pub(crate) fn snippet(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 160 {
        let cut: String = flat.chars().take(157).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

impl<'a> Eval<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Eval {
            src,
            line_starts,
            aliases: HashMap::new(),
            env: HashMap::new(),
            bindings: Vec::new(),
            optimizers: Vec::new(),
            schedules: Vec::new(),
            compiles: Vec::new(),
            fits: Vec::new(),
            shapes: Vec::new(),
            pending: VecDeque::new(),
            ignored: Vec::new(),
            ignored_overflow: 0,
            activity: 0,
        }
    }

    /// `line L, column C` of a byte offset (columns count characters, from 1).
    pub(crate) fn line_col(&self, pos: usize) -> (usize, usize) {
        let pos = pos.min(self.src.len());
        let line = self.line_starts.partition_point(|&s| s <= pos).max(1);
        let start = self.line_starts[line - 1];
        let col = self
            .src
            .get(start..pos)
            .map_or(1, |s| s.chars().count() + 1);
        (line, col)
    }

    pub(crate) fn at(&self, pos: usize) -> String {
        let (l, c) = self.line_col(pos);
        format!("line {l}, column {c}")
    }

    fn text(&self, start: usize, end: usize) -> String {
        snippet(self.src.get(start..end).unwrap_or_default())
    }

    fn entry(&self, start: usize, end: usize, reason: impl Into<String>) -> (usize, Ignored) {
        (
            start,
            Ignored {
                text: self.text(start, end),
                reason: reason.into(),
            },
        )
    }

    /// Records a piece of text that is not used.
    pub(crate) fn ignore(&mut self, start: usize, end: usize, reason: impl Into<String>) {
        if self.ignored.len() >= MAX_IGNORED {
            self.ignored_overflow += 1;
            return;
        }
        let e = self.entry(start, end, reason);
        self.ignored.push(e);
    }

    pub(crate) fn import(&mut self, bindings: Vec<(String, String)>) {
        for (local, path) in bindings {
            self.env.remove(&local);
            self.aliases.insert(local, path);
        }
    }

    /// A dotted name with its first component replaced through the imports.
    fn resolve(&self, path: &str) -> String {
        let (first, rest) = path.split_once('.').unwrap_or((path, ""));
        match self.aliases.get(first) {
            Some(full) if rest.is_empty() => full.clone(),
            Some(full) => format!("{full}.{rest}"),
            None => path.to_string(),
        }
    }

    /// A line that is the output of the oldest printed shape or length still waiting for it
    /// (`(60000, 28, 28)`, `60000`, `x_train shape: (60000, 28, 28, 1)`,
    /// `60000 train samples`): records it and returns true.
    pub(crate) fn printed_output(&mut self, line: &[Token]) -> bool {
        let Some(p) = self.pending.front() else {
            return false;
        };
        let found = if p.text {
            if p.len {
                printed_value(line, 0, true)
            } else {
                (0..line.len()).find_map(|i| printed_value(line, i, false))
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

    // ----- statements -------------------------------------------------------------------

    pub(crate) fn statement(&mut self, stmt: &Stmt, start: usize, end: usize) -> R<()> {
        let before = self.activity;
        match stmt {
            Stmt::Expr(e) => {
                if let Some(mut p) = shape_query(e, false) {
                    if let Some(&i) = self.env.get(&p.name) {
                        self.bindings[i].used = true;
                    }
                    if self.pending.len() < MAX_PENDING {
                        (p.start, p.end) = (start, end);
                        self.pending.push_back(p);
                    } else {
                        self.ignore(
                            start,
                            end,
                            "too many printed shapes waiting for their output",
                        );
                    }
                    return Ok(());
                }
                if let Some(n) = shape_output(e) {
                    self.shapes.push(ShapeRec {
                        name: None,
                        n,
                        start,
                        end,
                    });
                    return Ok(());
                }
                let v = self.eval(e)?;
                match &*v {
                    Val::Optimizer(_) | Val::Schedule(_) => {}
                    Val::Dict { items, .. } => match self.dict_optimizer(items, None, start, end)? {
                        DictOpt::Cand(_) => {}
                        DictOpt::Unknown(reason) => self.ignore(start, end, reason),
                        DictOpt::NotOptimizer => self.ignore(
                            start,
                            end,
                            "a dict that is not an optimizer's config (no 'class_name'/'config', \
                             or no 'name' and 'learning_rate')",
                        ),
                    },
                    _ if self.activity == before => self.ignore(
                        start,
                        end,
                        "not an optimizer, a schedule, compile() or fit()",
                    ),
                    _ => {}
                }
            }
            Stmt::Assign { targets, value } => {
                let mut v = self.eval(value)?;
                if let Val::Dict { items, .. } = &*v {
                    if let DictOpt::Cand(id) =
                        self.dict_optimizer(&items.clone(), None, start, end)?
                    {
                        v = Rc::new(Val::Optimizer(id));
                    }
                }
                // `optimizer = 'adam'`: the text says this string is the optimizer.
                if let Val::Str(s) = &*v {
                    let named_optimizer = targets.iter().any(|t| {
                        matches!(&t.kind, ExprKind::Name(n) if n.rsplit('.').next() == Some("optimizer"))
                    });
                    if named_optimizer && OptimizerKind::parse(s).is_some() {
                        if let Some(id) = self.string_optimizer(s, value.start, value.end) {
                            v = Rc::new(Val::Optimizer(id));
                        }
                    }
                }
                let relevant = self.activity != before;
                for t in targets {
                    self.assign(t, v.clone(), relevant, start, end);
                }
            }
            Stmt::AugAssign { target, op, value } => {
                let current = self.eval(target)?;
                let rhs = self.eval(value)?;
                let v = arith(*op, &current, &rhs);
                let relevant = self.activity != before;
                self.assign(target, v, relevant, start, end);
            }
        }
        Ok(())
    }

    fn assign(&mut self, target: &Expr, v: Rc<Val>, relevant: bool, start: usize, end: usize) {
        match &target.kind {
            ExprKind::Name(name) => {
                self.aliases.remove(name);
                self.env.insert(name.clone(), self.bindings.len());
                self.bindings.push(Binding {
                    name: name.clone(),
                    val: v,
                    used: false,
                    relevant,
                    start,
                    end,
                });
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let values: Vec<Rc<Val>> = match &*v {
                    Val::Seq { items: vals, .. } if vals.len() == items.len() => vals.clone(),
                    _ => {
                        vec![opaque("unpacked from a value this parser does not know"); items.len()]
                    }
                };
                for (t, v) in items.iter().zip(values) {
                    self.assign(t, v, relevant, start, end);
                }
            }
            _ if relevant => {}
            _ => self.ignore(
                start,
                end,
                "assignment to a subscript or attribute is not followed",
            ),
        }
    }

    // ----- expressions ------------------------------------------------------------------

    /// Marks the binding a dotted name starts with as used (`x_train` in `x_train.shape`,
    /// `model` in `model.add`).
    fn touch(&mut self, path: &str) {
        let mut prefix = path;
        while let Some((head, _)) = prefix.rsplit_once('.') {
            if let Some(&i) = self.env.get(head) {
                self.bindings[i].used = true;
                return;
            }
            prefix = head;
        }
    }

    fn lookup(&mut self, path: &str) -> Rc<Val> {
        if let Some(&i) = self.env.get(path) {
            let b = &mut self.bindings[i];
            b.used = true;
            return b.val.clone();
        }
        self.touch(path);
        match path {
            "true" => return Rc::new(Val::Bool(true)),
            "false" => return Rc::new(Val::Bool(false)),
            "null" => return Rc::new(Val::None),
            _ => {}
        }
        let first = path.split('.').next().unwrap_or_default();
        if self.aliases.contains_key(first) || self.env.contains_key(first) {
            opaque(format!("`{path}` is not a value this parser knows"))
        } else {
            opaque(format!("`{path}` is never assigned in the text"))
        }
    }

    fn eval(&mut self, e: &Expr) -> R<Rc<Val>> {
        Ok(match &e.kind {
            ExprKind::Num(v, int) => num(*v, *int),
            ExprKind::Str(s) => Rc::new(Val::Str(s.clone())),
            ExprKind::Bool(b) => Rc::new(Val::Bool(*b)),
            ExprKind::NoneLit => Rc::new(Val::None),
            ExprKind::Name(p) => self.lookup(p),
            ExprKind::Unsupported(reason) => {
                opaque(format!("`{}`: {reason}", self.text(e.start, e.end)))
            }
            ExprKind::Attr(base, _) => {
                self.eval(base)?;
                opaque(format!("`{}` is not evaluated", self.text(e.start, e.end)))
            }
            ExprKind::Call(callee, args) => self.call(callee, args, e.start, e.end)?,
            ExprKind::Index(base, index) => {
                if let (ExprKind::Name(p), ExprKind::Num(i, true)) = (&base.kind, &index.kind) {
                    if let (Some(name), 0.0) = (p.strip_suffix(".shape"), *i) {
                        if let Some(n) = self.shape_of(name) {
                            return Ok(num(n, true));
                        }
                    }
                }
                let b = self.eval(base)?;
                let i = self.eval(index)?;
                match (&*b, &*i) {
                    (Val::Seq { items, .. }, Val::Num { v, int: true }) => {
                        let n = items.len() as f64;
                        let k = if *v < 0.0 { v + n } else { *v };
                        if k >= 0.0 && k < n {
                            items[k as usize].clone()
                        } else {
                            opaque("index out of range")
                        }
                    }
                    (Val::Dict { items, .. }, Val::Str(k)) => dict_get(items, k)
                        .unwrap_or_else(|| opaque(format!("no key {k:?} in the dict"))),
                    (Val::Opaque(r), _) | (_, Val::Opaque(r)) => opaque(r.clone()),
                    _ => opaque(format!("`{}` is not evaluated", self.text(e.start, e.end))),
                }
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let mut vals = Vec::with_capacity(items.len());
                for item in items {
                    vals.push(self.eval(item)?);
                }
                seq(vals)
            }
            ExprKind::Dict(items) => {
                let mut vals = Vec::with_capacity(items.len());
                for (k, v) in items {
                    vals.push((self.eval(k)?, self.eval(v)?));
                }
                dict(vals)
            }
            ExprKind::Neg(inner) | ExprKind::Pos(inner) => {
                let v = self.eval(inner)?;
                let neg = matches!(e.kind, ExprKind::Neg(_));
                match &*v {
                    Val::Num { v, int } => num(if neg { -v } else { *v }, *int),
                    Val::Bool(b) => num(
                        if neg {
                            -f64::from(u8::from(*b))
                        } else {
                            f64::from(u8::from(*b))
                        },
                        true,
                    ),
                    Val::Opaque(r) => opaque(r.clone()),
                    other => opaque(format!("bad operand {}", other.describe())),
                }
            }
            ExprKind::Bin(op, l, r) => {
                let l = self.eval(l)?;
                let r = self.eval(r)?;
                arith(*op, &l, &r)
            }
        })
    }

    fn shape_of(&self, name: &str) -> Option<f64> {
        self.shapes
            .iter()
            .rev()
            .find(|s| s.name.as_deref() == Some(name))
            .map(|s| s.n)
    }

    fn eval_args(&mut self, args: &[Arg]) -> R<Vec<ArgV>> {
        let mut out = Vec::with_capacity(args.len());
        for a in args {
            let val = self.eval(&a.value)?;
            let name = match &a.value.kind {
                ExprKind::Name(n) => Some(n.clone()),
                _ => None,
            };
            let (start, end) = (a.start, a.value.end);
            // An argument with its span; `key` None is positional, `splat` an unknown unpacking.
            let arg = |key: Option<String>, val: Rc<Val>, name: Option<String>, splat: bool| ArgV {
                key,
                val,
                start,
                end,
                name,
                splat,
            };
            match &a.kind {
                ArgKind::Positional => out.push(arg(None, val, name, false)),
                ArgKind::Keyword(k, _) => out.push(arg(Some(k.clone()), val, name, false)),
                ArgKind::Star => match &*val {
                    Val::Seq { items, .. } => {
                        out.extend(items.iter().map(|v| arg(None, v.clone(), None, false)))
                    }
                    _ => out.push(arg(None, val, None, true)),
                },
                ArgKind::StarStar => match &*val {
                    Val::Dict { items, .. }
                        if items.iter().all(|(k, _)| matches!(&**k, Val::Str(_))) =>
                    {
                        out.extend(items.iter().filter_map(|(k, v)| match &**k {
                            Val::Str(s) => Some(arg(Some(s.clone()), v.clone(), None, false)),
                            _ => None,
                        }))
                    }
                    _ => out.push(arg(None, val, None, true)),
                },
            }
        }
        Ok(out)
    }

    /// Binds arguments to names: positional ones by `positional`, keywords by name (any name;
    /// the caller judges them). Errors as Python's for too many or repeated arguments.
    fn bind(&self, what: &str, positional: &[&str], args: Vec<ArgV>) -> R<Bound> {
        let mut bound: Vec<(String, ArgV)> = Vec::new();
        let mut splats = Vec::new();
        let mut k = 0;
        for a in args {
            if a.splat {
                splats.push(a);
                continue;
            }
            let name = match &a.key {
                Some(key) => key.clone(),
                None => {
                    let Some(name) = positional.get(k) else {
                        return err(
                            a.start,
                            format!(
                                "{what}() takes at most {} positional arguments, got more",
                                positional.len()
                            ),
                        );
                    };
                    k += 1;
                    name.to_string()
                }
            };
            if let Some((_, prev)) = bound.iter().find(|(n, _)| *n == name) {
                let message = if prev.key.is_some() && a.key.is_some() {
                    format!("keyword argument repeated: {name} (Python raises SyntaxError)")
                } else {
                    format!("{what}() got multiple values for argument '{name}' (Python raises TypeError)")
                };
                return err(a.start, message);
            }
            bound.push((name, a));
        }
        Ok((bound, splats))
    }

    fn call(&mut self, callee: &Expr, args: &[Arg], start: usize, end: usize) -> R<Rc<Val>> {
        let path = match &callee.kind {
            ExprKind::Name(p) => p.clone(),
            ExprKind::Attr(base, attr) => {
                let b = self.eval(base)?;
                self.eval_args(args)?;
                return Ok(match (&*b, attr.as_str()) {
                    (Val::Optimizer(id), "get_config") => Rc::new(Val::Optimizer(*id)),
                    _ => opaque(format!("`{}` is not evaluated", self.text(start, end))),
                });
            }
            _ => {
                self.eval(callee)?;
                self.eval_args(args)?;
                return Ok(opaque(format!(
                    "`{}` is not evaluated",
                    self.text(start, end)
                )));
            }
        };
        self.touch(&path);
        let full = self.resolve(&path);
        let parts: Vec<&str> = full.split('.').collect();
        let last = parts.last().copied().unwrap_or_default();
        let receiver = (parts.len() >= 2).then(|| parts[..parts.len() - 1].join("."));
        if parts[0] == "torch" {
            self.eval_args(args)?;
            return Ok(opaque(format!(
                "`{path}` is PyTorch, not Keras (the page's code panel converts the other way)"
            )));
        }
        if let Some(kind) = keras::optimizer_class(last) {
            let args = self.eval_args(args)?;
            return self.construct_optimizer(kind, &parts, args, start, end);
        }
        if let Some((tag, positional)) = keras::schedule_class(last) {
            let args = self.eval_args(args)?;
            return self.construct_schedule(last, tag, positional, args, start, end);
        }
        let prev = parts.len().checked_sub(2).map(|i| parts[i]);
        let class_hint = prev.and_then(keras::optimizer_class);
        let is_get = last == "get" && prev == Some("optimizers");
        if (last == "from_config" && class_hint.is_some()) || last == "deserialize" || is_get {
            let vals = self.eval_args(args)?;
            let Some(first) = vals.into_iter().find(|a| {
                a.key.is_none()
                    || a.key.as_deref() == Some("config")
                    || a.key.as_deref() == Some("identifier")
            }) else {
                return Ok(opaque("no config given"));
            };
            return Ok(match &*first.val {
                Val::Optimizer(_) => first.val.clone(),
                Val::Str(s) => match self.string_optimizer(s, first.start, first.end) {
                    Some(id) => Rc::new(Val::Optimizer(id)),
                    None => opaque(format!("{s:?} is not an optimizer this playground runs")),
                },
                Val::Dict { items, .. } => {
                    let items = items.clone();
                    match self.dict_optimizer(&items, class_hint, first.start, first.end)? {
                        DictOpt::Cand(id) => Rc::new(Val::Optimizer(id)),
                        DictOpt::Unknown(r) => opaque(r),
                        DictOpt::NotOptimizer => opaque("not an optimizer config"),
                    }
                }
                Val::Opaque(r) => opaque(r.clone()),
                other => opaque(format!("{} is not an optimizer config", other.describe())),
            });
        }
        if last == "get_config" {
            if let Some(recv) = &receiver {
                let v = self.lookup(recv);
                self.eval_args(args)?;
                return Ok(match &*v {
                    Val::Optimizer(id) => Rc::new(Val::Optimizer(*id)),
                    _ => opaque(format!("`{}` is not evaluated", self.text(start, end))),
                });
            }
        }
        if last == "compile" && receiver.is_some() && parts[0] != "re" {
            let args = self.eval_args(args)?;
            return self.compile(args, start, end);
        }
        if (last == "fit" || last == "fit_generator") && receiver.is_some() {
            let args = self.eval_args(args)?;
            return self.fit(args, last == "fit_generator", start, end);
        }
        let vals = self.eval_args(args)?;
        match (full.as_str(), vals.as_slice()) {
            ("float" | "int", [a]) if a.key.is_none() => {
                return Ok(match &*a.val {
                    Val::Num { v, .. } if full == "float" => num(*v, false),
                    Val::Num { v, .. } if v.is_finite() => num(v.trunc(), true),
                    Val::Str(s) => match s.trim().parse::<f64>() {
                        Ok(v) if full == "float" => num(v, false),
                        _ => opaque(format!("`{}` is not evaluated", self.text(start, end))),
                    },
                    Val::Opaque(r) => opaque(r.clone()),
                    _ => opaque(format!("`{}` is not evaluated", self.text(start, end))),
                })
            }
            ("len", [a]) if a.key.is_none() => {
                if let Some(n) = a.name.as_deref().and_then(|n| self.shape_of(n)) {
                    return Ok(num(n, true));
                }
                if let Val::Seq { items, .. } = &*a.val {
                    return Ok(num(items.len() as f64, true));
                }
                if let Some(n) = &a.name {
                    return Ok(opaque(format!(
                        "len({n}): the number of samples in `{n}` is not in the text (paste print({n}.shape) and its output)"
                    )));
                }
            }
            _ => {}
        }
        Ok(opaque(format!(
            "`{path}(…)` is not something this parser evaluates"
        )))
    }

    // ----- optimizers -------------------------------------------------------------------

    fn new_candidate(&mut self, config: OptimizerConfig, start: usize, end: usize) -> usize {
        self.activity += 1;
        self.optimizers.push(OptCand {
            config,
            warnings: Vec::new(),
            ignored: Vec::new(),
            field_pos: Vec::new(),
            start,
            end,
        });
        self.optimizers.len() - 1
    }

    /// `'adam'`, `'sgd'`, … as Keras's `optimizers.get` reads them (Keras's defaults).
    fn string_optimizer(&mut self, s: &str, start: usize, end: usize) -> Option<usize> {
        let kind = OptimizerKind::parse(s)?;
        let config = OptimizerConfig {
            name: Some(kind.class_name().to_ascii_lowercase()),
            api: Some(if kind == OptimizerKind::AdamW {
                Api::Keras3
            } else {
                Api::Legacy
            }),
            ..OptimizerConfig::default()
        };
        Some(self.new_candidate(config, start, end))
    }

    fn construct_optimizer(
        &mut self,
        kind: OptimizerKind,
        parts: &[&str],
        args: Vec<ArgV>,
        start: usize,
        end: usize,
    ) -> R<Rc<Val>> {
        let class = kind.class_name();
        let common = keras::optimizer_positional(kind);
        let legacy_ns = parts.contains(&"legacy");
        // Which keywords and positional names the call has, before the api is known.
        let n_positional = args.iter().filter(|a| a.key.is_none() && !a.splat).count();
        let mut keys: Vec<&str> = args.iter().filter_map(|a| a.key.as_deref()).collect();
        keys.extend(common.iter().take(n_positional));
        let given = |k: &str| {
            args.iter()
                .any(|a| a.key.as_deref() == Some(k) && !matches!(&*a.val, Val::None))
        };
        let lr_is_schedule = args.iter().enumerate().any(|(i, a)| {
            let first_positional =
                a.key.is_none() && !a.splat && args[..i].iter().all(|b| b.key.is_some() || b.splat);
            (first_positional || matches!(a.key.as_deref(), Some("learning_rate" | "lr")))
                && matches!(&*a.val, Val::Schedule(_))
        });
        // A number beyond the shared positional arguments is Keras 3's weight_decay (legacy
        // has only `name`, a string, there).
        let extra_number = n_positional > common.len()
            && args
                .iter()
                .filter(|a| a.key.is_none() && !a.splat)
                .nth(common.len())
                .is_some_and(|a| !matches!(&*a.val, Val::Str(_)));
        let keras3_only = kind == OptimizerKind::AdamW
            || extra_number
            || keys.iter().any(|k| keras::keras3_only(k));
        let keras2 = keys.contains(&"lr") || given("decay") || keys.contains(&"schedule_decay");
        let api = if legacy_ns {
            Api::Legacy
        } else if keras3_only {
            Api::Keras3
        } else if keras2 {
            Api::Legacy
        } else if lr_is_schedule {
            Api::Keras3
        } else {
            Api::Legacy
        };
        // The class's whole signature under that API (a legacy AdamW does not exist: Keras 3's
        // order, and resolving then says so).
        let positional = spec::optimizer(kind, api).map_or(common, |s| s.signature);
        let (bound, splats) = self.bind(class, positional, args)?;
        let config = OptimizerConfig {
            name: Some(class.to_ascii_lowercase()),
            api: Some(api),
            ..OptimizerConfig::default()
        };
        let id = self.new_candidate(config, start, end);
        for s in splats {
            let e = self.entry(
                s.start,
                s.end,
                "unpacked arguments whose contents are not in the text are not followed",
            );
            self.optimizers[id].ignored.push(e);
        }
        let has_lr = bound.iter().any(|(n, _)| n == "lr");
        let mut lr_repr = None;
        let mut decay_value = None;
        for (name, a) in &bound {
            if name == "learning_rate" && has_lr {
                let e = self.entry(
                    a.start,
                    a.end,
                    "`lr` wins over `learning_rate` in Keras 2 (tf_keras: kwargs.get(\"lr\", learning_rate))",
                );
                self.optimizers[id].ignored.push(e);
                continue;
            }
            if name == "lr" {
                if let Val::Num { v, int } = &*a.val {
                    lr_repr = Some(py_repr(*v, *int));
                }
            }
            if name == "decay" {
                if let Val::Num { v, .. } = &*a.val {
                    decay_value = Some(*v);
                }
            }
            self.apply_arg(id, class, name, a, true)?;
        }
        // Keras's own warnings for this code in each Keras.
        let mut warnings = Vec::new();
        if has_lr && api == Api::Legacy {
            warnings.push(keras::LEGACY_LR_WARNING.to_string());
        }
        if !legacy_ns {
            if let Some(lr) = &lr_repr {
                warnings.push(format!(
                    "Keras 3 (keras.optimizers.{class}, and tf.keras from TF 2.16) raises {}",
                    keras::keras3_lr_error(lr)
                ));
            }
            if let (Some(decay), Api::Legacy) = (decay_value, api) {
                warnings.push(format!(
                    "TF 2.11–2.15 (where tf.keras.optimizers.{class} is the new optimizer) raises {}",
                    keras::tf211_decay_error(class)
                ));
                let replacement = match &self.optimizers[id].config.learning_rate {
                    Some(LearningRate::Constant(lr)) if kind != OptimizerKind::Nadam => format!(
                        "; the same decay there is learning_rate=keras.optimizers.schedules.InverseTimeDecay({}, decay_steps=1, decay_rate={})",
                        py_repr(*lr, false),
                        py_repr(decay, false)
                    ),
                    None if kind != OptimizerKind::Nadam => format!(
                        "; the same decay there is learning_rate=keras.optimizers.schedules.InverseTimeDecay({}, decay_steps=1, decay_rate={})",
                        if kind == OptimizerKind::Sgd { "0.01" } else { "0.001" },
                        py_repr(decay, false)
                    ),
                    _ => String::new(),
                };
                warnings.push(format!(
                    "Keras 3 (keras.optimizers.{class}, and tf.keras from TF 2.16) warns UserWarning: {KERAS3_DECAY_WARNING} and trains with a constant learning rate{replacement}"
                ));
            }
        } else if parts.first() != Some(&"tf_keras") {
            warnings.push(format!(
                "Keras 3 (TF 2.16 and later) has no legacy optimizers: keras.optimizers.legacy.{class} raises ImportError there; tf_keras.optimizers.legacy.{class} (pip install tf_keras) runs this code"
            ));
        }
        self.optimizers[id].warnings = warnings;
        Ok(Rc::new(Val::Optimizer(id)))
    }

    /// Applies one argument (constructor keyword or config-dict key) to candidate `id`.
    /// `strict`: an unknown name is an error (Keras raises), else it is listed as ignored.
    fn apply_arg(&mut self, id: usize, class: &str, name: &str, a: &ArgV, strict: bool) -> R<()> {
        let val = a.val.clone();
        let ignore = |this: &mut Self, reason: String| {
            let e = this.entry(a.start, a.end, reason);
            this.optimizers[id].ignored.push(e);
        };
        if let Val::Opaque(reason) = &*val {
            if keras::unused_optimizer_arg(name, false).is_some() {
                ignore(
                    self,
                    format!("{reason}; it would not change the learning rate anyway"),
                );
            } else {
                ignore(
                    self,
                    format!("{reason}; `{name}` is left at Keras's default"),
                );
            }
            return Ok(());
        }
        let type_error = |what: &str| {
            err(
                a.start,
                format!("{class}: `{name}` must be {what}, got {}", val.describe()),
            )
        };
        let api = self.optimizers[id].config.api;
        let cfg = &mut self.optimizers[id].config;
        match name {
            "learning_rate" | "lr" => match &*val {
                Val::Num { v, .. } => cfg.learning_rate = Some(LearningRate::Constant(*v)),
                Val::Schedule(s) => {
                    self.schedules[*s].used = true;
                    cfg.learning_rate =
                        Some(LearningRate::Schedule(self.schedules[*s].schedule.clone()));
                }
                Val::Dict { items, .. } if !strict => match self.dict_schedule(items) {
                    Ok(s) => {
                        self.optimizers[id].config.learning_rate = Some(LearningRate::Schedule(s))
                    }
                    Err(reason) => ignore(
                        self,
                        format!("{reason}; `learning_rate` is left at Keras's default"),
                    ),
                },
                _ => return type_error("a number or a schedule"),
            },
            "decay" | "weight_decay" => match &*val {
                Val::Num { v, .. } => {
                    if name == "decay" {
                        cfg.decay = Some(*v);
                    } else {
                        cfg.weight_decay = Some(*v);
                    }
                }
                Val::None => {}
                _ => return type_error("a number or None"),
            },
            n if keras::NUMBER_FIELDS.contains(&n) => match &*val {
                Val::Num { v, .. } => {
                    let v = Some(*v);
                    match n {
                        "beta_1" => cfg.beta_1 = v,
                        "beta_2" => cfg.beta_2 = v,
                        "epsilon" => cfg.epsilon = v,
                        "momentum" => cfg.momentum = v,
                        "rho" => cfg.rho = v,
                        "initial_accumulator_value" => cfg.initial_accumulator_value = v,
                        _ => cfg.schedule_decay = v,
                    }
                }
                // Legacy: `self.epsilon = epsilon or backend_config.epsilon()`.
                Val::None if n == "epsilon" && api == Some(Api::Legacy) => {}
                _ => return type_error("a number"),
            },
            "amsgrad" | "nesterov" | "centered" => {
                let b = match &*val {
                    Val::Bool(b) => *b,
                    Val::Num { v, int: true } if *v == 0.0 || *v == 1.0 => *v == 1.0,
                    _ => return type_error("True or False"),
                };
                match name {
                    "amsgrad" => cfg.amsgrad = Some(b),
                    "nesterov" => cfg.nesterov = Some(b),
                    _ => cfg.centered = Some(b),
                }
            }
            _ => {
                let off = match &*val {
                    Val::None | Val::Bool(false) => true,
                    Val::Num { v, .. } => name == "ema_momentum" && *v == 0.99,
                    Val::Str(_) => !strict && name == "name",
                    _ => false,
                };
                match keras::unused_optimizer_arg(name, off) {
                    Some(None) => {}
                    Some(Some(reason)) => ignore(self, reason.to_string()),
                    None if strict => {
                        let keras_says = match api {
                            Some(Api::Keras3) => format!(
                                "Keras 3 raises ValueError: Argument(s) not recognized: {{'{name}': {}}}",
                                val.describe().replace('"', "'")
                            ),
                            _ => format!(
                                "tf_keras raises TypeError: Unexpected keyword argument passed to optimizer: {name}"
                            ),
                        };
                        return err(
                            a.start,
                            format!("{class} has no argument `{name}` ({keras_says})"),
                        );
                    }
                    None => ignore(
                        self,
                        format!("not an argument of {class} this parser knows"),
                    ),
                }
                return Ok(());
            }
        }
        self.optimizers[id]
            .field_pos
            .push((name.to_string(), a.start));
        Ok(())
    }

    /// A dict that is an optimizer's config: `{'class_name': 'Adam', 'config': {...}}`
    /// (Keras's serialization, tf_keras or Keras 3 with `module`/`registered_name`), or what
    /// `optimizer.get_config()` prints (`{'name': 'Adam', 'learning_rate': …}`), or the
    /// argument of `Adam.from_config(…)`.
    fn dict_optimizer(
        &mut self,
        items: &[(Rc<Val>, Rc<Val>)],
        class_hint: Option<OptimizerKind>,
        start: usize,
        end: usize,
    ) -> R<DictOpt> {
        let class_name = dict_get(items, "class_name");
        let config = dict_get(items, "config");
        let (class_str, config_items): (Option<String>, Pairs) =
            match (class_name.as_deref(), config.as_deref()) {
                (Some(Val::Str(cn)), Some(Val::Dict { items: c, .. })) => {
                    (Some(cn.clone()), c.clone())
                }
                _ if class_hint.is_some() => (None, items.to_vec()),
                _ => match dict_get(items, "name").as_deref() {
                    Some(Val::Str(n))
                        if dict_get(items, "learning_rate").is_some()
                            || dict_get(items, "lr").is_some() =>
                    {
                        (Some(n.clone()), items.to_vec())
                    }
                    _ => return Ok(DictOpt::NotOptimizer),
                },
            };
        let kind = match class_hint {
            Some(k) => k,
            None => {
                let cn = class_str.unwrap_or_default();
                let bare = cn.rsplit('>').next().unwrap_or_default();
                match OptimizerKind::parse(bare) {
                    Some(k) => k,
                    None => {
                        return Ok(DictOpt::Unknown(format!(
                            "{cn:?} is not an optimizer this playground runs (adam, adamw, sgd, rmsprop, adagrad, adamax, nadam)"
                        )))
                    }
                }
            }
        };
        let has = |k: &str| dict_get(&config_items, k).is_some();
        let legacy_flag = match dict_get(&config_items, "is_legacy_optimizer").as_deref() {
            Some(Val::Bool(b)) => Some(*b),
            _ => None,
        };
        let keras3_key = config_items
            .iter()
            .any(|(k, _)| matches!(&**k, Val::Str(k) if keras::keras3_only(k)));
        let schedule_lr = matches!(
            dict_get(&config_items, "learning_rate").as_deref(),
            Some(Val::Dict { .. })
        );
        let api = match legacy_flag {
            Some(true) => Api::Legacy,
            Some(false) => Api::Keras3,
            None if keras3_key || kind == OptimizerKind::AdamW => Api::Keras3,
            None if has("decay") || has("lr") => Api::Legacy,
            None if schedule_lr => Api::Keras3,
            None => Api::Legacy,
        };
        let config = OptimizerConfig {
            name: Some(kind.class_name().to_ascii_lowercase()),
            api: Some(api),
            ..OptimizerConfig::default()
        };
        let id = self.new_candidate(config, start, end);
        let class = kind.class_name();
        for (k, v) in &config_items {
            let Val::Str(key) = &**k else {
                let e = self.entry(start, end, "a key that is not a string");
                self.optimizers[id].ignored.push(e);
                continue;
            };
            if key == "name" {
                continue;
            }
            let a = ArgV {
                key: Some(key.clone()),
                val: v.clone(),
                start,
                end,
                name: None,
                splat: false,
            };
            // Every piece of the dict is "at" the dict; name the key in the reason.
            let before = self.optimizers[id].ignored.len();
            self.apply_arg(id, class, key, &a, false)?;
            for (_, ig) in &mut self.optimizers[id].ignored[before..] {
                ig.text = format!("'{key}': {}", snippet(&v.describe()));
            }
        }
        Ok(DictOpt::Cand(id))
    }

    /// A serialized schedule `{'class_name': 'InverseTimeDecay', 'config': {...}}`.
    fn dict_schedule(
        &mut self,
        items: &[(Rc<Val>, Rc<Val>)],
    ) -> Result<LearningRateSchedule, String> {
        let (Some(cn), Some(cfg)) = (dict_get(items, "class_name"), dict_get(items, "config"))
        else {
            return Err("a dict that is not a serialized schedule".into());
        };
        let (Val::Str(cn), Val::Dict { items: cfg, .. }) = (&*cn, &*cfg) else {
            return Err("a dict that is not a serialized schedule".into());
        };
        let Some((tag, _)) = keras::schedule_class(cn) else {
            return Err(format!("{cn:?} is not a schedule this playground runs"));
        };
        let mut pairs = Vec::new();
        for (k, v) in cfg {
            let Val::Str(k) = &**k else {
                return Err("a schedule config key that is not a string".into());
            };
            pairs.push((k.clone(), v.clone()));
        }
        schedule_from_pairs(cn, tag, &pairs).map_err(|e| match e {
            SchedErr::Opaque(r) => r,
            SchedErr::Bad(m) => m,
        })
    }

    // ----- schedules --------------------------------------------------------------------

    fn construct_schedule(
        &mut self,
        class: &str,
        tag: &str,
        positional: &[&str],
        args: Vec<ArgV>,
        start: usize,
        end: usize,
    ) -> R<Rc<Val>> {
        let (bound, splats) = self.bind(class, positional, args)?;
        if let Some(s) = splats.first() {
            return Ok(opaque(format!(
                "`{}`: unpacked arguments whose contents are not in the text",
                self.text(s.start, s.end)
            )));
        }
        for (name, a) in &bound {
            if !positional.contains(&name.as_str()) {
                return err(
                    a.start,
                    format!("{class}() got an unexpected keyword argument '{name}' (Python raises TypeError)"),
                );
            }
        }
        let pairs: Vec<(String, Rc<Val>)> = bound
            .iter()
            .map(|(n, a)| (n.clone(), a.val.clone()))
            .collect();
        match schedule_from_pairs(class, tag, &pairs) {
            Ok(schedule) => {
                self.activity += 1;
                self.schedules.push(SchedCand {
                    schedule,
                    used: false,
                    start,
                    end,
                });
                Ok(Rc::new(Val::Schedule(self.schedules.len() - 1)))
            }
            Err(SchedErr::Opaque(r)) => Ok(opaque(r)),
            Err(SchedErr::Bad(m)) => err(start, m),
        }
    }

    // ----- compile and fit --------------------------------------------------------------

    fn compile(&mut self, args: Vec<ArgV>, start: usize, end: usize) -> R<Rc<Val>> {
        let (bound, splats) = self.bind("compile", keras::COMPILE_POSITIONAL, args)?;
        for s in splats {
            self.ignore(
                s.start,
                s.end,
                "unpacked arguments whose contents are not in the text are not followed",
            );
        }
        let mut optimizer = None;
        let mut given = false;
        for (name, a) in &bound {
            if name != "optimizer" {
                self.ignore(a.start, a.end, keras::unused_training_arg(name));
                continue;
            }
            given = true;
            match &*a.val {
                Val::Optimizer(id) => optimizer = Some(*id),
                Val::Str(s) => match self.string_optimizer(s, a.start, a.end) {
                    Some(id) => optimizer = Some(id),
                    None => self.ignore(
                        a.start,
                        a.end,
                        format!("{s:?} is not an optimizer this playground runs (adam, adamw, sgd, rmsprop, adagrad, adamax, nadam)"),
                    ),
                },
                Val::Dict { items, .. } => {
                    let items = items.clone();
                    match self.dict_optimizer(&items, None, a.start, a.end)? {
                        DictOpt::Cand(id) => optimizer = Some(id),
                        DictOpt::Unknown(r) => self.ignore(a.start, a.end, r),
                        DictOpt::NotOptimizer => self.ignore(a.start, a.end, "not an optimizer config"),
                    }
                }
                Val::Opaque(r) => self.ignore(
                    a.start,
                    a.end,
                    format!("{r}: the optimizer given to compile() is not understood"),
                ),
                other => self.ignore(
                    a.start,
                    a.end,
                    format!("{} is not an optimizer", other.describe()),
                ),
            }
        }
        if !given {
            // Keras: `compile(optimizer="rmsprop", …)`.
            if let Some(id) = self.string_optimizer("rmsprop", start, end) {
                self.optimizers[id].warnings.push(
                    "model.compile() without an optimizer uses Keras's default, optimizer=\"rmsprop\"".into(),
                );
                optimizer = Some(id);
            }
        }
        self.activity += 1;
        self.compiles.push(CompileCall { optimizer });
        Ok(opaque("compile() returns None"))
    }

    fn fit(&mut self, args: Vec<ArgV>, generator: bool, start: usize, end: usize) -> R<Rc<Val>> {
        let positional = if generator {
            keras::FIT_GENERATOR_POSITIONAL
        } else {
            keras::FIT_POSITIONAL
        };
        let what = if generator { "fit_generator" } else { "fit" };
        let (bound, splats) = self.bind(what, positional, args)?;
        let mut call = FitCall {
            start,
            end,
            ..FitCall::default()
        };
        for s in splats {
            call.ignored.push(self.entry(
                s.start,
                s.end,
                "unpacked arguments whose contents are not in the text are not followed",
            ));
        }
        for (name, a) in &bound {
            let whole = |lo: f64| match &*a.val {
                Val::Num { v, .. } if v.fract() == 0.0 && *v >= lo && *v <= MAX_WHOLE => {
                    Ok(Some(*v as u64))
                }
                Val::None => Ok(None),
                Val::Opaque(r) => Err(r.clone()),
                other => Err(format!(
                    "must be a whole number >= {lo}, got {}",
                    other.describe()
                )),
            };
            let result = match name.as_str() {
                "x" => {
                    call.x = Some((a.name.clone(), a.start, a.end));
                    continue;
                }
                "batch_size" => whole(1.0).map(|v| call.fields.batch_size = v),
                "epochs" => whole(1.0).map(|v| call.fields.epochs = v),
                "steps_per_epoch" => whole(1.0).map(|v| call.fields.steps_per_epoch = v),
                "validation_split" => match &*a.val {
                    Val::Num { v, .. } if (0.0..1.0).contains(v) => {
                        call.fields.validation_split = Some(*v);
                        Ok(())
                    }
                    Val::Opaque(r) => Err(r.clone()),
                    other => Err(format!(
                        "must be a number in [0, 1), got {}",
                        other.describe()
                    )),
                },
                other => Err(keras::unused_training_arg(other).to_string()),
            };
            if let Err(reason) = result {
                call.ignored.push(self.entry(a.start, a.end, reason));
            }
        }
        self.activity += 1;
        self.fits.push(call);
        Ok(opaque("the History object of fit()"))
    }

    // ----- the result -------------------------------------------------------------------

    pub(crate) fn finish(mut self) -> R<ParsedCode> {
        let mut ignored = std::mem::take(&mut self.ignored);
        let mut overflow = self.ignored_overflow;
        let mut push = |ignored: &mut Vec<(usize, Ignored)>, e: (usize, Ignored)| {
            if ignored.len() < MAX_IGNORED {
                ignored.push(e);
            } else {
                overflow += 1;
            }
        };

        // Which optimizer: the last compile()'s, else the last one in the text.
        let compiled = self.compiles.last().and_then(|c| c.optimizer);
        let chosen = compiled.or_else(|| self.optimizers.len().checked_sub(1));
        let earlier_compiles: Vec<usize> = self
            .compiles
            .iter()
            .rev()
            .skip(1)
            .filter_map(|c| c.optimizer)
            .collect();
        for (i, cand) in self.optimizers.iter().enumerate() {
            if Some(i) == chosen {
                continue;
            }
            let reason = if earlier_compiles.contains(&i) {
                "a later model.compile() replaces this optimizer"
            } else if compiled.is_some() {
                "not the optimizer given to model.compile()"
            } else {
                "a later optimizer in the text replaces this one"
            };
            let e = self.entry(cand.start, cand.end, reason);
            push(&mut ignored, e);
        }
        let mut warnings = Vec::new();
        let optimizer = match chosen {
            Some(i) => {
                let cand = &mut self.optimizers[i];
                let resolved = cand.config.resolve().map_err(|e| {
                    let field = e.field.strip_prefix("optimizer.").unwrap_or(&e.field);
                    let field = field.split(['.', '[']).next().unwrap_or_default();
                    let pos = cand
                        .field_pos
                        .iter()
                        .rev()
                        .find(|(f, _)| f == field || (field == "learning_rate" && f == "lr"))
                        .map_or(cand.start, |(_, p)| *p);
                    CodeErr {
                        pos,
                        message: e.to_string(),
                    }
                })?;
                warnings.append(&mut cand.warnings);
                for w in resolved.warnings.into_iter().chain(resolved.notes) {
                    if !warnings.contains(&w) {
                        warnings.push(w);
                    }
                }
                for e in std::mem::take(&mut cand.ignored) {
                    push(&mut ignored, e);
                }
                Some(cand.config.clone())
            }
            None => None,
        };
        for s in &self.schedules {
            if !s.used {
                let e = self.entry(
                    s.start,
                    s.end,
                    "a schedule that is never given to an optimizer as its learning_rate",
                );
                push(&mut ignored, e);
            }
        }

        // fit(): the last call.
        let mut fit = FitFields::default();
        let n_fits = self.fits.len();
        let mut fit_x = None;
        for (k, call) in self.fits.iter_mut().enumerate() {
            if k + 1 < n_fits {
                let e = (call.start, Ignored {
                    text: snippet(self.src.get(call.start..call.end).unwrap_or_default()),
                    reason: "an earlier fit(): the last one is shown (optimizer.iterations carries on from one fit() to the next)".into(),
                });
                push(&mut ignored, e);
                continue;
            }
            fit = call.fields.clone();
            fit_x = call.x.clone();
            for e in std::mem::take(&mut call.ignored) {
                push(&mut ignored, e);
            }
        }

        // The number of samples.
        let mut used_shape = None;
        let x_name = fit_x.as_ref().and_then(|(n, _, _)| n.clone());
        if let Some(name) = &x_name {
            used_shape = self
                .shapes
                .iter()
                .rposition(|s| s.name.as_deref() == Some(name));
        }
        if used_shape.is_none() && self.shapes.len() == 1 {
            let s = &self.shapes[0];
            let other_name = matches!((&s.name, &x_name), (Some(a), Some(b)) if a != b);
            if !other_name {
                used_shape = Some(0);
            }
        }
        if used_shape.is_none() && x_name.is_none() {
            let mut train: Vec<&str> = self
                .shapes
                .iter()
                .filter_map(|s| s.name.as_deref())
                .filter(|n| n.contains("train"))
                .collect();
            train.sort_unstable();
            train.dedup();
            if let [only] = train.as_slice() {
                used_shape = self
                    .shapes
                    .iter()
                    .rposition(|s| s.name.as_deref() == Some(only));
            }
        }
        if let Some(i) = used_shape {
            fit.samples = Some(self.shapes[i].n as u64);
        } else if let Some((name, s, e)) = &fit_x {
            let reason = match name {
                Some(n) => format!(
                    "the number of samples in `{n}` is not in the text (paste print({n}.shape) and its output, e.g. (60000, 28, 28))"
                ),
                None => "the number of samples in x is not in the text (paste print(x_train.shape) and its output)".to_string(),
            };
            let e = self.entry(*s, *e, reason);
            push(&mut ignored, e);
        }
        let used_name = used_shape.and_then(|i| self.shapes[i].name.clone());
        for (i, s) in self.shapes.iter().enumerate() {
            let same_name = used_name.is_some() && s.name == used_name;
            if Some(i) != used_shape && !same_name {
                let reason = if self.shapes.len() > 1 {
                    "a shape that is not the training data given to fit() (which of the printed shapes is, is not said)"
                } else {
                    "a shape that is not the training data given to fit()"
                };
                let e = (
                    s.start,
                    Ignored {
                        text: snippet(self.src.get(s.start..s.end).unwrap_or_default()),
                        reason: reason.into(),
                    },
                );
                push(&mut ignored, e);
            }
        }

        for p in std::mem::take(&mut self.pending) {
            let what = if p.len { "length" } else { "shape" };
            let e = self.entry(
                p.start,
                p.end,
                format!("a printed {what} of `{}` whose output is not in the text (paste the line it printed below it)", p.name),
            );
            push(&mut ignored, e);
        }

        // Names assigned and never read (one entry per statement).
        let mut unused: Vec<(usize, usize, Vec<String>)> = Vec::new();
        for b in &self.bindings {
            if b.used || b.relevant || matches!(&*b.val, Val::Optimizer(_) | Val::Schedule(_)) {
                continue;
            }
            match unused.last_mut() {
                Some((s, _, names)) if *s == b.start => {
                    if !names.contains(&b.name) {
                        names.push(b.name.clone());
                    }
                }
                _ => unused.push((b.start, b.end, vec![b.name.clone()])),
            }
        }
        for (s, e, names) in unused {
            let list = names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let verb = if names.len() == 1 { "is" } else { "are" };
            let e = self.entry(
                s,
                e,
                format!(
                    "{list} {verb} assigned but never used by an optimizer, compile() or fit()"
                ),
            );
            push(&mut ignored, e);
        }

        ignored.sort_by_key(|(pos, _)| *pos);
        let mut ignored: Vec<Ignored> = ignored.into_iter().map(|(_, e)| e).collect();
        if overflow > 0 {
            ignored.push(Ignored {
                text: String::new(),
                reason: format!("… and {overflow} more pieces not listed"),
            });
        }
        Ok(ParsedCode {
            optimizer,
            fit,
            warnings,
            ignored,
        })
    }
}

pub(crate) enum DictOpt {
    Cand(usize),
    Unknown(String),
    NotOptimizer,
}

enum SchedErr {
    Opaque(String),
    Bad(String),
}

/// Builds a schedule from (argument name, value) pairs through the core's JSON shape, so the
/// defaults and required arguments are the core's.
fn schedule_from_pairs(
    class: &str,
    tag: &str,
    pairs: &[(String, Rc<Val>)],
) -> Result<LearningRateSchedule, SchedErr> {
    use crate::value::Value;
    // Sorted and deduplicated keys, as the JSON object this was built as before had them, so
    // that the first error reported stays the same.
    let mut obj = std::collections::BTreeMap::new();
    obj.insert("schedule".into(), Value::String(tag.into()));
    let number = |name: &str, v: &Val| -> Result<Value, SchedErr> {
        match v {
            Val::Num { v, .. } => v.is_finite().then_some(Value::F64(*v)).ok_or_else(|| {
                SchedErr::Bad(format!(
                    "{class}: `{name}` must be a finite number, got {}",
                    py_repr(*v, false)
                ))
            }),
            Val::Opaque(r) => Err(SchedErr::Opaque(r.clone())),
            other => Err(SchedErr::Bad(format!(
                "{class}: `{name}` must be a number, got {}",
                other.describe()
            ))),
        }
    };
    for (name, v) in pairs {
        let json = match (name.as_str(), &**v) {
            ("name", Val::Str(s)) => Value::String(s.clone()),
            ("name", Val::None) => continue,
            ("name", _) => return Err(SchedErr::Bad(format!("{class}: `name` must be a string"))),
            ("warmup_target", Val::None) => Value::Null,
            (n, Val::Bool(b)) if keras::is_bool_arg(n) => Value::Bool(*b),
            (n, Val::Num { v, int: true }) if keras::is_bool_arg(n) && (*v == 0.0 || *v == 1.0) => {
                Value::Bool(*v == 1.0)
            }
            (n, Val::Opaque(r)) => {
                let _ = n;
                return Err(SchedErr::Opaque(r.clone()));
            }
            (n, _) if keras::is_bool_arg(n) => {
                return Err(SchedErr::Bad(format!(
                    "{class}: `{n}` must be True or False, got {}",
                    v.describe()
                )))
            }
            ("boundaries" | "values", Val::Seq { items, .. }) => Value::Array(
                items
                    .iter()
                    .map(|x| number(name, x))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            ("boundaries" | "values", other) => {
                return Err(SchedErr::Bad(format!(
                    "{class}: `{name}` must be a list of numbers, got {}",
                    other.describe()
                )))
            }
            (n, other) => number(n, other)?,
        };
        obj.insert(name.clone(), json);
    }
    crate::value::from_value::<LearningRateSchedule>(&Value::Object(obj.into_iter().collect()))
        .map_err(|e| SchedErr::Bad(format!("{class}: {e}")))
}

/// Python arithmetic on numbers (ints stay ints where Python's do).
fn arith(op: BinOp, l: &Val, r: &Val) -> Rc<Val> {
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

/// `x.shape`, `x.shape[0]`, `len(x)`, or any of them inside `print(…)` (alone, or among other
/// values: then its output is a line of text): a later line may be its output.
fn shape_query(e: &Expr, text: bool) -> Option<Pending> {
    let pending = |name: &str, len: bool| {
        Some(Pending {
            name: name.to_string(),
            len,
            text,
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
            (ExprKind::Name(f), args) if f == "print" => args
                .iter()
                .filter(|a| a.kind == ArgKind::Positional)
                .find_map(|a| shape_query(&a.value, true)),
            _ => None,
        },
        _ => None,
    }
}

/// A lone printed shape `(60000, 28, 28)`: its first dimension.
fn shape_output(e: &Expr) -> Option<f64> {
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
fn printed_value(tokens: &[Token], i: usize, len: bool) -> Option<(f64, usize)> {
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
