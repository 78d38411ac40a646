//! Who may read and do what in the forums, on top of the global roles of [`crate::auth`]. A
//! category's visibility decides who reads it (and a category one may not read does not exist
//! for them: 404, also in notifications and mentions); posting needs a confirmed email, the
//! category's posting right, and no silence or suspension; moderating needs the moderator role
//! with its second factor.

use super::types::{Category, Posting, Visibility};
use crate::auth::{authorize, Action, Actor, Role};
use crate::errors::AppError;
use serde::{Deserialize, Serialize};

/// The person reading, with what the forums need to know about them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reader {
    pub actor: Option<Actor>,
    /// Cohorts where the person is enrolled or on the team.
    pub cohorts: Vec<i64>,
    pub trust_level: i64,
    pub silenced_until: Option<i64>,
    pub suspended_until: Option<i64>,
}

impl Reader {
    pub fn user_id(&self) -> Option<i64> {
        self.actor.as_ref().map(|a| a.user_id)
    }

    fn has(&self, role: Role) -> bool {
        self.actor.as_ref().is_some_and(|a| a.has(role))
    }

    /// Moderators and admins, with their second factor in this session.
    pub fn moderates(&self) -> bool {
        authorize(self.actor.as_ref(), Action::Moderate).is_ok()
    }

    /// Trainers (certified), moderators and admins: the "staff" of posting rights.
    pub fn staff(&self) -> bool {
        self.has(Role::Trainer) || self.has(Role::Moderator) || self.has(Role::Admin)
    }
}

/// Reading a category.
pub fn may_read(reader: &Reader, c: &Category) -> bool {
    if reader.has(Role::Admin) {
        return true;
    }
    match c.visibility {
        Visibility::Public => true,
        Visibility::Trainers => reader.has(Role::Trainer) || reader.has(Role::Moderator),
        Visibility::Moderators => reader.has(Role::Moderator),
        Visibility::Cohort => c.cohort_id.is_some_and(|id| reader.cohorts.contains(&id)),
    }
}

/// Reading, as an error: a category one may not read does not exist.
pub fn readable(reader: &Reader, c: &Category) -> Result<(), AppError> {
    if may_read(reader, c) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Doing anything with effects on others (post, like, flag): confirmed, neither silenced nor
/// suspended.
pub fn may_act(reader: &Reader, now: i64) -> Result<&Actor, AppError> {
    authorize(reader.actor.as_ref(), Action::Participate)?;
    let actor = reader.actor.as_ref().ok_or(AppError::Unauthenticated)?;
    if reader.suspended_until.is_some_and(|t| t > now) {
        return Err(AppError::Conflict { code: "forum-suspended".into() });
    }
    if reader.silenced_until.is_some_and(|t| t > now) {
        return Err(AppError::Conflict { code: "forum-silenced".into() });
    }
    Ok(actor)
}

/// Starting a topic or replying in a category.
pub fn may_post<'r>(reader: &'r Reader, c: &Category, now: i64) -> Result<&'r Actor, AppError> {
    readable(reader, c)?;
    let actor = may_act(reader, now)?;
    if c.archived {
        return Err(AppError::Conflict { code: "forum-category-archived".into() });
    }
    if c.posting == Posting::Staff && !reader.staff() {
        return Err(AppError::Forbidden);
    }
    Ok(actor)
}

/// Moderating: the review queue, hiding, silencing; every action logged.
pub fn may_moderate(reader: &Reader) -> Result<&Actor, AppError> {
    authorize(reader.actor.as_ref(), Action::Moderate)?;
    reader.actor.as_ref().ok_or(AppError::Unauthenticated)
}

/// Editing a post: its author (while neither silenced nor suspended) or a moderator.
pub fn may_edit(reader: &Reader, author: Option<i64>, now: i64) -> Result<(), AppError> {
    if reader.moderates() {
        return Ok(());
    }
    let actor = may_act(reader, now)?;
    if author == Some(actor.user_id) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Marking a question's answer: the person who asked, a trainer, or a moderator.
pub fn may_solve(reader: &Reader, asker: Option<i64>, now: i64) -> Result<(), AppError> {
    if reader.moderates() || authorize(reader.actor.as_ref(), Action::Teach).is_ok() {
        return Ok(());
    }
    let actor = may_act(reader, now)?;
    if asker == Some(actor.user_id) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Earlier versions of a post: its author and moderators.
pub fn may_see_history(reader: &Reader, author: Option<i64>) -> bool {
    reader.moderates() || (author.is_some() && reader.user_id() == author)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forum::types::Kind;

    fn reader(roles: &[Role], cohorts: &[i64]) -> Reader {
        Reader {
            actor: Some(Actor {
                user_id: 3,
                display_name: "x".into(),
                email: "x@example.org".into(),
                locale: crate::i18n::Locale::Es,
                roles: roles.to_vec(),
                verified: true,
                totp_enabled: true,
                mfa: true,
                conduct_version: 1,
            }),
            cohorts: cohorts.to_vec(),
            ..Reader::default()
        }
    }

    fn category(visibility: Visibility, cohort_id: Option<i64>, posting: Posting) -> Category {
        Category {
            id: 1,
            slug: "c".into(),
            names: ["c".into(), "c".into(), "c".into()],
            descriptions: Default::default(),
            position: 0,
            visibility,
            cohort_id,
            course: None,
            posting,
            kind: Kind::Discussion,
            archived: false,
        }
    }

    #[test]
    fn a_cohort_category_is_its_peoples_alone() {
        let c = category(Visibility::Cohort, Some(9), Posting::Everyone);
        assert!(may_read(&reader(&[], &[9]), &c));
        assert!(!may_read(&reader(&[], &[8]), &c));
        assert!(!may_read(&reader(&[Role::Trainer, Role::Moderator], &[]), &c), "not even other trainers");
        assert!(may_read(&reader(&[Role::Admin], &[]), &c));
        assert_eq!(readable(&Reader::default(), &c), Err(AppError::NotFound), "existence does not leak");
    }

    #[test]
    fn announcements_take_staff_and_silence_stops_everything() {
        let c = category(Visibility::Public, None, Posting::Staff);
        assert_eq!(may_post(&reader(&[], &[]), &c, 10).unwrap_err(), AppError::Forbidden);
        assert!(may_post(&reader(&[Role::Trainer], &[]), &c, 10).is_ok());
        let mut silenced = reader(&[], &[]);
        silenced.silenced_until = Some(20);
        let open = category(Visibility::Public, None, Posting::Everyone);
        assert_eq!(may_post(&silenced, &open, 10).unwrap_err().code(), "forum-silenced");
        assert!(may_post(&silenced, &open, 30).is_ok(), "silence ends");
        let mut archived = open.clone();
        archived.archived = true;
        assert_eq!(may_post(&reader(&[], &[]), &archived, 10).unwrap_err().code(), "forum-category-archived");
    }
}
