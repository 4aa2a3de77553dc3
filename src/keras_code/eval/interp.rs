//! Statements, names, expressions and calls: what a name holds, how call arguments bind, and
//! which calls are Keras's (handed to the builders).

use std::rc::Rc;

use super::super::keras;
use super::super::parse::{Arg, ArgKind, Expr, ExprKind, Stmt};
use super::builders::DictOpt;
use super::shapes::{shape_output, shape_query, ShapeRec, MAX_PENDING};
use super::value::{arith, dict, dict_get, num, opaque, seq, Val};
use super::{err, ArgV, Binding, Bound, Eval, R};
use crate::optim::spec::OptimizerKind;

impl Eval<'_> {
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
                    Val::Dict { items, .. } => match self
                        .dict_optimizer(items, None, false, start, end)?
                    {
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
                        self.dict_optimizer(&items.clone(), None, false, start, end)?
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
            Stmt::Labelled { label, value } => {
                let v = self.eval(value)?;
                let printed =
                    format!("a printed `{label}: …` line that is not an optimizer's config");
                match &*v {
                    Val::Optimizer(_) => {}
                    Val::Dict { items, .. } => {
                        let optimizer_label = label.to_ascii_lowercase().contains("optimizer");
                        match self.dict_optimizer(
                            &items.clone(),
                            None,
                            optimizer_label,
                            start,
                            end,
                        )? {
                            DictOpt::Cand(_) => {}
                            DictOpt::Unknown(reason) => self.ignore(start, end, reason),
                            DictOpt::NotOptimizer => self.ignore(start, end, printed),
                        }
                    }
                    _ => self.ignore(start, end, printed),
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

    pub(super) fn assign(
        &mut self,
        target: &Expr,
        v: Rc<Val>,
        relevant: bool,
        start: usize,
        end: usize,
    ) {
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
    pub(super) fn touch(&mut self, path: &str) {
        let mut prefix = path;
        while let Some((head, _)) = prefix.rsplit_once('.') {
            if let Some(&i) = self.env.get(head) {
                self.bindings[i].used = true;
                return;
            }
            prefix = head;
        }
    }

    pub(super) fn lookup(&mut self, path: &str) -> Rc<Val> {
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

    pub(super) fn eval(&mut self, e: &Expr) -> R<Rc<Val>> {
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

    pub(super) fn eval_args(&mut self, args: &[Arg]) -> R<Vec<ArgV>> {
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
    pub(super) fn bind(&self, what: &str, positional: &[&str], args: Vec<ArgV>) -> R<Bound> {
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

    pub(super) fn call(
        &mut self,
        callee: &Expr,
        args: &[Arg],
        start: usize,
        end: usize,
    ) -> R<Rc<Val>> {
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
        let prev = parts.len().checked_sub(2).map(|i| parts[i]);
        // A class, or Keras 2.2's lowercase alias of one (only after a module named `optimizers`).
        let class = keras::optimizer_class(last)
            .map(|k| (k, false))
            .or_else(|| {
                keras::keras2_alias(last)
                    .filter(|_| prev == Some("optimizers"))
                    .map(|k| (k, true))
            });
        if let Some((kind, alias)) = class {
            let args = self.eval_args(args)?;
            return self.construct_optimizer(kind, &parts, alias, args, start, end);
        }
        if let Some((tag, positional)) = keras::schedule_class(last) {
            let args = self.eval_args(args)?;
            return self.construct_schedule(last, tag, positional, args, start, end);
        }
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
                    match self.dict_optimizer(&items, class_hint, false, first.start, first.end)? {
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
}
