package dev.upskill.journey.steps;

import dev.upskill.journey.data.AuditLog;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code send-reminder}: the progress-tracking timers' action. Input {@code reminderKind}: {@code no-progress} (the
 * recurring timer) reminds the employee only when no learning event was recorded within the last
 * {@code reminderInterval}; {@code escalation} records that the manager was asked to follow up (the diagram creates
 * their task). Reminders are recorded in the audit log ({@code REMIND} / {@code ESCALATE}) and counted in
 * {@code remindersSent}; delivering them (mail, chat) is a listener on that record, not this step's job.
 */
@Component
class SendReminderWorker implements StepWorker {

    private final JdbcClient jdbc;
    private final AuditLog audit;

    SendReminderWorker(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Override
    public String topic() {
        return "send-reminder";
    }

    @Override
    public Map<String, Object> handle(Step step) {
        String kind = step.variables().getOrDefault("reminderKind", "no-progress").toString();
        int sent = step.intVariable("remindersSent", 0);
        if (kind.equals("escalation")) {
            audit.recordDetails(step.tenantId(), "journey", "ESCALATE", "employee", step.employeeId(),
                    Map.of("process_instance_id", step.processInstanceId()));
            return Map.of("escalated", true);
        }
        Duration interval = Duration.parse(step.variables().getOrDefault("reminderInterval", "P3D").toString());
        Timestamp last = jdbc.sql("""
                SELECT max(occurred_at) FROM company.learning_event WHERE tenant_id = :t AND employee_id = :e""")
                .param("t", step.tenantId()).param("e", step.employeeId()).query(Timestamp.class).optional()
                .orElse(null);
        if (last != null && last.toInstant().isAfter(Instant.now().minus(interval))) {
            return Map.of(); // progress within the interval: no reminder
        }
        audit.recordDetails(step.tenantId(), "journey", "REMIND", "employee", step.employeeId(),
                Map.of("process_instance_id", step.processInstanceId(), "reminder", sent + 1));
        return Map.of("remindersSent", sent + 1, "lastReminderAt", java.util.Date.from(Instant.now()));
    }
}
