package dev.upskill.inference.prediction;

import dev.upskill.inference.rpc.CallContext;
import dev.upskill.proto.v1.AssignmentPair;
import dev.upskill.proto.v1.SuccessPrediction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Writes every prediction as one JSON line to the logger {@code upskill.predictions}; logback.xml sends it to
 * {@code logs/predictions.jsonl}, rotated daily and at 100 MB (see docs/configuration.md).
 */
final class PredictionLog {

    private static final Logger log = LoggerFactory.getLogger("upskill.predictions");

    private final boolean enabled;

    PredictionLog(boolean enabled) {
        this.enabled = enabled && log.isInfoEnabled();
    }

    void record(AssignmentPair pair, SuccessPrediction prediction, String version) {
        if (!enabled) {
            return;
        }
        StringBuilder line = new StringBuilder(256)
                .append("{\"time\":\"").append(Instant.now())
                .append("\",\"request_id\":").append(quote(CallContext.requestId()))
                .append(",\"model_version\":\"").append(version).append('"');
        if (!pair.getEmployeeId().isEmpty()) {
            line.append(",\"employee_id\":").append(quote(pair.getEmployeeId()));
        }
        if (!pair.getTaskId().isEmpty()) {
            line.append(",\"task_id\":").append(quote(pair.getTaskId()));
        }
        line.append(",\"probability\":").append(prediction.getProbability())
                .append(",\"threshold\":").append(prediction.getThreshold())
                .append(",\"recommended\":").append(prediction.getRecommended())
                .append(",\"imputed\":").append(prediction.getImputedFeaturesCount())
                .append('}');
        log.info(line.toString());
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
