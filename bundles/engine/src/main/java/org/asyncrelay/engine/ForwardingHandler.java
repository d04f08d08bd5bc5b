package org.asyncrelay.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies bytes from its channel to a peer channel on the same event loop. Backpressure: reading
 * stops while the peer is not writable and resumes when it drains, so each direction buffers at
 * most the peer's high water mark. A FIN is forwarded as a FIN, an I/O error as a reset.
 *
 * <p>With splice on, a direction that has carried {@code spliceAfter} bytes moves to Linux
 * splice(): the kernel moves the bytes from socket to socket through a pipe, without copying them
 * into the JVM; the pipe (64 KiB) is then the direction's buffer.
 */
class ForwardingHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardingHandler.class);
    private static final int DRAIN_CHUNK = 64 * 1024;

    private final LongAdder serviceBytes;
    private final long spliceAfter;
    private LongAdder backendBytes;
    private long transferred;
    private long lastActivity = System.nanoTime();
    private boolean splicing;
    protected Channel peer;
    protected ForwardingHandler peerSide;

    /** {@code spliceAfter} below 0: never splice. */
    ForwardingHandler(Channel peer, LongAdder serviceBytes, LongAdder backendBytes, long spliceAfter) {
        this.peer = peer;
        this.serviceBytes = serviceBytes;
        this.backendBytes = backendBytes;
        this.spliceAfter = spliceAfter;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ChannelConfig config = ctx.channel().config();
        config.setRecvByteBufAllocator(new CountingReadAllocator(config.getRecvByteBufAllocator(), this));
    }

    /** Called for every read from this side's socket, spliced or not. */
    void bytesRead(int n) {
        lastActivity = System.nanoTime();
        transferred += n;
        serviceBytes.add(n);
        if (backendBytes != null) {
            backendBytes.add(n);
        }
    }

    /** Whether this side's input goes to the peer by splice. */
    boolean splicing() {
        return splicing;
    }

    void countBackendBytesIn(LongAdder adder) {
        this.backendBytes = adder;
    }

    /** Bytes this side has read and passed on. */
    long transferred() {
        return transferred;
    }

    /** {@link System#nanoTime()} of this side's last read. */
    long lastActivity() {
        return lastActivity;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel p = peer;
        if (p == null || !p.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        p.write(msg, p.voidPromise());
        if (!p.isWritable()) {
            ctx.channel().config().setAutoRead(false);
            p.flush();
        } else if (spliceAfter >= 0 && transferred >= spliceAfter && !splicing) {
            // only while reading is on: from here Netty, not this handler, pauses and resumes it
            startSplicing(ctx.channel(), p);
        }
    }

    private void startSplicing(Channel from, Channel to) {
        if (!(from instanceof AbstractEpollStreamChannel in) || !(to instanceof AbstractEpollStreamChannel out)) {
            return;
        }
        splicing = true;
        // the FIN must reach userEventTriggered, whatever forwardFin decided before: see drainAfterSplice
        from.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        // what was read before stays queued in to's outbound buffer ahead of the spliced bytes
        in.spliceTo(out, Integer.MAX_VALUE).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess() && !(f.cause() instanceof ClosedChannelException)) {
                LOG.debug("{} -> {}: splice failed: {}", from, to, f.cause().toString());
                // #4: a reset on either side, as in exceptionCaught: the other side gets a reset
                abort(from);
                abort(to);
            }
        });
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (peer != null) {
            peer.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && peer != null && (peerSide == null || !peerSide.splicing)) {
            resumeReading(peer);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            if (splicing) {
                drainAfterSplice(ctx, peer);
            }
            forwardFin(ctx.channel(), peer, peerSide != null && peerSide.splicing);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (peer != null) {
            closeOnFlush(peer);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{}: {}", ctx.channel(), cause.toString());
        if (peer != null && cause instanceof IOException) {
            abort(peer);
        }
        ctx.close();
    }

    /**
     * #4: Netty's splice shuts the input down as soon as the FIN has been seen, even when a turn
     * of splicing (at most one read's worth, or a full pipe) left bytes in the socket; reading them
     * here, behind what the pipe still holds, keeps the end of the transfer. At most the socket's
     * receive buffer is read this way, once per connection.
     */
    private void drainAfterSplice(ChannelHandlerContext ctx, Channel to) {
        if (!(ctx.channel() instanceof UnixChannel from)) {
            return;
        }
        FileDescriptor fd = from.fd();
        while (to != null && to.isActive()) {
            ByteBuf buf = ctx.alloc().directBuffer(DRAIN_CHUNK);
            int n;
            try {
                n = buf.hasMemoryAddress()
                        ? fd.readAddress(buf.memoryAddress(), 0, buf.capacity())
                        : fd.read(buf.internalNioBuffer(0, buf.capacity()), 0, buf.capacity());
            } catch (IOException e) {
                LOG.debug("{}: reading after splice: {}", ctx.channel(), e.toString());
                n = 0;
            }
            if (n <= 0) {
                buf.release();
                return;
            }
            buf.writerIndex(n);
            bytesRead(n);
            to.write(buf, to.voidPromise());
        }
    }

    /** {@code from} will send nothing more: pass the FIN on once what it sent is flushed. */
    private static void forwardFin(Channel from, Channel to, boolean toSplices) {
        if (to == null || !to.isActive()) {
            from.close();
            return;
        }
        if (to instanceof DuplexChannel d && d.isInputShutdown()) {
            // #4: the other direction has ended already; closing sends the FIN without a shutdown
            // call, and closing to closes from once what from still has to send is flushed
            whenFlushed(to, to::close);
            return;
        }
        whenFlushed(to, () -> {
            if (!(to instanceof DuplexChannel duplex)) {
                to.close();
                from.close();
                return;
            }
            duplex.shutdownOutput().addListener((ChannelFutureListener) s -> {
                if (s.isSuccess() && !toSplices) {
                    // #4: when to's peer ends too, Netty closes to at once instead of shutting its
                    // input down first (a failing syscall and an exception once both FINs are seen)
                    to.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
                }
                closeWhenBothShut(from, to);
            });
        });
    }

    /**
     * Runs {@code then} once nothing is left in {@code to}'s outbound buffer: Netty fails whatever is
     * still pending when the output shuts down or the channel closes, and data read just before a
     * FIN may still be queued behind a slow reader.
     */
    private static void whenFlushed(Channel to, Runnable then) {
        to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (!to.isActive()) {
                then.run();
                return;
            }
            io.netty.channel.ChannelOutboundBuffer pending = to.unsafe().outboundBuffer();
            if (pending != null && !pending.isEmpty()) {
                whenFlushed(to, then);
                return;
            }
            then.run();
        });
    }

    private static void closeWhenBothShut(Channel a, Channel b) {
        if (a instanceof DuplexChannel da
                && b instanceof DuplexChannel db
                && da.isInputShutdown()
                && db.isOutputShutdown()
                && db.isInputShutdown()
                && da.isOutputShutdown()) {
            a.close();
            b.close();
        }
    }

    /**
     * Turns auto-read back on unless the input has ended: there is nothing more to read, and Netty
     * 4.2's epoll transport failed with ENOENT when asked to.
     */
    static void resumeReading(Channel ch) {
        if (ch.isActive() && !(ch instanceof DuplexChannel d && d.isInputShutdown())) {
            ch.config().setAutoRead(true);
        }
    }

    static void closeOnFlush(Channel ch) {
        if (ch.isActive()) {
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
