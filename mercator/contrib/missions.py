"""What Mercator plugs into the missions app: a completed mission brings its dates and cost estimate back to the
plan activities it serves."""

from mercator.services import mission_completed
from missions.hooks import completed

completed.add(mission_completed)
