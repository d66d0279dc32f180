package dev.upskill.journey.data;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Company tenants: created on an import's first use, looked up otherwise. */
@Repository
public class Tenants {

    private final JdbcClient jdbc;
    private final AuditLog audit;

    public Tenants(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Creates the tenant unless it exists (named {@code name}, or its id when null); audited when created. */
    public void ensure(String tenantId, String name, String actor) {
        int created = jdbc.sql("INSERT INTO company.tenant (id, name) VALUES (:id, :name) ON CONFLICT (id) DO NOTHING")
                .param("id", tenantId)
                .param("name", name == null || name.isBlank() ? tenantId : name)
                .update();
        if (created == 1) {
            audit.record(tenantId, actor, "CREATE", "tenant", tenantId, null);
        }
    }

    public boolean exists(String tenantId) {
        return jdbc.sql("SELECT count(*) FROM company.tenant WHERE id = :id").param("id", tenantId)
                .query(Long.class).single() > 0;
    }
}
