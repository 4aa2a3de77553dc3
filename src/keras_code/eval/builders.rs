//! Keras's side: optimizer constructors (arguments, API, Keras's warnings), config dicts,
//! schedules, `compile()` and `fit()`.

use std::rc::Rc;

use super::super::keras::{self, py_repr};
use super::value::{dict_get, opaque, Pairs, Val};
use super::{err, snippet, ArgV, CompileCall, Eval, FitCall, OptCand, SchedCand, MAX_WHOLE, R};
use crate::optim::config::{LearningRate, OptimizerConfig, KERAS3_DECAY_WARNING};
use crate::optim::schedule::LearningRateSchedule;
use crate::optim::spec::{self, Api, OptimizerKind};

impl Eval<'_> {
    // ----- optimizers -------------------------------------------------------------------

    pub(super) fn new_candidate(
        &mut self,
        config: OptimizerConfig,
        start: usize,
        end: usize,
    ) -> usize {
        self.activity += 1;
        self.optimizers.push(OptCand {
            config,
            warnings: Vec::new(),
            ignored: Vec::new(),
            field_pos: Vec::new(),
            api_unsure: false,
            start,
            end,
        });
        self.optimizers.len() - 1
    }

    /// `'adam'`, `'sgd'`, … as Keras's `optimizers.get` reads them (Keras's defaults).
    pub(super) fn string_optimizer(&mut self, s: &str, start: usize, end: usize) -> Option<usize> {
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
        let id = self.new_candidate(config, start, end);
        self.optimizers[id].api_unsure = kind != OptimizerKind::AdamW;
        Some(id)
    }

    pub(super) fn construct_optimizer(
        &mut self,
        kind: OptimizerKind,
        parts: &[&str],
        alias: bool,
        args: Vec<ArgV>,
        start: usize,
        end: usize,
    ) -> R<Rc<Val>> {
        let class = kind.class_name();
        let legacy_ns = parts.contains(&"legacy");
        // Keras 2.2 put `decay` (Nadam: `schedule_decay`) where tf_keras's legacy classes have
        // a flag or the name (`Adam(0.001, 0.9, 0.999, 1e-08, 0.0)`): a number there is Keras
        // 2.2 code, read in its order.
        let legacy_signature = spec::optimizer(kind, Api::Legacy).map_or(&[][..], |s| s.signature);
        let keras22_decay = if alias || legacy_ns {
            None
        } else {
            args.iter()
                .filter(|a| a.key.is_none() && !a.splat)
                .enumerate()
                .find(|&(i, a)| {
                    matches!(
                        keras::keras22_positional(kind).get(i),
                        Some(&("decay" | "schedule_decay"))
                    ) && matches!(
                        legacy_signature.get(i),
                        Some(&("amsgrad" | "nesterov" | "centered" | "name"))
                    ) && matches!(&*a.val, Val::Num { .. })
                })
                .map(|(i, _)| i)
        };
        let keras22_order = alias || keras22_decay.is_some();
        let common = if keras22_order {
            keras::keras22_positional(kind)
        } else {
            keras::optimizer_positional(kind)
        };
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
        // A Keras 2.2 alias is Keras 2.2 code whatever its arguments: its classes are the
        // legacy ones (and Keras 3 rejects what it would not know).
        let api = if legacy_ns || keras22_order {
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
        let api_unsure = !(legacy_ns || keras22_order || keras3_only || keras2 || lr_is_schedule);
        let positional = if keras22_order {
            common
        } else {
            spec::optimizer(kind, api).map_or(common, |s| s.signature)
        };
        let (bound, splats) = self.bind(class, positional, args)?;
        let config = OptimizerConfig {
            name: Some(class.to_ascii_lowercase()),
            api: Some(api),
            ..OptimizerConfig::default()
        };
        let id = self.new_candidate(config, start, end);
        self.optimizers[id].api_unsure = api_unsure;
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
        if alias {
            let given: Vec<String> = bound.iter().map(|(n, _)| n.clone()).collect();
            let cfg = &mut self.optimizers[id].config;
            for &(field, v) in keras::keras22_defaults(kind) {
                let named = given
                    .iter()
                    .any(|g| g == field || (field == "learning_rate" && g == "lr"));
                match field {
                    "learning_rate" if !named => {
                        cfg.learning_rate = Some(LearningRate::Constant(v))
                    }
                    "initial_accumulator_value" if !named => {
                        cfg.initial_accumulator_value = Some(v)
                    }
                    _ => {}
                }
            }
        }
        // Keras's own warnings for this code in each Keras.
        let mut warnings = Vec::new();
        if has_lr && api == Api::Legacy && !alias {
            warnings.push(keras::LEGACY_LR_WARNING.to_string());
        }
        if let (Some(i), false) = (keras22_decay, alias) {
            warnings.push(format!(
                "positional arguments in Keras 2.2's order ({class}({})): argument {} is `{}` there; tf_keras's legacy {class} and Keras 3 have `{}` in its place",
                common.join(", "),
                i + 1,
                common[i],
                legacy_signature[i],
            ));
        }
        if alias {
            let name = parts.join(".");
            let defaults = match kind {
                OptimizerKind::Adagrad => " with Keras 2.2's defaults where tf_keras's differ (learning_rate 0.01, accumulators starting at 0)",
                OptimizerKind::Adamax | OptimizerKind::Nadam => " with Keras 2.2's default learning_rate 0.002",
                _ => "",
            };
            warnings.push(format!(
                "`{name}` is Keras 2.0–2.2's lowercase alias of {class} (`{} = {class}` in keras/optimizers.py); tf.keras and Keras 3 have no such name and raise AttributeError: read as tf_keras.optimizers.legacy.{class}{defaults}",
                kind.class_name().to_ascii_lowercase()
            ));
        } else if !legacy_ns && keras22_decay.is_none() {
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
        } else if legacy_ns && parts.first() != Some(&"tf_keras") {
            warnings.push(format!(
                "Keras 3 (TF 2.16 and later) has no legacy optimizers: keras.optimizers.legacy.{class} raises ImportError there; tf_keras.optimizers.legacy.{class} (pip install tf_keras) runs this code"
            ));
        }
        self.optimizers[id].warnings = warnings;
        Ok(Rc::new(Val::Optimizer(id)))
    }

    /// Applies one argument (constructor keyword or config-dict key) to candidate `id`.
    /// `strict`: an unknown name is an error (Keras raises), else it is listed as ignored.
    pub(super) fn apply_arg(
        &mut self,
        id: usize,
        class: &str,
        name: &str,
        a: &ArgV,
        strict: bool,
    ) -> R<()> {
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
    pub(super) fn dict_optimizer(
        &mut self,
        items: &[(Rc<Val>, Rc<Val>)],
        class_hint: Option<OptimizerKind>,
        labelled: bool,
        start: usize,
        end: usize,
    ) -> R<DictOpt> {
        // A mixed-precision LossScaleOptimizer prints its optimizer inside.
        if let Some(Val::Dict { items: inner, .. }) = dict_get(items, "inner_optimizer").as_deref()
        {
            let found = self.dict_optimizer(inner, class_hint, true, start, end)?;
            if let DictOpt::Cand(id) = found {
                let e = self.entry(
                    start,
                    end,
                    "the LossScaleOptimizer around it: loss scaling does not change the learning rate",
                );
                self.optimizers[id].ignored.push(e);
            }
            return Ok(found);
        }
        let class_name = dict_get(items, "class_name");
        let config = dict_get(items, "config");
        let (class_str, config_items): (Option<String>, Pairs) =
            match (class_name.as_deref(), config.as_deref()) {
                (Some(Val::Str(cn)), Some(Val::Dict { items: c, .. })) => {
                    (Some(cn.clone()), c.clone())
                }
                _ if class_hint.is_some() => (None, items.to_vec()),
                // What get_config() printed: a `name` and the learning rate, or a class's name
                // and its hyperparameters (from_config fills in the rest, the learning rate
                // too), or any name under an `optimizer:` label.
                _ => match dict_get(items, "name").as_deref() {
                    Some(Val::Str(n))
                        if dict_get(items, "learning_rate").is_some()
                            || dict_get(items, "lr").is_some()
                            || (OptimizerKind::parse(n).is_some()
                                && (labelled || has_hyperparameter(items))) =>
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
        let api_unsure = legacy_flag.is_none()
            && !(keras3_key || kind == OptimizerKind::AdamW || has("decay") || has("lr"))
            && !schedule_lr;
        let config = OptimizerConfig {
            name: Some(kind.class_name().to_ascii_lowercase()),
            api: Some(api),
            ..OptimizerConfig::default()
        };
        let id = self.new_candidate(config, start, end);
        self.optimizers[id].api_unsure = api_unsure;
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
    pub(super) fn dict_schedule(
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

    pub(super) fn construct_schedule(
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

    pub(super) fn compile(&mut self, args: Vec<ArgV>, start: usize, end: usize) -> R<Rc<Val>> {
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
                    match self.dict_optimizer(&items, None, false, a.start, a.end)? {
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

    pub(super) fn fit(
        &mut self,
        args: Vec<ArgV>,
        generator: bool,
        start: usize,
        end: usize,
    ) -> R<Rc<Val>> {
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
                "epochs" if bound.iter().any(|(n, _)| n == "nb_epoch") => Err(
                    "Keras 2.0–2.2 take nb_epoch over epochs (epochs = kwargs.pop('nb_epoch'))"
                        .to_string(),
                ),
                "epochs" => whole(1.0).map(|v| call.fields.epochs = v),
                // Keras 2.0–2.2: `epochs = kwargs.pop('nb_epoch')`, after the positional or
                // keyword `epochs`, so it wins over both.
                "nb_epoch" => {
                    call.warnings.push(keras::NB_EPOCH_WARNING.to_string());
                    whole(1.0).map(|v| call.fields.epochs = v)
                }
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

/// Whether a dict has a key only an optimizer's config has.
fn has_hyperparameter(items: &[(Rc<Val>, Rc<Val>)]) -> bool {
    items.iter().any(|(k, _)| {
        matches!(&**k, Val::Str(k) if keras::NUMBER_FIELDS.contains(&k.as_str())
            || matches!(k.as_str(), "decay" | "amsgrad" | "nesterov" | "centered" | "is_legacy_optimizer"))
    })
}
