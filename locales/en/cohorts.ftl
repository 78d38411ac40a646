## Cohorts: the list and a cohort's page

cohorts-title = Cohorts
cohorts-intro = Learn together: a cohort is one run of a course, with trainers, a schedule and people to learn with.
cohorts-none = There are no open cohorts right now. Courses are always open to follow on your own.
cohorts-mine = My cohorts
cohorts-mine-none = You are not in any cohort yet.
cohort-new = New cohort
cohort-full = Full: new people join the waiting list
cohort-seats = { $free } of { $capacity } places free
cohort-starts = Starts { $when }
cohort-led-by = led by { $name }
cohort-manage = Manage
cohort-roster = Roster
cohort-schedule = Schedule
cohort-times-in = Times in { $zone }.
cohort-no-sessions = The schedule will be published soon.
cohort-calendar-link = Add the schedule to your calendar (iCalendar)
cohort-session = Session
cohort-minutes = { $minutes } min
cohort-session-cancelled = cancelled
cohort-session-join = Join the session online
cohort-next-session = Next session: { $when }
cohort-your-progress = Episodes done: { $done } of { $total }
cohort-withdraw = Leave this cohort
cohort-withdraw-application = Withdraw my application
cohort-you-lead = You lead this cohort
cohort-you-trainer = You teach in this cohort
cohort-you-helper = You help in this cohort
cohort-you-learner = You are enrolled
cohort-you-applied = Your application is waiting for a trainer's decision.
cohort-you-waitlisted = You are on the waiting list: you will get an email as soon as a place frees up.
cohort-you-declined = Your application to this cohort was not accepted.
cohort-closed = This cohort is not taking new people.
cohort-login-to-join = Log in to join
cohort-join-title = Join this cohort
cohort-full-waitlist = The cohort is full: you can join the waiting list.
cohort-code = Enrolment code
cohort-code-hint = 8 characters, from your trainer. Upper or lower case, with or without dashes.
cohort-motivation = Why do you want to join?
cohort-motivation-hint = A few words for the trainers (up to 1,000 characters).
cohort-join-open = Join
cohort-join-code = Join with the code
cohort-join-application = Send my application
cohort-joined-enrolled = You are in! You will get an email with the details.
cohort-joined-waitlisted = The cohort is full: you are on the waiting list.
cohort-joined-applied = Application sent. The trainers will answer by email.
cohort-withdrawn = You left the cohort.

## States, roles, modes

cohort-state-draft = Draft
cohort-state-published = Open for enrolment
cohort-state-running = Running
cohort-state-finished = Finished
cohort-state-archived = Archived
cohort-to-draft = Back to draft
cohort-to-published = Publish
cohort-to-running = Start the cohort
cohort-to-finished = Finish the cohort
cohort-to-archived = Archive
cohort-role-lead = Lead trainer
cohort-role-trainer = Co-trainer
cohort-role-helper = Helper
cohort-role-learner = Learner
cohort-member-enrolled = Enrolled
cohort-member-applied = Applied
cohort-member-waitlisted = Waiting list
cohort-member-declined = Declined
cohort-member-withdrawn = Left
cohort-enrolment-open = Open to anyone
cohort-enrolment-code = With an enrolment code
cohort-enrolment-application = By application
cohort-visibility-listed = Listed on the cohorts page
cohort-visibility-unlisted = Only with the link
cohort-yes = Yes
cohort-no = No

## Creating and managing

cohort-create = Create the cohort
cohort-manage-title = Manage: { $cohort }
cohort-created = Cohort created as a draft. Add its sessions, then publish it.
cohort-saved = Changes saved.
cohort-state = State
cohort-state-changed = The cohort's state changed.
cohort-enrolment = Enrolment
cohort-code-rotate = Make a new code (the old one stops working)
cohort-code-rotated = New enrolment code made.
cohort-core-hours-used = Notebook core-hours used: { $used } (budget: { $budget })
cohort-settings = Settings
cohort-title = Title
cohort-slug = Address
cohort-slug-hint = Lowercase letters, digits and dashes; made from the title if left empty.
cohort-course = Course
cohort-locale = Language it is taught in
cohort-description = Description
cohort-description-hint = Markdown: what, for whom, what to bring.
cohort-capacity = Places
cohort-visibility = Visibility
cohort-zone = Time zone
cohort-budget = Notebook core-hour budget
cohort-budget-hint = For the extra profiles below; leave empty for none.
cohort-cert-rule = Certificate of completion
cohort-cert-attendance = Minimum attendance (%)
cohort-cert-survey = The final survey answered
cohort-cert-episodes = Every episode of the course done
cohort-profiles = Extra notebook profiles
cohort-profiles-hint = Profiles this cohort's members may use beyond the default ones, separated by spaces, while the budget lasts.
cohort-profiles-names = Profile names
cohort-profiles-known = Profiles on this site: { $names }
cohort-save = Save
cohort-team = Team
cohort-team-add = Add to the team
cohort-team-added = Added to the team.
cohort-team-remove = Remove
cohort-session-add = Add a session
cohort-session-edit = Edit the session
cohort-session-saved = Session saved.
cohort-session-cancel = Cancel this session
cohort-session-cancelled-notice = Session cancelled: calendars will show it as cancelled.
cohort-session-title = Title (optional)
cohort-session-date = Date
cohort-session-time = Start time
cohort-session-minutes = Duration (minutes)
cohort-session-place = Place
cohort-session-link = Meeting link
cohort-session-episodes = Episodes covered
cohort-feed-name = My Puente sessions

## Roster and attendance

cohort-roster-title = Roster: { $cohort }
cohort-roster-csv = Download the roster (CSV)
cohort-roster-name = Name
cohort-roster-email = Email
cohort-roster-role = Role
cohort-roster-state = State
cohort-roster-attendance = Attendance
cohort-roster-episodes = Episodes done
cohort-roster-survey = Final survey
cohort-roster-certificate = Certificate
cohort-roster-core-hours = Core-hours
cohort-sessions-held = Sessions held so far: { $held }
cohort-applications = Applications and waiting list
cohort-accept = Accept
cohort-waitlist = Waiting list
cohort-decline = Decline
cohort-decided = Decision saved; the person gets an email.
cohort-attendance = Attendance
cohort-attendance-present = Present
cohort-attendance-late = Late
cohort-attendance-excused = Excused
cohort-attendance-absent = Absent
cohort-attendance-save = Save attendance
cohort-attendance-saved = Attendance saved.
cohort-no-learners = Nobody is enrolled yet.

## Calendar feed

cohort-feed-title = Your calendar
cohort-feed-intro = A private address with every session of your cohorts, for any calendar app. Anyone with the address sees your sessions: keep it to yourself.
cohort-feed-create = Make my calendar address
cohort-feed-rotate = Make a new address (the old one stops working)
cohort-feed-revoke = Turn the address off
cohort-feed-created = Here is your calendar address. Add it to your calendar app as a subscription.
cohort-feed-once = It is shown only now; you can always make a new one.
cohort-feed-revoked = Calendar address turned off.

## Problems

cohort-title-invalid = Give it a title of up to 120 characters.
cohort-slug-invalid = Use 3 to 60 lowercase letters, digits and single dashes.
cohort-slug-taken = Another cohort already has this address.
cohort-course-invalid = Choose one of the courses.
cohort-locale-invalid = Choose a language.
cohort-description-invalid = The description is too long (5,000 characters at most).
cohort-institution-invalid = The institution's name is too long.
cohort-capacity-invalid = Places must be a whole number from 1 to 5,000.
cohort-capacity-below = There are already more learners enrolled than that.
cohort-visibility-invalid = Choose a visibility.
cohort-enrolment-invalid = Choose how people enrol.
cohort-zone-invalid = Choose a time zone from the list.
cohort-budget-invalid = The budget must be a whole number of core-hours.
cohort-cert-attendance-invalid = Attendance must be a percentage from 0 to 100.
cohort-date-invalid = Give the date as year-month-day.
cohort-time-invalid = That time does not exist in this time zone on that day (a clock change), or is not a time.
cohort-duration-invalid = Duration must be between 15 and 600 minutes.
cohort-place-invalid = The place is too long.
cohort-link-invalid = Give a full web address starting with https://.
cohort-state-invalid = The cohort cannot move to that state from its current one.
cohort-code-wrong = That is not this cohort's current code. Ask your trainer for it.
cohort-motivation-missing = Tell the trainers in a few words why you want to join.
cohort-motivation-invalid = The text is too long (1,000 characters at most).
cohort-already-in = You are already in this cohort (or waiting for an answer).
cohort-declined-before = Your application to this cohort was declined; ask its trainers if you think it was a mistake.
cohort-not-in = You are not in this cohort.
cohort-team-cannot-withdraw = Trainers and helpers leave the team through its lead trainer.
cohort-not-a-member = That person is not in this cohort.
cohort-nothing-to-decide = There is nothing to decide for that person.
cohort-decision-invalid = Choose accept, waiting list or decline.
cohort-role-invalid = Choose co-trainer or helper.
cohort-no-such-account = There is no confirmed account with that email.
cohort-not-on-team = That person is not on the team.
cohort-session-cancelled-change = A cancelled session cannot be changed.
cohort-attendance-invalid = Choose present, late, excused or absent.
cohort-attendance-not-member = Attendance can only be recorded for people enrolled in this cohort.

## Surveys

survey-pre-title = Survey before the cohort
survey-post-title = Survey after the cohort
survey-anonymous = Your answers are anonymous: trainers see only totals, never who answered what.
survey-nps = How likely are you to recommend this course to a colleague?
survey-nps-low = not at all likely
survey-nps-high = extremely likely
survey-likert-1 = The course was relevant to my work.
survey-likert-2 = The trainers explained things clearly.
survey-likert-3 = I feel able to use the cluster for my research.
survey-agree-low = strongly disagree
survey-agree-high = strongly agree
survey-comment = Anything else you want to tell us? (optional)
survey-submit = Send my answers
survey-choose = Choose one of the options.
survey-comment-invalid = The text is too long (2,000 characters at most).
survey-problems = Some questions need an answer; they are marked below.
survey-already-answered = You already answered this survey. Thank you!
survey-results-title = Survey results
survey-results-intro = Totals only: answers are anonymous. The recommendation score and comments appear once enough people answered.
survey-rate = { $responses } answers from { $learners } learners ({ $rate } %)
survey-nps-value = Net Promoter Score: { $nps }
survey-nps-hidden = The Net Promoter Score appears once at least { $min } people answered.
survey-nps-short = NPS
survey-likert-caption = Statements (1 = strongly disagree, 5 = strongly agree)
survey-statement = Statement
survey-answers = Answers
survey-average = Average
survey-distribution = Answers per value
survey-comments = Comments
survey-comments-hidden = { $count } comments, shown once at least { $min } people answered.
survey-no-comments = No comments yet.
survey-questions = Your own questions
survey-which = Survey
survey-kind = Kind of answer
survey-kind-likert = Agree or disagree (1–5)
survey-kind-text = Free text
survey-kind-invalid = Choose the survey and the kind of answer.
survey-prompt = Question
survey-prompt-invalid = Write the question (up to 300 characters).
survey-add-question = Add the question
survey-question-added = Question added.
admin-surveys-title = Surveys
admin-surveys-intro = Net Promoter Score of the final surveys across cohorts; a group shows its score once it has at least { $min } answers.
admin-surveys-by-course = By course
admin-surveys-by-institution = By institution

## Certificates

certificates-title = Certificates
certificates-rule = Rule: attendance of at least { $attendance } %; final survey answered: { $survey }; every episode done: { $episodes }.
certificates-issue-all = Issue to everyone who meets the rule ({ $count })
certificates-issue-one = Issue
certificates-issued = { $count } certificates issued; their holders get an email.
certificates-revoked = Certificate revoked.
certificates-rule-met = Meets the rule
certificates-actions = Actions
certificates-reason = Reason for revoking
certificates-revoke = Revoke
certificate-state-valid = Valid
certificate-state-revoked = Revoked
certificate-yours = Your certificate
certificate-heading = Certificate of completion
certificate-trainer-heading = Certified trainer
certificate-trainer-title = Certified Puente trainer
certificate-line = has completed the course
certificate-trainer-line = has completed Puente's Train-the-Trainer checkout and is certified to teach
certificate-dates = from { $from } to { $to }
certificate-hours = { $hours } hours
certificate-issuer = Issued by { $name }
certificate-verify-at = Check this certificate at:
certificate-valid = This certificate is valid.
certificate-revoked = This certificate was revoked on { $when }.
certificate-revoked-reason = Reason: { $reason }
certificate-holder = Holder
certificate-title = Cohort
certificate-dates-label = Dates
certificate-hours-label = Hours
certificate-issuer-label = Issued by
certificate-issued-label = Issued on
certificate-code = Code
certificate-qr = QR code with this certificate's address
certificate-pdf = Download the PDF
certificate-json = Signed data (JSON)
certificate-signature = The signed data is signed with Ed25519 over RFC 8785 canonical JSON (key { $kid }); the public keys are at { $keys }.
certificate-not-a-learner = Only learners enrolled in this cohort receive its certificate.
certificate-attendance-short = Attendance below the rule.
certificate-survey-missing = The final survey is not answered.
certificate-episodes-missing = Not every episode is done.
certificate-exists = This person already has a certificate for this cohort.
certificate-already-revoked = This certificate is already revoked.
certificate-reason-missing = Give the reason for revoking (up to 300 characters).

## Train-the-Trainer checkout

checkout-title = Trainer checkout
checkout-none = The checkout starts when you finish a Train-the-Trainer cohort.
checkout-deadline = Finish every step by { $when }.
checkout-deadline-label = Deadline
checkout-expired = The deadline has passed. Ask an administrator for an extension.
checkout-complete-notice = Checkout complete: you are a certified trainer.
checkout-step-training = Training
checkout-step-training-help = Finishing a Train-the-Trainer cohort.
checkout-step-welcome = Welcome session
checkout-step-welcome-help = Attend one community welcome session; a trainer records it.
checkout-step-demo = Teaching demo
checkout-step-demo-help = Teach 5 minutes of an episode in a demo session; a certified trainer evaluates it.
checkout-step-involvement = Get involved
checkout-step-involvement-help = Help or co-teach a Puente cohort (counted by itself), or send evidence of another activity.
checkout-result-n = Not evaluated yet
checkout-result-p = Passed
checkout-result-a = Asked to repeat
checkout-result-f = Failed
checkout-demo-book = Book your teaching demo
checkout-demo-waiting = Your demo is booked; a certified trainer evaluates it after the session.
checkout-no-slots = There are no demo sessions to book yet; trainers add them regularly.
checkout-slot-host = hosted by { $name }
checkout-slot-free = { $free } places free
checkout-book = Book
checkout-booked = Demo booked.
checkout-involvement-title = Another way of getting involved
checkout-involvement-intro = Helped at a workshop, contributed to a lesson? Tell the trainers, with a link if there is one.
checkout-involvement-url = Link (optional)
checkout-involvement-note = What did you do?
checkout-involvement-send = Send
checkout-involvement-sent = Sent; a trainer will confirm it.
checkout-history = What you did so far
checkout-queue-title = Checkout: demos and trainees
checkout-queue-demos = Demos to evaluate
checkout-queue-involvements = Involvement to confirm
checkout-queue-trainees = Trainees
checkout-queue-empty = Nothing waiting.
checkout-rubric-hint = Mark each point where the trainee can grow. { $marks } marks or more usually means asking to repeat; one serious mark can be enough. You decide.
checkout-notes = Notes for the trainee
checkout-pass = Passed
checkout-repeat = Ask to repeat
checkout-confirm = Confirm
checkout-own-demo = Your own demo: another trainer evaluates it.
checkout-welcome-record = Attended a welcome session
checkout-extend = Extend by 90 days
checkout-done = Done
checkout-slots = Demo sessions
checkout-slot-add = Add a demo session
checkout-evaluated = Evaluation saved; the trainee gets an email.
checkout-welcomed = Welcome session recorded.
checkout-slot-added = Demo session added.
checkout-extended = Deadline extended.
checkout-not-a-trainee = That person is not a trainee.
checkout-complete = This checkout is already complete.
checkout-demo-passed = Your demo already passed.
checkout-demo-booked = You already have a demo booked.
checkout-slot-invalid = That demo session is not open for booking.
checkout-slot-full = That demo session is full; choose another.
checkout-slot-past = That session would already be over.
checkout-demo-evaluated = This demo was already evaluated.
checkout-demo-not-yet = The demo has not taken place yet.
checkout-result-invalid = Choose passed or ask to repeat.
checkout-rubric-invalid = Unknown rubric point.
checkout-notes-invalid = The text is too long.
checkout-note-missing = Say in a few words what you did.
checkout-involvement-passed = This step is already passed.
checkout-involvement-evaluated = This was already confirmed.
checkout-extension-limit = The deadline cannot go beyond a year after the training.
rubric-content = Content
rubric-delivery = Delivery
rubric-curriculum = Uses the lesson, with only minor changes
rubric-context = Gives context: why it matters
rubric-correct = Teaches correctly
rubric-typing = Types the code by hand (no pasting)
rubric-environment = Uses the same set-up as learners
rubric-fonts = Large enough text and windows
rubric-explains = Explains everything typed
rubric-mistakes = Uses mistakes to teach
rubric-notes = Keeps notes off the shared screen
rubric-notifications = No notifications on screen
rubric-just-easy = Avoids "just" and "easy"
rubric-pace = Slow enough pace
rubric-clear = Speaks clearly
rubric-attentive = Pays attention to learners

## Notebooks per cohort

notebook-budget-spent = This cohort's notebook budget is used up: this profile is not available any more. Ask your trainers.
admin-notebooks-cohort = Cohort
admin-notebooks-cohort-caption = Use by cohort in this period

## Emails

email-cohort-enrolled-subject = You are in: { $cohort }
email-cohort-enrolled-body = Hello { $name },

    you are enrolled in { $cohort }. The schedule and the meeting links are on the cohort's page.
email-cohort-enrolled-action = See the cohort
email-cohort-waitlisted-subject = Waiting list: { $cohort }
email-cohort-waitlisted-body = Hello { $name },

    { $cohort } is full for now, so you are on its waiting list. We will write as soon as a place frees up.
email-cohort-waitlisted-action = See the cohort
email-cohort-applied-subject = Application received: { $cohort }
email-cohort-applied-body = Hello { $name },

    we received your application to { $cohort }. The trainers will answer by email.
email-cohort-applied-action = See the cohort
email-cohort-accepted-subject = Accepted: { $cohort }
email-cohort-accepted-body = Hello { $name },

    your application to { $cohort } was accepted. Welcome!
email-cohort-accepted-action = See the cohort
email-cohort-declined-subject = Your application to { $cohort }
email-cohort-declined-body = Hello { $name },

    we are sorry: your application to { $cohort } was not accepted this time. The courses stay open for you to follow on your own.
email-cohort-declined-action = See the courses
email-cohort-promoted-subject = A place freed up: { $cohort }
email-cohort-promoted-body = Hello { $name },

    a place freed up in { $cohort } and it is yours: you are enrolled.
email-cohort-promoted-action = See the cohort
email-cohort-withdrawn-subject = You left { $cohort }
email-cohort-withdrawn-body = Hello { $name },

    you are no longer in { $cohort }. If it was a mistake, you can join again while it is open.
email-cohort-withdrawn-action = See the cohort
email-cohort-team-subject = You are on the team of { $cohort }
email-cohort-team-body = Hello { $name },

    you were added to the team of { $cohort }.
email-cohort-team-action = See the cohort
email-cohort-reminder-subject = Tomorrow: { $cohort }
email-cohort-reminder-body = Hello { $name },

    a reminder: the next session of { $cohort } is on { $when }. { $place }
email-cohort-reminder-action = See the schedule
email-certificate-issued-subject = Your certificate: { $cohort }
email-certificate-issued-body = Hello { $name },

    congratulations! Your certificate for { $cohort } is ready. Anyone can check it at its address.
email-certificate-issued-action = See your certificate
email-checkout-started-subject = Your trainer checkout has started
email-checkout-started-body = Hello { $name },

    you finished the Train-the-Trainer cohort. Three steps remain to become a certified trainer: a welcome session, a teaching demo and getting involved. You have 90 days.
email-checkout-started-action = See your checkout
email-checkout-deadline-subject = Two weeks left for your trainer checkout
email-checkout-deadline-body = Hello { $name },

    your trainer checkout ends on { $when }. See what is left to do.
email-checkout-deadline-action = See your checkout
email-demo-evaluated-subject = Your teaching demo: { $result }
email-demo-evaluated-body = Hello { $name },

    your teaching demo was evaluated: { $result }. The trainer's notes are on your checkout page.
email-demo-evaluated-action = See your checkout
cohort-forum = The cohort's forum: questions and news for its people
