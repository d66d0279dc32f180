package dev.upskill.benchmarks.journey;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The journey engine's HTTP side as the driver uses it: Camunda's REST API ({@code /engine-rest}, HTTP Basic) to
 * find open user tasks and finished journeys (as the administrator) and to complete a task as the user Tasklist
 * would (the employee or the manager), and the engine's {@code /metrics}.
 */
final class EngineRest {

    /** A finished {@code learning-journey} instance as Camunda's history has it. */
    record FinishedJourney(String employeeId, Instant start, Instant end) {
    }

    /** An open user task: what it is and who it waits for (assignee, or null for a candidate group). */
    record UserTask(String id, String key, String processInstanceId, String assignee) {
    }

    private static final DateTimeFormatter CAMUNDA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String adminAuthorization;
    private final String userPassword;

    /**
     * @param base e.g. {@code http://127.0.0.1:8080}
     * @param userPassword the password of the company's users (the engine's {@code upskill.journey.initial-password})
     */
    EngineRest(URI base, String adminUser, String adminPassword, String userPassword) {
        this.base = base;
        this.adminAuthorization = basic(adminUser, adminPassword);
        this.userPassword = userPassword;
    }

    List<UserTask> openTasks(String tenant) {
        List<UserTask> tasks = new ArrayList<>();
        for (JsonElement e : getJson("/engine-rest/task?tenantIdIn=" + encode(tenant) + "&maxResults=100000")
                .getAsJsonArray()) {
            JsonObject task = e.getAsJsonObject();
            tasks.add(new UserTask(task.get("id").getAsString(), task.get("taskDefinitionKey").getAsString(),
                    task.get("processInstanceId").getAsString(),
                    task.get("assignee").isJsonNull() ? null : task.get("assignee").getAsString()));
        }
        return tasks;
    }

    /** The business key (employee id) of a process instance: the stage a user task belongs to carries it. */
    String businessKey(String processInstanceId) {
        return getJson("/engine-rest/process-instance/" + encode(processInstanceId)).getAsJsonObject()
                .get("businessKey").getAsString();
    }

    List<FinishedJourney> finishedJourneys(String tenant) {
        List<FinishedJourney> journeys = new ArrayList<>();
        JsonArray history = getJson("/engine-rest/history/process-instance?processDefinitionKey=learning-journey"
                + "&finished=true&maxResults=100000&tenantIdIn=" + encode(tenant)).getAsJsonArray();
        for (JsonElement e : history) {
            JsonObject journey = e.getAsJsonObject();
            journeys.add(new FinishedJourney(journey.get("businessKey").getAsString(),
                    time(journey.get("startTime").getAsString()), time(journey.get("endTime").getAsString())));
        }
        return journeys;
    }

    long incidents(String tenant) {
        return getJson("/engine-rest/incident/count?tenantIdIn=" + encode(tenant)).getAsJsonObject()
                .get("count").getAsLong();
    }

    /** Completes a task as {@code user} (a Camunda user id) with the variables its form would submit. */
    void complete(String taskId, String user, JsonObject variables) {
        JsonObject body = new JsonObject();
        body.add("variables", variables);
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/engine-rest/task/"
                        + encode(taskId) + "/complete"))
                .header("Authorization", basic(user, userPassword)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (response.statusCode() != 204) {
            throw new IllegalStateException("completing task " + taskId + " as " + user + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
    }

    /** The engine's metrics in Prometheus's text format. */
    String metrics() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/metrics")).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /metrics: HTTP " + response.statusCode());
        }
        return response.body();
    }

    private JsonElement getJson(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", adminAuthorization).GET());
        if (response.statusCode() == 401) {
            throw new IllegalStateException("the engine refused the administrator's credentials (HTTP 401 on "
                    + path + "): check --admin and the admin password file");
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        return JsonParser.parseString(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("journey engine at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Instant time(String camunda) {
        return OffsetDateTime.parse(camunda, CAMUNDA_TIME).toInstant();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
