package dev.upskill.journey.identity;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HTTP Basic on {@code /engine-rest}: Camunda's {@link ProcessEngineAuthenticationFilter} checks the credentials
 * against the engine's users and runs the request as that user, so authorizations apply (as documented for the
 * Spring Boot starter's REST API). Without credentials, or with wrong ones, the answer is 401. The webapps have
 * their own session login (and their own API under {@code /camunda/api}).
 */
@Configuration(proxyBeanMethods = false)
class RestAuthenticationConfiguration {

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> restAuthenticationFilter() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("camunda-rest-authentication");
        registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        return registration;
    }
}
