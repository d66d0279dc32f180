package dev.upskill.journey.steps;

import dev.upskill.journey.data.InvalidDataException;
import dev.upskill.journey.data.UnknownEntityException;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a write that a person's request asks for (a manager's start form), turning the data layer's refusal into the
 * BPMN error {@value #INVALID_REQUEST} with {@code requestProblem} saying what to correct, so the diagram hands the
 * request back to its author instead of raising an incident. The write runs under a savepoint: a refusal rolls back
 * only its own writes, and the step's transaction (which completes the task) goes on.
 */
@Component
class RequestChecks {

    static final String INVALID_REQUEST = "invalid-request";

    private final TransactionTemplate savepoint;

    RequestChecks(PlatformTransactionManager transactions) {
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    <T> T write(Supplier<T> write) {
        try {
            return savepoint.execute(status -> write.get());
        } catch (InvalidDataException | UnknownEntityException refused) {
            throw refuse(refused.getMessage());
        }
    }

    static BusinessOutcome refuse(String problem) {
        return new BusinessOutcome(INVALID_REQUEST, problem, Map.of("requestProblem", problem));
    }
}
