package org.asyncrelay.engine;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One direction of a relayed TCP connection: what one side reads is written to the other ({@code
 * to}), on the same event loop. Backpressure: reading stops while {@code to} is not writable and
 * resumes when it drains, so each direction buffers at most {@code to}'s high water mark. A FIN is
 * forwarded as a FIN, an I/O error as a reset.
 *
 * <p>With splice on, a direction that has carried {@code spliceAfter} bytes while the other one
 * carried nothing moves to Linux splice() ({@link NettyInternals#splice}); the pipe ({@link SplicePipes}) is
 * then the direction's buffer. #17: a transfer, not an exchange: a kept-alive connection of
 * requests and short answers crossed 64 KiB after some forty of them and then spliced each answer
 * of 1.6 KB (a splice in and out, level-triggered epoll): 0.71-0.74 of direct against 0.81-0.82
 * without splice.
 *
 * <p>The connection's two directions know each other ({@link #reverse}): whether the other one
 * splices decides how a FIN and a drained buffer are handled.
 */
final class Forwarding {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarding.class);

    /** Told how the connection ended, first word wins. */
    interface Ends {
        void ended(String how);
    }

    private final LongAdder serviceBytes;
    private final long spliceAfter;
    private final Ends ends;
    private final boolean fromBackend;
    private LongAdder backendBytes;
    private long transferred;
    /** Bytes read since the reverse direction last read any: the length of a one-way transfer. */
    private long run;

    private long lastActivity = System.nanoTime();
    private boolean splicing;
    private Channel to;
    private Forwarding reverse;

    /**
     * {@code to} null until that side is connected; {@code spliceAfter} below 0: never splice;
     * {@code fromBackend}: this direction reads the backend.
     */
    Forwarding(
            Channel to,
            LongAdder serviceBytes,
            LongAdder backendBytes,
            long spliceAfter,
            Ends ends,
            boolean fromBackend) {
        this.to = to;
        this.ends = ends;
        this.fromBackend = fromBackend;
        this.serviceBytes = serviceBytes;
        this.backendBytes = backendBytes;
        this.spliceAfter = spliceAfter;
    }

    /** The client's direction, once its backend has accepted: where to write and how to count it. */
    void connected(Channel to, Forwarding reverse, LongAdder backendBytes) {
        this.to = to;
        this.backendBytes = backendBytes;
        this.reverse = reverse;
        reverse.reverse = this;
    }

    /** Counts what {@code from} reads from its socket, spliced or not. */
    void countReadsOf(Channel from) {
        ChannelConfig config = from.config();
        config.setRecvByteBufAllocator(new CountingReadAllocator(config.getRecvByteBufAllocator(), this));
    }

    void bytesRead(int n) {
        lastActivity = System.nanoTime();
        transferred += n;
        run += n;
        if (reverse != null) {
            reverse.run = 0;
        }
        serviceBytes.add(n);
        if (backendBytes != null) {
            backendBytes.add(n);
        }
    }

    /** Whether this direction goes by splice. */
    boolean splicing() {
        return splicing;
    }

    /** Bytes read and passed on. */
    long transferred() {
        return transferred;
    }

    /** {@link System#nanoTime()} of the last read. */
    long lastActivity() {
        return lastActivity;
    }

    Channel to() {
        return to;
    }

    void read(ChannelHandlerContext ctx, Object msg) {
        Channel p = to;
        if (p == null || !p.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        p.write(msg, p.voidPromise());
        if (!p.isWritable()) {
            ctx.channel().config().setAutoRead(false);
            p.flush();
        } else if (spliceAfter >= 0 && run >= spliceAfter && !splicing && NettyInternals.canSplice(ctx.channel(), p)) {
            // only while reading is on: from here Netty, not this class, pauses and resumes it
            splicing = NettyInternals.splice(ctx.channel(), p);
        }
    }

    void readComplete() {
        if (to != null) {
            to.flush();
        }
    }

    /** The reading side became writable: the reverse direction, which writes to it, may read again. */
    void fromWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && to != null && (reverse == null || !reverse.splicing)) {
            resumeReading(to);
        }
    }

    /** The reading side sent its FIN. */
    void inputEnded(ChannelHandlerContext ctx) {
        ends.ended(fromBackend ? Ending.BACKEND_CLOSED : Ending.CLIENT_CLOSED);
        if (splicing) {
            NettyInternals.readAfterSplice(ctx, to, this::bytesRead);
        }
        NettyInternals.inputDone(ctx.channel());
        forwardFin(ctx.channel(), to, () -> reverse != null && reverse.splicing);
    }

    void fromInactive() {
        if (to != null) {
            closeOnFlush(to);
        }
    }

    void failed(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{}: {}", ctx.channel(), cause.toString());
        ends.ended(fromBackend ? Ending.BACKEND_RESET : Ending.CLIENT_RESET);
        if (to != null && cause instanceof IOException) {
            abort(to);
        }
        ctx.close();
    }

    /**
     * {@code from} will send nothing more: pass the FIN on once what it sent is flushed.
     *
     * @param toSplices whether the other direction, which reads from {@code to}, splices: asked when
     *     the FIN has gone out, not before (it may have started splicing while the flush waited)
     */
    private static void forwardFin(Channel from, Channel to, java.util.function.BooleanSupplier toSplices) {
        if (to == null || !to.isActive()) {
            from.close();
            return;
        }
        if (to instanceof DuplexChannel d && d.isInputShutdown()) {
            // #4: the other direction has ended already; closing sends the FIN without a shutdown
            // call, and closing to closes from once what from still has to send is flushed
            NettyInternals.whenFlushed(to, () -> NettyInternals.close(to));
            return;
        }
        NettyInternals.whenFlushed(to, () -> {
            if (!(to instanceof DuplexChannel duplex)) {
                to.close();
                from.close();
                return;
            }
            NettyInternals.shutdownOutput(duplex, shut -> {
                if (shut && !toSplices.getAsBoolean()) {
                    // #4: when to's peer ends too, Netty closes to at once instead of shutting its
                    // input down first (a failing syscall and an exception once both FINs are seen).
                    // Never while to's input splices: Netty's splice then closes to on its peer's
                    // FIN with bytes still in the socket (#21's CI: 4 MB echoes cut short, 2-3 %).
                    to.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
                }
                closeWhenBothShut(from, to);
            });
        });
    }

    private static void closeWhenBothShut(Channel a, Channel b) {
        if (a instanceof DuplexChannel da
                && b instanceof DuplexChannel db
                && da.isInputShutdown()
                && db.isOutputShutdown()
                && db.isInputShutdown()
                && da.isOutputShutdown()) {
            NettyInternals.close(a);
            NettyInternals.close(b);
        }
    }

    /** Turns auto-read back on unless the input has ended: there is nothing more to read. */
    static void resumeReading(Channel ch) {
        if (ch.isActive() && !(ch instanceof DuplexChannel d && d.isInputShutdown())) {
            ch.config().setAutoRead(true);
        }
    }

    static void closeOnFlush(Channel ch) {
        if (ch.isActive() && NettyInternals.nothingPending(ch)) {
            NettyInternals.close(ch);
        } else if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Closes with SO_LINGER 0, so the peer sees a reset as the other side did. */
    static void abort(Channel ch) {
        if (ch.isActive()) {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
            ch.close();
        }
    }
}
