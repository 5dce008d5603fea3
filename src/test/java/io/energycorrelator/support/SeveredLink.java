package io.energycorrelator.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client's network path to a real server (a ZooKeeper), on a loopback port of its own, that a test can sever as a
 * host that froze or vanished would: {@link #sever()} silently drops every byte both ways and answers nothing, without
 * closing a connection (no FIN, no RST), so the client only learns by its own timeouts and the server keeps the
 * client's session until it expires; {@link #restore()} closes what was left hanging, and the client's next connection
 * goes through again. It relays bytes and nothing more: the server is the real one.
 */
public final class SeveredLink implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean severed;

    private SeveredLink(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "severed-link-" + listener.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** A link to {@code host:port}. */
    public static SeveredLink to(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        return new SeveredLink(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
    }

    /** Where the client connects instead of the server: 127.0.0.1:port. */
    public String connectString() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** From now on nothing passes, either way; the connections stay open. */
    public void sever() {
        severed = true;
    }

    /** Ends the hanging connections (their streams lost bytes) and lets new ones through. */
    public void restore() {
        sockets.forEach(SeveredLink::closeQuietly);
        sockets.clear();
        severed = false;
    }

    @Override
    public void close() {
        closeQuietly(listener);
        restore();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                if (severed) {
                    continue; // accepted and left hanging: a connection attempt that never gets an answer
                }
                Socket server = new Socket();
                server.connect(target, 5_000);
                sockets.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                // the listener closed, or the server refused one connection: the client retries
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (!severed) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                if (!severed) {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }
        }, "severed-link-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
