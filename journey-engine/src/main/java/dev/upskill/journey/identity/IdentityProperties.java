package dev.upskill.journey.identity;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Logins and roles that the company data does not carry.
 *
 * @param adminUser the Camunda administrator created at first start (member of {@code camunda-admin})
 * @param adminPassword its password at first start (env {@code UPSKILL_JOURNEY_ADMIN_PASSWORD}); unset = a random
 *     one, logged once at WARN; never changed afterwards (change it in the Admin webapp)
 * @param initialPassword the password given to employees' users when they are created (demos, tests); unset = no
 *     usable password until an administrator sets one
 * @param hrUsers employees who are HR, as {@code <tenant>:<employeeId>}; they are put in the {@code hr} group
 */
@ConfigurationProperties("upskill.journey")
public record IdentityProperties(
        @DefaultValue("admin") String adminUser,
        String adminPassword,
        String initialPassword,
        @DefaultValue List<String> hrUsers) {

    public IdentityProperties {
        hrUsers = hrUsers == null ? List.of() : List.copyOf(hrUsers);
        for (String hr : hrUsers) {
            int colon = hr.indexOf(':');
            if (colon < 1 || colon == hr.length() - 1) {
                throw new IllegalArgumentException(
                        "upskill.journey.hr-users entries are <tenant>:<employeeId>, was \"" + hr + "\"");
            }
        }
    }
}
