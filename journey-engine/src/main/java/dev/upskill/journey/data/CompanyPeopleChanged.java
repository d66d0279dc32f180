package dev.upskill.journey.data;

/**
 * Published (synchronously, inside the import's transaction) after a team or employee import of {@code tenantId}
 * was applied, so listeners such as the Camunda identity sync can follow the company data in the same transaction.
 */
public record CompanyPeopleChanged(String tenantId) {
}
