package dev.upskill.client.channel;

import dev.upskill.client.inference.RetrySettings;
import io.grpc.MethodDescriptor;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A gRPC service config as the JSON-like map {@link io.grpc.ManagedChannelBuilder#defaultServiceConfig(Map)}
 * takes (numbers as {@code Double}, durations as {@code "1.5s"}): round robin over all addresses, and a retry
 * policy on UNAVAILABLE for the methods that are safe to repeat.
 */
public final class ServiceConfig {

    private ServiceConfig() {
    }

    /** @param retryable the methods the policy applies to, named through their generated descriptors */
    public static Map<String, ?> of(RetrySettings retry, List<MethodDescriptor<?, ?>> retryable) {
        Map<String, ?> roundRobin = Map.of("loadBalancingConfig", List.of(Map.of("round_robin", Map.of())));
        if (retry.maxAttempts() == 1 || retryable.isEmpty()) {
            return roundRobin; // gRPC rejects a retry policy of one attempt
        }
        Map<String, Object> retryPolicy = Map.of(
                "maxAttempts", (double) retry.maxAttempts(),
                "initialBackoff", seconds(retry.initialBackoff()),
                "maxBackoff", seconds(retry.maxBackoff()),
                "backoffMultiplier", retry.multiplier(),
                "retryableStatusCodes", List.of("UNAVAILABLE"));
        List<Map<String, String>> names = retryable.stream()
                .map(method -> Map.of("service", method.getServiceName(), "method", method.getBareMethodName()))
                .toList();
        return Map.of(
                "loadBalancingConfig", roundRobin.get("loadBalancingConfig"),
                "methodConfig", List.of(Map.of("name", names, "retryPolicy", retryPolicy)));
    }

    /** A duration in the service config's format (protobuf JSON): seconds with up to nine decimals. */
    public static String seconds(Duration duration) {
        return duration.getSeconds() + "." + String.format("%09d", duration.getNano()) + "s";
    }
}
