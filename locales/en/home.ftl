# Puente's home page and the “Does your work need a cluster?” self-check.

home-title = Puente: from the desktop to the cluster
home-lead = Puente is where Latin American researchers learn to move their work from the desktop to their institution's HPC cluster.
home-intro = Here you learn step by step, in your own language, with hands-on lessons and a real notebook on your institution's cluster, with nothing to install. You do not need any experience with the command line or supercomputers: if you have done everything on your own computer so far, this is your starting point. And you will not be on your own, because there are cohorts, trainers and a community that has walked the same path.

home-feature-lessons-title = Lessons
home-feature-lessons-body = Short, hands-on courses such as “From the desktop to the cluster”, going from your first shell commands to submitting jobs with Slurm. Every episode has exercises, and you move at your own pace.

home-feature-notebooks-title = Notebooks on the cluster
home-feature-notebooks-body = From inside a lesson you can open a Jupyter notebook that really runs on your institution's cluster. You practise on real resources from your browser, without installing anything on your computer.

home-feature-cohorts-title = Cohorts
home-feature-cohorts-body = Learn alongside other people in cohorts led by trainers, with live sessions and room for questions. The trainers were trained here too, in Train-the-Trainer cohorts, so they know first-hand what puzzles people who are starting out.

home-feature-community-title = Community
home-feature-community-body = In the forums you can ask questions, share scripts and help others. Puente is governed by its members' votes: the community decides its own rules and priorities.

home-why-heading = Why Puente exists
home-why-body = Across the region there are university and public HPC centres, yet many researchers never get to use them: what is missing is training in their language, support and a community to turn to. Cloud credits come and go, and when they run out the work is left half done. Puente is run by a university or public HPC centre on its own hardware, so that learning to use your institution's cluster is something stable and within everyone's reach.

check-heading = Does your work need a cluster?
check-intro = Answer three questions and we will suggest where to start.
check-q-data = Does your data no longer fit in your computer's memory?
check-q-time = Does an analysis take more than a night on your computer?
check-q-runs = Do you need to repeat the same analysis many times with different parameters or files?
check-yes = Yes
check-no = No
check-submit = See the recommendation
check-result-heading = Our recommendation
check-result-desktop = For now, your computer is probably enough for your work. Even so, learning the shell and good habits with your data will save you time and get you ready for the day you need more power.
check-result-maybe = We see one sign that your work is starting to outgrow your computer. Start with the first episodes of “From the desktop to the cluster”; a notebook on the cluster may be all you need.
check-result-cluster = We see two or more signs: a cluster could save you weeks of waiting. Start the course “From the desktop to the cluster” and plan your analyses as Slurm batch jobs, which keep running even when your computer is switched off.
check-unanswered = Answer the three questions to see a recommendation.
home-cta-start = Start the course "From the desktop to the cluster"
home-cta-signup = Create your free account
home-cta-dashboard = Continue where you left off
check-course-start = Start "From the desktop to the cluster"
check-course-basics = Learn the basics in "From the desktop to the cluster"
