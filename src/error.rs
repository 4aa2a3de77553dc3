//! The one error type of the core: bad user input, named by field.

use std::fmt;

/// Invalid input, with the field it concerns (Keras's argument name, or a dotted path such as
/// `optimizer.beta_1`) and a message that states the allowed range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub field: String,
    pub message: String,
}

impl ConfigError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Prefixes the field with its parent, e.g. `beta_1` inside `optimizer` → `optimizer.beta_1`.
    pub fn within(mut self, parent: &str) -> Self {
        self.field = if self.field.is_empty() {
            parent.to_string()
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

impl ConfigError {
    /// Like [`ConfigError::within`], but leaves a field that already starts with `parent` alone,
    /// and does nothing for an empty parent (the top level).
    pub fn within_root(self, parent: &str) -> Self {
        if parent.is_empty()
            || self.field == parent
            || self.field.starts_with(&format!("{parent}."))
        {
            self
        } else {
            self.within(parent)
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_fields_read_as_paths() {
        let e = ConfigError::new("beta_1", "must be in [0, 1), got 1.5").within("optimizer");
        assert_eq!(
            e.to_string(),
            "optimizer.beta_1: must be in [0, 1), got 1.5"
        );
    }
}

/// Parses JSON into `T`, turning serde's message into a [`ConfigError`] whose field is the
/// full path of the offending value under `root` (e.g. `optimizer.beta_1`, `start[0]`, or the
/// unknown key itself for a typo such as `optimizer.learningrate`).
pub fn parse_json<T: serde::de::DeserializeOwned>(
    json: &str,
    root: &str,
) -> Result<T, ConfigError> {
    let mut reversed_path = Vec::new();
    let mut de = serde_json::Deserializer::from_str(json);
    let value = serde::de::DeserializeSeed::deserialize(
        crate::value::ValueSeed {
            reversed_path: &mut reversed_path,
        },
        &mut de,
    )
    .and_then(|value| de.end().map(|()| value))
    .map_err(|e| {
        reversed_path.reverse();
        field_error(&reversed_path, e.to_string(), root)
    })?;
    from_value(&value, root)
}

/// Reads `T` from a [`Value`](crate::value::Value) (what the wasm exports build from a JS
/// object), with the errors of [`parse_json`].
pub fn from_value<T: serde::de::DeserializeOwned>(
    value: &crate::value::Value,
    root: &str,
) -> Result<T, ConfigError> {
    crate::value::from_value(value)
        .map_err(|e| field_error(e.path(), e.message().to_string(), root))
}

fn field_error(path: &[crate::value::Segment], mut message: String, root: &str) -> ConfigError {
    let path = crate::value::path_string(path);
    // serde_json appends a position in the JSON text, which means nothing to a caller who
    // passed a JS object.
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    let mut field: String = match (root.is_empty(), path.as_str()) {
        (_, ".") => root.to_string(),
        (true, p) => p.to_string(),
        (false, p) if p.starts_with('[') => format!("{root}{p}"),
        (false, p) => format!("{root}.{p}"),
    };
    // Make sure an unknown key is named by the field itself, not only by its parent.
    if let Some(key) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
    {
        if field.is_empty() {
            field = key.to_string();
        } else if !field.ends_with(key) {
            field = format!("{field}.{key}");
        }
    }
    if message.starts_with("invalid type: null") {
        message = format!(
            "must be a finite number or a value of the right type; NaN, Infinity and null are not accepted ({message})"
        );
    }
    ConfigError::new(field, message)
}

#[cfg(test)]
mod parse_json_tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        beta_1: f32,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        start: [f32; 2],
        optimizer: Inner,
    }

    fn field(json: &str, root: &str) -> String {
        parse_json::<Outer>(json, root).unwrap_err().field
    }

    #[test]
    fn errors_name_the_full_path() {
        assert_eq!(
            field(r#"{"start": [0, null], "optimizer": {"beta_1": 0.9}}"#, ""),
            "start[1]"
        );
        assert_eq!(
            field(r#"{"start": [0, 0], "optimizer": {"beta_1": "x"}}"#, ""),
            "optimizer.beta_1"
        );
        assert_eq!(
            field(r#"{"start": [0, 0], "optimizer": {"beta1": 0.9}}"#, ""),
            "optimizer.beta1"
        );
        assert_eq!(
            field(
                r#"{"start": [0, 0], "optimizer": {"beta_1": 0.9}, "stpes": 1}"#,
                ""
            ),
            "stpes"
        );
        assert_eq!(
            field(
                r#"{"start": [0, 0], "optimizer": {"beta_1": 0.9}, "stpes": 1}"#,
                "config"
            ),
            "config.stpes"
        );
        let e = parse_json::<Outer>(r#"{"start": [null, 0], "optimizer": {"beta_1": 0.9}}"#, "")
            .unwrap_err();
        assert!(e.message.contains("NaN"), "{e}");
        assert!(!e.message.contains("line 1"), "{e}");
    }
}
