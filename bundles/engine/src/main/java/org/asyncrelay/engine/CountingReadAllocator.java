package org.asyncrelay.engine;

import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * Wraps a channel's receive allocator to count every byte read from its socket. Netty reports each
 * read here, including what it splices from the socket to a pipe: spliced bytes never reach the
 * pipeline, so this is the one place that sees all of them (#4).
 */
final class CountingReadAllocator implements RecvByteBufAllocator {

    private final RecvByteBufAllocator delegate;
    private final Forwarding reader;

    CountingReadAllocator(RecvByteBufAllocator delegate, Forwarding reader) {
        this.delegate = delegate;
        this.reader = reader;
    }

    @Override
    public Handle newHandle() {
        return new CountingHandle((ExtendedHandle) delegate.newHandle(), reader);
    }

    private static final class CountingHandle extends DelegatingHandle implements ExtendedHandle {

        private final Forwarding reader;

        CountingHandle(ExtendedHandle delegate, Forwarding reader) {
            super(delegate);
            this.reader = reader;
        }

        @Override
        public void lastBytesRead(int bytes) {
            super.lastBytesRead(bytes);
            if (bytes > 0) {
                reader.bytesRead(bytes);
            }
        }

        /** #17: while its direction splices, a read moves what the pipe holds (Netty splices a guess's worth). */
        @Override
        public int guess() {
            return reader.splicing() ? SplicePipes.bytes() : super.guess();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return ((ExtendedHandle) delegate()).continueReading(maybeMoreDataSupplier);
        }
    }
}
