package org.asyncrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class UdpCompactTest {

    private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

    /** A read buffer holding a small datagram, as a GRO read hands it over: a slice of the 64 KiB buffer. */
    private ByteBuf datagramOf(int size) {
        ByteBuf read = alloc.directBuffer(UdpRelay.MAX_DATAGRAM);
        for (int i = 0; i < size; i++) {
            read.writeByte(i);
        }
        ByteBuf slice = read.retainedSlice(0, size);
        read.release();
        return slice;
    }

    @Test
    void aSmallDatagramIsCopiedAndItsReadBufferGoesBackAtOnce() {
        ByteBuf datagram = datagramOf(64);
        ByteBuf parent = datagram.unwrap();
        ByteBuf kept = UdpRelay.compact(alloc, datagram);
        try {
            assertThat(kept).isNotSameAs(datagram);
            assertThat(kept.capacity()).isEqualTo(64);
            assertThat(kept.readableBytes()).isEqualTo(64);
            assertThat(kept.getByte(63)).isEqualTo((byte) 63);
            assertThat(datagram.refCnt()).isZero();
            assertThat(parent.refCnt()).isZero();
        } finally {
            kept.release();
        }
    }

    @Test
    void aLargeDatagramKeepsItsBuffer() {
        ByteBuf datagram = datagramOf(UdpRelay.COMPACT_UP_TO + 1);
        ByteBuf kept = UdpRelay.compact(alloc, datagram);
        try {
            assertThat(kept).isSameAs(datagram);
            assertThat(kept.refCnt()).isEqualTo(1);
        } finally {
            kept.release();
        }
    }
}
