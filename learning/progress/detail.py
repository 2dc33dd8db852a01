"""One course as one person follows it: what the API's course and lesson operations send,
read through the progress services."""

from dataclasses import dataclass

from learning.auth.models import User
from learning.courses import services as courses
from learning.courses.models import Course, Lesson, QuizQuestion
from learning.progress.services import CourseProgress, completed_lesson_ids, progress_for


@dataclass
class LessonState:
    """A lesson, and whether this person completed it."""

    lesson: Lesson
    completed: bool


@dataclass
class LessonOutcome:
    """A lesson this person completed, and where that leaves its course."""

    lesson: Lesson
    course: CourseProgress
    completed: bool = True


@dataclass
class Quiz:
    pass_mark: int
    questions: list[QuizQuestion]


@dataclass
class CourseDetail:
    """A course as one person follows it: their progress, its lessons with the ones they
    completed, and its quiz (None for a course without one)."""

    progress: CourseProgress
    lessons: list[LessonState]
    quiz: Quiz | None


def course_detail(user: User, course: Course) -> CourseDetail:
    done = completed_lesson_ids(user, course)
    (course_progress,) = progress_for(user, [course])
    lessons = [LessonState(lesson, lesson.id in done) for lesson in courses.active_lessons(course)]
    quiz = None
    if course.pass_mark is not None:
        quiz = Quiz(course.pass_mark, courses.quiz_questions(course))
    return CourseDetail(course_progress, lessons, quiz)


def lesson_outcome(user: User, lesson: Lesson) -> LessonOutcome:
    """Once `lesson` is completed: the lesson, and its course's progress."""
    (course_progress,) = progress_for(user, [lesson.course])
    return LessonOutcome(lesson, course_progress)
