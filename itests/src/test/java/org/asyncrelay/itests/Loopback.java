package org.asyncrelay.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Tiny loopback peers for the integration tests: a free port, an echo backend, one exchange. */
public final class Loopback {

    private Loopback() {}

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port that nothing listens on now and that this method has not returned before. The system
     * may hand out a port again once its socket is closed, before the test has had the relay bind
     * it: a relay then found its service port taken by another relay's JMX port, chosen a moment
     * later (RelayLauncherIT, #13).
     */
    public static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    /** Accepts connections and echoes each one's bytes back prefixed by {@code greeting}, until closed. */
    public static ServerSocket echo(String greeting) throws IOException {
        return echo(greeting, 0);
    }

    /** {@link #echo(String)} on {@code port}, 0 for any. */
    public static ServerSocket echo(String greeting, int port) throws IOException {
        ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket s = server.accept();
                            new Thread(() -> {
                                        try (s) {
                                            OutputStream out = s.getOutputStream();
                                            out.write(greeting.getBytes(StandardCharsets.US_ASCII));
                                            s.getInputStream().transferTo(out);
                                            s.shutdownOutput();
                                        } catch (IOException ignored) {
                                            // client went away
                                        }
                                    })
                                    .start();
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "echo-" + greeting);
        t.setDaemon(true);
        t.start();
        return server;
    }

    /** A UDP socket that answers each datagram with {@code greeting} + the datagram, until closed. */
    public static java.net.DatagramSocket udpEcho(String greeting) throws IOException {
        java.net.DatagramSocket socket = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress());
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[65_536];
                    while (!socket.isClosed()) {
                        try {
                            java.net.DatagramPacket in = new java.net.DatagramPacket(buf, buf.length);
                            socket.receive(in);
                            byte[] out = (greeting
                                            + new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII))
                                    .getBytes(StandardCharsets.US_ASCII);
                            socket.send(new java.net.DatagramPacket(out, out.length, in.getSocketAddress()));
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "udp-echo-" + greeting);
        t.setDaemon(true);
        t.start();
        return socket;
    }

    /** A TCP {@link #echo} and a {@link #udpEcho} on one port number, as a backend of a "both" service. */
    public record BothEcho(ServerSocket tcp, java.net.DatagramSocket udp) implements AutoCloseable {
        public int port() {
            return tcp.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            tcp.close();
            udp.close();
        }
    }

    /** Finds a port number free for both protocols: a UDP port whose TCP twin may be taken. */
    public static BothEcho bothEcho(String tcpGreeting, String udpGreeting) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            java.net.DatagramSocket udp = udpEcho(udpGreeting);
            try {
                return new BothEcho(echo(tcpGreeting, udp.getLocalPort()), udp);
            } catch (IOException taken) {
                udp.close();
                last = taken;
            }
        }
        throw last;
    }

    /** Sends one datagram and returns the answer. */
    public static String datagram(int port, String text) throws IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(10_000);
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            s.send(new java.net.DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            java.net.DatagramPacket in = new java.net.DatagramPacket(new byte[65_536], 65_536);
            s.receive(in);
            return new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII);
        }
    }

    /**
     * A client connection to a service whose backends all fail: the relay closes it, with a reset
     * when the client's bytes were never read. Either way the client gets nothing back.
     */
    public static void attempt(int port) throws IOException {
        try {
            String got = exchange(port, "x");
            if (!got.isEmpty()) {
                throw new AssertionError("expected nothing back, got " + got);
            }
        } catch (java.net.SocketException reset) {
            // closed with the client's byte unread
        }
    }

    /** Connects, sends {@code text}, half-closes and returns everything the other side sent. */
    public static String exchange(int port, String text) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.US_ASCII);
        }
    }
}
