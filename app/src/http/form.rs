//! What a form page needs to show a submission again: the values sent and the problems found.

use std::collections::HashMap;

/// Fields of a submitted form, and the errors found in them, for re-rendering the page.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub values: HashMap<String, String>,
    /// field → Fluent id of the problem.
    pub errors: Vec<(String, String)>,
    /// A message for the whole form (Fluent id).
    pub notice: Option<String>,
    /// Arguments of the notice's message (e.g. a number of seconds).
    pub notice_args: Vec<(String, String)>,
    /// Extra data a page shows once (e.g. freshly generated recovery codes).
    pub extra: Vec<String>,
}

impl FormState {
    /// A form that is shown again with these values (secrets already left out).
    pub fn with_values(values: HashMap<String, String>) -> FormState {
        FormState { values, ..FormState::default() }
    }

    /// A page that shows one message.
    pub fn notice(code: &str) -> FormState {
        FormState { notice: Some(code.to_owned()), ..FormState::default() }
    }

    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }

    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, c)| c.clone())
    }

    /// Records a problem with `field` (a Fluent id).
    pub fn push(&mut self, field: &str, code: &str) {
        self.errors.push((field.to_owned(), code.to_owned()));
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}
