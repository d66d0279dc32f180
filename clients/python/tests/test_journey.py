"""The Journey wrapper against the real journey engine with bin/start's demo company (conftest.py starts one).

The demo company (tenant "demo") has three running journeys: Ann's waits at her assessment, Omar's learning path is
with his manager, Tom works on his path. The engine pushes its catalog to the test's inference server itself.
"""

import time
import uuid

import pytest

from upskill.v1 import journey_pb2
from upskill_client import InvalidArgument, NotFound


def test_start_names_the_running_journey_instead_of_starting_a_second(journeys):
    first = journeys.start("demo", "ann", actor="py-test")
    again = journeys.start("demo", "ann")
    assert not first.started and not again.started
    assert first.process_instance_id and first.process_instance_id == again.process_instance_id


def test_dashboard_shows_every_stage_with_the_current_one(journeys):
    journey = journeys.journey("demo", "ann")
    assert journey.display_name == "Ann Meyer"
    assert journey.current_stage == "assessment"
    assert [s.id for s in journey.steps] == ["profile-load", "assessment", "gap-analysis", "learning-path",
                                             "progress-tracking", "re-assessment", "completion"]
    assert [s.status for s in journey.steps[:3]] == [journey_pb2.STEP_STATUS_DONE, journey_pb2.STEP_STATUS_CURRENT,
                                                     journey_pb2.STEP_STATUS_PENDING]
    assert 0 < journey.completion_percent < 100 and not journey.finished


def test_recommendations_cover_the_employees_gaps(journeys):
    # The engine syncs its catalog to the inference server after start; until then the answer is an error or empty.
    deadline = time.monotonic() + 90
    while True:
        try:
            recommendations = journeys.recommendations("demo", "omar", 3)
            if recommendations:
                break
        except Exception:  # noqa: BLE001 - retried until the deadline, then the last error is raised
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            pytest.fail("no recommendations for omar after 90 s")
        time.sleep(2)
    assert 1 <= len(recommendations) <= 3
    for r in recommendations:
        assert r.course_id and r.course_title and r.covered_competency_ids
    assert recommendations[0].score >= recommendations[-1].score


def test_unknown_employee_is_not_found(journeys):
    with pytest.raises(NotFound) as error:
        journeys.journey("demo", "nobody-" + uuid.uuid4().hex[:8])
    assert error.value.method == "JourneyService/GetJourney"


def test_bad_tenant_is_an_invalid_argument_naming_the_field(journeys):
    with pytest.raises(InvalidArgument) as error:
        journeys.start("not a tenant!", "ann")
    assert error.value.field == "tenant_id"
