//! Demo governance: an open proposal with a vote running, a closed STV election with its ballots
//! published, and a passed proposal with an outcome members follow. Made through the same
//! opening, casting and closing code as real polls, without emails.

use super::service;
use super::store::{self, PollInput};
use super::tally::{Kind, PassRule};
use super::types::Rule;
use crate::kernel::db::Tx;
use anyhow::Context as _;

pub struct Made {
    pub proposals: usize,
}

fn everyone() -> Rule {
    Rule { certified_trainers: true, ..Rule::members() }
}

/// `members` get the member role; `voters` cast the demo ballots (the first is the author).
pub async fn seed(tx: &mut Tx<'_>, author: i64, members: &[i64], now: i64) -> anyhow::Result<Made> {
    for id in members {
        sqlx::query(
            "INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, 'member', $2) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(now)
        .execute(&mut **tx)
        .await
        .context("Failed to make a demo member")?;
    }
    // 1. A closed STV election: a coordination committee of 3 from 6 candidates.
    let election = store::insert_proposal(
        tx,
        "comite-de-coordinacion-2027",
        "Comité de coordinación 2027",
        "Elegimos a las tres personas que coordinarán la comunidad durante 2027: agenda de cohortes, \
         relación con los centros de cómputo y el código de conducta.\n\nVotación secreta por voto único \
         transferible (reglas escocesas).",
        author,
        now - 20 * 86_400,
    )
    .await?;
    let candidates =
        ["Ana Quispe", "Bruno Carvalho", "Carla Méndez", "Diego Rojas", "Elena Souza", "Félix Paredes"];
    let stv = PollInput {
        title: "Elección del comité (3 puestos)".into(),
        kind: Kind::Stv,
        options: candidates.iter().map(|c| c.to_string()).collect(),
        seats: 3,
        pass: PassRule::Majority,
        quorum_pct: 20,
        anonymous: true,
        hide_results: true,
        rule: everyone(),
        opens_at: now - 14 * 86_400,
        closes_at: now - 7 * 86_400,
    };
    let poll = store::insert_poll(tx, election, &stv, author, now - 20 * 86_400).await?;
    store::append(
        tx,
        poll,
        "created",
        &serde_json::json!({ "title": stv.title, "kind": "stv", "seats": 3 }),
        Some(author),
        now - 20 * 86_400,
    )
    .await?;
    service::open_in(tx, None, poll, stv.opens_at).await?;
    let rankings: [&[u32]; 6] = [&[0, 2, 4], &[1, 4, 0], &[2, 0, 3], &[0, 1], &[4, 1, 5], &[3, 2, 0]];
    let opened = store::poll_by_id(&mut **tx, poll).await?.context("the demo poll")?;
    let electorate: Vec<i64> = store::electorate(&mut **tx, poll).await?.into_iter().map(|e| e.0).collect();
    for (i, voter) in electorate.iter().enumerate().take(18) {
        service::cast_in(tx, &opened, *voter, rankings[i % rankings.len()], stv.opens_at + 3600 * i as i64)
            .await?;
    }
    service::close_in(tx, None, poll, stv.closes_at).await?;
    sqlx::query(
        "UPDATE gov_proposals SET outcome = $2, status = 'in_progress', status_at = $3 WHERE id = $1",
    )
    .bind(election)
    .bind("El comité electo asume en enero de 2027; la primera reunión abierta será el 15 de enero.")
    .bind(now - 6 * 86_400)
    .execute(&mut **tx)
    .await
    .context("Failed to write a demo outcome")?;
    // 2. An open proposal: longer opening hours for the cluster's help desk in December.
    let open = store::insert_proposal(
        tx,
        "mesa-de-ayuda-en-diciembre",
        "Mesa de ayuda abierta en diciembre",
        "Propongo que la mesa de ayuda del foro tenga turnos de guardia durante diciembre, cuando muchas \
         tesis se entregan y el clúster está más cargado.",
        author,
        now - 2 * 86_400,
    )
    .await?;
    let proposal_poll = PollInput {
        title: "¿Aprobamos los turnos de guardia?".into(),
        kind: Kind::Proposal,
        options: vec![],
        seats: 1,
        pass: PassRule::Majority,
        quorum_pct: 0,
        anonymous: false,
        hide_results: false,
        rule: everyone(),
        opens_at: now - 86_400,
        closes_at: now + 6 * 86_400,
    };
    let poll = store::insert_poll(tx, open, &proposal_poll, author, now - 2 * 86_400).await?;
    store::append(
        tx,
        poll,
        "created",
        &serde_json::json!({ "title": proposal_poll.title, "kind": "proposal" }),
        Some(author),
        now - 2 * 86_400,
    )
    .await?;
    service::open_in(tx, None, poll, proposal_poll.opens_at).await?;
    let opened = store::poll_by_id(&mut **tx, poll).await?.context("the demo poll")?;
    let electorate: Vec<i64> = store::electorate(&mut **tx, poll).await?.into_iter().map(|e| e.0).collect();
    for (i, voter) in electorate.iter().enumerate().take(5) {
        let stance = [0u32, 0, 1, 0, 2][i % 5];
        service::cast_in(tx, &opened, *voter, &[stance], proposal_poll.opens_at + 600 * i as i64).await?;
    }
    super::jobs::schedule(tx, poll, proposal_poll.opens_at, proposal_poll.closes_at).await?;
    Ok(Made { proposals: 2 })
}
