# Puente's code of conduct and privacy notice.
# { $contact } is the contact address published by the HPC centre that operates this instance.

## Code of conduct

conduct-title = Code of conduct
conduct-version = Version 1.0, in force from 25 November 2026
conduct-intro = Puente exists so that any researcher can make the jump from the desktop to the cluster without feeling alone or out of place. Here people learn in the open: they ask basic questions, make mistakes at the command line and share half-finished code. This code describes how we treat each other so that this kind of learning is safe for everyone, whatever their field, country, language or computing background.

conduct-scope-heading = Where it applies
conduct-scope-body = This code applies in every Puente space: the forums, cohorts, live sessions, notebooks shared with other people, and governance discussions and votes. It also covers Train-the-Trainer cohorts and any activity organised in Puente's name outside the platform. It applies equally to participants, trainers, moderators and the staff of the HPC centre.

conduct-expected-heading = What we expect from every member
conduct-expected-1 = Treat other people with respect and kindness, including when you disagree.
conduct-expected-2 = Remember that nobody is born knowing how to use a cluster, and answer basic questions patiently, without mockery.
conduct-expected-3 = Write clearly and, where possible, in a language the person asking can understand; Spanish, Portuguese and English are equally welcome.
conduct-expected-4 = Criticise ideas and code, never people, and pair every criticism with a concrete suggestion.
conduct-expected-5 = Acknowledge other people's work: cite the source of code, data and materials, and give credit to those who helped.
conduct-expected-6 = Look after the cluster's shared resources and other people's data: use only what you need and respect confidentiality.

conduct-unacceptable-heading = What we do not accept
conduct-unacceptable-1 = Comments, jokes or images that demean someone for their gender, gender identity or sexual orientation, ethnic origin, nationality, accent, religion, age, disability, appearance or economic situation.
conduct-unacceptable-2 = Harassment of any kind, including unwanted sexual attention and continuing to contact someone who has asked you to stop.
conduct-unacceptable-3 = Insults, threats, intimidation or personal attacks, in public or in private messages.
conduct-unacceptable-4 = Belittling someone for their level of experience, their institution or their language, with remarks like “everyone knows that”.
conduct-unacceptable-5 = Sharing someone else's private information, such as their contact details, unpublished research or screenshots of private conversations, without their permission.
conduct-unacceptable-6 = Using notebooks or cluster resources to harm others: getting into other people's data, sabotaging jobs or getting around usage quotas.
conduct-unacceptable-7 = Pressuring, buying or manipulating votes in governance, or creating fake accounts to sway a decision.

conduct-reporting-heading = How to report a problem
conduct-reporting-body = If you experienced or witnessed something that goes against this code, write to the moderation team at { $contact }. Tell us what happened, where and when, and add links or screenshots if you have them; your report does not need to be perfect. Every report is confidential: only the moderators handling it read it, and your identity is never shared with the person reported without your permission. Nobody will face retaliation for reporting in good faith, and any retaliation is itself treated as a serious breach. If a moderator is involved in the case, they step aside from handling it.

conduct-enforcement-heading = What happens next
conduct-enforcement-body = The moderation team reviews every report, listens to the people involved and gets back to the person who reported as soon as possible. Depending on how serious the breach is and whether it is repeated, the response may be a warning, a temporary suspension of the account or of participation in a cohort, or permanent removal from the community. If someone is at immediate risk, we may act first, for example by hiding a post, and explain afterwards. Anyone who is sanctioned receives an explanation of the decision and can ask another member of the moderation team to review it.

conduct-changes-heading = Changes to this code
conduct-changes-body = The community can propose changes to this code through Puente's governance process. Each new version has a number and a date from which it applies, and it is shown to every member, who must accept it at their next login to keep taking part.

## Privacy notice

privacy-title = Privacy notice
privacy-updated = Last updated: 25 November 2026
privacy-intro = This notice explains, in plain words, what personal data Puente keeps, what it is used for and what you can do about it. Puente runs on hardware owned by the HPC centre that operates it: your data is not sold, not used for advertising and not shared with analytics companies. If anything is unclear, write to us and we will explain.

privacy-controller-heading = Who is responsible for your data
privacy-controller-body = The data controller is the HPC centre that operates this instance of Puente, a university or public institution that runs it on its own hardware. The operator publishes its contact details, and you can write to { $contact } with any privacy question. Each Puente instance has its own controller, so this notice covers only the instance you are using.

privacy-data-heading = What data we keep
privacy-data-1 = Account data: display name, email address, country, institution, preferred language and a hash of your password; the password itself is never stored.
privacy-data-2 = Learning and cohorts: which lessons and episodes you have completed, and which cohorts you take or took part in, as a learner or as a trainer.
privacy-data-3 = Forum posts: what you write, with its date and your display name, which other members can read.
privacy-data-4 = Governance votes: we record your votes so we can count them, stop anyone voting twice and let the results be checked.
privacy-data-5 = Notebook usage: when you start and stop each notebook and how much CPU and memory you request, so we can account for cluster quotas.
privacy-data-6 = Security logs: the IP addresses recorded in login and rate-limit logs, used to detect abuse and deleted after 30 days.

privacy-purpose-heading = What we use it for
privacy-purpose-body = We use this data only to make Puente work: keeping your account, showing your progress, organising cohorts, publishing your posts, counting the community's votes and sharing the cluster's resources fairly. Security logs help protect accounts against unauthorised access and abuse. The centre may produce aggregate statistics that identify no one, such as how many people completed a course, to report on the use of its infrastructure. There is no advertising, no commercial profiling and no selling of data.

privacy-legal-heading = Legal basis
privacy-legal-body = We process your data in line with Argentina's Law 25.326 on the Protection of Personal Data (Ley 25.326 de Protección de los Datos Personales), enforced by the Agencia de Acceso a la Información Pública, Brazil's General Data Protection Law (LGPD, Lei nº 13.709/2018), overseen by the National Data Protection Authority (ANPD), and any other rules in force in the country of the centre that operates this instance. The main basis is your consent, given when you create your account, together with the need to process this data to provide the service you asked for. Under the LGPD, security logs also rest on the legitimate interest in protecting the platform and the people who use it.

privacy-rights-heading = Your rights
privacy-rights-1 = Access and download: you can find out what data we hold about you and download it at any time, as JSON, from your profile page.
privacy-rights-2 = Rectification: you can correct or update your data from your profile, or ask us to do it if there is something you cannot change yourself.
privacy-rights-3 = Deletion: you can delete your account; your personal data is erased or anonymised, and your forum posts are kept so conversations still make sense, but attributed to “former member”.
privacy-rights-4 = Withdrawing consent: you can withdraw it at any time; since we cannot keep your account without this data, withdrawal takes effect by deleting the account, and it does not affect what was done before.
privacy-rights-5 = Complaining to the authority: if you think we have not respected your rights, you can complain to the Agencia de Acceso a la Información Pública in Argentina, the ANPD in Brazil or the data protection authority of your country. If you like, write to us first and we will try to sort it out together.

privacy-retention-heading = How long we keep it
privacy-retention-body = Your account data, progress and cohort participation are kept while your account is active. Security logs containing IP addresses are deleted automatically after 30 days. When you delete your account, we erase or anonymise your personal data; your notebook usage records remain only as statistics that do not identify you, votes you already cast still count without any link to your name, and your forum posts are shown as written by “former member”. Technical backups are replaced on a regular cycle, and deleted data disappears from them once that cycle completes.

privacy-cookies-heading = Cookies
privacy-cookies-body = Puente uses a single cookie: the session cookie, which is strictly necessary to remember that you are logged in and to protect your account. It stops working when you log out or when the session expires. We use no analytics or advertising cookies and no third-party trackers, which is why we never ask you to accept cookies.

privacy-notebooks-heading = Notebooks on the cluster
privacy-notebooks-body = When you open a notebook from a lesson, it runs on your institution's cluster, and the files and data you use or create stay in the cluster's storage, under the HPC centre's usage rules. Puente records only when each notebook starts and stops and what resources were requested, for quota accounting; it does not read the contents of your notebooks. The centre's technical staff access those files only when needed to operate or protect the system. If you share a notebook, anyone with access will see its contents, so check that it does not include sensitive data, such as health data or data about identifiable people, without the proper authorisation.

privacy-contact-heading = Contact
privacy-contact-body = To exercise your rights, ask a question or tell us about a problem with your data, write to { $contact }. We will reply within the time limits set by the applicable law and, whenever we can, sooner. If we change this notice in a significant way, we will announce it on the platform and update the date above.
