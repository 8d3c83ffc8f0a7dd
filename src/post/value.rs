//! A front-matter value, whatever dialect it came from (YAML, TOML or JSON).

use std::fmt;

/// One front-matter value. Dates stay text: each dialect types them differently.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Value {
    /// An empty key (`excerpt:`), `null` or `~`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as written.
    Number(serde_json::Number),
    /// A string, or a TOML date as text.
    String(String),
    /// A flow or block list.
    List(Vec<Value>),
    /// A nested table, in file order.
    Map(Vec<(String, Value)>),
}

impl Value {
    /// The text of a string value (numbers and booleans too, as written).
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A boolean, accepting the strings `"true"`/`"false"` that hand-written front matter has.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" => Some(true),
                "false" | "no" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// A list of words: a list, a comma-separated string or a single string.
    pub fn as_list(&self) -> Vec<String> {
        match self {
            Value::List(items) => items.iter().filter_map(Value::as_text).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
            Value::String(s) => s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect(),
            Value::Number(_) | Value::Bool(_) => self.as_text().into_iter().collect(),
            Value::Null | Value::Map(_) => Vec::new(),
        }
    }

    /// A value of a nested table.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    /// A compact one-line form for lists and forms: `a, b`, `{k: v}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => Ok(()),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::String(s) => f.write_str(s),
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                Ok(())
            }
            Value::Map(entries) => {
                f.write_str("{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Self {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Number(n),
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Array(a) => Value::List(a.into_iter().map(Value::from).collect()),
            serde_json::Value::Object(o) => Value::Map(o.into_iter().map(|(k, v)| (k, Value::from(v))).collect()),
        }
    }
}

impl From<toml::Value> for Value {
    fn from(v: toml::Value) -> Self {
        match v {
            toml::Value::String(s) => Value::String(s),
            toml::Value::Integer(i) => Value::Number(i.into()),
            toml::Value::Float(x) => serde_json::Number::from_f64(x).map_or(Value::String(x.to_string()), Value::Number),
            toml::Value::Boolean(b) => Value::Bool(b),
            toml::Value::Datetime(d) => Value::String(d.to_string()),
            toml::Value::Array(a) => Value::List(a.into_iter().map(Value::from).collect()),
            toml::Value::Table(t) => Value::Map(t.into_iter().map(|(k, v)| (k, Value::from(v))).collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_come_from_lists_comma_strings_and_single_strings() {
        let list = Value::List(vec![Value::String("go".into()), Value::String(" docker ".into())]);
        assert_eq!(list.as_list(), ["go", "docker"]);
        assert_eq!(Value::String("a, b,c".into()).as_list(), ["a", "b", "c"]);
        assert_eq!(Value::String("rust lang".into()).as_list(), ["rust lang"]);
        assert!(Value::Null.as_list().is_empty());
    }

    #[test]
    fn booleans_accept_hand_written_strings() {
        assert_eq!(Value::String("False".into()).as_bool(), Some(false));
        assert_eq!(Value::Bool(true).as_bool(), Some(true));
        assert_eq!(Value::String("maybe".into()).as_bool(), None);
    }
}
