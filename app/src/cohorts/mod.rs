//! Cohorts: editions of a course that trainers run together with learners — a schedule with
//! calendar feeds, enrolment (open, with a code, or by application, with a waitlist), a roster
//! with attendance, feedback surveys, certificates anyone can verify, and the Train-the-Trainer
//! checkout that turns learners into certified trainers.
//!
//! Policy: a cohort's team (lead, co-trainers, helpers) are roles *inside* it, on top of the global
//! roles ([`policy`]). Seats are decided under the cohort's row lock and the schema makes double
//! enrolment, double attendance rows and double certificates impossible. Every state change
//! writes its email in the same transaction; reminders are durable jobs. Times are stored in UTC
//! and shown in the reader's zone, named.

/// Private pages: one's Train-the-Trainer checkout (and the trainers' queue under it).
#[cfg(feature = "ssr")]
pub const PAGES: &[(&str, crate::http::access::Need)] = &[("checkout", crate::http::access::Need::Login)];

#[cfg(feature = "ssr")]
pub mod certificates;
#[cfg(feature = "ssr")]
pub mod checkout;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ics;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod launch;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod personal_data;
#[cfg(feature = "ssr")]
pub mod policy;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod surveys;
#[cfg(feature = "ssr")]
pub mod types;
