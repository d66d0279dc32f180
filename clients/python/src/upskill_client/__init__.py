"""A thin Python client for Upskill's gRPC services.

``Inference`` talks to the inference server (EmbeddingService, CatalogService, RankingService, AssignmentService,
GradingService; :9090 by default) and ``Journey`` to the journey engine's JourneyService (:9091). Both are context
managers that close their channel; every call takes a deadline (``timeout`` seconds, the client's default when
omitted) and raises ``UpskillError`` (``InvalidArgument``, ``NotFound``, ...) instead of ``grpc.RpcError``. The
generated messages and stubs are in ``upskill.v1`` (see clients/python/generate.sh) for anything the wrapper does
not cover: ``client.stub("CatalogService")`` or the stub attributes.
"""

from upskill_client.client import (
    DEFAULT_TIMEOUT,
    Inference,
    InvalidArgument,
    Journey,
    NotFound,
    UpskillError,
)

__all__ = ["DEFAULT_TIMEOUT", "Inference", "InvalidArgument", "Journey", "NotFound", "UpskillError"]
