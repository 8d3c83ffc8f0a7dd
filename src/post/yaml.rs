//! YAML front matter, the one place quire touches `serde_yaml` (deprecated upstream: swap it here).

use super::{Problem, Value};

/// Parses YAML front matter into keys in file order, never failing: problems are returned beside
/// whatever keys could be read. `first_line` is the file line of the first YAML line.
pub fn parse_mapping(raw: &str, first_line: usize) -> (Vec<(String, Value)>, Vec<Problem>) {
    if raw.trim().is_empty() {
        return (Vec::new(), Vec::new());
    }
    if let Some(line) = too_deep(raw) {
        let message = format!("front matter nests lists or maps more than {MAX_FLOW_DEPTH} deep; not read");
        return (Vec::new(), vec![Problem::at(first_line + line, message)]);
    }
    match serde_yaml::from_str::<serde_yaml::Value>(raw) {
        Ok(serde_yaml::Value::Mapping(map)) => (map.into_iter().map(|(k, v)| (key_text(k), convert(v))).collect(), Vec::new()),
        Ok(serde_yaml::Value::Null) => (Vec::new(), Vec::new()),
        Ok(_) => (Vec::new(), vec![Problem::at(first_line, "front matter is not a list of `key: value` lines")]),
        Err(err) => salvage(raw, first_line, &err),
    }
}

/// libyaml slows down quadratically with flow nesting: 100,000 `[` took 25 s, an 8 MiB file would
/// take hours. serde_yaml refuses anything deeper than 128 levels anyway, so nothing is lost.
const MAX_FLOW_DEPTH: usize = 128;

/// The 0-based line where `[`/`{` nesting first goes deeper than [`MAX_FLOW_DEPTH`], if it does.
/// Brackets inside quoted strings count too: only 128 unclosed ones in a row could trip this.
fn too_deep(raw: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut line = 0;
    for b in raw.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(line);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => line += 1,
            _ => {}
        }
    }
    None
}

/// The whole document did not parse: read each top-level key on its own so one bad key (or a
/// duplicate key, which YAML forbids but blogs have) does not hide the others.
fn salvage(raw: &str, first_line: usize, err: &serde_yaml::Error) -> (Vec<(String, Value)>, Vec<Problem>) {
    let mut fields: Vec<(String, Value)> = Vec::new();
    // Where each key sits in `fields`: a linear search made a file of 40,000 keys take seconds.
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut problems = Vec::new();
    let duplicate = err.to_string().contains("duplicate entry");
    for (line, block) in top_level_blocks(raw) {
        match serde_yaml::from_str::<serde_yaml::Value>(block) {
            Ok(serde_yaml::Value::Mapping(map)) => {
                for (k, v) in map {
                    let key = key_text(k);
                    let value = convert(v);
                    match index.get(&key) {
                        Some(&at) => fields[at].1 = value,
                        None => {
                            index.insert(key.clone(), fields.len());
                            fields.push((key, value));
                        }
                    }
                }
            }
            Ok(_) => {}
            Err(e) if !duplicate => {
                // serde_yaml points where it gave up (often the next line); the key's own line is clearer.
                let name = block.split(':').next().unwrap_or("").trim();
                problems.push(Problem::at(first_line + line, format!("invalid YAML in `{name}`: {}", clean_message(&e))));
            }
            Err(_) => {}
        }
    }
    if !duplicate && problems.is_empty() {
        // YAML counts a lone `\r` as a line break, the file's lines do not: keep the line inside
        // the front matter, where the error is.
        let last_line = first_line + raw.matches('\n').count();
        let at = (first_line + err.location().map_or(0, |l| l.line().saturating_sub(1))).min(last_line);
        problems.push(Problem::at(at, format!("invalid YAML: {}", clean_message(err))));
    }
    (fields, problems)
}

/// Splits YAML text into blocks that each start with a top-level key, with their 0-based line.
pub fn top_level_blocks(raw: &str) -> Vec<(usize, &str)> {
    let mut blocks = Vec::new();
    let mut start: Option<(usize, usize)> = None;
    let mut offset = 0;
    for (i, line) in raw.split_inclusive('\n').enumerate() {
        let first = line.chars().next().unwrap_or(' ');
        let starts_key = !matches!(first, ' ' | '\t' | '-' | '#' | '\n' | '\r');
        if starts_key {
            if let Some((line_no, from)) = start {
                blocks.push((line_no, &raw[from..offset]));
            }
            start = Some((i, offset));
        }
        offset += line.len();
    }
    if let Some((line_no, from)) = start {
        blocks.push((line_no, &raw[from..]));
    }
    blocks
}

/// serde_yaml's messages end with "at line X column Y"; quire gives the line itself.
fn clean_message(err: &serde_yaml::Error) -> String {
    let msg = err.to_string();
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

fn key_text(key: serde_yaml::Value) -> String {
    match convert(key) {
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn convert(v: serde_yaml::Value) -> Value {
    match v {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            let json = if let Some(i) = n.as_i64() {
                Some(i.into())
            } else if let Some(u) = n.as_u64() {
                Some(u.into())
            } else {
                n.as_f64().and_then(serde_json::Number::from_f64)
            };
            json.map_or_else(|| Value::String(n.to_string()), Value::Number)
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => Value::List(items.into_iter().map(convert).collect()),
        serde_yaml::Value::Mapping(map) => Value::Map(map.into_iter().map(|(k, v)| (key_text(k), convert(v))).collect()),
        serde_yaml::Value::Tagged(tagged) => convert(tagged.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_and_block_lists_and_empty_keys_parse() {
        let (fields, problems) = parse_mapping("title: T\ntags: [\"a\",\"b\"]\ncats:\n- x\n- y\nexcerpt: \n", 2);
        assert!(problems.is_empty());
        assert_eq!(fields[1].1.as_list(), ["a", "b"]);
        assert_eq!(fields[2].1.as_list(), ["x", "y"]);
        assert_eq!(fields[3], ("excerpt".to_string(), Value::Null));
    }

    #[test]
    fn duplicate_keys_are_read_and_the_last_wins() {
        let (fields, problems) = parse_mapping("title: One\ndate: 2020-01-01\ntitle: Two\n", 2);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].1, Value::String("Two".into()));
    }

    #[test]
    fn a_bad_key_is_reported_with_its_file_line_and_the_rest_kept() {
        let (fields, problems) = parse_mapping("title: Good\nbad: [unclosed\ndate: 2020-01-01\n", 2);
        assert_eq!(fields[0].1, Value::String("Good".into()));
        assert!(fields.iter().any(|(k, _)| k == "date"));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(3), "{problems:?}");
    }
}
