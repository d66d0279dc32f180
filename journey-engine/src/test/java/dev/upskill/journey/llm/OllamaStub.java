package dev.upskill.journey.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A loopback HTTP server speaking the part of Ollama's API the LLM steps use: {@code POST /api/chat} without
 * streaming (the reply's {@code message.content} is what {@link #reply} says for the request) and {@code GET
 * /api/tags}. It keeps every chat request body, parsed. No model behind it: the test decides each answer.
 */
public final class OllamaStub implements AutoCloseable {

    /** What to answer: HTTP status, the assistant message's content (for 200), and a delay before answering. */
    public record Reply(int status, String content, Duration delay) {

        public static Reply json(String content) {
            return new Reply(200, content, Duration.ZERO);
        }

        public static Reply status(int status) {
            return new Reply(status, null, Duration.ZERO);
        }

        public static Reply slow(String content, Duration delay) {
            return new Reply(200, content, delay);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, Reply> reply = request -> Reply.json("{}");

    public OllamaStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/api/chat", this::chat);
        server.createContext("/api/tags", exchange -> send(exchange, 200,
                "{\"models\":[{\"name\":\"test-model\",\"model\":\"test-model\",\"size\":1}]}"));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sets the answer to the following chat requests. */
    public OllamaStub reply(Function<JsonNode, Reply> reply) {
        this.reply = reply;
        return this;
    }

    public OllamaStub reply(Reply fixed) {
        return reply(request -> fixed);
    }

    /** The chat requests received so far, parsed. */
    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    private void chat(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "{\"error\":\"method not allowed\"}");
                return;
            }
            JsonNode request;
            try {
                request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            } catch (IOException e) {
                send(exchange, 400, "{\"error\":\"invalid JSON\"}");
                return;
            }
            requests.add(request);
            Reply answer = reply.apply(request);
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (answer.status() != 200) {
                send(exchange, answer.status(), "{\"error\":\"stub failure\"}");
                return;
            }
            ObjectNode body = JSON.createObjectNode();
            body.put("model", request.path("model").asText());
            body.put("created_at", "2026-11-22T02:00:00.000000Z");
            body.putObject("message").put("role", "assistant").put("content", answer.content());
            body.put("done", true);
            body.put("done_reason", "stop");
            body.put("total_duration", 1_000_000);
            body.put("prompt_eval_count", 10);
            body.put("eval_count", 10);
            send(exchange, 200, JSON.writeValueAsString(body));
        } catch (IOException e) {
            // the client gave up (timeout): nothing to answer
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
