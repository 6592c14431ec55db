-- How many attempts a learner may start at an activity (issue 3: "new attempts follow the activity's settings").
-- Chosen in the deep-linking picker (activity.attempt_limit), bound to the platform's resource link at its first
-- launch together with the grade policy (grading_setting.attempt_limit), where the instructor can change it on the
-- grade delivery page. NULL means unlimited, the default; otherwise 1 to 10.

ALTER TABLE activity ADD COLUMN attempt_limit INT;
ALTER TABLE grading_setting ADD COLUMN attempt_limit INT;
