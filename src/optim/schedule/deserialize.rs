//! `Deserialize` for [`LearningRateSchedule`], written by hand: serde's derive for an
//! internally tagged enum buffers the object in its generic `Content` tree, about 10 KB of gzip
//! in every wasm module. It reads the tag, keeps each other value as serde's `Content` would
//! ([`Raw`]), then builds the variant as the derive's second pass does, with the same error
//! messages. Validation of the values is [`LearningRateSchedule::validate`], not here.

use serde::de::{self, Deserialize, Deserializer, Unexpected};
use std::fmt;

use super::LearningRateSchedule;
use super::{default_end_learning_rate, default_m_mul, default_power, default_t_mul};
use crate::optim::spec;

/// The variant tags, in declaration order (serde's "expected one of" list): the Keras table's.
const VARIANTS: &[&str] = &spec::SCHEDULE_IDS;

#[derive(Clone, Copy)]
enum Kind {
    Number,
    OptionalNumber,
    Bool,
    Name,
    Numbers,
}

fn kind(key: &str) -> Kind {
    match key {
        "staircase" | "cycle" => Kind::Bool,
        "name" => Kind::Name,
        "boundaries" | "values" => Kind::Numbers,
        "warmup_target" => Kind::OptionalNumber,
        _ => Kind::Number,
    }
}

/// A JSON value kept as serde's `Content` would keep it, so that the second pass reports the
/// same `invalid type` errors.
enum Raw {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(String),
    Seq(Vec<Raw>),
    Map,
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Raw;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_unit<E>(self) -> Result<Raw, E> {
                Ok(Raw::Null)
            }
            fn visit_none<E>(self) -> Result<Raw, E> {
                Ok(Raw::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
                Raw::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
                Ok(Raw::Bool(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
                Ok(Raw::U64(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
                Ok(Raw::I64(v))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
                Ok(Raw::F64(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
                Ok(Raw::Str(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Raw, E> {
                Ok(Raw::Str(v))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Raw::Seq(items))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Raw::Map)
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl Raw {
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Raw::Null => Unexpected::Unit,
            Raw::Bool(b) => Unexpected::Bool(*b),
            Raw::U64(v) => Unexpected::Unsigned(*v),
            Raw::I64(v) => Unexpected::Signed(*v),
            Raw::F64(v) => Unexpected::Float(*v),
            Raw::Str(s) => Unexpected::Str(s),
            Raw::Seq(_) => Unexpected::Seq,
            Raw::Map => Unexpected::Map,
        }
    }

    fn number<E: de::Error>(&self) -> Result<f64, E> {
        match *self {
            Raw::U64(v) => Ok(v as f64),
            Raw::I64(v) => Ok(v as f64),
            Raw::F64(v) => Ok(v),
            _ => Err(E::invalid_type(self.unexpected(), &"f64")),
        }
    }

    /// Checks the value against its key's type, as serde's derive does on reaching the key.
    fn check<E: de::Error>(&self, kind: Kind) -> Result<(), E> {
        match (kind, self) {
            (Kind::Number, _) => self.number().map(drop),
            (Kind::OptionalNumber | Kind::Name, Raw::Null)
            | (Kind::Bool, Raw::Bool(_))
            | (Kind::Name, Raw::Str(_)) => Ok(()),
            (Kind::OptionalNumber, _) => self.number().map(drop),
            (Kind::Numbers, Raw::Seq(items)) => items.iter().try_for_each(|v| v.number().map(drop)),
            (Kind::Bool, _) => Err(E::invalid_type(self.unexpected(), &"a boolean")),
            (Kind::Name, _) => Err(E::invalid_type(self.unexpected(), &"a string")),
            (Kind::Numbers, _) => Err(E::invalid_type(self.unexpected(), &"a sequence")),
        }
    }
}

/// One variant's checked arguments, by key.
struct Args(Vec<(&'static str, Raw)>);

impl Args {
    fn get(&self, key: &str) -> Option<&Raw> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    fn required<E: de::Error>(&self, key: &'static str) -> Result<f64, E> {
        self.get(key).ok_or_else(|| E::missing_field(key))?.number()
    }

    fn number_or<E: de::Error>(&self, key: &str, default: impl FnOnce() -> f64) -> Result<f64, E> {
        self.get(key).map_or_else(|| Ok(default()), Raw::number)
    }

    fn optional_number<E: de::Error>(&self, key: &str) -> Result<Option<f64>, E> {
        match self.get(key) {
            None | Some(Raw::Null) => Ok(None),
            Some(v) => v.number().map(Some),
        }
    }

    fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), Some(Raw::Bool(true)))
    }

    fn name(&self) -> Option<String> {
        match self.get("name") {
            Some(Raw::Str(s)) => Some(s.clone()),
            _ => None,
        }
    }

    fn numbers<E: de::Error>(&self, key: &'static str) -> Result<Vec<f64>, E> {
        match self.get(key) {
            Some(Raw::Seq(items)) => items.iter().map(Raw::number).collect(),
            _ => Err(E::missing_field(key)),
        }
    }
}

struct Tag(usize);

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Tag;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("variant identifier")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Tag, E> {
                match usize::try_from(v) {
                    Ok(i) if i < VARIANTS.len() => Ok(Tag(i)),
                    _ => Err(E::invalid_value(
                        Unexpected::Unsigned(v),
                        &format!("variant index 0 <= i < {}", VARIANTS.len()).as_str(),
                    )),
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Tag, E> {
                VARIANTS
                    .iter()
                    .position(|&name| name == v)
                    .map(Tag)
                    .ok_or_else(|| E::unknown_variant(v, VARIANTS))
            }
        }
        deserializer.deserialize_identifier(V)
    }
}

impl<'de> Deserialize<'de> for LearningRateSchedule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = LearningRateSchedule;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("internally tagged enum LearningRateSchedule")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut tag = None;
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key == "schedule" {
                        if tag.is_some() {
                            return Err(de::Error::duplicate_field("schedule"));
                        }
                        tag = Some(map.next_value::<Tag>()?.0);
                    } else {
                        entries.push((key, map.next_value::<Raw>()?));
                    }
                }
                let variant = tag.ok_or_else(|| de::Error::missing_field("schedule"))?;
                build(variant, entries)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// The second pass of serde's derive: keys in the order given (unknown, duplicate, then type
/// errors), then missing keys in declaration order.
fn build<E: de::Error>(
    variant: usize,
    entries: Vec<(String, Raw)>,
) -> Result<LearningRateSchedule, E> {
    // Each variant's keys in declaration order, as serde lists them: Keras's signature.
    let fields = spec::SCHEDULES[variant].signature;
    let mut args = Args(Vec::with_capacity(entries.len()));
    for (key, value) in entries {
        let Some(&field) = fields.iter().find(|&&f| f == key) else {
            return Err(E::unknown_field(&key, fields));
        };
        if args.get(field).is_some() {
            return Err(E::duplicate_field(field));
        }
        value.check(kind(field))?;
        args.0.push((field, value));
    }
    let a = &args;
    Ok(match variant {
        0 | 1 => {
            let (initial_learning_rate, decay_steps, decay_rate) = (
                a.required("initial_learning_rate")?,
                a.required("decay_steps")?,
                a.required("decay_rate")?,
            );
            let (staircase, name) = (a.flag("staircase"), a.name());
            if variant == 0 {
                LearningRateSchedule::InverseTimeDecay {
                    initial_learning_rate,
                    decay_steps,
                    decay_rate,
                    staircase,
                    name,
                }
            } else {
                LearningRateSchedule::ExponentialDecay {
                    initial_learning_rate,
                    decay_steps,
                    decay_rate,
                    staircase,
                    name,
                }
            }
        }
        2 => LearningRateSchedule::PiecewiseConstantDecay {
            boundaries: a.numbers("boundaries")?,
            values: a.numbers("values")?,
            name: a.name(),
        },
        3 => LearningRateSchedule::CosineDecay {
            initial_learning_rate: a.required("initial_learning_rate")?,
            decay_steps: a.required("decay_steps")?,
            alpha: a.number_or("alpha", || 0.0)?,
            name: a.name(),
            warmup_target: a.optional_number("warmup_target")?,
            warmup_steps: a.number_or("warmup_steps", || 0.0)?,
        },
        4 => LearningRateSchedule::PolynomialDecay {
            initial_learning_rate: a.required("initial_learning_rate")?,
            decay_steps: a.required("decay_steps")?,
            end_learning_rate: a.number_or("end_learning_rate", default_end_learning_rate)?,
            power: a.number_or("power", default_power)?,
            cycle: a.flag("cycle"),
            name: a.name(),
        },
        _ => LearningRateSchedule::CosineDecayRestarts {
            initial_learning_rate: a.required("initial_learning_rate")?,
            first_decay_steps: a.required("first_decay_steps")?,
            t_mul: a.number_or("t_mul", default_t_mul)?,
            m_mul: a.number_or("m_mul", default_m_mul)?,
            alpha: a.number_or("alpha", || 0.0)?,
            name: a.name(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<LearningRateSchedule, serde_json::Error> {
        serde_json::from_str(s)
    }

    /// The tag is an index into `spec::SCHEDULES`, and `build` matches on it: each row's id
    /// must build that row's class, with its signature as the accepted keys.
    #[test]
    fn every_schedule_tag_builds_its_own_row() {
        for row in spec::SCHEDULES {
            let args: Vec<String> = row
                .args
                .iter()
                .filter(|a| a.default == spec::KerasDefault::Required)
                .map(|a| match a.kind {
                    spec::ArgKind::List => format!(r#""{}":[1.0]"#, a.name),
                    _ => format!(r#""{}":2"#, a.name),
                })
                .collect();
            let json = format!(r#"{{"schedule":"{}",{}}}"#, row.id, args.join(","));
            let built = parse(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(built.spec().id, row.id);
            let unknown = format!(r#"{{"schedule":"{}","colour":1}}"#, row.id);
            let message = parse(&unknown).unwrap_err().to_string();
            let expected = row
                .signature
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>();
            assert!(message.contains(&expected.join(", ")), "{message}");
        }
    }

    #[test]
    fn unknown_keys_and_variants_are_rejected() {
        let e = parse(r#"{"schedule":"inverse_time_decay","initial_learning_rate":0.1,"decay_steps":1,"decay_rate":0.1,"stair":true}"#).unwrap_err();
        assert!(e.to_string().contains("unknown field `stair`"), "{e}");
        let e = parse(r#"{"schedule":"linear","initial_learning_rate":0.1}"#).unwrap_err();
        assert!(e.to_string().contains("unknown variant `linear`"), "{e}");
    }

    /// The messages that serde's derived internally tagged enum gave; the hand-written
    /// `Deserialize` keeps every one (the field paths they get inside an optimizer
    /// configuration are checked with `OptimizerConfig`, in `config.rs`).
    #[test]
    fn parse_errors_keep_serde_derive_messages() {
        let cases = [
            (r#"{"initial_learning_rate":0.1}"#, "missing field `schedule`"),
            (
                r#"{"schedule":"inverse_time_decay","schedule":"exponential_decay"}"#,
                "duplicate field `schedule`",
            ),
            (
                r#"{"schedule":"linear"}"#,
                "unknown variant `linear`, expected one of `inverse_time_decay`, `exponential_decay`, `piecewise_constant_decay`, `cosine_decay`, `polynomial_decay`, `cosine_decay_restarts`",
            ),
            (r#"{"schedule":3}"#, "invalid type: integer `3`, expected variant identifier"),
            (
                r#"{"schedule":"cosine_decay","initial_learning_rate":0.1,"decay_rate":"x","decay_steps":1}"#,
                "unknown field `decay_rate`, expected one of `initial_learning_rate`, `decay_steps`, `alpha`, `name`, `warmup_target`, `warmup_steps`",
            ),
            (
                r#"{"decay_steps":"x","bogus":1,"schedule":"exponential_decay"}"#,
                "invalid type: string \"x\", expected f64",
            ),
            (
                r#"{"schedule":"exponential_decay","decay_steps":1,"decay_steps":2}"#,
                "duplicate field `decay_steps`",
            ),
            (
                r#"{"schedule":"exponential_decay","initial_learning_rate":0.1,"decay_rate":0.5}"#,
                "missing field `decay_steps`",
            ),
            (
                r#"{"schedule":"exponential_decay","decay_rate":0.5}"#,
                "missing field `initial_learning_rate`",
            ),
            (
                r#"{"schedule":"exponential_decay","initial_learning_rate":null}"#,
                "invalid type: null, expected f64",
            ),
            (
                r#"{"schedule":"exponential_decay","staircase":1}"#,
                "invalid type: integer `1`, expected a boolean",
            ),
            (
                r#"{"schedule":"exponential_decay","name":-1.5}"#,
                "invalid type: floating point `-1.5`, expected a string",
            ),
            (
                r#"{"schedule":"exponential_decay","name":-2}"#,
                "invalid type: integer `-2`, expected a string",
            ),
            (
                r#"{"schedule":"piecewise_constant_decay","boundaries":{"a":[1]}}"#,
                "invalid type: map, expected a sequence",
            ),
            (
                r#"{"schedule":"piecewise_constant_decay","boundaries":[1,true]}"#,
                "invalid type: boolean `true`, expected f64",
            ),
            (
                r#"{"schedule":"cosine_decay","warmup_target":[1]}"#,
                "invalid type: sequence, expected f64",
            ),
            (r#"3"#, "invalid type: integer `3`, expected internally tagged enum LearningRateSchedule"),
        ];
        for (json, message) in cases {
            let e = parse(json).unwrap_err().to_string();
            assert_eq!(e.split(" at line ").next().unwrap(), message, "{json}");
        }
        let ok = parse(r#"{"name":null,"warmup_target":null,"decay_steps":3,"schedule":"cosine_decay","initial_learning_rate":1}"#).unwrap();
        assert_eq!(
            ok,
            LearningRateSchedule::CosineDecay {
                initial_learning_rate: 1.0,
                decay_steps: 3.0,
                alpha: 0.0,
                name: None,
                warmup_target: None,
                warmup_steps: 0.0,
            }
        );
    }
}
