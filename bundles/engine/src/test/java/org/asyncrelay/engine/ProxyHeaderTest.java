package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ProxyHeaderTest {

    static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    static String hex(ByteBuf b) {
        try {
            return ByteBufUtil.hexDump(b);
        } finally {
            b.release();
        }
    }

    @Test
    void v1IsOneLineOfTextPerFamily() throws Exception {
        ByteBuf four = ProxyHeader.v1(ALLOC, at("192.0.2.1", 56324), at("198.51.100.2", 443));
        assertThat(four.toString(StandardCharsets.US_ASCII))
                .isEqualTo("PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\n");
        four.release();
        ByteBuf six = ProxyHeader.v1(ALLOC, at("2001:db8::1", 1), at("::1", 2));
        assertThat(six.toString(StandardCharsets.US_ASCII)).isEqualTo("PROXY TCP6 2001:db8::1 ::1 1 2\r\n");
        six.release();
        // an IPv4 client of a dual-stack listener: written as IPv4 when the destination allows
        ByteBuf mapped = ProxyHeader.v1(ALLOC, at("::ffff:192.0.2.1", 5), at("::ffff:192.0.2.2", 6));
        assertThat(mapped.toString(StandardCharsets.US_ASCII)).isEqualTo("PROXY TCP4 192.0.2.1 192.0.2.2 5 6\r\n");
        mapped.release();
    }

    @Test
    void v2IsTheBinaryFormByteForByte() throws Exception {
        String signature = "0d0a0d0a000d0a515549540a";
        assertThat(hex(ProxyHeader.v2(ALLOC, at("192.0.2.1", 56324), at("198.51.100.2", 443), true)))
                .isEqualTo(signature + "21" + "11" + "000c" + "c0000201" + "c6336402" + "dc04" + "01bb");
        assertThat(hex(ProxyHeader.v2(ALLOC, at("192.0.2.1", 53), at("198.51.100.2", 5353), false)))
                .isEqualTo(signature + "21" + "12" + "000c" + "c0000201" + "c6336402" + "0035" + "14e9");
        assertThat(hex(ProxyHeader.v2(ALLOC, at("2001:db8::1", 1), at("::1", 2), true)))
                .isEqualTo(signature + "21" + "21" + "0024" + "20010db8000000000000000000000001"
                        + "00000000000000000000000000000001" + "0001" + "0002");
        // mixed families: IPv6, the IPv4 address mapped
        assertThat(hex(ProxyHeader.v2(ALLOC, at("192.0.2.1", 1), at("::1", 2), false)))
                .isEqualTo(signature + "21" + "22" + "0024" + "00000000000000000000ffffc0000201"
                        + "00000000000000000000000000000001" + "0001" + "0002");
        // a wildcard listener (UDP knows no better): 0.0.0.0 for an IPv4 client
        assertThat(hex(ProxyHeader.v2(ALLOC, at("192.0.2.1", 1), at("::", 2), false)))
                .isEqualTo(signature + "21" + "12" + "000c" + "c0000201" + "00000000" + "0001" + "0002");
    }

    @Test
    void whatIsWrittenIsReadBackWithTheBytesAfterIt() throws Exception {
        for (boolean v1 : new boolean[] {true, false}) {
            for (String[] pair : new String[][] {{"192.0.2.1", "198.51.100.2"}, {"2001:db8::7", "2001:db8::8"}}) {
                InetSocketAddress src = at(pair[0], 40000);
                InetSocketAddress dst = at(pair[1], 8080);
                ByteBuf b = v1 ? ProxyHeader.v1(ALLOC, src, dst) : ProxyHeader.v2(ALLOC, src, dst, true);
                b.writeBytes("GET /".getBytes(StandardCharsets.US_ASCII));
                ProxyHeader.Read r = ProxyHeader.read(b, false);
                assertThat(r.source()).isEqualTo(src);
                assertThat(r.destination()).isEqualTo(dst);
                assertThat(b.toString(StandardCharsets.US_ASCII)).isEqualTo("GET /");
                b.release();
            }
        }
    }

    @Test
    void aHeaderCutAnywhereAsksForMoreBytes() throws Exception {
        ByteBuf whole = ProxyHeader.v2(ALLOC, at("192.0.2.1", 1), at("192.0.2.2", 2), true);
        byte[] bytes = ByteBufUtil.getBytes(whole);
        whole.release();
        for (int n = 0; n < bytes.length; n++) {
            ByteBuf part = Unpooled.wrappedBuffer(bytes, 0, n);
            assertThat(ProxyHeader.read(part, false)).as("first %d bytes", n).isNull();
            assertThat(part.readerIndex()).isZero();
        }
        byte[] line = "PROXY TCP4 192.0.2.1 192.0.2.2 1 2\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int n = 0; n < line.length; n++) {
            assertThat(ProxyHeader.read(Unpooled.wrappedBuffer(line, 0, n), false))
                    .isNull();
        }
    }

    @Test
    void localAndUnknownCarryNoAddress() throws Exception {
        ByteBuf local =
                Unpooled.wrappedBuffer(HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "20" + "00" + "0000"));
        assertThat(ProxyHeader.read(local, false)).isEqualTo(new ProxyHeader.Read(null, null));
        ByteBuf unknown = Unpooled.copiedBuffer("PROXY UNKNOWN\r\nx", StandardCharsets.US_ASCII);
        assertThat(ProxyHeader.read(unknown, false)).isEqualTo(new ProxyHeader.Read(null, null));
        assertThat(unknown.readableBytes()).isEqualTo(1);
    }

    @Test
    void malformedHeadersSayWhatIsWrong() {
        assertThatThrownBy(() ->
                        ProxyHeader.read(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", StandardCharsets.US_ASCII), false))
                .isInstanceOf(ProxyHeader.Malformed.class)
                .hasMessage("no PROXY protocol header");
        assertThatThrownBy(() -> ProxyHeader.read(
                        Unpooled.copiedBuffer("PROXY TCP4 1.2.3.4 ::1 1 2\r\n", StandardCharsets.US_ASCII), false))
                .hasMessageContaining("addresses not of TCP4");
        assertThatThrownBy(() -> ProxyHeader.read(
                        Unpooled.copiedBuffer("PROXY TCP4 1.2.3.4 1.2.3.5 1 99999\r\n", StandardCharsets.US_ASCII),
                        false))
                .hasMessageContaining("port \"99999\"");
        assertThatThrownBy(() -> ProxyHeader.read(
                        Unpooled.copiedBuffer("PROXY TCP4 " + "1".repeat(120), StandardCharsets.US_ASCII), false))
                .hasMessage("v1 header without CRLF in its first 107 bytes");
        // v2: version 3, and a length beyond what a relay buffers
        assertThatThrownBy(() -> ProxyHeader.read(
                        Unpooled.wrappedBuffer(
                                HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "31" + "11" + "0000")),
                        false))
                .hasMessage("v2 header of version 3");
        assertThatThrownBy(() -> ProxyHeader.read(
                        Unpooled.wrappedBuffer(
                                HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "21" + "11" + "ffff")),
                        false))
                .hasMessageContaining("more than");
        assertThatThrownBy(() -> ProxyHeader.read(
                        Unpooled.wrappedBuffer(HexFormat.of()
                                .parseHex("0d0a0d0a000d0a515549540a" + "21" + "11" + "0004" + "01020304")),
                        false))
                .hasMessage("v2 address block of 4 bytes, expected at least 12");
        // a datagram carries v2 only
        assertThatThrownBy(() -> ProxyHeader.read(
                        Unpooled.copiedBuffer("PROXY TCP4 1.2.3.4 1.2.3.5 1 2\r\n", StandardCharsets.US_ASCII), true))
                .hasMessage("no v2 header");
    }
}
