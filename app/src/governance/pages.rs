//! Governance pages: the proposals, one proposal with its polls (voting form, "Can I vote?",
//! results with every round, published ballots with a receipt finder, who voted once enough did,
//! the audit log and the downloads), a new proposal, a new poll. Everything works without
//! JavaScript: every choice is a form field.

use super::service;
use super::store::{self, Ballot, Listed, LogEntry};
use super::tally::{Action, Kind, Outcome, Tie};
use super::types::{self, Decision, Poll, PollState, Proposal, Status};
use crate::errors::AppError;
use crate::i18n::{t, t_args, Locale};
use crate::ui::shell::page_locale;
use crate::ui::widgets::{
    current_actor, form_state, format_time, loaded, page_result, param, pool, query, Banner, CsrfField,
    Field, Notice, SelectField, TextArea,
};
use leptos::prelude::*;
use leptos_meta::Title;

fn gov_href(locale: Locale, rest: &str) -> String {
    if rest.is_empty() {
        format!("/{}/governance", locale.code())
    } else {
        format!("/{}/governance/{rest}", locale.code())
    }
}

fn short(hash: &str) -> String {
    hash.chars().take(16).collect()
}

// ---------- the list ----------

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct ListView {
    proposals: Vec<Listed>,
    may_propose: bool,
}

#[component]
pub fn GovernancePage() -> impl IntoView {
    let locale = page_locale();
    let data = page_result(move || async move {
        let pool = pool()?;
        let actor = current_actor();
        Ok(ListView {
            proposals: store::proposals(&pool).await?,
            may_propose: service::may_propose(actor.as_ref()).is_ok(),
        })
    });
    view! {
        <Title text=t(locale, "governance-title")/>
        <h1>{t(locale, "governance-title")}</h1>
        <p>{t(locale, "governance-intro")}</p>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| {
                let (open, closed): (Vec<Listed>, Vec<Listed>) = v.proposals.into_iter().partition(|l| l.live > 0 || l.polls == 0);
                view! {
                    {v.may_propose.then(|| view! { <p class="actions"><a class="button" href=gov_href(locale, "new")>{t(locale, "governance-new")}</a></p> })}
                    <section aria-labelledby="open-heading">
                        <h2 id="open-heading">{t(locale, "governance-open")}</h2>
                        {proposal_list(locale, open)}
                    </section>
                    <section aria-labelledby="closed-heading">
                        <h2 id="closed-heading">{t(locale, "governance-closed")}</h2>
                        {proposal_list(locale, closed)}
                    </section>
                }.into_any()
            }))}
        </Suspense>
    }
}

fn proposal_list(locale: Locale, rows: Vec<Listed>) -> AnyView {
    if rows.is_empty() {
        return view! { <p>{t(locale, "governance-none")}</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {rows.into_iter().map(|l| {
                let p = l.proposal;
                view! {
                    <li class="card">
                        <h3><a href=gov_href(locale, &service::segment(&p))>{p.title.clone()}</a></h3>
                        <p class="meta">
                            {t_args(locale, "governance-by", &[("name", &p.author), ("date", &format_time(p.created_at))])}
                            {l.closes_at.map(|c| view! { " · "{t_args(locale, "governance-closes", &[("time", &format_time(c))])} })}
                            {(p.status != Status::Unset).then(|| view! { " · "<strong>{t(locale, &format!("governance-status-{}", p.status.code()))}</strong> })}
                        </p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

// ---------- a new proposal ----------

#[component]
pub fn NewProposalPage() -> impl IntoView {
    let locale = page_locale();
    let data = page_result(move || async move {
        service::may_propose(current_actor().as_ref())?;
        Ok(())
    });
    view! {
        <Title text=t(locale, "governance-new")/>
        <nav aria-label=t(locale, "lesson-breadcrumb") class="breadcrumb"><a href=gov_href(locale, "")>{t(locale, "governance-title")}</a></nav>
        <h1>{t(locale, "governance-new")}</h1>
        <Notice locale=locale/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |_| view! {
                <form method="post" action=gov_href(locale, "new")>
                    <CsrfField/>
                    <Field locale=locale name="title" label="governance-field-title" maxlength=types::MAX_TITLE_CHARS as u32/>
                    <TextArea locale=locale name="body" label="governance-field-body" hint="governance-field-body-hint" rows=10 maxlength=types::MAX_BODY_CHARS as u32/>
                    <button type="submit" class="button">{t(locale, "governance-create")}</button>
                </form>
            }.into_any()))}
        </Suspense>
    }
}

// ---------- a proposal ----------

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct PollView {
    poll: Poll,
    labels: Vec<String>,
    /// Signed in: in the frozen electorate (open, closed) or selected by the rule now (scheduled).
    eligible: Option<bool>,
    voted: bool,
    my_vote: Option<Vec<u32>>,
    voters: i64,
    result: Option<Outcome>,
    ballots: Vec<Ballot>,
    participation: Option<Vec<String>>,
    log: Vec<LogEntry>,
    found: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct ProposalView {
    proposal: Proposal,
    body_html: String,
    outcome_html: String,
    polls: Vec<PollView>,
    may_admin: bool,
    follows: Option<bool>,
    topic: Option<String>,
}

async fn proposal_view(segment: String, locale: Locale) -> Result<ProposalView, AppError> {
    let pool = pool()?;
    let actor = current_actor();
    let id = service::proposal_id(&segment).ok_or(AppError::NotFound)?;
    let proposal = store::proposal_by_id(&pool, id).await?.ok_or(AppError::NotFound)?;
    let receipt = query("receipt").filter(|r| !r.trim().is_empty());
    let now = crate::kernel::clock::now();
    let mut polls = Vec::new();
    for poll in store::polls_of(&pool, id).await? {
        let (eligible, voted, my_vote) = match &actor {
            None => (None, false, None),
            Some(a) => {
                let eligible = if poll.state == PollState::Scheduled {
                    // A read on a pooled connection: no write transaction for a page view.
                    let mut conn = pool.acquire().await.map_err(anyhow::Error::from)?;
                    let people = store::eligible(&mut conn, &poll.rule, now).await?;
                    people.contains(&a.user_id)
                } else {
                    store::in_electorate(&pool, poll.id, a.user_id).await?
                };
                let entry = store::roll_entry(&pool, poll.id, a.user_id).await?;
                (Some(eligible), entry.is_some(), entry.flatten())
            }
        };
        let ballots =
            if poll.state == PollState::Closed { store::ballots(&pool, poll.id).await? } else { Vec::new() };
        let found = receipt
            .as_ref()
            .map(|r| service::receipt_hash(poll.id, r))
            .filter(|h| ballots.iter().any(|b| &b.receipt_hash == h));
        let voters = store::voter_count(&pool, poll.id).await?;
        let mut counted = poll.clone();
        counted.ballot_count = if poll.state == PollState::Closed { poll.ballot_count } else { voters };
        let participation = if counted.participation_visible() {
            Some(store::voter_names(&pool, poll.id).await?)
        } else {
            None
        };
        polls.push(PollView {
            labels: types::option_labels(&poll, locale),
            result: service::visible_result(&pool, &poll).await?,
            log: store::log(&pool, poll.id).await?,
            eligible,
            voted,
            my_vote,
            voters,
            ballots,
            participation,
            found,
            poll,
        });
    }
    let follows = match &actor {
        Some(a) => Some(store::follows(&pool, id, a.user_id).await?),
        None => None,
    };
    let topic = match proposal.topic_id {
        Some(t) => crate::forum::store::topic_by_id(&pool, t)
            .await?
            .map(|topic| format!("/{}/forum/t/{}-{}", locale.code(), topic.id, topic.slug)),
        None => None,
    };
    Ok(ProposalView {
        body_html: crate::kernel::markdown::user_html(&proposal.body),
        outcome_html: crate::kernel::markdown::user_html(&proposal.outcome),
        may_admin: service::may_administer(actor.as_ref()).is_ok(),
        proposal,
        polls,
        follows,
        topic,
    })
}

#[component]
pub fn ProposalPage() -> impl IntoView {
    let locale = page_locale();
    let segment = param("proposal");
    let data = page_result(move || proposal_view(segment.clone(), locale));
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| proposal_page(locale, v).into_any()))}
        </Suspense>
    }
}

fn proposal_page(locale: Locale, v: ProposalView) -> impl IntoView {
    let p = v.proposal.clone();
    let here = gov_href(locale, &service::segment(&p));
    let status_options: Vec<(String, String)> = Status::ALL
        .iter()
        .filter(|s| **s != Status::Unset)
        .map(|s| (s.code().to_owned(), t(locale, &format!("governance-status-{}", s.code()))))
        .collect();
    view! {
        <Title text=p.title.clone()/>
        <nav aria-label=t(locale, "lesson-breadcrumb") class="breadcrumb"><a href=gov_href(locale, "")>{t(locale, "governance-title")}</a></nav>
        <h1>{p.title.clone()}</h1>
        <p class="meta">{t_args(locale, "governance-by", &[("name", &p.author), ("date", &format_time(p.created_at))])}</p>
        <Notice locale=locale/>
        {query("changed").map(|_| view! { <Banner locale=locale code="governance-settings-saved"/> })}
        {query("outcome").map(|_| view! { <Banner locale=locale code="governance-outcome-saved"/> })}
        <div class="prose" inner_html=v.body_html.clone()></div>
        {v.topic.clone().map(|href| view! { <p><a href=href>{t(locale, "governance-discussion")}</a></p> })}
        <section id="outcome" aria-labelledby="outcome-heading">
            <h2 id="outcome-heading">{t(locale, "governance-outcome")}</h2>
            {if p.status == Status::Unset {
                view! { <p>{t(locale, "governance-outcome-none")}</p> }.into_any()
            } else {
                view! {
                    <p><strong>{t(locale, &format!("governance-status-{}", p.status.code()))}</strong>
                        {p.status_at.map(|at| view! { " · "<span class="meta">{format_time(at)}</span> })}</p>
                    <div class="prose" inner_html=v.outcome_html.clone()></div>
                }.into_any()
            }}
            {v.follows.map(|on| view! {
                <form method="post" action=format!("{here}/follow") class="inline">
                    <CsrfField/>
                    <input type="hidden" name="on" value=if on { "no" } else { "yes" }/>
                    <button type="submit" class="button secondary" aria-pressed=if on { "true" } else { "false" }>
                        {t(locale, if on { "governance-unfollow" } else { "governance-follow" })}
                    </button>
                </form>
            })}
            {v.may_admin.then(|| view! {
                <details>
                    <summary>{t(locale, "governance-outcome-record")}</summary>
                    <form method="post" action=format!("{here}/outcome")>
                        <CsrfField/>
                        <SelectField locale=locale name="status" label="governance-field-status" options=status_options.clone() selected=p.status.code().to_owned()/>
                        <TextArea locale=locale name="outcome" label="governance-field-outcome" rows=5 initial=p.outcome.clone()/>
                        <button type="submit" class="button">{t(locale, "governance-outcome-save")}</button>
                    </form>
                </details>
            })}
        </section>
        <section aria-labelledby="polls-heading">
            <h2 id="polls-heading">{t(locale, "governance-polls")}</h2>
            {v.may_admin.then(|| view! { <p class="actions"><a class="button secondary" href=format!("{here}/polls/new")>{t(locale, "governance-poll-new")}</a></p> })}
            {if v.polls.is_empty() { Some(view! { <p>{t(locale, "governance-polls-none")}</p> }) } else { None }}
            {v.polls.into_iter().map(|pv| poll_section(locale, &here, pv, v.may_admin)).collect_view()}
        </section>
    }
}

fn kind_label(locale: Locale, poll: &Poll) -> String {
    match poll.kind {
        Kind::Stv => t_args(locale, "governance-kind-stv-seats", &[("seats", &poll.seats.to_string())]),
        k => t(locale, &format!("governance-kind-{}", k.code())),
    }
}

fn poll_section(locale: Locale, here: &str, pv: PollView, may_admin: bool) -> impl IntoView {
    let poll = pv.poll.clone();
    let id = poll.id;
    let now = crate::kernel::clock::now();
    let state_label = t(locale, &format!("governance-state-{}", poll.state.code()));
    let can_vote = poll.accepting(now) && pv.eligible == Some(true) && (!pv.voted || !poll.anonymous);
    let eligibility = match (pv.eligible, poll.state) {
        (None, _) => t(locale, "governance-eligible-login"),
        (Some(true), PollState::Scheduled) => t(locale, "governance-eligible-yes-scheduled"),
        (Some(false), PollState::Scheduled) => t(locale, "governance-eligible-no-scheduled"),
        (Some(true), _) => t(locale, "governance-eligible-yes"),
        (Some(false), _) => t(locale, "governance-eligible-no"),
    };
    let secrecy = if poll.anonymous { "governance-secret-explained" } else { "governance-open-explained" };
    let downloads = (poll.state == PollState::Closed).then(|| {
        view! {
            <p class="actions">
                <a href=format!("/governance/polls/{id}.csv") download="">{t(locale, "governance-download-csv")}</a>" · "
                <a href=format!("/governance/polls/{id}.blt") download="">{t(locale, "governance-download-blt")}</a>" · "
                <a href=format!("/governance/polls/{id}.json") download="">{t(locale, "governance-download-json")}</a>
            </p>
        }
    });
    view! {
        <article class="card poll" id=format!("poll-{id}") aria-labelledby=format!("poll-{id}-title")>
            <h3 id=format!("poll-{id}-title")>{poll.title.clone()}</h3>
            <p class="meta">
                {kind_label(locale, &poll)}" · "<strong>{state_label}</strong>" · "
                {t_args(locale, "governance-window", &[("opens", &format_time(poll.opens_at)), ("closes", &format_time(poll.closes_at))])}
            </p>
            <p class="meta">{electorate_line(locale, &poll, pv.voters)}</p>
            <p data-testid="can-i-vote"><strong>{t(locale, "governance-can-i-vote")}</strong>" "{eligibility}</p>
            <p class="meta">{t(locale, secrecy)}</p>
            {(pv.voted && poll.anonymous).then(|| view! { <p class="notice success">{t(locale, "governance-you-voted")}</p> })}
            {can_vote.then(|| ballot_form(locale, &pv))}
            {pv.result.clone().map(|r| results(locale, &poll, &pv.labels, &r))}
            {(poll.state != PollState::Closed && poll.hide_results).then(|| view! { <p class="meta">{t(locale, "governance-results-hidden")}</p> })}
            {pv.participation.clone().map(|names| view! {
                <details>
                    <summary>{t_args(locale, "governance-participation", &[("count", &names.len().to_string())])}</summary>
                    <ul class="inline-list">{names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                </details>
            })}
            {(poll.state == PollState::Closed).then(|| ballots_section(locale, here, &pv))}
            {downloads}
            <details>
                <summary>{t(locale, "governance-log")}</summary>
                <div class="table-scroll" role="region" tabindex="0" aria-label=t(locale, "governance-log")>
                    <table>
                        <thead><tr>
                            <th scope="col">"#"</th><th scope="col">{t(locale, "governance-log-time")}</th>
                            <th scope="col">{t(locale, "governance-log-event")}</th><th scope="col">{t(locale, "governance-log-hash")}</th>
                        </tr></thead>
                        <tbody>
                            {pv.log.iter().map(|e| view! {
                                <tr><td>{e.seq}</td><td>{format_time(e.at)}</td>
                                    <td>{t(locale, &format!("governance-event-{}", e.event))}<br/><code class="meta">{e.detail.clone()}</code></td>
                                    <td><code>{short(&e.hash)}</code></td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <p><a href=format!("/governance/polls/{id}-log.json") download="">{t(locale, "governance-download-log")}</a></p>
            </details>
            {(may_admin && poll.state != PollState::Closed && pv.voters == 0).then(|| settings_form(locale, &poll))}
        </article>
    }
}

fn electorate_line(locale: Locale, poll: &Poll, voters: i64) -> String {
    match poll.state {
        PollState::Scheduled => t(locale, "governance-electorate-later"),
        _ => {
            let mut s = t_args(
                locale,
                "governance-electorate",
                &[
                    ("count", &poll.electorate_count.to_string()),
                    ("hash", &short(&poll.electorate_hash)),
                    ("voted", &voters.to_string()),
                ],
            );
            if poll.quorum_pct > 0 {
                s.push_str(" · ");
                s.push_str(&t_args(
                    locale,
                    "governance-quorum",
                    &[("pct", &poll.quorum_pct.to_string()), ("count", &poll.quorum_count().to_string())],
                ));
            }
            s
        }
    }
}

fn ballot_form(locale: Locale, pv: &PollView) -> impl IntoView {
    let poll = &pv.poll;
    let id = poll.id;
    let st = form_state();
    let error = st.error(&format!("ballot-{id}"));
    let confirm_error = st.error(&format!("confirm-{id}"));
    let err_id = format!("ballot-{id}-error");
    let mine = pv.my_vote.clone().unwrap_or_default();
    let fields = match poll.kind {
        Kind::Proposal | Kind::Single => pv
            .labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let fid = format!("p{id}-choice-{i}");
                view! {
                    <div class="choice">
                        <input type="radio" id=fid.clone() name="choice" value=i.to_string() checked=mine.first() == Some(&(i as u32))/>
                        <label for=fid>{label.clone()}</label>
                    </div>
                }
                .into_any()
            })
            .collect::<Vec<_>>(),
        Kind::Approval => pv
            .labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let fid = format!("p{id}-approve-{i}");
                view! {
                    <div class="choice">
                        <input type="checkbox" id=fid.clone() name=format!("approve-{i}") value="yes" checked=mine.contains(&(i as u32))/>
                        <label for=fid>{label.clone()}</label>
                    </div>
                }
                .into_any()
            })
            .collect(),
        Kind::Ranked | Kind::Stv => {
            let n = pv.labels.len();
            pv.labels
                .iter()
                .enumerate()
                .map(|(i, label)| {
                    let fid = format!("p{id}-rank-{i}");
                    let current = mine.iter().position(|c| *c == i as u32).map(|p| p + 1);
                    view! {
                        <div class="field rank">
                            <label for=fid.clone()>{label.clone()}</label>
                            <select id=fid name=format!("rank-{i}")>
                                <option value="">{t(locale, "governance-rank-none")}</option>
                                {(1..=n).map(|r| view! { <option value=r.to_string() selected=current == Some(r)>{r}</option> }).collect_view()}
                            </select>
                        </div>
                    }
                    .into_any()
                })
                .collect()
        }
    };
    let legend = match poll.kind {
        Kind::Ranked | Kind::Stv => "governance-ballot-rank",
        Kind::Approval => "governance-ballot-approve",
        _ => "governance-ballot-choose",
    };
    view! {
        <form method="post" action=format!("/{}/governance/polls/{id}/vote", locale.code()) class="ballot">
            <CsrfField/>
            <fieldset aria-describedby=error.is_some().then_some(err_id.clone())>
                <legend>{t(locale, legend)}</legend>
                {error.clone().map(|e| view! { <p class="error" id=err_id.clone() role="alert">{t(locale, &e)}</p> })}
                {fields}
            </fieldset>
            {poll.anonymous.then(|| {
                let cid = format!("p{id}-confirm");
                view! {
                    <div class="choice">
                        {confirm_error.clone().map(|e| view! { <p class="error" id=format!("{cid}-error")>{t(locale, &e)}</p> })}
                        <input type="checkbox" id=cid.clone() name="confirm" value="yes"
                            aria-invalid=confirm_error.is_some().then_some("true")
                            aria-describedby=confirm_error.is_some().then_some(format!("{cid}-error"))/>
                        <label for=cid>{t(locale, "governance-ballot-final")}</label>
                    </div>
                }
            })}
            <button type="submit" class="button">{t(locale, if pv.voted { "governance-vote-change" } else { "governance-vote" })}</button>
        </form>
    }
}

fn results(locale: Locale, poll: &Poll, labels: &[String], r: &Outcome) -> impl IntoView {
    let decision = (poll.state == PollState::Closed).then(|| Decision::of(poll, r));
    let total: u64 = r.ballots.max(1);
    let elected: Vec<String> = r.elected.iter().filter_map(|i| labels.get(*i as usize).cloned()).collect();
    let label = |i: u32| labels.get(i as usize).cloned().unwrap_or_else(|| "?".to_owned());
    let totals_head = match poll.kind {
        Kind::Ranked | Kind::Stv => "governance-first-preferences",
        Kind::Approval => "governance-approvals",
        _ => "governance-votes",
    };
    view! {
        <section class="results" aria-label=t(locale, "governance-results")>
            <h4>{t(locale, "governance-results")}</h4>
            {decision.map(|d| view! {
                <p data-testid=format!("decision-{}", poll.id)><strong>{t(locale, d.code())}</strong>
                    {(!elected.is_empty() && poll.kind != Kind::Proposal).then(|| view! { " "{elected.join(", ")} })}</p>
            })}
            {r.tie.map(|tie| view! { <p class="meta">{t(locale, tie_code(tie))}</p> })}
            <p class="meta">{t_args(locale, "governance-ballots-counted", &[("count", &r.ballots.to_string()), ("invalid", &r.invalid.to_string())])}
                {r.quota.map(|q| view! { " · "{t_args(locale, "governance-quota", &[("quota", &q.to_string())])} })}</p>
            <table>
                <thead><tr><th scope="col">{t(locale, "governance-option")}</th><th scope="col">{t(locale, totals_head)}</th><th scope="col">"%"</th></tr></thead>
                <tbody>
                    {r.totals.iter().enumerate().map(|(i, n)| view! {
                        <tr><td>{label(i as u32)}</td><td>{*n}</td><td>{format!("{:.1}", *n as f64 * 100.0 / total as f64)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            {(!r.rounds.is_empty()).then(|| view! {
                <details open=poll.state == PollState::Closed>
                    <summary>{t_args(locale, "governance-rounds", &[("count", &r.rounds.len().to_string())])}</summary>
                    <div class="table-scroll" role="region" tabindex="0" aria-label=t(locale, "governance-rounds-table")>
                        <table>
                            <thead><tr>
                                <th scope="col">{t(locale, "governance-round")}</th>
                                {labels.iter().map(|l| view! { <th scope="col">{l.clone()}</th> }).collect_view()}
                                <th scope="col">{t(locale, "governance-exhausted")}</th>
                                <th scope="col">{t(locale, "governance-round-action")}</th>
                            </tr></thead>
                            <tbody>
                                {r.rounds.iter().map(|round| {
                                    let action = match &round.action {
                                        Action::FirstPreferences => t(locale, "governance-action-first"),
                                        Action::Surplus { from, transfer_value } => t_args(locale, "governance-action-surplus", &[("name", &label(*from)), ("value", &transfer_value.to_string())]),
                                        Action::Exclusion { candidate } => t_args(locale, "governance-action-exclusion", &[("name", &label(*candidate))]),
                                        Action::Filled => t(locale, "governance-action-filled"),
                                    };
                                    let elected: Vec<String> = round.elected.iter().map(|i| label(*i)).collect();
                                    let excluded: Vec<String> = round.excluded.iter().map(|i| label(*i)).collect();
                                    view! {
                                        <tr>
                                            <td>{round.number}</td>
                                            {round.tallies.iter().enumerate().map(|(i, v)| {
                                                // The change this round made, under the tally (transfers in and out).
                                                let first = matches!(round.action, Action::FirstPreferences);
                                                let moved = round.transferred.get(i).filter(|d| d.0 != 0 && !first).map(|d| {
                                                    let sign = if d.0 > 0 { "+" } else { "" };
                                                    format!("{sign}{d}")
                                                });
                                                view! { <td>{v.to_string()}{moved.map(|m| view! { <br/><span class="meta">{m}</span> })}</td> }
                                            }).collect_view()}
                                            <td>{round.exhausted.to_string()}</td>
                                            <td>{action}
                                                {(!elected.is_empty()).then(|| view! { <br/>{t_args(locale, "governance-round-elected", &[("names", &elected.join(", "))])} })}
                                                {(!excluded.is_empty()).then(|| view! { <br/>{t_args(locale, "governance-round-excluded", &[("names", &excluded.join(", "))])} })}
                                                {round.tie.map(|tie| view! { <br/>{t(locale, tie_code(tie))} })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </details>
            })}
        </section>
    }
}

fn tie_code(tie: Tie) -> &'static str {
    match tie {
        Tie::Backwards => "governance-tie-backwards",
        Tie::Lot => "governance-tie-lot",
    }
}

/// Published ballots, the voter's found by their receipt; at most 500 rows here (all in the downloads).
fn ballots_section(locale: Locale, here: &str, pv: &PollView) -> impl IntoView {
    let id = pv.poll.id;
    let label = |i: &u32| pv.labels.get(*i as usize).cloned().unwrap_or_else(|| "?".to_owned());
    let separator = if matches!(pv.poll.kind, Kind::Ranked | Kind::Stv) { " > " } else { ", " };
    let searched = query("receipt").filter(|r| !r.trim().is_empty()).is_some();
    let fid = format!("receipt-{id}");
    view! {
        <details open=pv.found.is_some()>
            <summary>{t_args(locale, "governance-ballots", &[("count", &pv.ballots.len().to_string())])}</summary>
            <form method="get" action=format!("{here}#poll-{id}") role="search" class="filters">
                <div class="field">
                    <label for=fid.clone()>{t(locale, "governance-receipt-find")}</label>
                    <input id=fid name="receipt" autocomplete="off" spellcheck="false"/>
                </div>
                <button type="submit" class="button secondary">{t(locale, "governance-receipt-search")}</button>
            </form>
            {match (&pv.found, searched) {
                (Some(_), _) => Some(view! { <p class="notice success" role="status" data-testid=format!("found-{id}")>{t(locale, "governance-receipt-found")}</p> }.into_any()),
                (None, true) => Some(view! { <p class="notice problem" role="status">{t(locale, "governance-receipt-missing")}</p> }.into_any()),
                _ => None,
            }}
            <div class="table-scroll" role="region" tabindex="0" aria-label=t(locale, "governance-ballots-table")>
                <table>
                    <thead><tr><th scope="col">{t(locale, "governance-receipt-hash")}</th><th scope="col">{t(locale, "governance-choices")}</th><th scope="col">{t(locale, "governance-cast-on")}</th></tr></thead>
                    <tbody>
                        {pv.ballots.iter().take(500).map(|b| {
                            let mine = pv.found.as_deref() == Some(b.receipt_hash.as_str());
                            view! {
                                <tr class=mine.then_some("mine")>
                                    <td><code>{if mine { b.receipt_hash.clone() } else { short(&b.receipt_hash) }}</code>{mine.then(|| view! { " "<mark>{t(locale, "governance-receipt-yours")}</mark> })}</td>
                                    <td>{b.choices.iter().map(label).collect::<Vec<_>>().join(separator)}</td>
                                    <td>{b.cast_on.clone()}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}

fn settings_form(locale: Locale, poll: &Poll) -> impl IntoView {
    let zone = jiff::tz::TimeZone::UTC;
    let (date, time) = local_fields(poll.closes_at, &zone);
    view! {
        <details>
            <summary>{t(locale, "governance-settings")}</summary>
            <form method="post" action=format!("/{}/governance/polls/{}/settings", locale.code(), poll.id)>
                <CsrfField/>
                <input type="hidden" name="zone" value="UTC"/>
                <Field locale=locale name="closes_date" label="governance-field-closes-date" kind="date" initial=date/>
                <Field locale=locale name="closes_time" label="governance-field-closes-time-utc" kind="time" initial=time/>
                <Field locale=locale name="quorum" label="governance-field-quorum" inputmode="numeric" required=false initial=poll.quorum_pct.to_string()/>
                {(!poll.hide_results).then(|| view! {
                    <div class="choice"><input type="checkbox" id="f-hide" name="hide_results" value="yes"/>
                        <label for="f-hide">{t(locale, "governance-field-hide")}</label></div>
                })}
                <button type="submit" class="button secondary">{t(locale, "governance-settings-save")}</button>
            </form>
        </details>
    }
}

fn local_fields(at: i64, zone: &jiff::tz::TimeZone) -> (String, String) {
    match jiff::Timestamp::from_second(at) {
        Ok(ts) => {
            let z = ts.to_zoned(zone.clone());
            (z.date().to_string(), format!("{:02}:{:02}", z.hour(), z.minute()))
        }
        Err(_) => (String::new(), String::new()),
    }
}

// ---------- a ballot just cast ----------

/// The answer to a ballot: its receipt, shown once (it comes with the form's answer, never from
/// an address), and the way back. Opened directly it only explains where receipts come from.
#[component]
pub fn VotedPage() -> impl IntoView {
    let locale = page_locale();
    let st = form_state();
    let receipt =
        (st.extra.len() == 3).then(|| (st.extra[0].clone(), st.extra[1].clone(), st.extra[2].clone()));
    view! {
        <Title text=t(locale, "governance-voted")/>
        <nav aria-label=t(locale, "lesson-breadcrumb") class="breadcrumb"><a href=gov_href(locale, "")>{t(locale, "governance-title")}</a></nav>
        <h1>{t(locale, "governance-voted-title")}</h1>
        {match receipt {
            Some((poll, code, back)) => view! {
                <div class="notice success" role="status" data-testid="receipt">
                    <p>{t(locale, "governance-voted")}" "{t(locale, "governance-receipt-intro")}</p>
                    <p><strong class="code">{code}</strong></p>
                    <p class="meta">{t_args(locale, "governance-receipt-hint", &[("poll", &poll)])}</p>
                </div>
                <p><a class="button" href=back>{t(locale, "governance-back")}</a></p>
            }.into_any(),
            None => view! { <p>{t(locale, "governance-voted-elsewhere")}</p> }.into_any(),
        }}
    }
}

// ---------- a new poll ----------

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct NewPollView {
    proposal: Proposal,
}

#[component]
pub fn NewPollPage() -> impl IntoView {
    let locale = page_locale();
    let segment = param("proposal");
    let data = page_result(move || {
        let segment = segment.clone();
        async move {
            service::may_administer(current_actor().as_ref())?;
            let id = service::proposal_id(&segment).ok_or(AppError::NotFound)?;
            let proposal = store::proposal_by_id(&pool()?, id).await?.ok_or(AppError::NotFound)?;
            Ok(NewPollView { proposal })
        }
    });
    view! {
        <Title text=t(locale, "governance-poll-new")/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|d| loaded(d, |v| new_poll_form(locale, v).into_any()))}
        </Suspense>
    }
}

fn new_poll_form(locale: Locale, v: NewPollView) -> impl IntoView {
    let here = gov_href(locale, &service::segment(&v.proposal));
    let st = form_state();
    let kinds: Vec<(String, String)> = ["proposal", "single", "approval", "ranked", "stv"]
        .iter()
        .map(|k| (k.to_string(), t(locale, &format!("governance-kind-{k}"))))
        .collect();
    let pass: Vec<(String, String)> = ["majority", "two_thirds"]
        .iter()
        .map(|k| (k.to_string(), t(locale, &format!("governance-pass-{k}"))))
        .collect();
    let combine: Vec<(String, String)> = ["any", "all"]
        .iter()
        .map(|k| (k.to_string(), t(locale, &format!("governance-combine-{k}"))))
        .collect();
    let rule_error = st.error("rule");
    let now = crate::kernel::clock::now();
    let zone = st.values.get("zone").cloned().unwrap_or_else(|| "UTC".to_owned());
    let tz = crate::kernel::zones::parse(&zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let (od, ot) = local_fields(now + 3600, &tz);
    let (cd, ct) = local_fields(now + 8 * 86_400, &tz);
    let checked = |name: &str, default: bool| {
        if st.values.is_empty() {
            default
        } else {
            st.values.get(name).map(String::as_str) == Some("yes")
        }
    };
    view! {
        <nav aria-label=t(locale, "lesson-breadcrumb") class="breadcrumb">
            <a href=gov_href(locale, "")>{t(locale, "governance-title")}</a>" › "
            <a href=here.clone()>{v.proposal.title.clone()}</a>
        </nav>
        <h1>{t(locale, "governance-poll-new")}</h1>
        <Notice locale=locale/>
        <form method="post" action=format!("{here}/polls/new")>
            <CsrfField/>
            <Field locale=locale name="poll_title" label="governance-field-poll-title" maxlength=types::MAX_TITLE_CHARS as u32/>
            <SelectField locale=locale name="kind" label="governance-field-kind" options=kinds selected=st.values.get("kind").cloned().unwrap_or_else(|| "proposal".into())/>
            <TextArea locale=locale name="options" label="governance-field-options" hint="governance-field-options-hint" required=false rows=5/>
            <Field locale=locale name="seats" label="governance-field-seats" inputmode="numeric" required=false initial="1"/>
            <SelectField locale=locale name="pass_rule" label="governance-field-pass" options=pass selected=st.values.get("pass_rule").cloned().unwrap_or_else(|| "majority".into())/>
            <Field locale=locale name="quorum" label="governance-field-quorum" hint="governance-field-quorum-hint" inputmode="numeric" required=false/>
            <fieldset>
                <legend>{t(locale, "governance-field-secrecy")}</legend>
                <div class="choice"><input type="checkbox" id="f-anonymous" name="anonymous" value="yes" checked=checked("anonymous", true)/>
                    <label for="f-anonymous">{t(locale, "governance-field-anonymous")}</label></div>
                <div class="choice"><input type="checkbox" id="f-hide_results" name="hide_results" value="yes" checked=checked("hide_results", true)/>
                    <label for="f-hide_results">{t(locale, "governance-field-hide")}</label></div>
            </fieldset>
            <fieldset aria-describedby=rule_error.is_some().then_some("rule-error")>
                <legend>{t(locale, "governance-field-electorate")}</legend>
                {rule_error.clone().map(|e| view! { <p class="error" id="rule-error" role="alert">{t(locale, &e)}</p> })}
                <SelectField locale=locale name="rule_combine" label="governance-field-combine" options=combine selected=st.values.get("rule_combine").cloned().unwrap_or_else(|| "any".into())/>
                <div class="choice"><input type="checkbox" id="f-rule_members" name="rule_members" value="yes" checked=checked("rule_members", false)/>
                    <label for="f-rule_members">{t(locale, "governance-rule-members")}</label></div>
                <div class="choice"><input type="checkbox" id="f-rule_trainers" name="rule_trainers" value="yes" checked=checked("rule_trainers", false)/>
                    <label for="f-rule_trainers">{t(locale, "governance-rule-trainers")}</label></div>
                <Field locale=locale name="rule_course" label="governance-rule-course" required=false/>
                <Field locale=locale name="rule_cohort" label="governance-rule-cohort" required=false/>
                <TextArea locale=locale name="rule_emails" label="governance-rule-emails" hint="governance-rule-emails-hint" required=false rows=3/>
                <Field locale=locale name="rule_active_months" label="governance-rule-active" inputmode="numeric" required=false/>
            </fieldset>
            <fieldset>
                <legend>{t(locale, "governance-field-window")}</legend>
                <SelectField locale=locale name="zone" label="governance-field-zone" options=crate::kernel::zones::options() selected=zone.clone()/>
                <Field locale=locale name="opens_date" label="governance-field-opens-date" kind="date" initial=od/>
                <Field locale=locale name="opens_time" label="governance-field-opens-time" kind="time" initial=ot/>
                <Field locale=locale name="closes_date" label="governance-field-closes-date" kind="date" initial=cd/>
                <Field locale=locale name="closes_time" label="governance-field-closes-time" kind="time" initial=ct/>
            </fieldset>
            <button type="submit" class="button">{t(locale, "governance-poll-create")}</button>
        </form>
    }
}
