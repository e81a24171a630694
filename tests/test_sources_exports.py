"""App exports (Strava, Garmin, Strong, Hevy): every fixture file, then what each one means."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.models import CATEGORIES, stable_id
from planner.sources import ReadOptions, SourceResult, detect, read_activities
from planner.sources.common import open_csv
from planner.store import ACTIVITY_COLUMNS, Store

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
FIXTURES = sorted(EXPORTS.rglob("*.csv"))
BERLIN = ZoneInfo("Europe/Berlin")
UNSAID = re.compile(r"\b(bpm|kcal|calories|heart|hr|kg|lbs?|watts?)\b", re.I)


def fixture_id(path: Path) -> str:
    return str(path.relative_to(EXPORTS))


def read(relative: str, units: str = "metric", tz: ZoneInfo = BERLIN) -> SourceResult:
    return read_activities(EXPORTS / relative, ReadOptions(tz, units))


def rows_by_column(result: SourceResult) -> list[dict[str, object]]:
    return [dict(zip(ACTIVITY_COLUMNS, row, strict=True)) for row in result.rows]


@pytest.mark.parametrize("path", FIXTURES, ids=fixture_id)
def test_every_fixture_is_detected_by_its_header(path: Path) -> None:
    expected = path.relative_to(EXPORTS).parts[0]
    assert detect(open_csv(path)) == expected


@pytest.mark.parametrize("path", FIXTURES, ids=fixture_id)
def test_every_fixture_imports_cleanly(path: Path) -> None:
    units = "imperial" if "imperial" in path.name else "metric"
    result = read_activities(path, ReadOptions(BERLIN, units))
    assert result.errors == []
    assert result.rows
    assert result.format == path.relative_to(EXPORTS).parts[0]
    ids = [row[0] for row in result.rows]
    assert len(ids) == len(set(ids))
    for row in rows_by_column(result):
        assert len(row) == len(ACTIVITY_COLUMNS)
        start = datetime.fromisoformat(str(row["start"]))
        assert start.utcoffset() is not None and start.utcoffset().total_seconds() == 0
        assert row["category"] in CATEGORIES
        assert row["title"] and row["title"] == " ".join(str(row["title"]).split())
        assert not UNSAID.search(str(row["title"])), row["title"]
        assert not UNSAID.search(str(row["details"])), row["details"]
        assert row["source"] == result.format
        assert row["distance_km"] is None or float(str(row["distance_km"])) > 0
        assert row["duration_s"] is None or int(str(row["duration_s"])) > 0


@pytest.mark.parametrize("path", FIXTURES, ids=fixture_id)
def test_every_fixture_imports_into_the_store_once(path: Path, tmp_path: Path) -> None:
    units = "imperial" if "imperial" in path.name else "metric"
    result = read_activities(path, ReadOptions(BERLIN, units))
    with Store(tmp_path / "p.db") as store:
        first = store.import_rows(result.rows)
        again = store.import_rows(read_activities(path, ReadOptions(BERLIN, units)).rows)
        activities = store.activities()
    assert (first.new, again.new, again.duplicate) == (len(result.rows), 0, len(result.rows))
    assert all(a.start.tzinfo is not None for a in activities)


# Strava


def test_strava_sample_values() -> None:
    rows = rows_by_column(read("strava/activities.csv"))
    assert len(rows) == 200
    first = rows[0]
    assert first["id"] == stable_id("strava", "18488946585")
    assert first["start"] == "2026-05-13T09:54:42+00:00"
    assert first["kind"] == "virtual ride" and first["category"] == "fitness"
    assert first["title"] == "TOO Hard Starts, I saw Jesus"
    assert first["distance_km"] == 32.85 and first["duration_s"] == 3631
    assert first["photo"] == ""
    titles = {r["title"] for r in rows}
    assert "6.4 km ride" in titles and "Afternoon Ride" not in titles
    assert {r["kind"] for r in rows} == {"virtual ride", "ride", "run", "walk", "yoga"}


def test_strava_multiline_description_is_one_record() -> None:
    rows = rows_by_column(read("strava/activities.csv"))
    assert rows[3]["notes"] == "", "device lines are not the user's words"
    assert rows[4]["start"] == "2026-05-08T16:43:42+00:00"


def test_strava_pm_time_is_utc() -> None:
    rows = rows_by_column(read("strava/html_header.csv"))
    assert rows[0]["start"] == "2022-10-06T23:19:20+00:00"
    local = datetime.fromisoformat(str(rows[0]["start"])).astimezone(BERLIN)
    assert (local.day, local.hour) == (7, 1)


def test_strava_german_export() -> None:
    result = read("strava/german.csv")
    rows = rows_by_column(result)
    run, ride, swim, own, strength = rows
    assert run["start"] == "2026-07-21T15:09:27+00:00"
    assert (run["kind"], run["title"], run["distance_km"]) == ("run", "2.8 km run", 2.81)
    assert ride["title"] == "42.6 km ride" and ride["distance_km"] == 42.57
    assert (swim["title"], swim["distance_km"]) == ("1500 m swim", 1.5)
    assert own["title"] == "Feierabendrunde am See"
    assert own["notes"] == "Schöne Runde,\nmit Sonnenuntergang"
    assert own["start"] == "2022-12-09T15:24:49+00:00"
    assert strength["kind"] == "weight training" and strength["distance_km"] is None
    assert strength["title"] == "45 min strength workout"
    assert "German Strava export: decimal commas read" in result.notes


def test_strava_html_wrapped_header_cells() -> None:
    rows = rows_by_column(read("strava/html_header.csv"))
    assert [r["kind"] for r in rows] == [
        "run",
        "ride",
        "weight training",
        "swim",
        "walk",
        "yoga",
        "hike",
    ]
    assert [r["title"] for r in rows] == [
        "10.2 km run",
        "Sunday long ride to the lake",
        "50 min strength workout",
        "1850 m swim",
        "2.4 km walk",
        "60 min yoga session",
        "14 km hike",
    ]
    assert rows[-1]["category"] == "outdoors"
    assert rows[3]["distance_km"] == 1.85


def test_strava_2019_header_reads_metres() -> None:
    rows = rows_by_column(read("strava/legacy_2019.csv"))
    assert rows[0]["start"] == "2018-11-27T19:11:32+00:00"
    assert rows[0]["distance_km"] == 6.075 and rows[0]["title"] == "6.1 km ride"
    assert rows[0]["id"] == stable_id("strava", "1988225457")
    assert rows[3]["title"] == "Parkrun with the club" and rows[3]["notes"] == "Cold but fun"


def test_strava_en_gb_79_column_export_reads_day_month_dates() -> None:
    rows = rows_by_column(read("strava/en_gb_79col.csv", tz=ZoneInfo("Europe/London")))
    ride, run, swim, walk = rows
    assert ride["start"] == "2020-12-24T08:13:59+00:00"
    assert ride["id"] == stable_id("strava", "4512261173")
    assert (ride["title"], ride["distance_km"], ride["duration_s"]) == (
        "Test activity cycling",
        101.17,
        19595,
    )
    assert (run["title"], run["start"]) == ("8 km run", "2020-12-26T16:40:02+00:00")
    assert (swim["title"], swim["distance_km"]) == ("1650 m swim", 1.65)
    assert walk["start"] == "2020-12-31T23:30:00+00:00" and walk["notes"] == "Frosty, quiet streets"


def test_strava_media_becomes_the_first_existing_image() -> None:
    rows = rows_by_column(read("strava/export_folder/activities.csv"))
    folder = (EXPORTS / "strava" / "export_folder").resolve()
    assert rows[0]["photo"] == str(folder / "media" / "first.jpg")
    assert rows[1]["photo"] == ""
    assert rows[2]["photo"] == ""


def test_strava_media_without_the_export_folder(tmp_path: Path) -> None:
    alone = tmp_path / "activities.csv"
    alone.write_bytes((EXPORTS / "strava/export_folder/activities.csv").read_bytes())
    result = read_activities(alone, ReadOptions(BERLIN))
    assert [row[7] for row in result.rows] == ["", "", ""]


@pytest.mark.parametrize(
    "escape", ["../secret.jpg", "media/../../secret.jpg", "{outside}", "media/link.jpg"]
)
def test_strava_media_never_leaves_the_export_folder(tmp_path: Path, escape: str) -> None:
    folder = tmp_path / "export"
    (folder / "media").mkdir(parents=True)
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(b"private")
    (folder / "media" / "link.jpg").symlink_to(outside)
    (folder / "media" / "own.jpg").write_bytes(b"ok")
    source = (EXPORTS / "strava/export_folder/activities.csv").read_text(encoding="utf-8")
    media = escape.format(outside=outside) + "|media/own.jpg"
    path = folder / "activities.csv"
    path.write_text(
        source.replace("media/clip.mp4|media/first.jpg|media/second.jpg", media),
        encoding="utf-8",
    )
    result = read_activities(path, ReadOptions(BERLIN))
    assert result.rows[0][7] == str((folder / "media" / "own.jpg").resolve())


def test_strava_unknown_type_is_fitness_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance\n"
        '1,"Jan 2, 2026, 9:00:00 AM",Morning Zorbing,Zorbing,600,1.2\n',
        encoding="utf-8",
    )
    result = read_activities(path, ReadOptions(BERLIN))
    assert result.rows[0][3:5] == ("zorbing", "fitness")
    assert result.notes == ["activity types filed under fitness: Zorbing"]


# Garmin


def test_garmin_sample_is_local_time() -> None:
    rows = rows_by_column(read("garmin/Activities.csv", tz=ZoneInfo("America/New_York")))
    assert len(rows) == 160
    first = rows[0]
    assert first["start"] == "2026-04-23T12:04:14+00:00"
    assert (first["title"], first["distance_km"], first["duration_s"]) == ("6.7 km run", 6.71, 2293)
    assert first["id"] == stable_id("garmin", "2026-04-23T08:04:14")
    assert any(r["title"] == "Derby city 10k (official time - 35:35)" for r in rows)
    assert any(r["kind"] == "treadmill running" for r in rows)


def test_garmin_units_metric_by_default_and_noted() -> None:
    result = read("garmin/imperial.csv")
    assert result.rows[0][12] == 4.17
    assert result.notes[0].startswith("units: metric")


def test_garmin_imperial_converts_miles_and_yards_and_titles_in_miles() -> None:
    result = read("garmin/imperial.csv", units="imperial")
    rows = rows_by_column(result)
    assert rows[0]["distance_km"] == 6.711 and rows[0]["title"] == "4.2 mi run"
    assert rows[1]["distance_km"] == 1.0 and rows[1]["title"] == "1094 yd swim"
    assert rows[2]["title"] == "Charles River loop" and rows[2]["distance_km"] == 34.279
    assert result.notes[0].startswith("units: imperial, miles converted to km")


def test_garmin_danish() -> None:
    rows = rows_by_column(read("garmin/danish.csv"))
    run, strength, swim = rows
    assert run["start"] == "2022-04-18T08:31:59+00:00"
    assert (run["kind"], run["title"], run["distance_km"], run["duration_s"]) == (
        "running",
        "10 km run",
        10.02,
        3131,
    )
    assert strength["distance_km"] is None and strength["title"] == "45 min strength workout"
    assert swim["title"] == "Morgensvømning med holdet" and swim["distance_km"] == 1.5


def test_garmin_swedish() -> None:
    rows = rows_by_column(read("garmin/swedish.csv"))
    run, ride, hike = rows
    assert (run["title"], run["distance_km"]) == ("8.4 km run", 8.45)
    assert (ride["title"], ride["distance_km"], ride["duration_s"]) == (
        "Runt Mälaren",
        1204.5,
        165900,
    )
    assert (hike["category"], hike["title"]) == ("outdoors", "12.3 km hike")


# Strong


def test_strong_android_sample() -> None:
    rows = rows_by_column(read("strong/strong-android.csv"))
    assert len(rows) == 15
    first = rows[0]
    assert first["start"] == "2022-02-16T16:40:08+00:00"
    assert first["title"] == "Kod Ivana 1st"
    assert first["details"] == "Overhead Press, Bench Press, Bent Over Row, Deadlift"
    assert first["duration_s"] == 58 * 60 and rows[1]["duration_s"] == 67 * 60
    assert first["kind"] == "strength training" and first["category"] == "fitness"
    assert first["id"] == stable_id("strong", "2022-02-16T17:40:08")


def test_strong_ios_12_columns() -> None:
    result = read("strong/ios_12col.csv")
    evening, push = rows_by_column(result)
    assert evening["title"] == "62 min workout"
    assert evening["details"] == "Squat, Bench Press, Bent Over Row, Running"
    assert evening["distance_km"] == 3.2
    assert evening["notes"] == "", "Strong's workout notes are a private log, never read"
    assert push["title"] == "Push, heavy" and push["details"] == "Overhead Press, Triceps Dip"
    assert push["duration_s"] == 45 * 60
    assert result.notes == [
        "units: distances read as km (this Strong export does not say; pass --units to change)"
    ]


def test_strong_ios_unitless_distance_follows_units() -> None:
    result = read("strong/ios_12col.csv", units="imperial")
    assert result.rows[0][12] == 5.15


def test_strong_ios_2026_ten_columns() -> None:
    legs, morning = rows_by_column(read("strong/ios_2026_10col.csv"))
    assert legs["details"] == "Squat, Romanian Deadlift, Leg Press and 3 more"
    assert legs["duration_s"] == 75 * 60
    assert morning["title"] == "40 min workout"


def test_strong_6_quoted_semicolons_units_in_headers() -> None:
    first, second = rows_by_column(read("strong/strong6.csv"))
    assert first["details"] == "Squat, Bench Press, Running"
    assert (first["duration_s"], first["distance_km"]) == (3600, 5.0)
    assert first["title"] == "Morning" and second["title"] == "Upper body"
    assert first["start"] == "2024-01-02T06:05:00+00:00"


def test_strong_2016_kg_km_columns() -> None:
    a, b = rows_by_column(read("strong/strong_2016.csv"))
    assert a["details"] == "Squat, Bench Press, Barbell Row" and a["duration_s"] is None
    assert b["distance_km"] == 2.0


def test_strong_sets_of_one_workout_apart_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
        "2026-01-05 18:00:00,Legs,Squat (Barbell),1,100,5\n"
        "2026-01-07 18:00:00,Arms,Curl (Dumbbell),1,12,10\n"
        "2026-01-05 18:00:00,Legs,Lunge,1,20,10\n",
        encoding="utf-8",
    )
    rows = read_activities(path, ReadOptions(BERLIN)).rows
    assert [(r[5], r[14]) for r in rows] == [("Legs", "Squat, Lunge"), ("Arms", "Curl")]


# Hevy


def test_hevy_sample() -> None:
    rows = rows_by_column(read("hevy/workout_data.csv"))
    assert len(rows) == 10
    first = rows[0]
    assert first["start"] == "2026-04-07T08:14:00+00:00"
    assert first["end"] == "2026-04-07T09:14:00+00:00"
    assert first["duration_s"] == 3600 and first["title"] == "60 min workout"
    assert first["details"] == "Paused Bench Press, Bench Press, Pull Up and 2 more"


def test_hevy_imperial() -> None:
    result = read("hevy/imperial.csv")
    push, evening = rows_by_column(result)
    assert push["title"] == "Push Day" and push["notes"] == "New bench PR"
    assert push["details"] == "Bench Press, Incline Bench Press, Treadmill"
    assert push["distance_km"] == 2.414 and push["duration_s"] == 65 * 60
    assert evening["title"] == "45 min workout" and evening["distance_km"] is None
    assert result.notes == ["units: imperial (lbs, miles); distances converted to km"]


# Re-importing a later, overlapping export


def _records(path: Path) -> tuple[list[str], list[list[str]], str]:
    head = open_csv(path)
    with path.open(encoding=head.encoding, newline="") as f:
        records = list(csv.reader(f, delimiter=head.delimiter))
    return records[0], records[1:], head.delimiter


def _write(path: Path, header: list[str], records: list[list[str]], delimiter: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(records)
    return path


@pytest.mark.parametrize(
    ("relative", "key_column"),
    [
        ("strava/activities.csv", 0),
        ("garmin/Activities.csv", 1),
        ("strong/strong-android.csv", 0),
        ("hevy/workout_data.csv", 1),
    ],
)
def test_a_later_overlapping_export_adds_only_new_activities(
    relative: str, key_column: int, tmp_path: Path
) -> None:
    header, records, delimiter = _records(EXPORTS / relative)
    keys = list(dict.fromkeys(r[key_column] for r in records))
    older_keys = set(keys[len(keys) // 3 :])
    newer_keys = set(keys[: 2 * len(keys) // 3])
    older = _write(
        tmp_path / "older.csv",
        header,
        [r for r in records if r[key_column] in older_keys],
        delimiter,
    )
    later = _write(
        tmp_path / "later.csv",
        header,
        [r for r in records if r[key_column] in newer_keys],
        delimiter,
    )
    options = ReadOptions(BERLIN)
    first = read_activities(older, options)
    second = read_activities(later, options)
    overlap = len({r[0] for r in first.rows} & {r[0] for r in second.rows})
    assert overlap > 0
    with Store(tmp_path / "p.db") as store:
        assert store.import_rows(first.rows).new == len(first.rows)
        counts = store.import_rows(second.rows)
        assert (counts.new, counts.duplicate) == (len(second.rows) - overlap, overlap)
        assert store.activity_count() == len({r[0] for r in first.rows + second.rows})


def test_times_are_read_in_the_given_zone() -> None:
    utc = read("hevy/workout_data.csv", tz=ZoneInfo("UTC")).rows[0][1]
    tokyo = read("hevy/workout_data.csv", tz=ZoneInfo("Asia/Tokyo")).rows[0][1]
    assert utc == "2026-04-07T10:14:00+00:00" and tokyo == "2026-04-07T01:14:00+00:00"
    assert datetime.fromisoformat(utc).tzinfo == UTC


# The same activity in two exports keeps its id: renamed in the app, or read in another zone

RENAMED = {
    "garmin": (
        "Activity Type,Date,Favorite,Title,Distance,Time\n"
        "Running,2026-04-23 08:04:14,false,{title},6.71,00:38:13\n"
        "Running,2026-04-24 08:04:14,false,Easy,5.0,00:30:00\n",
        ("Louisville Running", "Derby city 10k"),
    ),
    "strong": (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps\n"
        "2026-01-05 18:00:00,{title},1h,Squat (Barbell),1,100,5\n"
        "2026-01-05 18:00:00,{title},1h,Lunge,1,20,10\n"
        "2026-01-07 18:00:00,Arms,45m,Curl (Dumbbell),1,12,10\n",
        ("Evening Workout", "Leg day PR"),
    ),
    "hevy": (
        "title,start_time,end_time,exercise_title,weight_kg,reps\n"
        '{title},"7 Apr 2026, 10:14","7 Apr 2026, 11:14",Squat,100,5\n'
        '{title},"7 Apr 2026, 10:14","7 Apr 2026, 11:14",Lunge,20,10\n'
        'Arms,"9 Apr 2026, 10:14","9 Apr 2026, 11:00",Curl,12,10\n',
        ("Morning workout", "Legs with Sam"),
    ),
}


@pytest.mark.parametrize("fmt", sorted(RENAMED))
def test_an_activity_renamed_in_the_app_keeps_its_id(fmt: str, tmp_path: Path) -> None:
    text, (before, after) = RENAMED[fmt]
    older = tmp_path / "older.csv"
    later = tmp_path / "later.csv"
    older.write_text(text.format(title=before), encoding="utf-8")
    later.write_text(text.format(title=after), encoding="utf-8")
    first = read_activities(older, ReadOptions(BERLIN)).rows
    second = read_activities(later, ReadOptions(BERLIN)).rows
    assert len(first) == len(second) == 2
    assert [r[0] for r in first] == [r[0] for r in second]
    with Store(tmp_path / "p.db") as store:
        store.import_rows(first)
        assert store.import_rows(second).new == 0


@pytest.mark.parametrize(
    "relative", ["garmin/Activities.csv", "strong/strong-android.csv", "hevy/workout_data.csv"]
)
def test_ids_of_local_times_do_not_depend_on_the_zone(relative: str) -> None:
    berlin = [row[0] for row in read(relative).rows]
    tokyo = [row[0] for row in read(relative, tz=ZoneInfo("Asia/Tokyo")).rows]
    assert berlin == tokyo


def test_two_activities_at_one_start_are_both_kept(tmp_path: Path) -> None:
    path = tmp_path / "Activities.csv"
    path.write_text(
        "Activity Type,Date,Favorite,Title,Distance,Time\n"
        "Running,2026-04-23 08:04:14,false,Warm-up,1.0,00:06:00\n"
        "Running,2026-04-23 08:04:14,false,Race,10.0,00:40:00\n",
        encoding="utf-8",
    )
    rows = read_activities(path, ReadOptions(BERLIN)).rows
    assert len({r[0] for r in rows}) == 2


@pytest.mark.parametrize(
    "description,kept",
    [
        ("525 Training Load\n-- from COROS", ""),
        ("Easy run with the club\nPowered by Wahoo", "Easy run with the club"),
        ("210 W average\nWindy on the way back", "Windy on the way back"),
        ("5 km in the rain, felt good", "5 km in the rain, felt good"),
        ("Hilly one\nAvg HR 152, 640 kcal", "Hilly one"),
        ("Max heart rate 181 on the last climb\nLovely views", "Lovely views"),
        ("Squatted 140 kg today!\nGood session", "Good session"),
        ("Avg heart-rate 150\nCalm", "Calm"),
        ("Pulse 150 the whole way\nCalm", "Calm"),
        ("Hit 315 pounds on deadlift\nCalm", "Calm"),
        ("Neuer Rekord: 80 Kilo\nRuhig", "Ruhig"),
        ("Puls 145 im Schnitt\nSchöne Runde", "Schöne Runde"),
        ("Durchschnittspuls 148\nSchöne Runde", "Schöne Runde"),
        ("Max. Herzfrequenz 181\nSchöne Runde", "Schöne Runde"),
        ("Kalorien: 610\nSchöne Runde", "Schöne Runde"),
    ],
)
def test_strava_description_keeps_only_the_users_words(description: str, kept: str) -> None:
    from planner.sources.titles import own_words

    assert own_words(description) == kept


def test_strava_german_description_drops_pulse_and_calories(tmp_path: Path) -> None:
    german = (EXPORTS / "strava/german.csv").read_text(encoding="utf-8")
    path = tmp_path / "activities.csv"
    path.write_text(
        german.replace(
            "Schöne Runde,\nmit Sonnenuntergang", "Schöne Runde\nPuls 152, 640 Kalorien"
        ),
        encoding="utf-8",
    )
    notes = [
        row[ACTIVITY_COLUMNS.index("notes")]
        for row in read_activities(path, ReadOptions(BERLIN)).rows
    ]
    assert "Schöne Runde" in notes
    assert not any("Puls" in n or "Kalorien" in n for n in notes)


def test_strong_decimal_mark_comes_from_the_files_numbers(tmp_path: Path) -> None:
    path = tmp_path / "strong.csv"
    path.write_text(
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
        "Distance Unit;Seconds;Notes;Workout Notes;Workout Duration\n"
        "2022-02-16 17:40:08;Run;Running;1;;;;;1.609;mi;600;;;10m\n",
        encoding="utf-8",
    )
    (row,) = read_activities(path, ReadOptions(ZoneInfo("Europe/Berlin"))).rows
    assert row[ACTIVITY_COLUMNS.index("distance_km")] == pytest.approx(2.589, abs=0.01)


def test_a_hevy_workout_with_an_app_default_title_is_named_by_what_happened(
    tmp_path: Path,
) -> None:
    header = (
        '"title","start_time","end_time","description","exercise_title","superset_id",'
        '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
        '"duration_seconds","rpe"\n'
    )
    run = '"Morning Run","7 Apr 2026, 07:00","7 Apr 2026, 07:31","","Running","",""'
    gym = '"Evening Workout","7 Apr 2026, 18:00","7 Apr 2026, 18:45","","Rowing Machine","",""'
    rows = [
        f'{run},"0","normal","","","3.1","1100",""',
        f'{run},"1","normal","","","2.1","760",""',
        f'{gym},"0","normal","","","2","600",""',
    ]
    path = tmp_path / "workouts.csv"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    run, row = rows_by_column(read_activities(path, ReadOptions(BERLIN)))
    assert (run["title"], run["distance_km"]) == ("5.2 km run", 5.2)
    assert row["title"] == "45 min workout"  # a gym session's rowing metres do not name it


def test_app_written_titles_and_lines_never_become_captions() -> None:
    """Garmin's suggested workouts name the user's city ("Louisville - Base"); Zwift names its
    rides and writes its route into the description ("🗺️ Tempus Fugit in Watopia")."""
    garmin = rows_by_column(read("garmin/Activities.csv"))
    assert not [r for r in garmin if " - " in str(r["title"]) and "Louisville" in str(r["title"])]
    assert any(r["title"] == "Tempo - 30mins" for r in garmin)  # the user's own words stay
    strava = rows_by_column(read("strava/activities.csv"))
    assert not [r for r in strava if str(r["title"]).startswith("Zwift - ")]
    assert not [r for r in strava if "Watopia" in str(r["notes"])]
