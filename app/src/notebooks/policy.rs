//! Who may do what with one notebook server: the resource-scoped policy beside the global roles
//! of [`crate::auth`]. A server belongs to its learner; an admin may see and enter it only when the
//! operator turned `admin_access` on, and may always stop it (the cluster is theirs to keep).

use crate::auth::{authorize, Action, Actor};

/// Whether `actor` may see (and, when ready, enter) a server owned by `owner`.
pub fn may_see(actor: &Actor, owner: i64, admin_access: bool) -> bool {
    actor.user_id == owner || (admin_access && authorize(Some(actor), Action::Administer).is_ok())
}

/// Why a stop is allowed (`"user"`: their own; `"admin"`), or `None`.
pub fn stop_reason(actor: &Actor, owner: i64) -> Option<&'static str> {
    if actor.user_id == owner {
        Some("user")
    } else if authorize(Some(actor), Action::Administer).is_ok() {
        Some("admin")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;

    fn actor(id: i64, roles: &[Role], mfa: bool) -> Actor {
        Actor {
            user_id: id,
            display_name: "x".into(),
            email: "x@example.org".into(),
            locale: crate::i18n::Locale::Es,
            roles: roles.to_vec(),
            verified: true,
            totp_enabled: mfa,
            mfa,
            conduct_version: 1,
        }
    }

    #[test]
    fn a_server_is_its_learners_and_admins_need_the_operators_consent_to_look() {
        let learner = actor(1, &[], false);
        let other = actor(2, &[Role::Trainer], true);
        let admin = actor(3, &[Role::Admin], true);
        let admin_without_2fa = actor(4, &[Role::Admin], false);
        assert!(may_see(&learner, 1, false));
        assert!(!may_see(&other, 1, true), "a trainer is no admin");
        assert!(!may_see(&admin, 1, false), "admins do not look in unless the operator allows it");
        assert!(may_see(&admin, 1, true));
        assert!(!may_see(&admin_without_2fa, 1, true), "admin powers need the second factor");
        assert_eq!(stop_reason(&learner, 1), Some("user"));
        assert_eq!(stop_reason(&admin, 1), Some("admin"));
        assert_eq!(stop_reason(&other, 1), None);
    }
}
