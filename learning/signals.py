"""Signals one feature sends and others listen to (progress sends, badges will listen).

Each is sent after the change it announces has been committed, with the user as sender.
"""

from blinker import Namespace

learning_signals = Namespace()

level_assigned = learning_signals.signal("level-assigned")
lesson_completed = learning_signals.signal("lesson-completed")
quiz_attempted = learning_signals.signal("quiz-attempted")
course_completed = learning_signals.signal("course-completed")
path_completed = learning_signals.signal("path-completed")
guide_acknowledged = learning_signals.signal("guide-acknowledged")
