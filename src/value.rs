//! A JSON value as the page hands it over, and a serde `Deserializer` over it that names the
//! field path of every error (`optimizer.beta_1`, `runs[0].start[1]`).
//!
//! The wasm exports build a [`Value`] straight from the JS object (`web::from_js`), so that
//! neither a JSON parser nor `serde_path_to_error` ends up in the modules (together about a
//! fifth of the 2D module's download); [`crate::error::parse_json`] reads JSON text into the
//! same [`Value`] natively. One deserializer, so an error names the same field either way.

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use std::fmt;

/// A JSON value. Objects keep their keys in the order given, so that serde's derive meets them
/// (and reports the first bad one) in that order; numbers keep JSON's integer/float distinction.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// A JS number as `JSON.stringify` would write it and a JSON parser read it back: NaN and
    /// ±Infinity become `null`, whole numbers integers (`-0` is `0`), the rest floats.
    pub fn from_js_number(x: f64) -> Value {
        const TWO_63: f64 = 9_223_372_036_854_775_808.0;
        if !x.is_finite() {
            Value::Null
        } else if x.fract() != 0.0 {
            Value::F64(x)
        } else if (0.0..2.0 * TWO_63).contains(&x) {
            Value::U64(x as u64)
        } else if (-TWO_63..0.0).contains(&x) {
            Value::I64(x as i64)
        } else {
            Value::F64(x)
        }
    }

    fn unexpected(&self) -> de::Unexpected<'_> {
        match self {
            Value::Null => de::Unexpected::Unit,
            Value::Bool(b) => de::Unexpected::Bool(*b),
            Value::U64(v) => de::Unexpected::Unsigned(*v),
            Value::I64(v) => de::Unexpected::Signed(*v),
            Value::F64(v) => de::Unexpected::Float(*v),
            Value::String(s) => de::Unexpected::Str(s),
            Value::Array(_) => de::Unexpected::Seq,
            Value::Object(_) => de::Unexpected::Map,
        }
    }
}

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// Writes a path the way `serde_path_to_error` did: `a.b[2].c`, and `.` for the root.
pub fn path_string(path: &[Segment]) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// A deserialization error: serde's message, and the path of the value where it arose.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    message: String,
    path: Vec<Segment>,
}

impl Error {
    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn path(&self) -> &[Segment] {
        &self.path
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// The error type inside the deserializer: only the message. The path is recorded beside it
/// (see [`Track`]), because a `Deserialize` impl may wrap an inner error into a new one
/// (`LearningRate` prefixes `learning_rate: `), and the new one must keep the inner path.
#[derive(Debug)]
struct Message(String);

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Message {}

impl de::Error for Message {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Message(msg.to_string())
    }

    /// serde calls a JSON `null` "unit value"; the page sends `null` (and `NaN`, which
    /// `JSON.stringify` writes as `null`), so the message says `null`, as serde_json's does.
    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        if unexp == de::Unexpected::Unit {
            de::Error::custom(format_args!("invalid type: null, expected {exp}"))
        } else {
            de::Error::custom(format_args!("invalid type: {unexp}, expected {exp}"))
        }
    }
}

/// Where the deserializer is: a chain of segments up to the root, on the stack.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn segments(&self) -> Vec<Segment> {
        let mut out = Vec::new();
        let mut at = self;
        loop {
            match at {
                Path::Root => break,
                Path::Key(parent, key) => {
                    out.push(Segment::Key(key.to_string()));
                    at = parent;
                }
                Path::Index(parent, i) => {
                    out.push(Segment::Index(*i));
                    at = parent;
                }
            }
        }
        out.reverse();
        out
    }
}

/// The path of the innermost value an error came out of, as `serde_path_to_error` recorded
/// it: set once, where the error first leaves a nested value, and kept on the way out.
type Track = std::cell::RefCell<Option<Vec<Segment>>>;

fn record<T>(result: Result<T, Message>, track: &Track, path: &Path<'_>) -> Result<T, Message> {
    if result.is_err() {
        let mut recorded = track.borrow_mut();
        if recorded.is_none() {
            *recorded = Some(path.segments());
        }
    }
    result
}

/// Deserializes `T` from `value`; the error carries the path of the offending value.
pub fn from_value<T: de::DeserializeOwned>(value: &Value) -> Result<T, Error> {
    let track = Track::default();
    T::deserialize(Deserializer {
        value,
        path: &Path::Root,
        track: &track,
    })
    .map_err(|Message(message)| Error {
        message,
        path: track.into_inner().unwrap_or_default(),
    })
}

/// The `Deserializer` over a borrowed [`Value`] at `path`.
struct Deserializer<'de, 'p> {
    value: &'de Value,
    path: &'p Path<'p>,
    track: &'p Track,
}

impl<'de> de::Deserializer<'de> for Deserializer<'de, '_> {
    type Error = Message;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Message> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::U64(v) => visitor.visit_u64(*v),
            Value::I64(v) => visitor.visit_i64(*v),
            Value::F64(v) => visitor.visit_f64(*v),
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => {
                let mut seq = SeqAccess {
                    items: items.iter(),
                    index: 0,
                    path: self.path,
                    track: self.track,
                };
                let out = visitor.visit_seq(&mut seq)?;
                if seq.items.as_slice().is_empty() {
                    Ok(out)
                } else {
                    Err(de::Error::invalid_length(
                        items.len(),
                        &"fewer elements in array",
                    ))
                }
            }
            Value::Object(entries) => visitor.visit_map(self.map(entries)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Message> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Message> {
        match self.value {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Value::Object(entries) if entries.len() == 1 => {
                visitor.visit_enum(de::value::MapAccessDeserializer::new(self.map(entries)))
            }
            other => Err(de::Error::invalid_type(
                other.unexpected(),
                &"string or map",
            )),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Message> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Message> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

impl<'de, 'p> Deserializer<'de, 'p> {
    fn map(&self, entries: &'de [(String, Value)]) -> MapAccess<'de, 'p> {
        MapAccess {
            entries: entries.iter(),
            value: None,
            path: self.path,
            track: self.track,
        }
    }
}

struct SeqAccess<'de, 'p> {
    items: std::slice::Iter<'de, Value>,
    index: usize,
    path: &'p Path<'p>,
    track: &'p Track,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'de, '_> {
    type Error = Message;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Message> {
        let Some(value) = self.items.next() else {
            return Ok(None);
        };
        let path = Path::Index(self.path, self.index);
        self.index += 1;
        let result = seed.deserialize(Deserializer {
            value,
            path: &path,
            track: self.track,
        });
        record(result, self.track, &path).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapAccess<'de, 'p> {
    entries: std::slice::Iter<'de, (String, Value)>,
    value: Option<(&'de str, &'de Value)>,
    path: &'p Path<'p>,
    track: &'p Track,
}

impl<'de> de::MapAccess<'de> for MapAccess<'de, '_> {
    type Error = Message;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Message> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some((key, value));
        // A rejected key (a typo) is named by its own path.
        let result = seed.deserialize(de::value::BorrowedStrDeserializer::new(key));
        record(result, self.track, &Path::Key(self.path, key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Message> {
        let (key, value) = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("value is missing"))?;
        let path = Path::Key(self.path, key);
        let result = seed.deserialize(Deserializer {
            value,
            path: &path,
            track: self.track,
        });
        record(result, self.track, &path)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// Reads any self-describing input (JSON text through serde_json, natively) into a [`Value`],
/// recording in `path` where an error of the input arose, innermost first.
pub struct ValueSeed<'p> {
    pub reversed_path: &'p mut Vec<Segment>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::U64(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::I64(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::F64(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let seed = ValueSeed {
                reversed_path: &mut *self.reversed_path,
            };
            match seq.next_element_seed(seed) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(Value::Array(items)),
                Err(e) => {
                    self.reversed_path.push(Segment::Index(items.len()));
                    return Err(e);
                }
            }
        }
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let seed = ValueSeed {
                reversed_path: &mut *self.reversed_path,
            };
            match map.next_value_seed(seed) {
                Ok(value) => entries.push((key, value)),
                Err(e) => {
                    self.reversed_path.push(Segment::Key(key));
                    return Err(e);
                }
            }
        }
        Ok(Value::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_numbers_read_as_their_json_text_would() {
        assert_eq!(Value::from_js_number(f64::NAN), Value::Null);
        assert_eq!(Value::from_js_number(f64::NEG_INFINITY), Value::Null);
        assert_eq!(Value::from_js_number(-0.0), Value::U64(0));
        assert_eq!(Value::from_js_number(3.0), Value::U64(3));
        assert_eq!(Value::from_js_number(-3.0), Value::I64(-3));
        assert_eq!(Value::from_js_number(0.5), Value::F64(0.5));
        assert_eq!(
            Value::from_js_number(1e19),
            Value::U64(10_000_000_000_000_000_000)
        );
        assert_eq!(Value::from_js_number(1e20), Value::F64(1e20));
        assert_eq!(Value::from_js_number(-1e19), Value::F64(-1e19));
    }

    #[test]
    fn paths_read_like_field_accesses() {
        let path = [
            Segment::Key("runs".into()),
            Segment::Index(0),
            Segment::Key("start".into()),
            Segment::Index(1),
        ];
        assert_eq!(path_string(&path), "runs[0].start[1]");
        assert_eq!(path_string(&[]), ".");
        assert_eq!(path_string(&[Segment::Index(2)]), "[2]");
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Point {
        x: f32,
        tags: Option<Vec<u32>>,
    }

    #[test]
    fn errors_carry_the_path_and_serde_json_messages() {
        let v = Value::Array(vec![
            Value::Object(vec![("x".into(), Value::F64(1.5))]),
            Value::Object(vec![
                ("x".into(), Value::U64(2)),
                (
                    "tags".into(),
                    Value::Array(vec![Value::U64(1), Value::F64(0.5)]),
                ),
            ]),
        ]);
        let e = from_value::<Vec<Point>>(&v).unwrap_err();
        assert_eq!(path_string(e.path()), "[1].tags[1]");
        assert_eq!(
            e.message(),
            "invalid type: floating point `0.5`, expected u32"
        );
        let v = Value::Object(vec![("x".into(), Value::Null)]);
        let e = from_value::<Point>(&v).unwrap_err();
        assert_eq!(
            (path_string(e.path()).as_str(), e.message()),
            ("x", "invalid type: null, expected f32")
        );
        let v = Value::Object(vec![
            ("x".into(), Value::U64(1)),
            ("y".into(), Value::U64(1)),
        ]);
        let e = from_value::<Point>(&v).unwrap_err();
        assert_eq!(path_string(e.path()), "y");
        assert!(e.message().starts_with("unknown field `y`"), "{e}");
        let e = from_value::<Point>(&Value::Object(vec![])).unwrap_err();
        assert_eq!(
            (path_string(e.path()).as_str(), e.message()),
            (".", "missing field `x`")
        );
        let e = from_value::<[u32; 2]>(&Value::Array(vec![Value::U64(1); 3])).unwrap_err();
        assert_eq!(
            e.message(),
            "invalid length 3, expected fewer elements in array"
        );
        assert_eq!(
            from_value::<Point>(&Value::Object(vec![
                ("tags".into(), Value::Null),
                ("x".into(), Value::I64(-2)),
            ]))
            .unwrap(),
            Point {
                x: -2.0,
                tags: None
            }
        );
    }
}
