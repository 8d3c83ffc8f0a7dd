//! Property: a random sequence of edits followed by their reverses gives back the original bytes, in
//! every dialect, where the dialect allows (values that read back as plain text; fresh keys and tags).

use proptest::prelude::*;
use quire::post::edit::{Edit, apply};

/// A fixture: its text, its text keys with their values as typed, and its draft state if it has a key.
struct Fixture {
    text: &'static str,
    text_keys: &'static [(&'static str, &'static str)],
    draft: Option<bool>,
}

const FIXTURES: [Fixture; 6] = [
    Fixture {
        text: "---\ntitle: \"18 months at Docker Paris\"\ndate: 2017-05-09T12:00:00+01:00\ntags: [\"docker\",\"go\", \"gcp\"]\ndraft: false\n---\n\nBody\n",
        text_keys: &[("title", "18 months at Docker Paris")],
        draft: Some(false),
    },
    Fixture {
        text: "---\nlayout: post\ntitle: Retour sur la DockerCon Europe\npublished: true\nexcerpt: \nauthor: Fabien Amico\ntags:\n- docker\ncomments: true\n---\n\nCorps.\n",
        text_keys: &[("title", "Retour sur la DockerCon Europe"), ("excerpt", ""), ("author", "Fabien Amico"), ("layout", "post")],
        draft: Some(false),
    },
    Fixture {
        text: "\u{feff}---\r\nlayout: post\r\ntitle: 'Quoted: yes'\r\ntags:\r\n  - a\r\n---\r\nBody\r\n",
        text_keys: &[("title", "Quoted: yes"), ("layout", "post")],
        draft: None,
    },
    Fixture {
        text: "+++\ntitle = \"Hello\"  # the title\ndate = 2024-03-01T10:00:00+01:00\ntags = [\"a\", \"b\"]\ndraft = false\n\n[params]\nx = 1\n+++\n\nBody\n",
        text_keys: &[("title", "Hello")],
        draft: Some(false),
    },
    Fixture {
        text: "+++\npath = \"2023/01/10/launch\"\ntitle = 'Launch'\nauthors = [\"A\"]\n\n[taxonomies]\ntags = [\"rust\"]\n\n[extra]\nrelease = true\n+++\n\nBody\n",
        text_keys: &[("title", "Launch"), ("path", "2023/01/10/launch")],
        draft: None,
    },
    Fixture {
        text: "{\n  \"title\": \"J\",\n  \"date\": \"2024-03-01\",\n  \"tags\": [\"a\", \"b\"],\n  \"draft\": true\n}\n\nBody\n",
        text_keys: &[("title", "J")],
        draft: Some(true),
    },
];

/// One reversible step.
#[derive(Debug, Clone)]
enum Step {
    /// Change the i-th text key of the fixture.
    Change(usize, String),
    /// Add a fresh key.
    NewKey(String),
    /// Add a fresh tag.
    NewTag,
    /// Flip the draft state.
    ToggleDraft,
}

fn plain_value() -> impl Strategy<Value = String> {
    "[A-Z][a-z]{3,8}( [a-z]{1,8}){0,3}".prop_filter("YAML 1.1 words read as booleans", |s| {
        !["true", "false", "null", "yes", "off"].contains(&s.to_ascii_lowercase().as_str())
    })
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0usize..4, plain_value()).prop_map(|(i, v)| Step::Change(i, v)),
        plain_value().prop_map(Step::NewKey),
        Just(Step::NewTag),
        Just(Step::ToggleDraft),
    ]
}

/// The edits of a sequence of steps, and the edits that undo them (already in undo order).
fn edits(fixture: &Fixture, steps: &[Step]) -> (Vec<Edit>, Vec<Edit>) {
    let (mut forward, mut backward) = (Vec::new(), Vec::new());
    let mut current: Vec<String> = fixture.text_keys.iter().map(|(_, v)| v.to_string()).collect();
    let mut toggled = false;
    for (n, step) in steps.iter().enumerate() {
        let (edit, undo) = match step {
            Step::Change(i, value) => {
                let i = i % fixture.text_keys.len();
                let key = fixture.text_keys[i].0.to_string();
                let old = std::mem::replace(&mut current[i], value.clone());
                (Edit::Set { key: key.clone(), value: value.clone() }, Edit::Set { key, value: old })
            }
            Step::NewKey(value) => {
                let key = format!("extra{n}");
                (Edit::Set { key: key.clone(), value: value.clone() }, Edit::Unset(key))
            }
            Step::NewTag => (Edit::AddTag(format!("tag{n}")), Edit::RemoveTag(format!("tag{n}"))),
            Step::ToggleDraft if toggled => continue,
            Step::ToggleDraft => {
                toggled = true;
                match fixture.draft {
                    Some(draft) => (Edit::SetDraft(!draft), Edit::SetDraft(draft)),
                    None => (Edit::SetDraft(true), Edit::Unset("draft".into())),
                }
            }
        };
        forward.push(edit);
        backward.push(undo);
    }
    backward.reverse();
    (forward, backward)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn edits_then_their_reverses_give_back_the_original_bytes(which in 0usize..FIXTURES.len(), steps in prop::collection::vec(step(), 1..8)) {
        let fixture = &FIXTURES[which];
        let (forward, backward) = edits(fixture, &steps);
        let mut text = fixture.text.to_string();
        for edit in &forward {
            text = apply(&text, std::slice::from_ref(edit)).map_err(|e| TestCaseError::fail(format!("{edit:?}: {e}")))?;
        }
        for edit in &backward {
            text = apply(&text, std::slice::from_ref(edit)).map_err(|e| TestCaseError::fail(format!("{edit:?}: {e}")))?;
        }
        prop_assert_eq!(text, fixture.text);
    }

    #[test]
    fn edits_applied_at_once_equal_edits_applied_one_by_one(which in 0usize..FIXTURES.len(), steps in prop::collection::vec(step(), 1..8)) {
        let fixture = &FIXTURES[which];
        let (forward, _) = edits(fixture, &steps);
        let at_once = apply(fixture.text, &forward).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut one_by_one = fixture.text.to_string();
        for edit in &forward {
            one_by_one = apply(&one_by_one, std::slice::from_ref(edit)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        prop_assert_eq!(at_once, one_by_one);
    }
}

/// Any text typed for a key is written so that quire reads back exactly that text, or refused with
/// an error; never a panic, and the body is never touched.
mod any_value {
    use super::*;
    use quire::post::{self, FileStamp};

    fn read_back(text: &str, key: &str) -> Option<String> {
        let post = post::parse("a.md".into(), text.as_bytes(), FileStamp { modified: None, len: 0, hash: 0 });
        post.field(key).and_then(|v| v.as_text())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn typed_text_reads_back_or_is_refused(which in 0usize..FIXTURES.len(), value in "[\\PC\n\t\"'#:]{0,24}", key in prop_oneof![Just("title"), Just("summary")]) {
            let fixture = &FIXTURES[which];
            match apply(fixture.text, &[Edit::Set { key: key.into(), value: value.clone() }]) {
                Ok(after) => {
                    let body = |t: &str| t.rsplit_once("\nBody").map(|(_, b)| b.to_string());
                    prop_assert_eq!(body(&after), body(fixture.text));
                    if !value.trim().is_empty() {
                        prop_assert_eq!(read_back(&after, key), Some(value));
                    }
                }
                Err(err) => prop_assert!(!err.to_string().is_empty()),
            }
        }
    }
}
