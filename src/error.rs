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
