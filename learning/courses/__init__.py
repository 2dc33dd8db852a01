"""The catalogue: courses, lessons, quizzes and paths, loaded from the files in courses/."""
