//! The result: which optimizer (the last compile()'s, else the last in the text), which fit(),
//! the number of samples, and every piece not used, in text order.

use super::super::keras;
use super::super::{Alternative, FitFields, Ignored, ParsedCode};
use super::value::Val;
use super::{snippet, CodeErr, Eval, MAX_IGNORED, R};
use crate::optim::spec::{Api, OptimizerKind};

impl Eval<'_> {
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
        let mut alternatives = Vec::new();
        let optimizer = match chosen {
            Some(i) => {
                let cand = &mut self.optimizers[i];
                // The chosen configuration and, where the code does not say which Keras runs
                // it and the two compute different updates, its Keras 3 reading: both resolved
                // (validated); the first result is always the chosen configuration's.
                let other = cand
                    .api_unsure
                    .then(|| keras3_config(&cand.config))
                    .flatten();
                let mut results: Vec<_> = std::iter::once(&cand.config)
                    .chain(other.as_ref().map(|(c, _)| c))
                    .map(crate::OptimizerConfig::resolve)
                    .collect();
                let other_resolved = if results.len() > 1 {
                    results.pop()
                } else {
                    None
                };
                let resolved = results.remove(0).map_err(|e| {
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
                // A reading Keras 3 would reject is no reading (none is known: Keras 3 Nadam takes
                // every argument legacy Nadam does but `decay`, `schedule_decay` and `lr`, which
                // say the code is legacy).
                if let (Some((config, differs)), Some(Ok(_))) = (other, other_resolved) {
                    let class = resolved.name.class_name();
                    let alt = Alternative {
                        optimizer: config,
                        label: format!(
                            "Keras 3: keras.optimizers.{class} (and tf.keras.optimizers.{class} from TF 2.11, where it is the new optimizer)"
                        ),
                        differs: differs.to_string(),
                    };
                    warnings.push(format!(
                        "The code does not say which Keras runs it, and {} computes differently in each: {}. Read as legacy ({}, what tf.keras.optimizers.{} was up to TF 2.10); the other reading is {}",
                        resolved.name.class_name(),
                        alt.differs,
                        resolved.keras_class,
                        resolved.name.class_name(),
                        alt.label,
                    ));
                    alternatives.push(alt);
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
            for w in std::mem::take(&mut call.warnings) {
                if !warnings.contains(&w) {
                    warnings.push(w);
                }
            }
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
            alternatives,
        })
    }
}

/// The Keras 3 reading of a legacy configuration chosen only because nothing said otherwise,
/// when the two APIs compute different updates for its class, and what differs.
fn keras3_config(
    legacy: &crate::OptimizerConfig,
) -> Option<(crate::OptimizerConfig, &'static str)> {
    let kind = OptimizerKind::parse(legacy.name.as_deref()?)?;
    let differs = keras::api_difference(kind)?;
    let mut optimizer = legacy.clone();
    optimizer.api = Some(Api::Keras3);
    Some((optimizer, differs))
}
