//! Who is asking, and the one place that decides what they may do with global roles. Every
//! server-side action asks [`authorize`]; hiding a button is never the check. Domains add their
//! own resource-scoped policies (a cohort's trainer, a category's moderator) on top, each in its
//! own `policy` module.

use crate::errors::AppError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub enum Role {
    Trainer,
    Moderator,
    Admin,
    /// A member of the community (an admin grants it): no powers, a vote where polls say so.
    Member,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Trainer, Role::Moderator, Role::Admin, Role::Member];

    pub fn code(self) -> &'static str {
        match self {
            Role::Trainer => "trainer",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }
}

/// Who is asking, as the session middleware established it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub locale: crate::i18n::Locale,
    pub roles: Vec<Role>,
    pub verified: bool,
    /// Two-factor login is on for the account.
    pub totp_enabled: bool,
    /// This session was opened with the second factor (or turned it on): powers over other
    /// people (admin, trainer, moderator) need it, not just the account setting.
    pub mfa: bool,
    /// The code of conduct version this person accepted.
    pub conduct_version: i64,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// Everything that needs a decision. Later domains add their actions here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read and change one's own account (profile, password, sessions, 2FA).
    ManageOwnAccount,
    /// Do something with effects on others or on the cluster: launch, post, vote.
    Participate,
    /// The admin pages: users, roles, the outbox.
    Administer,
    /// Run cohorts, evaluate trainees, issue certificates (trainers and admins).
    Teach,
    /// Moderate the forums (moderators and admins).
    Moderate,
}

/// Decides; `None` is an anonymous visitor.
pub fn authorize(actor: Option<&Actor>, action: Action) -> Result<(), AppError> {
    let actor = actor.ok_or(AppError::Unauthenticated)?;
    match action {
        Action::ManageOwnAccount => Ok(()),
        Action::Participate if actor.verified => Ok(()),
        Action::Participate => Err(AppError::Conflict { code: "account-unverified".to_owned() }),
        Action::Administer => powerful(actor, actor.has(Role::Admin)),
        Action::Teach => powerful(actor, actor.has(Role::Trainer) || actor.has(Role::Admin)),
        Action::Moderate => powerful(actor, actor.has(Role::Moderator) || actor.has(Role::Admin)),
    }
}

/// Powers over other people need the role and a second factor proven in this very session:
/// first the account must have two-factor login on, then the session must have used it.
fn powerful(actor: &Actor, has_role: bool) -> Result<(), AppError> {
    match (has_role, actor.totp_enabled, actor.mfa) {
        (false, _, _) => Err(AppError::Forbidden),
        (true, false, _) => Err(AppError::Conflict { code: "account-totp-required".to_owned() }),
        (true, true, false) => Err(AppError::Conflict { code: "account-mfa-session".to_owned() }),
        (true, true, true) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: &[Role], verified: bool, totp: bool) -> Actor {
        Actor {
            user_id: 1,
            display_name: "Ana".into(),
            email: "ana@uni.example".into(),
            locale: crate::i18n::Locale::Es,
            roles: roles.to_vec(),
            verified,
            totp_enabled: totp,
            mfa: totp,
            conduct_version: 1,
        }
    }

    #[test]
    fn visitors_must_log_in() {
        assert_eq!(authorize(None, Action::ManageOwnAccount), Err(AppError::Unauthenticated));
        assert_eq!(authorize(None, Action::Administer), Err(AppError::Unauthenticated));
    }

    #[test]
    fn unverified_accounts_browse_but_do_not_act() {
        let a = actor(&[], false, false);
        assert!(authorize(Some(&a), Action::ManageOwnAccount).is_ok());
        assert_eq!(authorize(Some(&a), Action::Participate).unwrap_err().code(), "account-unverified");
        assert!(authorize(Some(&actor(&[], true, false)), Action::Participate).is_ok());
    }

    #[test]
    fn only_admins_with_two_factor_administer() {
        assert_eq!(
            authorize(Some(&actor(&[Role::Trainer, Role::Moderator], true, true)), Action::Administer),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            authorize(Some(&actor(&[Role::Admin], true, false)), Action::Administer).unwrap_err().code(),
            "account-totp-required"
        );
        assert!(authorize(Some(&actor(&[Role::Admin], true, true)), Action::Administer).is_ok());
    }

    #[test]
    fn trainers_and_moderators_need_a_second_factor_in_this_session() {
        let trainer = actor(&[Role::Trainer], true, false);
        assert_eq!(authorize(Some(&trainer), Action::Teach).unwrap_err().code(), "account-totp-required");
        let mut enabled_but_not_used = actor(&[Role::Trainer], true, true);
        enabled_but_not_used.mfa = false;
        assert_eq!(
            authorize(Some(&enabled_but_not_used), Action::Teach).unwrap_err().code(),
            "account-mfa-session",
            "the account setting alone is not enough"
        );
        assert!(authorize(Some(&actor(&[Role::Trainer], true, true)), Action::Teach).is_ok());
        assert_eq!(
            authorize(Some(&actor(&[Role::Trainer], true, true)), Action::Moderate),
            Err(AppError::Forbidden)
        );
        assert!(authorize(Some(&actor(&[Role::Moderator], true, true)), Action::Moderate).is_ok());
        assert!(authorize(Some(&actor(&[Role::Admin], true, true)), Action::Teach).is_ok());
        assert_eq!(authorize(Some(&actor(&[], true, true)), Action::Teach), Err(AppError::Forbidden));
    }
}
