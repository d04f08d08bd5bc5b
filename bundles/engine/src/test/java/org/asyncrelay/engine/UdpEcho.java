package org.asyncrelay.engine;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A UDP backend that echoes each datagram, prefixed by a tag, and records who sent it. */
final class UdpEcho implements AutoCloseable {

    private final DatagramSocket socket;
    final Set<SocketAddress> senders = ConcurrentHashMap.newKeySet();
    private final byte[] tag;

    UdpEcho(String tag, InetAddress address) throws IOException {
        this(tag, new InetSocketAddress(address, 0));
    }

    UdpEcho(String tag, InetSocketAddress bind) throws IOException {
        this.tag = tag.getBytes();
        this.socket = new DatagramSocket(bind);
        Thread t = new Thread(this::loop, "udp-echo-" + tag);
        t.setDaemon(true);
        t.start();
    }

    UdpEcho(String tag) throws IOException {
        this(tag, InetAddress.getLoopbackAddress());
    }

    int port() {
        return socket.getLocalPort();
    }

    private void loop() {
        byte[] buf = new byte[65_536];
        while (!socket.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                socket.receive(in);
                senders.add(in.getSocketAddress());
                byte[] out = new byte[tag.length + in.getLength()];
                System.arraycopy(tag, 0, out, 0, tag.length);
                System.arraycopy(in.getData(), 0, out, tag.length, in.getLength());
                if (out.length > 65_507) {
                    out = java.util.Arrays.copyOfRange(out, tag.length, out.length);
                }
                socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    /** Sends one datagram from {@code client} and waits for one answer. */
    static byte[] exchange(DatagramSocket client, InetSocketAddress to, byte[] payload) throws IOException {
        client.setSoTimeout(5000);
        client.send(new DatagramPacket(payload, payload.length, to));
        byte[] buf = new byte[65_536];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        client.receive(in);
        return java.util.Arrays.copyOf(in.getData(), in.getLength());
    }
}
