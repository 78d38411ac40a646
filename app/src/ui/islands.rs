//! The interactive parts of Puente's pages. Each island is also fully rendered on the server, so
//! a page works the same without JavaScript; the wasm only adds instant feedback.

use crate::ui::check::{advise, Answers, CheckText};
use leptos::prelude::*;

/// The cluster self-check. Without JavaScript it is a GET form answered by the server; with
/// JavaScript each change updates the recommendation in place.
#[island]
pub fn ClusterCheck(text: CheckText, initial: Answers, action: String) -> impl IntoView {
    let answers = RwSignal::new(initial);
    let names = ["data", "time", "runs"];
    let questions = text.questions.clone();
    let text_for_result = text.clone();
    let result = move || match advise(answers.get()) {
        Some(advice) => text_for_result.result(advice).to_owned(),
        None => text_for_result.unanswered.clone(),
    };
    let fieldsets = names
        .into_iter()
        .zip(questions)
        .enumerate()
        .map(|(i, (name, question))| {
            let yes_id = format!("check-{name}-yes");
            let no_id = format!("check-{name}-no");
            let set = move |v: bool| answers.update(|a| a[i] = Some(v));
            view! {
                <fieldset class="check-question">
                    <legend>{question}</legend>
                    <input type="radio" id=yes_id.clone() name=name value="yes"
                        checked=initial[i] == Some(true)
                        on:change=move |_| set(true)/>
                    <label for=yes_id>{text.yes.clone()}</label>
                    <input type="radio" id=no_id.clone() name=name value="no"
                        checked=initial[i] == Some(false)
                        on:change=move |_| set(false)/>
                    <label for=no_id>{text.no.clone()}</label>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <form class="check" method="get" action=action>
            {fieldsets}
            <button type="submit" class="button">{text.submit.clone()}</button>
            <div class="check-result" role="status" aria-live="polite">
                <h3>{text.result_heading.clone()}</h3>
                <p data-testid="check-result">{result}</p>
            </div>
        </form>
    }
}
