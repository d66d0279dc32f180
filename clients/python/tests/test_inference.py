"""The wrapper against a running inference server (conftest.py starts one)."""

import math
import uuid

import grpc
import pytest

from upskill.v1 import catalog_pb2, embedding_pb2
from upskill_client import Inference, InvalidArgument, NotFound, UpskillError


def _tenant() -> str:
    return "py-" + uuid.uuid4().hex[:12]


def test_embed_returns_unit_vectors_in_order(api):
    vectors = api.embed(["Python for data analysis", "Negotiation skills for managers"])
    assert len(vectors) == 2
    for v in vectors:
        assert len(v) == 384
        assert math.isclose(math.fsum(x * x for x in v), 1.0, rel_tol=1e-3)
    assert vectors[0] != vectors[1]


def test_embed_response_carries_meta(api):
    response = api.embed_response(["hello"])
    assert response.dimensions == 384
    assert response.embeddings[0].token_count >= 3
    assert response.meta.model.name and response.meta.request_id


def test_request_id_is_sent(address):
    with Inference(address, request_id="py-client-test-1") as client:
        assert client.embed_response(["hello"]).meta.request_id == "py-client-test-1"


def test_blank_text_is_invalid_argument_naming_the_field(api):
    with pytest.raises(InvalidArgument) as raised:
        api.embed(["fine", "   "])
    error = raised.value
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert error.field == "texts[1]", error.message
    assert "EmbeddingService/Embed" in str(error)


def test_no_texts_is_invalid_argument(api):
    with pytest.raises(InvalidArgument) as raised:
        api.embed([])
    assert "texts" in raised.value.message


def test_a_deadline_that_passed_is_deadline_exceeded(api):
    with pytest.raises(UpskillError) as raised:
        api.embed(["a text"] * 64, timeout=0.000001)
    assert raised.value.code == grpc.StatusCode.DEADLINE_EXCEEDED


COURSES = [
    {"id": "py-1", "title": "Python for Data Analysis", "language": "en", "level": "beginner",
     "description": "pandas, NumPy and Jupyter notebooks for cleaning and analysing tabular data."},
    {"id": "py-2", "title": "Negotiation Fundamentals", "language": "en", "level": "intermediate",
     "description": "Preparing, anchoring and closing negotiations with suppliers and customers."},
    {"id": "py-3", "title": "Kubernetes in Production", "language": "en", "level": "advanced",
     "description": "Deploying, scaling and observing containerised services on Kubernetes clusters."},
]
COMPETENCIES = [
    {"id": "data-analysis", "name": "Data analysis", "description": "Analysing data with Python and pandas."},
    {"id": "negotiation", "name": "Negotiation", "description": "Negotiating agreements with suppliers."},
]


def test_catalog_import_then_search(api):
    tenant = _tenant()
    imported = api.upsert_courses(tenant, COURSES)
    assert (imported.received, imported.created, imported.failed) == (3, 3, 0), imported
    assert imported.catalog_size == 3
    hits = api.search(tenant, "analyse tables of data with pandas", k=2)
    assert [h.course.id for h in hits][0] == "py-1"
    assert len(hits) == 2
    assert api.catalog_info(tenant).course_count == 3
    # Upserts are idempotent by id.
    again = api.upsert_courses(tenant, COURSES[:1])
    assert again.unchanged == 1


def test_search_with_a_filter(api):
    tenant = _tenant()
    api.upsert_courses(tenant, COURSES)
    hits = api.search(tenant, "data", k=5, filter={"levels": [3]})
    assert [h.course.id for h in hits] == ["py-3"]


def test_a_bad_course_is_reported_not_raised(api):
    response = api.upsert_courses(_tenant(), [{"id": "bad", "title": ""}])
    assert response.failed == 1
    assert response.errors[0].course_id == "bad" and response.errors[0].field


def test_search_without_tenant_is_invalid_argument(api):
    with pytest.raises(InvalidArgument) as raised:
        api.search("", "data")
    assert raised.value.field == "tenant_id", raised.value.message


def test_recommend_for_gaps(api):
    tenant = _tenant()
    api.upsert_competencies(tenant, COMPETENCIES)
    api.upsert_courses(tenant, COURSES)
    response = api.recommend(tenant, [{"competency_id": "negotiation", "target_level": "intermediate"}], k=2)
    assert response.courses and response.courses[0].course.id == "py-2"
    assert response.courses[0].reason


def test_recommend_for_an_unknown_competency_is_not_found(api):
    tenant = _tenant()
    api.upsert_competencies(tenant, COMPETENCIES)
    with pytest.raises(NotFound) as raised:
        api.recommend(tenant, [{"competency_id": "juggling", "target_level": 2}])
    assert "gaps[0]" in raised.value.message


def test_grade_matches_key_points(api):
    grade = api.grade(
        "Why do we use version control?",
        ["Version control records every change, so you can go back to earlier versions and collaborate safely."],
        "It keeps a history of all changes so we can revert to an earlier version, and several people can work "
        "on the same code.",
        key_points=["keeps a history of changes", "lets several people collaborate"])
    assert 0 < grade.score <= grade.max_score == 5
    assert len(grade.key_points) == 2
    assert not grade.off_topic


def test_grade_off_topic_answer_scores_low(api):
    grade = api.grade("Why do we use version control?", ["It records the history of changes."],
                      "My favourite pizza has mushrooms and olives.")
    assert grade.off_topic and grade.score < 1


def test_grade_without_reference_is_invalid_argument(api):
    with pytest.raises(InvalidArgument) as raised:
        api.grade("Why?", [], "Because.")
    assert raised.value.field == "question.reference_answers", raised.value.message


def test_grade_key_point_weight_out_of_range_names_the_field(api):
    with pytest.raises(InvalidArgument) as raised:
        api.grade("Why?", ["Because."], "Because.", key_points=[{"text": "a point", "weight": 150}])
    assert raised.value.field == "question.key_points[0].weight", raised.value.message


def test_predict_success(api):
    prediction = api.predict(emp_experience_years=6, skill_match_score=0.9, task_complexity_score=2,
                             top_factors=3, timeout=60)
    assert 0 <= prediction.probability <= 1
    assert prediction.recommended == (prediction.probability >= prediction.threshold)
    assert len(prediction.top_factors) == 3


def test_predict_out_of_range_names_the_field(api):
    with pytest.raises(InvalidArgument) as raised:
        api.predict(skill_match_score=7, timeout=60)
    assert "skill_match_score" in raised.value.message


def test_raw_stubs_are_available(api):
    response = api.embedding.Embed(embedding_pb2.EmbedRequest(texts=["x"]), timeout=10)
    assert response.dimensions == 384
    assert isinstance(catalog_pb2.Course(id="c"), catalog_pb2.Course)


def test_context_manager_closes_its_channel(address):
    with Inference(address) as client:
        client.embed(["x"])
    with pytest.raises(ValueError):
        client.embed(["x"])
