package org.asyncrelay.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies bytes from its channel to a peer channel on the same event loop. Backpressure: reading
 * stops while the peer is not writable and resumes when it drains, so each direction buffers at
 * most the peer's high water mark. A FIN is forwarded as a FIN, an I/O error as a reset.
 */
class ForwardingHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardingHandler.class);

    private final LongAdder serviceBytes;
    private LongAdder backendBytes;
    private long transferred;
    protected Channel peer;

    ForwardingHandler(Channel peer, LongAdder serviceBytes, LongAdder backendBytes) {
        this.peer = peer;
        this.serviceBytes = serviceBytes;
        this.backendBytes = backendBytes;
    }

    void countBackendBytesIn(LongAdder adder) {
        this.backendBytes = adder;
    }

    /** Bytes this side has read and passed on. */
    long transferred() {
        return transferred;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel p = peer;
        if (p == null || !p.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf buf) {
            int n = buf.readableBytes();
            transferred += n;
            serviceBytes.add(n);
            if (backendBytes != null) {
                backendBytes.add(n);
            }
        }
        p.write(msg, p.voidPromise());
        if (!p.isWritable()) {
            ctx.channel().config().setAutoRead(false);
            p.flush();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (peer != null) {
            peer.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && peer != null) {
            resumeReading(peer);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            forwardFin(ctx.channel(), peer);
        } else if (evt instanceof IdleStateEvent) {
            ctx.close();
            if (peer != null) {
                peer.close();
            }
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

    /** {@code from} will send nothing more: pass the FIN on once what it sent is flushed. */
    private static void forwardFin(Channel from, Channel to) {
        if (to == null || !to.isActive()) {
            from.close();
            return;
        }
        shutdownOutputWhenFlushed(from, to);
    }

    /**
     * Shuts down {@code to}'s output once nothing is left in its outbound buffer: Netty fails
     * whatever is still pending when the output shuts down, and data read just before a FIN may
     * still be queued behind a slow reader.
     */
    private static void shutdownOutputWhenFlushed(Channel from, Channel to) {
        to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (!(to instanceof DuplexChannel duplex) || !to.isActive()) {
                to.close();
                from.close();
                return;
            }
            io.netty.channel.ChannelOutboundBuffer pending = to.unsafe().outboundBuffer();
            if (pending != null && !pending.isEmpty()) {
                shutdownOutputWhenFlushed(from, to);
                return;
            }
            duplex.shutdownOutput().addListener((ChannelFutureListener) s -> closeWhenBothShut(from, to));
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
     * Turns auto-read back on unless the input has ended: Netty's epoll transport fails with ENOENT
     * when asked to read from a descriptor whose input is shut down.
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
