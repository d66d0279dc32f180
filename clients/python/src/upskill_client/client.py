"""The wrapper: ``Inference`` and ``Journey`` over the generated stubs in ``upskill.v1``."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import grpc

from upskill.v1 import (
    assignment_pb2,
    assignment_pb2_grpc,
    catalog_pb2,
    catalog_pb2_grpc,
    common_pb2,
    embedding_pb2,
    embedding_pb2_grpc,
    grading_pb2,
    grading_pb2_grpc,
    journey_pb2,
    journey_pb2_grpc,
    ranking_pb2,
    ranking_pb2_grpc,
)

DEFAULT_TIMEOUT = 30.0
"""Seconds a call may take when neither the client nor the call names a timeout."""

# Messages per upsert stream message: the server's default `limits.max-items-per-message`.
_BATCH = 256

M = TypeVar("M")


class UpskillError(Exception):
    """A call failed with a gRPC status. ``code`` is the ``grpc.StatusCode``, ``message`` the server's description,
    ``field`` the field path the description starts with (``texts[0]``, ``question.key_points[2].weight``), if any."""

    def __init__(self, code: grpc.StatusCode, message: str, method: str):
        self.code = code
        self.message = message
        self.method = method
        head, sep, _ = message.partition(": ")
        self.field = head if sep and " " not in head else None
        super().__init__(f"{method}: {code.name}: {message}")


class InvalidArgument(UpskillError):
    """INVALID_ARGUMENT: a missing, malformed or out-of-range field, or a limit exceeded (``field`` names it)."""


class NotFound(UpskillError):
    """NOT_FOUND: a named thing (competency, course, employee) does not exist."""


_BY_CODE = {grpc.StatusCode.INVALID_ARGUMENT: InvalidArgument, grpc.StatusCode.NOT_FOUND: NotFound}


def _translated(method: str):
    def wrap(fn):
        @functools.wraps(fn)
        def call(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except grpc.RpcError as e:
                code = e.code() if hasattr(e, "code") else grpc.StatusCode.UNKNOWN
                details = (e.details() if hasattr(e, "details") else None) or str(e)
                raise _BY_CODE.get(code, UpskillError)(code, details, method) from None

        return call

    return wrap


def _message(cls: type[M], value: Any) -> M:
    """``value`` as a ``cls`` message: the message itself, or a mapping of its fields."""
    if isinstance(value, cls):
        return value
    if isinstance(value, Mapping):
        return cls(**value)
    raise TypeError(f"expected {cls.__name__} or a mapping of its fields, got {type(value).__name__}")


def _level(value: Any) -> int:
    """A ``Level``: a number, ``"LEVEL_ADVANCED"`` or ``"advanced"``."""
    if isinstance(value, str):
        name = value.upper()
        return common_pb2.Level.Value(name if name.startswith("LEVEL_") else "LEVEL_" + name)
    return int(value)


def _gap(value: Any) -> ranking_pb2.CompetencyGap:
    if isinstance(value, ranking_pb2.CompetencyGap):
        return value
    fields = dict(value)
    for key in ("current_level", "target_level"):
        if key in fields:
            fields[key] = _level(fields[key])
    return ranking_pb2.CompetencyGap(**fields)


def _batches(items: Sequence[Any], size: int = _BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Client:
    def __init__(self, address: str, timeout: float, channel: grpc.Channel | None, request_id: str | None,
                 api_key: str | None, tls_ca: str | os.PathLike | None):
        if api_key is not None and (not api_key or any(not 0x20 < ord(c) < 0x7F for c in api_key)):
            raise ValueError("api_key must be printable ASCII without spaces")
        self.address = address
        self.timeout = timeout
        self._own_channel = channel is None
        if channel is not None:
            self.channel = channel
        elif tls_ca is not None:
            credentials = grpc.ssl_channel_credentials(root_certificates=Path(tls_ca).read_bytes())
            self.channel = grpc.secure_channel(address, credentials)
        else:
            self.channel = grpc.insecure_channel(address)
        metadata = []
        if request_id:
            metadata.append(("x-request-id", request_id))
        if api_key is not None:
            metadata.append(("authorization", "Bearer " + api_key))
        self._metadata = tuple(metadata) or None

    def _kw(self, timeout: float | None) -> dict[str, Any]:
        return {"timeout": self.timeout if timeout is None else timeout, "metadata": self._metadata}

    def close(self) -> None:
        """Closes the channel (only when this client opened it)."""
        if self._own_channel:
            self.channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Inference(_Client):
    """The inference server: ``with Inference("localhost:9090") as api: api.embed(["text"])``.

    ``timeout`` is the default deadline in seconds of every call; each method also takes ``timeout=``. Pass
    ``channel=`` to share a channel you own (then ``close`` leaves it open). ``tls_ca=`` (a PEM file of CA
    certificates to trust) connects with TLS; ``api_key=`` is sent with every call as ``authorization: Bearer``
    (give it only with TLS outside a private network). Methods return the response messages
    of ``upskill.v1``; the raw stubs are ``embedding``, ``catalog``, ``ranking``, ``assignment``, ``grading``.
    """

    def __init__(self, address: str = "localhost:9090", *, timeout: float = DEFAULT_TIMEOUT,
                 channel: grpc.Channel | None = None, request_id: str | None = None, api_key: str | None = None,
                 tls_ca: str | os.PathLike | None = None):
        super().__init__(address, timeout, channel, request_id, api_key, tls_ca)
        self.embedding = embedding_pb2_grpc.EmbeddingServiceStub(self.channel)
        self.catalog = catalog_pb2_grpc.CatalogServiceStub(self.channel)
        self.ranking = ranking_pb2_grpc.RankingServiceStub(self.channel)
        self.assignment = assignment_pb2_grpc.AssignmentServiceStub(self.channel)
        self.grading = grading_pb2_grpc.GradingServiceStub(self.channel)

    @_translated("EmbeddingService/Embed")
    def embed(self, texts: Sequence[str], *, timeout: float | None = None) -> list[list[float]]:
        """The L2-normalised vectors of ``texts``, in order (use ``embed_response`` for token counts and meta)."""
        return [list(e.vector) for e in self.embed_response(texts, timeout=timeout).embeddings]

    @_translated("EmbeddingService/Embed")
    def embed_response(self, texts: Sequence[str], *, timeout: float | None = None) -> embedding_pb2.EmbedResponse:
        return self.embedding.Embed(embedding_pb2.EmbedRequest(texts=list(texts)), **self._kw(timeout))

    @_translated("CatalogService/UpsertCompetencies")
    def upsert_competencies(self, tenant: str, competencies: Sequence[Any], *, replace_framework: bool = False,
                            retag_courses: bool = False, timeout: float | None = None
                            ) -> catalog_pb2.UpsertCompetenciesResponse:
        """Loads or updates a tenant's competency framework (``Competency`` messages or mappings of their fields)."""
        items = [_message(catalog_pb2.Competency, c) for c in competencies]

        def requests():
            for i, batch in enumerate(_batches(items) if items else [[]]):
                first = i == 0
                yield catalog_pb2.UpsertCompetenciesRequest(
                    tenant_id=tenant, competencies=batch, replace_framework=first and replace_framework,
                    retag_courses=first and retag_courses)

        return self.catalog.UpsertCompetencies(requests(), **self._kw(timeout))

    @_translated("CatalogService/UpsertCourses")
    def upsert_courses(self, tenant: str, courses: Sequence[Any], *, timeout: float | None = None
                       ) -> catalog_pb2.UpsertCoursesResponse:
        """Creates or replaces courses (``Course`` messages or mappings; ``level`` may be a name like
        ``"beginner"``). A bad course is reported in the response's ``errors``, not raised."""
        items = []
        for c in courses:
            if isinstance(c, Mapping) and isinstance(c.get("level"), str):
                c = {**c, "level": _level(c["level"])}
            items.append(_message(catalog_pb2.Course, c))

        def requests():
            for batch in _batches(items) if items else [[]]:
                yield catalog_pb2.UpsertCoursesRequest(tenant_id=tenant, courses=batch)

        return self.catalog.UpsertCourses(requests(), **self._kw(timeout))

    @_translated("CatalogService/SearchCourses")
    def search(self, tenant: str, text: str, k: int = 10, *, filter: Any = None, mode: int = 0,
               timeout: float | None = None) -> list[catalog_pb2.SearchHit]:
        """The top ``k`` courses of ``tenant`` for ``text`` (hybrid search), best first."""
        request = catalog_pb2.SearchCoursesRequest(tenant_id=tenant, text=text, top_k=k, mode=mode)
        if filter is not None:
            request.filter.CopyFrom(_message(catalog_pb2.CourseFilter, filter))
        return list(self.catalog.SearchCourses(request, **self._kw(timeout)).hits)

    @_translated("CatalogService/GetCatalogInfo")
    def catalog_info(self, tenant: str, *, timeout: float | None = None) -> catalog_pb2.GetCatalogInfoResponse:
        return self.catalog.GetCatalogInfo(catalog_pb2.GetCatalogInfoRequest(tenant_id=tenant), **self._kw(timeout))

    @_translated("GradingService/GradeAnswer")
    def grade(self, question: str, reference_answers: Sequence[str], answer: str,
              key_points: Sequence[Any] | None = None, *, max_score: float = 0, language: str = "",
              timeout: float | None = None) -> grading_pb2.Grade:
        """Grades ``answer``. ``key_points``: texts, ``KeyPoint`` messages or mappings (``id``, ``text``,
        ``weight``). ``max_score`` 0 means the server's default (5)."""
        points = [grading_pb2.KeyPoint(text=p) if isinstance(p, str) else _message(grading_pb2.KeyPoint, p)
                  for p in key_points or []]
        request = grading_pb2.GradeAnswerRequest(
            question=grading_pb2.GradingQuestion(text=question, reference_answers=list(reference_answers),
                                                 key_points=points, max_score=max_score, language=language),
            answer=grading_pb2.Answer(text=answer))
        return self.grading.GradeAnswer(request, **self._kw(timeout)).grade

    @_translated("RankingService/RecommendForGaps")
    def recommend(self, tenant: str, gaps: Iterable[Any], k: int = 10, *, context: Any = None,
                  filter: Any = None, timeout: float | None = None) -> ranking_pb2.RecommendForGapsResponse:
        """Courses for an employee's gaps: ``CompetencyGap`` messages or mappings (``competency_id``,
        ``current_level``, ``target_level``, ``weight``; levels as numbers or names like ``"advanced"``)."""
        request = ranking_pb2.RecommendForGapsRequest(tenant_id=tenant, gaps=[_gap(g) for g in gaps], top_k=k)
        if context is not None:
            request.context.CopyFrom(_message(ranking_pb2.LearnerContext, context))
        if filter is not None:
            request.filter.CopyFrom(_message(catalog_pb2.CourseFilter, filter))
        return self.ranking.RecommendForGaps(request, **self._kw(timeout))

    @_translated("AssignmentService/PredictSuccess")
    def predict(self, features: Any = None, *, employee_id: str = "", task_id: str = "",
                threshold: float | None = None, top_factors: int | None = None,
                timeout: float | None = None, **feature_values: Any) -> assignment_pb2.SuccessPrediction:
        """Whether assigning a task to an employee succeeds: ``features`` (``AssignmentFeatures`` or a mapping)
        or the features as keywords, e.g. ``predict(emp_experience_years=4, skill_match_score=0.8)``."""
        values = dict(features) if isinstance(features, Mapping) else {}
        values.update(feature_values)
        message = features if isinstance(features, assignment_pb2.AssignmentFeatures) else \
            assignment_pb2.AssignmentFeatures(**values)
        request = assignment_pb2.PredictSuccessRequest(
            pair=assignment_pb2.AssignmentPair(employee_id=employee_id, task_id=task_id, features=message))
        if threshold is not None:
            request.threshold = threshold
        if top_factors is not None:
            request.top_factors = top_factors
        return self.assignment.PredictSuccess(request, **self._kw(timeout)).prediction


class Journey(_Client):
    """The journey engine's JourneyService: ``with Journey("localhost:9091") as j: j.start("demo", "ann")``.
    The raw stub is ``journeys``."""

    def __init__(self, address: str = "localhost:9091", *, timeout: float = DEFAULT_TIMEOUT,
                 channel: grpc.Channel | None = None, request_id: str | None = None, api_key: str | None = None,
                 tls_ca: str | os.PathLike | None = None):
        super().__init__(address, timeout, channel, request_id, api_key, tls_ca)
        self.journeys = journey_pb2_grpc.JourneyServiceStub(self.channel)

    @_translated("JourneyService/StartJourney")
    def start(self, tenant: str, employee: str, *, actor: str = "", timeout: float | None = None
              ) -> journey_pb2.StartJourneyResponse:
        """Starts the employee's journey; when one runs already, returns it with ``started`` false."""
        return self.journeys.StartJourney(
            journey_pb2.StartJourneyRequest(tenant_id=tenant, employee_id=employee, actor=actor), **self._kw(timeout))

    @_translated("JourneyService/GetJourney")
    def journey(self, tenant: str, employee: str, *, timeout: float | None = None) -> journey_pb2.GetJourneyResponse:
        """The dashboard of the employee's running (else latest) journey."""
        return self.journeys.GetJourney(
            journey_pb2.GetJourneyRequest(tenant_id=tenant, employee_id=employee), **self._kw(timeout))

    @_translated("JourneyService/ListRecommendations")
    def recommendations(self, tenant: str, employee: str, k: int = 0, *, timeout: float | None = None
                        ) -> list[journey_pb2.Recommendation]:
        return list(self.journeys.ListRecommendations(
            journey_pb2.ListRecommendationsRequest(tenant_id=tenant, employee_id=employee, top_k=k),
            **self._kw(timeout)).recommendations)
