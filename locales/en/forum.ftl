## Forums: lists, topics, posts

forum-title = Forum
forum-intro = Ask, answer and learn with researchers across Latin America. Be kind: the code of conduct applies here.
forum-nav = Forum navigation
forum-categories = Categories
forum-latest = Latest topics
forum-older = Older topics
forum-no-topics = No topics yet. Start the first one!
forum-new = new
forum-unread-count = { $count } unread
forum-replies = { $count } replies
forum-solved = Solved
forum-answer = Answer
forum-new-topic = New topic
forum-new-topic-here = New topic in this category
forum-notifications = Notifications
forum-bookmarks = Bookmarks
forum-bookmarks-none = You have not bookmarked any post yet.
forum-pages = Pages of this topic
forum-former-member = A former member
forum-edited = edited
forum-post-deleted = This post was deleted.
forum-post-hidden = This post is hidden while moderators review it.
forum-login-to-reply = Log in to reply
forum-cannot-reply = You cannot reply in this category.
forum-category-archived = This space is archived: you can read it, but not post.
forum-reply = Your reply
forum-reply-send = Reply
forum-reply-to = Reply
forum-quote = Quote
forum-edit = Edit
forum-delete = Delete
forum-save = Save
forum-like = Like ({ $count })
forum-likes = { $count } likes
forum-bookmark = Bookmark
forum-solve = Mark as the answer
forum-unsolve = Unmark the answer
forum-level = Notify me
forum-level-save = Save
forum-level-watching = Watching: every reply
forum-level-tracking = Tracking: unread counts
forum-level-normal = Normal: mentions and replies to me
forum-level-muted = Muted: nothing
forum-level-invalid = Choose one of the notification levels.
forum-body = Message
forum-body-hint = Markdown: **bold**, `code`, ```python blocks```, > quotes, [links](https://…). Mention someone with @name.
forum-category = Category
forum-category-choose = Choose a category
forum-topic-title = Title
forum-topic-title-hint = A question or summary others can recognise, 8 to 200 characters.
forum-create = Create topic
forum-conduct = Read the code of conduct
forum-history = Earlier versions
forum-history-current = Current version
forum-history-until = Version until { $when }
forum-episode-intro = Questions and comments about the episode [{ $episode }]({ $link }). Ask anything: someone who went through it before will help.

## Flags and moderation

forum-flag = Flag
forum-flag-why = Why should moderators look at this post?
forum-flag-off_topic = Off topic
forum-flag-inappropriate = Inappropriate: against the code of conduct
forum-flag-spam = Spam
forum-flag-other = Something else (tell us what)
forum-flag-note = A note for the moderators (required for "something else")
forum-flag-send = Send to moderators
forum-flag-title = Flag a post
forum-flag-post-by = Post #{ $number } by @{ $handle }
forum-flag-post = Post #{ $number }
forum-flag-thanks = Thank you. Moderators will look at it.
forum-review-title = Review queue
forum-review-intro = Flagged posts, oldest first. Hidden posts stay hidden until you decide. Every decision is logged with its reason and its author is told.
forum-review-empty = Nothing to review.
forum-review-decided = Decision recorded.
forum-review-score = flag weight { $score }
forum-decision = Decision
forum-decision-keep = Keep the post (flags disagreed)
forum-decision-hide = Hide the post
forum-decision-delete = Delete the post
forum-decision-ignore = Ignore the flags
forum-decision-silence = Hide and silence the author
forum-decision-suspend = Hide and suspend the author
forum-reason = Reason
forum-days = Days (silence or suspension)
forum-decide = Decide
forum-log-title = Moderation log
forum-log-csv = Download as CSV
forum-log-when = When
forum-log-who = Moderator
forum-log-action = Action
forum-log-author = Author
forum-log-keep = kept
forum-log-hide = hid
forum-log-delete = deleted
forum-log-ignore = ignored flags
forum-log-silence = silenced
forum-log-suspend = suspended
forum-log-edit = edited
forum-log-restore = restored

## Notifications

forum-notifications-none = No notifications yet.
forum-notifications-read = Mark all as read
forum-notification-reply = { $name } replied
forum-notification-mention = { $name } mentioned you
forum-notification-solved = { $name } marked your post as the answer
forum-notification-hidden = Your post was hidden after flags from the community; edit it to send it back to review
forum-notification-decided-keep = A moderator reviewed your post and kept it
forum-notification-decided-hide = A moderator hid your post
forum-notification-decided-delete = A moderator deleted your post
forum-notification-decided-ignore = A moderator reviewed the flags on your post
forum-notification-decided-silence = A moderator hid your post and silenced you for a while
forum-notification-decided-suspend = A moderator hid your post and suspended you for a while

## Categories (admins)

forum-admin-title = Forum categories
forum-admin-new = New category
forum-admin-edit = Edit category
forum-admin-saved = Category saved.
forum-category-slug = Address
forum-category-slug-hint = Lowercase letters, digits and dashes (not starting with "cohort-").
forum-category-name-es = Name in Spanish
forum-category-name-pt = Name in Portuguese
forum-category-name-en = Name in English
forum-category-description-es = Description in Spanish
forum-category-description-pt = Description in Portuguese
forum-category-description-en = Description in English
forum-category-position = Position
forum-category-visibility = Who can read it
forum-category-posting = Who can post
forum-category-kind = Kind
forum-visibility-public = Everyone
forum-visibility-trainers = Trainers only
forum-visibility-moderators = Moderators only
forum-visibility-cohort = The cohort's people only
forum-posting-everyone = Everyone who can read it
forum-posting-staff = Trainers and moderators (announcements)
forum-kind-discussion = Discussion
forum-kind-qa = Questions and answers

## Problems

forum-title-invalid = The title needs 8 to 200 characters.
forum-title-shouting = Please do not write the title in capitals only.
forum-post-invalid = Write a message (at least 2 characters, no control characters).
forum-post-too-long = A post can have at most 32,000 characters. Share long logs or files through a link.
forum-post-too-deep = This message nests quotes or lists too deeply to be shown. Simplify it.
forum-post-duplicate = You already posted exactly this. Edit your earlier post instead of sending it again.
forum-limit-links = New members can add at most 2 links per post. This limit goes away as you take part.
forum-limit-images = New members can add at most 1 image per post. This limit goes away as you take part.
forum-limit-mentions = A post can mention at most 10 people.
forum-limit-mentions-new = New members can mention at most 2 people per post. This limit goes away as you take part.
forum-limit-replies-per-topic = New members can reply at most 3 times in one topic. This limit goes away as you take part.
forum-first-day-topics = On your first day you can start at most 3 topics. Come back tomorrow!
forum-first-day-replies = On your first day you can post at most 10 replies. Come back tomorrow!
forum-too-soon = You are posting very fast. Wait a few seconds and send it again.
forum-too-soon-new = New members wait 30 seconds between posts. Send it again in a moment.
forum-too-soon-topic-new = New members wait 2 minutes between new topics. Send it again in a moment.
forum-silenced = A moderator silenced you for a while: you can read, but not post, like or flag.
forum-suspended = A moderator suspended you for a while: you can read, but not post, like or flag.
forum-like-own = You cannot like your own post.
forum-flag-own = You cannot flag your own post; edit or delete it instead.
forum-flag-trust = Flagging opens once you have read a little of the forum (trust level 1).
forum-flag-twice = You already flagged this post.
forum-flag-too-many = You reached today's limit of 20 flags.
forum-flag-reason-invalid = Choose why you flag this post.
forum-flag-note-required = Tell the moderators what is wrong.
forum-flag-note-invalid = The note can have at most 1,000 characters.
forum-solve-not-qa = Only questions can be marked as solved.
forum-solve-invalid = That post cannot be the answer.
forum-reason-required = Write the reason (it is logged and shown to the author).
forum-days-invalid = Choose between 1 and 365 days.
forum-decision-invalid = Choose a decision.
forum-review-decided-already = Another moderator already decided this.
forum-category-invalid = Choose a category you can post in.
forum-category-slug-invalid = Use 3 to 60 lowercase letters, digits and dashes, not starting with "cohort-".
forum-category-slug-taken = Another category already uses this address.
forum-category-name-invalid = Write a name of up to 80 characters.
forum-category-description-invalid = The description can have at most 500 characters.
forum-category-position-invalid = Use a number from 0 to 1000.
forum-category-visibility-invalid = Choose who can read it.
forum-category-posting-invalid = Choose who can post.
forum-category-kind-invalid = Choose a kind.

## Emails

email-forum-review-subject = Flagged posts are waiting for a moderator
email-forum-review-body = Hello { $name },

    { $count } flagged posts have waited more than 48 hours for a decision. Hidden posts stay hidden until a moderator decides, and their authors are waiting too.
email-forum-review-action = Open the review queue
email-forum-reply-subject = { $writer } replied in "{ $topic }"
email-forum-reply-body = Hello { $name },

    { $writer } replied in "{ $topic }", a topic you follow in Puente's forum.
email-forum-reply-action = Read the reply
email-forum-mention-subject = { $writer } mentioned you in "{ $topic }"
email-forum-mention-body = Hello { $name },

    { $writer } mentioned you in "{ $topic }" in Puente's forum.
email-forum-mention-action = Read the post
forum-unsubscribe-title = Forum emails
forum-unsubscribe-intro = Stop the emails about replies and mentions in the forum? You will still see them in your notifications.
forum-unsubscribe-button = Stop forum emails
forum-unsubscribed = Done: Puente will not email you about the forum any more.
forum-unsubscribe-again = You can turn them on again in your profile ("Replies to my forum posts").

email-digest-daily-subject = Today in Puente's forum
email-digest-daily-body = Hello, { $name }: this is what happened in Puente since yesterday.

    { $digest }
email-digest-daily-action = Open the forum
email-digest-weekly-subject = Your week in Puente's forum
email-digest-weekly-body = Hello, { $name }: this is what happened in Puente this week.

    { $digest }
email-digest-weekly-action = Open the forum
email-digest-topics = Most active topics:
email-digest-topic = { $topic } (new posts: { $count })
email-digest-replies = Replies people liked:
email-digest-reply = { $writer } in “{ $topic }” (likes: { $likes })
email-digest-session = Your next cohort session: { $session }, { $when }.
email-digest-votes = Votes waiting for you:
email-digest-vote = { $poll } (closes { $closes })
forum-digest-unsubscribe-title = Forum digest
forum-digest-unsubscribe-intro = Stop the forum digest emails? The forum and your notifications stay as they are.
forum-digest-unsubscribe-button = Stop the digest
forum-digest-unsubscribed = Done: Puente will not send you the digest any more.
forum-digest-unsubscribe-again = You can choose a daily or weekly digest again in your profile.
