## Notebooks: launching, progress, the proxy's refusals, and the admin page.

notebook-launch = Launch notebook
notebook-login-to-launch = Log in to launch this notebook
notebook-stop = Stop server
notebook-open = Open JupyterLab
notebook-retry = Try again
notebook-mine-title = My notebooks
notebook-mine-none = You have no notebook server running. Launch one from any hands-on episode.
notebook-progress-title = Starting your notebook
notebook-stages = Launch steps
notebook-age-minutes = { $minutes ->
    [one] started 1 minute ago
   *[other] started { $minutes } minutes ago
}
notebook-age-hours = { $hours ->
    [one] started 1 hour ago
   *[other] started { $hours } hours ago
}

notebook-stage-queued = Queued
notebook-stage-creating = Preparing your workspace
notebook-stage-pulling = Downloading the software image
notebook-stage-starting = Starting Jupyter
notebook-stage-ready = Ready
notebook-stage-stopping = Stopping
notebook-stage-stopped = Stopped
notebook-stage-failed = Could not start

notebook-error-timeout = Your notebook did not start in time. The cluster may be busy: try again in a few minutes.
notebook-error-unavailable = The cluster cannot be reached right now. Nothing was lost: try again in a few minutes.
notebook-error-failed = Your notebook could not start. Try again; if it keeps failing, tell the people who run this site.
notebook-none = This episode has no notebook.
notebook-profile-unknown = This episode asks for a kind of notebook this site does not offer.
notebook-limit = You already have as many notebook servers running as you may. Stop one to start another.
notebook-stopping = Your notebook server is stopping. Wait a moment, then launch again.
notebook-stopped = The notebook server was stopped. Your files are kept.
notebook-not-ready = Your notebook is not ready yet.
notebook-token-in-url = Notebook links never carry tokens. Open the notebook from Puente instead.
notebook-foreign-origin = This request did not come from your notebook's own page, so it was refused.
notebook-unauthorized = Your notebook session has ended. Open the notebook again from Puente.
notebook-unreachable = Your notebook server is not answering. It may have stopped: open it again from Puente.
notebook-ticket-invalid = This link to your notebook has expired or was already used. Open the notebook again from Puente.
notebook-usage-bad-period = Choose a period whose start is on or before its end (dates as YYYY-MM-DD).

admin-notebooks-title = Notebook servers
admin-notebooks-running = Running servers
admin-notebooks-person = Person
admin-notebooks-institution = Institution
admin-notebooks-profile = Profile
admin-notebooks-state = State
admin-notebooks-age = Age
admin-notebooks-last-activity = Last activity
admin-notebooks-usage = Usage
admin-notebooks-usage-caption = Requested resources per institution in the chosen period
admin-notebooks-people = People
admin-notebooks-servers = Servers
admin-notebooks-core-hours = Core-hours
admin-notebooks-gib-hours = Memory (GiB-hours)
admin-notebooks-no-institution = (no institution)
admin-notebooks-from = From
admin-notebooks-to = To
admin-notebooks-show = Show
admin-notebooks-csv-institutions = Download CSV by institution
admin-notebooks-csv-people = Download CSV by person
notebook-new-tab = (opens in a new tab; the lesson stays in this one)
notebook-back-to-lesson = Back to the lesson
notebook-follow = See how it is going
notebook-ready-title = Your notebook is ready
notebook-failed-title = Your notebook could not start
notebook-stopped-title = Your notebook is stopped
notebook-detail-workspace = preparing your work folder
notebook-detail-files = copying the episode's files into your folder
notebook-detail-scheduled = the cluster chose a machine for your notebook
notebook-detail-waiting-for-room = the cluster is busy; your notebook is waiting for its turn
notebook-detail-volume = attaching your storage
notebook-detail-pulling = downloading the notebook software (slower the first time)
notebook-detail-pulled = the notebook software is ready
notebook-detail-container-started = your notebook started and is opening Jupyter
notebook-detail-jupyter = Jupyter is starting
notebook-detail-retrying = there was a passing problem; trying again
