package org.asyncrelay.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.Native;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.channels.ClosedChannelException;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The places where forwarding reaches below Netty's channel API, each with the reason (Netty 4.1
 * epoll transport, measured in #4). Nothing else in the engine touches a channel's outbound buffer
 * or a socket's file descriptor.
 */
final class NettyInternals {

    private static final Logger LOG = LoggerFactory.getLogger(NettyInternals.class);
    private static final int DRAIN_CHUNK = 64 * 1024;

    private NettyInternals() {}

    /** Whether {@link #splice} can move bytes from {@code from} to {@code to}: epoll sockets both. */
    static boolean canSplice(Channel from, Channel to) {
        return from instanceof AbstractEpollStreamChannel && to instanceof AbstractEpollStreamChannel;
    }

    /**
     * Moves everything {@code from} reads to {@code to} with Linux splice(), through a pipe, without
     * copying it into the JVM; what was read before stays queued in {@code to}'s outbound buffer ahead
     * of the spliced bytes. A failed splice resets both sides, as an I/O error does. False when the
     * sockets could not be made level-triggered: nothing changed, the bytes go on through the JVM.
     */
    static boolean splice(Channel from, Channel to) {
        AbstractEpollStreamChannel in = (AbstractEpollStreamChannel) from;
        AbstractEpollStreamChannel out = (AbstractEpollStreamChannel) to;
        if (!levelTriggered(in) || !levelTriggered(out)) {
            return false;
        }
        // the FIN must reach the pipeline whatever was decided before: see readAfterSplice
        from.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        in.spliceTo(out, Integer.MAX_VALUE).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess() && !(f.cause() instanceof ClosedChannelException)) {
                LOG.debug("{} -> {}: splice failed: {}", from, to, f.cause().toString());
                Forwarding.abort(from);
                Forwarding.abort(to);
            }
        });
        return true;
    }

    /**
     * #17: Netty splices only between level-triggered sockets, and level-triggered epoll costs every
     * connection more epoll calls (#4: -15 % new connections per second when the sockets of a
     * service were made so from the start). So sockets start edge-triggered and a connection's two
     * are switched when one of its directions starts to splice, as HAProxy's splice-auto decides
     * per connection. Netty's {@code setEpollMode} refuses a registered channel only to keep the
     * choice in one place; the flag is read again at each read, so changing it on the channel's
     * event loop between two reads is what the option does before registration. False when the
     * switch is not possible (the connection then goes on without splice).
     */
    static boolean levelTriggered(AbstractEpollStreamChannel ch) {
        if (ch.config().getEpollMode() == EpollMode.LEVEL_TRIGGERED) {
            return true;
        }
        if (CLEAR_FLAG == null) {
            return false;
        }
        try {
            CLEAR_FLAG.invoke(ch, Native.EPOLLET);
            return ch.config().getEpollMode() == EpollMode.LEVEL_TRIGGERED;
        } catch (ReflectiveOperationException e) {
            LOG.debug("{}: cannot switch to level-triggered epoll: {}", ch, e.toString());
            return false;
        }
    }

    private static final Method CLEAR_FLAG = clearFlag();

    private static Method clearFlag() {
        try {
            // declared by AbstractEpollChannel, which is not public
            Method m = AbstractEpollStreamChannel.class.getSuperclass().getDeclaredMethod("clearFlag", int.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info("relay engine: TCP splice off: Netty's epoll flags are not reachable ({})", e.toString());
            return null;
        }
    }

    /**
     * #4: Netty's splice shuts the input down as soon as the FIN has been seen, even when a turn of
     * splicing (at most one read's worth, or a full pipe) left bytes in the socket; reading them
     * here, behind what the pipe still holds, keeps the end of the transfer. At most the socket's
     * receive buffer is read this way, once per connection; {@code counted} sees each read.
     */
    static void readAfterSplice(ChannelHandlerContext ctx, Channel to, IntConsumer counted) {
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
            counted.accept(n);
            to.write(buf, to.voidPromise());
        }
    }

    /**
     * Sends the FIN of {@code ch}, whose outbound buffer is empty, and tells {@code then} whether it
     * went. #17: Netty's {@code shutdownOutput} builds an exception with its stack trace for the
     * writes it would fail, at every FIN, even when none is pending (2.4 % of the relay's CPU on a
     * new connection per request); the epoll socket's own shutdown keeps the channel's state (its
     * {@code isOutputShutdown} reads the socket's) without it.
     */
    static void shutdownOutput(DuplexChannel ch, java.util.function.Consumer<Boolean> then) {
        if (ch instanceof UnixChannel u && u.fd() instanceof Socket socket && ch.isActive()) {
            try {
                socket.shutdown(false, true);
                then.accept(true);
            } catch (IOException e) {
                LOG.debug("{}: shutdown: {}", ch, e.toString());
                then.accept(false);
            }
            return;
        }
        ch.shutdownOutput().addListener((ChannelFutureListener) f -> then.accept(f.isSuccess()));
    }

    /** Whether {@code ch} holds nothing to write, flushed or not. */
    static boolean nothingPending(Channel ch) {
        io.netty.channel.ChannelOutboundBuffer pending = ch.unsafe().outboundBuffer();
        return pending != null && pending.isEmpty() && pending.totalPendingWriteBytes() == 0;
    }

    /**
     * Runs {@code then} once nothing is left in {@code to}'s outbound buffer: Netty fails whatever is
     * still pending when the output shuts down or the channel closes, and data read just before a
     * FIN may still be queued behind a slow reader.
     */
    static void whenFlushed(Channel to, Runnable then) {
        if (to.isActive() && nothingPending(to)) {
            // #17: the usual case at a FIN; a flush of nothing costs a promise and a listener
            then.run();
            return;
        }
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
}
