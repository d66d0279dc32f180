package dev.upskill.journey.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Appends to {@code company.audit_log}: who changed what. Called inside the change's own transaction. */
@Repository
public class AuditLog {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public AuditLog(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** As {@link #record(String, String, String, String, String, String)} with the details as a JSON object. */
    public void recordDetails(String tenantId, String actor, String action, String entityType, String entityId,
            Map<String, ?> details) {
        try {
            record(tenantId, actor, action, entityType, entityId, json.writeValueAsString(details));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details are not JSON-serialisable: " + details, e);
        }
    }

    /**
     * @param action e.g. CREATE, UPDATE
     * @param detailsJson a JSON object or null
     */
    public void record(String tenantId, String actor, String action, String entityType, String entityId,
            String detailsJson) {
        jdbc.sql("""
                INSERT INTO company.audit_log (tenant_id, actor, action, entity_type, entity_id, details)
                VALUES (:tenant, :actor, :action, :type, :id, CAST(:details AS jsonb))""")
                .param("tenant", tenantId)
                .param("actor", actor)
                .param("action", action)
                .param("type", entityType)
                .param("id", entityId)
                .param("details", detailsJson)
                .update();
    }
}
