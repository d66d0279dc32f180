package dev.upskill.journey.process;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProvider;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderCaseInstanceContext;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderHistoricDecisionInstanceContext;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderProcessInstanceContext;
import org.springframework.stereotype.Component;

/**
 * Gives every journey process instance the Camunda tenant of its company. The process definitions in {@code bpmn/}
 * are deployed once, shared by all companies; the instance's tenant comes from its {@value #TENANT_VARIABLE} start
 * variable, and a called stage inherits its caller's; a process a person starts from Tasklist gets the company of
 * that person (their Camunda tenant). Camunda's tenant check then limits what a logged-in user sees
 * (tasks, instances, history) to the tenants they are a member of, so HR of one company never sees another's
 * journeys although the {@code hr} group's grants are global.
 */
@Component
class JourneyTenancy extends AbstractProcessEnginePlugin implements TenantIdProvider {

    static final String TENANT_VARIABLE = "tenantId";

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setTenantIdProvider(this);
    }

    @Override
    public String provideTenantIdForProcessInstance(TenantIdProviderProcessInstanceContext context) {
        DelegateExecution caller = context.getSuperExecution();
        if (caller != null) {
            return caller.getTenantId();
        }
        Object tenant = context.getVariables() == null ? null : context.getVariables().get(TENANT_VARIABLE);
        if (tenant instanceof String id && !id.isEmpty()) {
            return id;
        }
        // A process a person starts in Tasklist (the manager processes): the company of the person starting it.
        CommandContext command = Context.getCommandContext();
        Authentication user = command == null ? null : command.getAuthentication();
        List<String> tenants = user == null || user.getTenantIds() == null ? List.of() : user.getTenantIds();
        return tenants.size() == 1 ? tenants.getFirst() : null;
    }

    @Override
    public String provideTenantIdForCaseInstance(TenantIdProviderCaseInstanceContext context) {
        return null;
    }

    @Override
    public String provideTenantIdForHistoricDecisionInstance(TenantIdProviderHistoricDecisionInstanceContext context) {
        DelegateExecution execution = context.getExecution();
        return execution == null ? null : execution.getTenantId();
    }
}
