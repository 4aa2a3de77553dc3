//! The evaluator: runs the parsed statements in order over a tiny environment of names, and
//! turns optimizer constructors, schedules, config dicts, `compile()`, `fit()` and printed
//! shapes into the result. Everything it does not use is recorded with the reason.
//!
//! * [`value`]: the Python values this parser knows and the arithmetic on them;
//! * [`interp`]: statements, names and expressions, calls and how their arguments bind;
//! * [`builders`]: Keras's optimizers, schedules, config dicts, `compile()` and `fit()`;
//! * [`select`]: which optimizer and fit() make the result, and what is listed as ignored;
//! * [`shapes`]: printed shapes and lengths, the number of samples.

mod builders;
mod interp;
mod select;
mod shapes;
mod value;

use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use super::{FitFields, Ignored};
use crate::optim::config::OptimizerConfig;
use crate::optim::schedule::LearningRateSchedule;
use shapes::{Pending, ShapeRec};
use value::Val;

/// The most entries in `ignored` (the rest are counted in a last entry).
pub(crate) const MAX_IGNORED: usize = 200;

/// An error at a byte offset of the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CodeErr {
    pub pos: usize,
    pub message: String,
}

type R<T> = Result<T, CodeErr>;
/// Bound arguments (name, value) and the unknown `*`/`**` ones.
type Bound = (Vec<(String, ArgV)>, Vec<ArgV>);
/// 2^53: the largest whole number a float (and JS) holds exactly.
const MAX_WHOLE: f64 = 9_007_199_254_740_992.0;

pub(super) fn err<T>(pos: usize, message: impl Into<String>) -> R<T> {
    Err(CodeErr {
        pos,
        message: message.into(),
    })
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
    /// Nothing in the text says legacy or Keras 3: the API is the fallback ("legacy").
    api_unsure: bool,
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
    warnings: Vec<String>,
    start: usize,
    end: usize,
}

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

    pub(super) fn text(&self, start: usize, end: usize) -> String {
        snippet(self.src.get(start..end).unwrap_or_default())
    }

    pub(super) fn entry(
        &self,
        start: usize,
        end: usize,
        reason: impl Into<String>,
    ) -> (usize, Ignored) {
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
    pub(super) fn resolve(&self, path: &str) -> String {
        let (first, rest) = path.split_once('.').unwrap_or((path, ""));
        match self.aliases.get(first) {
            Some(full) if rest.is_empty() => full.clone(),
            Some(full) => format!("{full}.{rest}"),
            None => path.to_string(),
        }
    }
}
