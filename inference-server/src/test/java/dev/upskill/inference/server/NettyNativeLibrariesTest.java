package dev.upskill.inference.server;

import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * grpc-netty-shaded's native libraries (epoll transport, BoringSSL) load on the server's class path. They stop
 * loading, and the server silently falls back to NIO and the JDK's TLS, when another jar carries files of the
 * same name: milvus-sdk-java does, which is why the server depends on the repackaged upskill-milvus-sdk.
 */
class NettyNativeLibrariesTest {

    @Test
    void eachNativeLibraryIsOnTheClassPathOnce() throws IOException {
        for (String library : List.of("netty_transport_native_epoll_x86_64", "netty_tcnative_linux_x86_64")) {
            String path = "META-INF/native/libio_grpc_netty_shaded_" + library + ".so";
            List<URL> copies = Collections.list(getClass().getClassLoader().getResources(path));
            assertEquals(1, copies.size(), () -> path + " must come from grpc-netty-shaded only: " + copies);
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "x86_64"})
    void epollAndOpenSslLoad() {
        assertTrue(Epoll.isAvailable(), () -> "epoll: " + Epoll.unavailabilityCause());
        assertTrue(OpenSsl.isAvailable(), () -> "OpenSSL: " + OpenSsl.unavailabilityCause());
    }
}
