package dev.upskill.journey.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Camunda ids of the company's people and teams. Camunda checks user and group ids against a whitelist pattern
 * (by default {@code [a-zA-Z0-9]+|camunda-admin}; ours are set in application.yaml) and stores them in 64
 * characters. A user id is {@code <tenant>~<employeeId>} ({@code ~} never occurs in a tenant id, and never a
 * {@code :}, which HTTP Basic would read as the end of the user name); a team's group is
 * {@code team:<tenant>:<teamId>}. An employee or team id with other characters than {@code A-Z a-z 0-9 . _ @ -},
 * or an id that would be longer than 64, maps to {@code ~<32 hex digits of SHA-256(tenant, id)>} (users) or
 * {@code team:~<...>} (groups) instead: still unique and stable, just not readable.
 */
public final class CamundaIds {

    public static final String MANAGERS = "managers";
    public static final String HR = "hr";
    public static final String TEAM_GROUP_TYPE = "team";
    /** Camunda's user id whitelist for this application (also in application.yaml). */
    public static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@~-]+");

    private static final Pattern READABLE = Pattern.compile("[A-Za-z0-9._@-]+");
    private static final int MAX = 64;

    private CamundaIds() {
    }

    public static String user(String tenant, String employeeId) {
        String id = tenant + "~" + employeeId;
        return READABLE.matcher(employeeId).matches() && id.length() <= MAX ? id : "~" + hash(tenant, employeeId);
    }

    public static String teamGroup(String tenant, String teamId) {
        String id = "team:" + tenant + ":" + teamId;
        return READABLE.matcher(teamId).matches() && id.length() <= MAX ? id : "team:~" + hash(tenant, teamId);
    }

    private static String hash(String tenant, String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((tenant + "\n" + id).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
