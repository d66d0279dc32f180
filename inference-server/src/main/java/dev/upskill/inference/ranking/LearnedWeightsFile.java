package dev.upskill.inference.ranking;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.upskill.proto.v1.RankingFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's learned ranking weights on disk, {@code <ranking.dir>/<tenant>.weights.json}, so that a restart serves
 * them at once instead of the defaults until a refit finishes:
 * <pre>{"format":1,"name":"ranking-learned","version":"512","outcomes":512,
 *  "features":["RANKING_FEATURE_SEMANTIC_RELEVANCE",...],"weights":[0.31,...]}</pre>
 * Written to a temporary file and moved over the old one, so a crash leaves the old or the new file, never half
 * of one. A file of another format or feature list (written by another version of the server) is ignored, and
 * the tenant's weights are fitted again from its outcomes.
 */
final class LearnedWeightsFile {

    private static final Logger log = LoggerFactory.getLogger(LearnedWeightsFile.class);
    static final int FORMAT = 1;

    /** Weights fitted for a tenant, and how many outcomes the tenant had when they were. */
    record Learned(long outcomes, RankingWeights weights) {
    }

    private final Path directory;

    LearnedWeightsFile(Path directory) {
        this.directory = directory;
    }

    Path file(String tenant) {
        return directory.resolve(tenant + ".weights.json");
    }

    Optional<Learned> read(String tenant) {
        Path file = file(tenant);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            log.warn("cannot read {}; the tenant's ranking weights will be fitted again", file, e);
            return Optional.empty();
        }
        try {
            Struct.Builder json = Struct.newBuilder();
            JsonFormat.parser().merge(text, json);
            var fields = json.getFieldsMap();
            List<String> features = fields.get("features").getListValue().getValuesList().stream()
                    .map(Value::getStringValue).toList();
            List<String> expected = RankingWeights.FEATURES.stream().map(RankingFeature::name).toList();
            if ((int) fields.get("format").getNumberValue() != FORMAT || !features.equals(expected)) {
                log.warn("{} has another format or feature list; the tenant's ranking weights will be fitted again",
                        file);
                return Optional.empty();
            }
            List<Value> values = fields.get("weights").getListValue().getValuesList();
            float[] weights = new float[values.size()];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = (float) values.get(i).getNumberValue();
            }
            return Optional.of(new Learned((long) fields.get("outcomes").getNumberValue(),
                    new RankingWeights(fields.get("name").getStringValue(), fields.get("version").getStringValue(),
                            weights)));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            log.warn("{} is not a weights file; the tenant's ranking weights will be fitted again", file, e);
            return Optional.empty();
        }
    }

    void write(String tenant, Learned learned) {
        ListValue.Builder features = ListValue.newBuilder();
        RankingWeights.FEATURES.forEach(f -> features.addValues(Value.newBuilder().setStringValue(f.name())));
        ListValue.Builder weights = ListValue.newBuilder();
        for (float w : learned.weights().values()) {
            weights.addValues(Value.newBuilder().setNumberValue(w));
        }
        Struct json = Struct.newBuilder()
                .putFields("format", Value.newBuilder().setNumberValue(FORMAT).build())
                .putFields("name", Value.newBuilder().setStringValue(learned.weights().name()).build())
                .putFields("version", Value.newBuilder().setStringValue(learned.weights().version()).build())
                .putFields("outcomes", Value.newBuilder().setNumberValue(learned.outcomes()).build())
                .putFields("features", Value.newBuilder().setListValue(features).build())
                .putFields("weights", Value.newBuilder().setListValue(weights).build())
                .build();
        Path file = file(tenant);
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, tenant + ".weights.", ".tmp");
            try {
                Files.writeString(temporary, JsonFormat.printer().print(json) + "\n", StandardCharsets.UTF_8);
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
