package dev.upskill.client.inference;

import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.CatalogServiceGrpc;
import dev.upskill.proto.v1.EmbeddingServiceGrpc;
import dev.upskill.proto.v1.GradingServiceGrpc;
import dev.upskill.proto.v1.RankingServiceGrpc;
import dev.upskill.client.channel.ServiceConfig;
import io.grpc.MethodDescriptor;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gRPC service config of the inference channel, as the JSON-like map
 * {@link io.grpc.ManagedChannelBuilder#defaultServiceConfig(Map)} takes (numbers as {@code Double}, durations as
 * {@code "1.5s"}): round robin over all addresses, and a retry policy for the methods that are safe to repeat.
 */
final class InferenceServiceConfig {

    /**
     * Methods a retry cannot harm: reads, and writes that are idempotent (an upsert or delete repeated leaves the
     * same state). Named through the generated descriptors, so a renamed RPC breaks the build, not the retries.
     * Left out on purpose: RankingService.RecordOutcome (it feeds counters and model refits; its idempotency rests
     * on the caller's outcome id) and AssignmentService.TrainModel (long, expensive, one at a time). Methods not
     * listed are never retried by policy; gRPC still replays a call transparently when it provably never reached
     * a server.
     */
    static final List<MethodDescriptor<?, ?>> RETRYABLE_METHODS = List.of(
            EmbeddingServiceGrpc.getEmbedMethod(),
            EmbeddingServiceGrpc.getEmbedStreamMethod(),
            CatalogServiceGrpc.getSearchCoursesMethod(),
            CatalogServiceGrpc.getGetCatalogInfoMethod(),
            CatalogServiceGrpc.getUpsertCoursesMethod(),
            CatalogServiceGrpc.getUpsertCompetenciesMethod(),
            CatalogServiceGrpc.getDeleteCoursesMethod(),
            RankingServiceGrpc.getRankCoursesMethod(),
            RankingServiceGrpc.getRecommendForGapsMethod(),
            GradingServiceGrpc.getGradeAnswerMethod(),
            GradingServiceGrpc.getGradeBatchMethod(),
            AssignmentServiceGrpc.getPredictSuccessMethod(),
            AssignmentServiceGrpc.getPredictSuccessBatchMethod(),
            AssignmentServiceGrpc.getGetModelInfoMethod());

    private InferenceServiceConfig() {
    }

    static Map<String, ?> of(RetrySettings retry) {
        return ServiceConfig.of(retry, RETRYABLE_METHODS);
    }

    static String seconds(Duration duration) {
        return ServiceConfig.seconds(duration);
    }
}
