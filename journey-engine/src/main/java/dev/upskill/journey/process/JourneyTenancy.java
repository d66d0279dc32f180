package dev.upskill.journey.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
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
 * variable, and a called stage inherits its caller's. Camunda's tenant check then limits what a logged-in user sees
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
        return tenant instanceof String id && !id.isEmpty() ? id : null;
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
