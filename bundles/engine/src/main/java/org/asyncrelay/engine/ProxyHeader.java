package org.asyncrelay.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The PROXY protocol header (HAProxy's proxy-protocol.txt, versions 1 and 2): written before the
 * first byte to a backend (TCP) or before each datagram (UDP, v2), and read from a load balancer
 * in front. Addresses of mixed families are written as IPv6 (an IPv4 one mapped), as HAProxy does.
 */
final class ProxyHeader {

    /** v2's signature: the 12 bytes every v2 header starts with. */
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /** v1's longest line, CRLF included (proxy-protocol.txt 2.1). */
    static final int V1_MAX = 107;
    /** A v2 header longer than this (TLVs a relay ignores) is refused rather than buffered. */
    static final int V2_MAX = 16 + 2048;

    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);

    /**
     * What a header said.
     *
     * @param source the client, or null for LOCAL (v2) and UNKNOWN (v1): the connection's own
     *     address counts then (a load balancer's health check)
     */
    record Read(InetSocketAddress source, InetSocketAddress destination) {}

    /** The bytes did not form a header; the message says how. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private ProxyHeader() {}

    static ByteBuf v1(ByteBufAllocator alloc, InetSocketAddress source, InetSocketAddress destination) {
        InetAddress[] a = sameFamily(source.getAddress(), destination.getAddress());
        String line = "PROXY " + (a[0] instanceof Inet4Address ? "TCP4 " : "TCP6 ")
                + NetUtil.toAddressString(a[0]) + " " + NetUtil.toAddressString(a[1]) + " "
                + source.getPort() + " " + destination.getPort() + "\r\n";
        return ByteBufUtil.writeAscii(alloc, line);
    }

    /** @param stream TCP (true) or UDP */
    static ByteBuf v2(ByteBufAllocator alloc, InetSocketAddress source, InetSocketAddress destination, boolean stream) {
        InetAddress[] a = sameFamily(source.getAddress(), destination.getAddress());
        boolean v4 = a[0] instanceof Inet4Address;
        int addressBytes = v4 ? 12 : 36;
        ByteBuf b = alloc.buffer(16 + addressBytes);
        b.writeBytes(V2_SIGNATURE);
        b.writeByte(0x21); // version 2, PROXY
        b.writeByte((v4 ? 0x10 : 0x20) | (stream ? 0x01 : 0x02));
        b.writeShort(addressBytes);
        b.writeBytes(a[0].getAddress());
        b.writeBytes(a[1].getAddress());
        b.writeShort(source.getPort());
        b.writeShort(destination.getPort());
        return b;
    }

    /**
     * Reads a v1 or v2 header at {@code in}'s reader index and moves past it; null when more bytes
     * are needed to tell.
     *
     * @param v2Only a datagram: only v2 carries UDP
     */
    static Read read(ByteBuf in, boolean v2Only) throws Malformed {
        int n = in.readableBytes();
        int at = in.readerIndex();
        if (startsWith(in, V2_SIGNATURE)) {
            if (n < 16) {
                return null;
            }
            int length = in.getUnsignedShort(at + 14);
            if (16 + length > V2_MAX) {
                throw new Malformed("v2 header of " + (16 + length) + " bytes, more than " + V2_MAX);
            }
            if (n < 16 + length) {
                return null;
            }
            Read r = v2Body(in, at, length);
            in.skipBytes(16 + length);
            return r;
        }
        if (!v2Only && startsWith(in, V1_PREFIX)) {
            int end = in.indexOf(at, at + Math.min(n, V1_MAX), (byte) '\n');
            if (end < 0) {
                if (n >= V1_MAX) {
                    throw new Malformed("v1 header without CRLF in its first " + V1_MAX + " bytes");
                }
                return null;
            }
            Read r = v1Line(in.toString(at, end - at + 1, StandardCharsets.US_ASCII));
            in.skipBytes(end - at + 1);
            return r;
        }
        int common = Math.min(n, Math.max(V2_SIGNATURE.length, V1_PREFIX.length));
        if (common < V2_SIGNATURE.length && couldStart(in, common, v2Only)) {
            return null;
        }
        throw new Malformed(v2Only ? "no v2 header" : "no PROXY protocol header");
    }

    private static boolean couldStart(ByteBuf in, int n, boolean v2Only) {
        return prefixOf(in, n, V2_SIGNATURE) || (!v2Only && prefixOf(in, n, V1_PREFIX));
    }

    private static boolean prefixOf(ByteBuf in, int n, byte[] signature) {
        for (int i = 0; i < n && i < signature.length; i++) {
            if (in.getByte(in.readerIndex() + i) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(ByteBuf in, byte[] signature) {
        return in.readableBytes() >= signature.length && prefixOf(in, signature.length, signature);
    }

    private static Read v2Body(ByteBuf in, int at, int length) throws Malformed {
        int versionCommand = in.getUnsignedByte(at + 12);
        if (versionCommand >> 4 != 2) {
            throw new Malformed("v2 header of version " + (versionCommand >> 4));
        }
        int command = versionCommand & 0x0f;
        if (command == 0) {
            return new Read(null, null); // LOCAL
        }
        if (command != 1) {
            throw new Malformed("v2 header with command " + command);
        }
        int family = in.getUnsignedByte(at + 13) >> 4;
        int size = family == 1 ? 4 : family == 2 ? 16 : 0;
        if (size == 0) {
            return new Read(null, null); // AF_UNSPEC or AF_UNIX: no address to use
        }
        if (length < 2 * size + 4) {
            throw new Malformed("v2 address block of " + length + " bytes, expected at least " + (2 * size + 4));
        }
        byte[] src = new byte[size];
        byte[] dst = new byte[size];
        in.getBytes(at + 16, src);
        in.getBytes(at + 16 + size, dst);
        int srcPort = in.getUnsignedShort(at + 16 + 2 * size);
        int dstPort = in.getUnsignedShort(at + 18 + 2 * size);
        return new Read(address(src, srcPort), address(dst, dstPort));
    }

    private static Read v1Line(String line) throws Malformed {
        if (!line.endsWith("\r\n")) {
            throw new Malformed("v1 header not ended by CRLF");
        }
        String[] f = line.substring(0, line.length() - 2).split(" ", -1);
        if (f.length >= 2 && f[1].equals("UNKNOWN")) {
            return new Read(null, null);
        }
        if (f.length != 6 || !(f[1].equals("TCP4") || f[1].equals("TCP6"))) {
            throw new Malformed("v1 header \"" + printable(line) + "\"");
        }
        byte[] src = NetUtil.createByteArrayFromIpAddressString(f[2]);
        byte[] dst = NetUtil.createByteArrayFromIpAddressString(f[3]);
        int expected = f[1].equals("TCP4") ? 4 : 16;
        if (src == null || dst == null || src.length != expected || dst.length != expected) {
            throw new Malformed("v1 header with addresses not of " + f[1] + ": \"" + printable(line) + "\"");
        }
        return new Read(address(src, port(f[4], line)), address(dst, port(f[5], line)));
    }

    private static int port(String text, String line) throws Malformed {
        if (text.matches("[0-9]{1,5}")) {
            int p = Integer.parseInt(text);
            if (p <= 65535) {
                return p;
            }
        }
        throw new Malformed("v1 header with port \"" + text + "\": \"" + printable(line) + "\"");
    }

    private static InetSocketAddress address(byte[] ip, int port) throws Malformed {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new Malformed("address of " + ip.length + " bytes");
        }
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** Both IPv4 (a mapped IPv6 one taken as IPv4, a wildcard as 0.0.0.0) or else both IPv6. */
    static InetAddress[] sameFamily(InetAddress source, InetAddress destination) {
        InetAddress s = asIpv4(source);
        InetAddress d = asIpv4(destination);
        if (s instanceof Inet4Address && (d instanceof Inet4Address || destination.isAnyLocalAddress())) {
            return new InetAddress[] {s, d instanceof Inet4Address ? d : ipv4Any()};
        }
        return new InetAddress[] {asIpv6(source), asIpv6(destination)};
    }

    private static InetAddress asIpv4(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address && b.length == 16 && isMapped(b)) {
            try {
                return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return a;
    }

    private static InetAddress asIpv6(InetAddress a) {
        if (a instanceof Inet6Address) {
            return a;
        }
        byte[] b = a.getAddress();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(b, 0, mapped, 12, 4);
        try {
            // getByAddress would turn the mapped bytes back into IPv4
            return Inet6Address.getByAddress(null, mapped, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static InetAddress ipv4Any() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
