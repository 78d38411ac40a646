//! Who may do what with one cohort: its team's roles inside it, on top of the global roles of
//! [`crate::auth`]. Running a cohort needs the global trainer role (with its second factor) *and*
//! a teaching role in that cohort; admins may run any. Helpers keep the roster and attendance.

use super::types::{Role, State};
use crate::auth::{authorize, Action, Actor};
use crate::errors::AppError;

/// Creating a cohort: trainers and admins.
pub fn may_create(actor: Option<&Actor>) -> Result<(), AppError> {
    authorize(actor, Action::Teach)
}

/// Editing it, its schedule and team, deciding applications, surveys' results, certificates.
pub fn may_manage(actor: Option<&Actor>, role: Option<Role>) -> Result<(), AppError> {
    if authorize(actor, Action::Administer).is_ok() {
        return Ok(());
    }
    authorize(actor, Action::Teach)?;
    match role {
        Some(r) if r.teaches() => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// Seeing the roster and marking attendance: the whole team (helpers too) and admins.
pub fn may_keep_roster(actor: Option<&Actor>, role: Option<Role>) -> Result<(), AppError> {
    if authorize(actor, Action::Administer).is_ok() {
        return Ok(());
    }
    authorize(actor, Action::Participate)?;
    match role {
        Some(r) if r.teaches() => authorize(actor, Action::Teach),
        Some(r) if r.staff() => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// Seeing the cohort's page: anyone once published; its team and admins while a draft or archived.
pub fn may_view(actor: Option<&Actor>, role: Option<Role>, state: State) -> bool {
    state.public() || role.is_some_and(Role::staff) || authorize(actor, Action::Administer).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role as Global;

    fn actor(roles: &[Global], mfa: bool) -> Actor {
        Actor {
            user_id: 7,
            display_name: "x".into(),
            email: "x@example.org".into(),
            locale: crate::i18n::Locale::Pt,
            roles: roles.to_vec(),
            verified: true,
            totp_enabled: mfa,
            mfa,
            conduct_version: 1,
        }
    }

    #[test]
    fn a_trainer_runs_only_the_cohorts_they_teach() {
        let trainer = actor(&[Global::Trainer], true);
        assert!(may_create(Some(&trainer)).is_ok());
        assert!(may_manage(Some(&trainer), Some(Role::Lead)).is_ok());
        assert!(may_manage(Some(&trainer), Some(Role::Trainer)).is_ok());
        assert_eq!(may_manage(Some(&trainer), None), Err(AppError::Forbidden));
        assert_eq!(may_manage(Some(&trainer), Some(Role::Helper)), Err(AppError::Forbidden));
        let admin = actor(&[Global::Admin], true);
        assert!(may_manage(Some(&admin), None).is_ok());
    }

    #[test]
    fn learners_and_trainers_without_a_second_factor_run_nothing() {
        let learner = actor(&[], false);
        assert!(may_create(Some(&learner)).is_err());
        assert!(may_manage(Some(&learner), Some(Role::Lead)).is_err(), "a cohort role alone is not enough");
        assert!(may_keep_roster(Some(&learner), Some(Role::Learner)).is_err());
        assert!(may_keep_roster(Some(&learner), Some(Role::Helper)).is_ok(), "helpers keep the roster");
        let no_2fa = actor(&[Global::Trainer], false);
        assert!(may_manage(Some(&no_2fa), Some(Role::Lead)).is_err());
        assert!(may_create(None).is_err());
    }

    #[test]
    fn drafts_are_seen_by_their_team_only() {
        let learner = actor(&[], false);
        assert!(!may_view(Some(&learner), None, State::Draft));
        assert!(may_view(Some(&learner), Some(Role::Helper), State::Draft));
        assert!(may_view(None, None, State::Published));
        assert!(!may_view(None, None, State::Archived));
    }
}
