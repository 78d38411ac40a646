//! API tests: the real app on port 0, a fresh database each, on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed expectation is the test failing

mod accounts;
mod admin;
mod cache;
mod cohorts;
mod demo;
mod forms;
mod forum;
mod forum_search;
mod governance;
mod helpers;
mod isolation;
mod jobs;
mod kube;
mod kube_launch;
mod kubelet;
mod lessons;
mod notebooks;
mod ops;
mod reliability;
mod schema;
mod site;
mod smtp;
