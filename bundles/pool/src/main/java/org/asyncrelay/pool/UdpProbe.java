package org.asyncrelay.pool;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * One UDP health check: a datagram to the backend and its answer within the timeout. The socket
 * is connected, so an ICMP port unreachable fails the probe at once instead of at the timeout.
 */
final class UdpProbe {

    private UdpProbe() {}

    /** @throws IOException saying why the backend did not answer as expected */
    static void exchange(InetSocketAddress address, byte[] send, byte[] expect, Duration timeout) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(address);
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            socket.send(new DatagramPacket(send, send.length));
            DatagramPacket answer = new DatagramPacket(new byte[65_536], 65_536);
            try {
                socket.receive(answer);
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("no UDP answer within " + timeout.toSeconds() + " s");
            } catch (PortUnreachableException e) {
                throw new PortUnreachableException("UDP port unreachable");
            }
            if (!startsWith(answer, expect)) {
                throw new IOException("UDP answer of " + answer.getLength() + " bytes does not start with the"
                        + " expected " + expect.length + " bytes");
            }
        }
    }

    private static boolean startsWith(DatagramPacket answer, byte[] expect) {
        return answer.getLength() >= expect.length
                && Arrays.equals(answer.getData(), 0, expect.length, expect, 0, expect.length);
    }
}
