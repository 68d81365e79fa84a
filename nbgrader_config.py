"""nbgrader configuration for the course (run nbgrader from the project root)."""
c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "sequence-models-week1"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"
c.CourseDirectory.assignment_id = ""

# Only the notebook is released: data files are installed by `make data`, helpers are the
# installed `utils` package.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".scratch", "output"]

# TensorFlow notebooks train inside cells: nbgrader's 30 s default would delete the whole
# submission on a timeout.
c.Execute.timeout = 600
c.Execute.interrupt_on_timeout = True

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
