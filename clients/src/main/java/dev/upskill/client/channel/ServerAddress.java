package dev.upskill.client.channel;

import com.google.common.net.HostAndPort;

/**
 * One server address, {@code host:port} ({@code [::1]:9090} for an IPv6 literal).
 *
 * @param host a host name or IP literal, without brackets
 * @param port 1 to 65535
 */
public record ServerAddress(String host, int port) {

    /**
     * @param setting the setting the text came from, for the error message ({@code addresses[1]})
     * @throws IllegalArgumentException naming the setting when the text is not {@code host:port}
     */
    public static ServerAddress parse(String setting, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(setting + " is blank");
        }
        HostAndPort parsed;
        try {
            parsed = HostAndPort.fromString(text.strip()).requireBracketsForIPv6();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": '" + text + "' is not host:port (" + e.getMessage() + ")");
        }
        if (!parsed.hasPort() || parsed.getPort() == 0 || parsed.getHost().isEmpty()) {
            throw new IllegalArgumentException(setting + ": '" + text + "' is not host:port with a port 1 to 65535");
        }
        return new ServerAddress(parsed.getHost(), parsed.getPort());
    }

    /** {@code host:port} as a URI authority, with brackets around an IPv6 literal. */
    public String authority() {
        return HostAndPort.fromParts(host, port).toString();
    }
}
