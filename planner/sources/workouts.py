"""Set-per-row gym logs (Strong, Hevy) folded into one activity per workout.

A workout is every row sharing its start text and name, wherever those rows are in the file.
Its ``details`` names the exercises in order of first appearance, equipment dropped ("Squat
(Barbell)" -> "Squat") and repeats merged: "Squat, Bench Press, Row", and past four
exercises "Squat, Bench Press, Row and 3 more". Weights, reps and RPE are never read into
an activity.

Edges: the title is the workout's name unless it is an app default ("Evening Workout",
"Morning workout ☀️"), which becomes "67 min workout" (or "Workout" with no duration). The
id hashes the source and the start as written (not the name, which the user may change, nor
the zone it is read in), so a later export that overlaps adds only new workouts; a second
workout at the same start adds its name to the hash. Distances from cardio sets are summed
into ``distance_km``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planner.models import ActivityRow, stable_id
from planner.sources.titles import default_noun, generated_title, is_app_default

KIND = "strength training"
CATEGORY = "fitness"
SUMMARY_LIMIT = 4
_EQUIPMENT = re.compile(r"\s*\([^()]*\)\s*$")


def exercise_label(name: str) -> str:
    """An exercise as a caption would say it: "Bench Press (Barbell)" -> "Bench Press"."""
    plain = " ".join(name.split())
    shorter = _EQUIPMENT.sub("", plain)
    return shorter or plain


def summary(labels: list[str]) -> str:
    """ "A, B, C" for up to SUMMARY_LIMIT names; past it the first three and "and N more"."""
    if len(labels) <= SUMMARY_LIMIT:
        return ", ".join(labels)
    shown = SUMMARY_LIMIT - 1
    return f"{', '.join(labels[:shown])} and {len(labels) - shown} more"


@dataclass
class Workout:
    """One workout being collected: ``row`` is its first row in the file."""

    row: int
    start: str
    name: str
    wall: str = ""
    end: str | None = None
    duration_s: int | None = None
    distance_km: float = 0.0
    notes: str = ""
    exercises: dict[str, None] = field(default_factory=dict)


class WorkoutCollector:
    """Collects set rows into workouts keyed by (start text, name), first appearance first."""

    def __init__(self, source: str, units: str = "metric") -> None:
        self.source = source
        self.units = units  # of generated titles: "5.2 km run" or "3.2 mi run"
        self.workouts: dict[tuple[str, str], Workout] = {}

    def add(self, row: int, start: str, name: str, exercise: str, wall: str = "") -> Workout:
        """The workout this set belongs to, created on its first set; the exercise recorded.

        ``wall`` is the start as written, in no zone (what the id hashes); ``start`` is UTC.
        """
        key = (start, name)
        workout = self.workouts.get(key)
        if workout is None:
            workout = self.workouts[key] = Workout(row=row, start=start, name=name, wall=wall)
        label = exercise_label(exercise)
        if label:
            workout.exercises.setdefault(label)
        return workout

    def store_rows(self) -> list[ActivityRow]:
        """One store row per workout."""
        starts: set[str] = set()
        rows = []
        for w in self.workouts.values():
            wall = w.wall or w.start
            if wall in starts:
                workout_id = stable_id(self.source, wall, w.name)
            else:
                starts.add(wall)
                workout_id = stable_id(self.source, wall)
            rows.append(self._row(workout_id, w))
        return rows

    def _row(self, workout_id: str, w: Workout) -> ActivityRow:
        distance = round(w.distance_km, 3) if w.distance_km > 0 else None
        if is_app_default(w.name, ("workout",)):
            noun = default_noun(w.name, "workout")  # "Morning Run" -> "5.2 km run"
            by_distance = not noun.endswith(("workout", "session"))
            title = generated_title(
                noun, distance if by_distance else None, w.duration_s, self.units
            )
        else:
            title = " ".join(w.name.split())
        return (  # an ActivityRow: its fields in ACTIVITY_COLUMNS order
            workout_id,
            w.start,
            w.end,
            KIND,
            CATEGORY,
            title,
            "",  # location
            "",  # photo
            w.notes,
            None,  # mood
            1,  # share
            "",  # tags
            distance,
            w.duration_s,
            summary(list(w.exercises)),  # details
            self.source,
        )
