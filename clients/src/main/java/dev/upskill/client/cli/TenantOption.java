package dev.upskill.client.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.regex.Pattern;

/** The {@code --tenant} option of every catalog and journey command, checked here so a typo fails before any call. */
final class TenantOption {

    // The service's rule (catalog.proto): 1 to 64 characters of A-Z a-z 0-9 . _ -
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    private String tenant;

    @Option(names = {"-t", "--tenant"}, required = true, paramLabel = "TENANT",
            description = "The tenant (company): 1 to 64 characters of A-Z a-z 0-9 . _ -")
    void setTenant(String value) {
        if (!TENANT.matcher(value).matches()) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--tenant': '" + value
                    + "' is not 1 to 64 characters of A-Z a-z 0-9 . _ -");
        }
        this.tenant = value;
    }

    String tenant() {
        return tenant;
    }
}
