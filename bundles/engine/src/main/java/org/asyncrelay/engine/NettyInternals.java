package org.asyncrelay.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.Native;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
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
        largePipe(out);
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
     * Gives {@code to} the pipe that Netty would otherwise create at the first splice towards it, of
     * {@link SplicePipes#bytes} instead of 64 KiB; Netty closes it with the channel. A spliced
     * direction reads at most its allocator's guess per wake-up ({@link CountingReadAllocator} says
     * the pipe's size while splicing).
     */
    private static void largePipe(AbstractEpollStreamChannel to) {
        // a channel closed already has had its pipes closed: one set now would stay open
        if (PIPE_IN == null || PIPE_OUT == null || !to.isOpen()) {
            return;
        }
        SplicePipes.prepare();
        try {
            if (PIPE_OUT.get(to) != null) {
                return;
            }
            FileDescriptor[] pipe = SplicePipes.openLarge();
            if (pipe == null) {
                return;
            }
            PIPE_IN.set(to, pipe[0]);
            PIPE_OUT.set(to, pipe[1]);
            to.closeFuture().addListener(f -> SplicePipes.closed());
        } catch (IOException | ReflectiveOperationException e) {
            LOG.debug("{}: no larger splice pipe: {}", to, e.toString());
        }
    }

    /** The read end of the pipe through which splices towards {@code ch} go, once there is one; else null. */
    static FileDescriptor pipe(Channel ch) throws ReflectiveOperationException {
        return PIPE_IN == null ? null : (FileDescriptor) PIPE_IN.get(ch);
    }

    private static final Field PIPE_IN = pipeField("pipeIn");
    private static final Field PIPE_OUT = PIPE_IN == null ? null : pipeField("pipeOut");

    private static Field pipeField(String name) {
        try {
            Field f = AbstractEpollStreamChannel.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info("relay engine: Netty's splice pipes are not reachable ({}): they keep 64 KiB", e.toString());
            return null;
        }
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
        if (!changeFlag(ch, CLEAR_FLAG, Native.EPOLLET)) {
            return false;
        }
        return ch.config().getEpollMode() == EpollMode.LEVEL_TRIGGERED;
    }

    /**
     * Makes the channels that connect to backends. #17: an epoll channel is registered with the
     * interest that connecting and then reading need (EPOLLOUT, EPOLLIN) instead of adding it with
     * neither and modifying it three times (EPOLLOUT set for the connect and cleared after it,
     * EPOLLIN at the first read); {@link #connected} clears EPOLLOUT when the connect did not wait
     * for it. An IPv4 address gets an IPv4 socket: no IPV6_V6ONLY call and no mapped address.
     */
    static ChannelFactory<SocketChannel> connecting(boolean epoll, InetSocketAddress to) {
        if (!epoll) {
            return NIO_CHANNELS;
        }
        boolean ipv4 = to.getAddress() instanceof Inet4Address;
        return () -> {
            EpollSocketChannel ch =
                    ipv4 ? new EpollSocketChannel(InternetProtocolFamily.IPv4) : new EpollSocketChannel();
            changeFlag(ch, SET_FLAG, Native.EPOLLOUT | Native.EPOLLIN);
            return ch;
        };
    }

    private static final ChannelFactory<SocketChannel> NIO_CHANNELS =
            new ReflectiveChannelFactory<>(NioSocketChannel.class);

    /**
     * A channel of {@link #connecting} is connected: EPOLLOUT is off, as Netty's own connect leaves
     * it (a channel with EPOLLOUT set flushes only when epoll reports the socket writable).
     */
    static void connected(Channel ch) {
        if (ch instanceof AbstractEpollStreamChannel) {
            changeFlag(ch, CLEAR_FLAG, Native.EPOLLOUT);
        }
    }

    /**
     * {@code ch} has read its peer's FIN. #17: nothing more will be read from it, so reading stays off
     * and Netty does not read again: after the read that saw the FIN, with half-closure on, it reads
     * once more (another recvfrom of nothing) and turns EPOLLIN back on at the read that ends it, to
     * turn it off again (two epoll_ctl). The channel's state does not change: its input is shut.
     */
    static void inputDone(Channel ch) {
        ch.config().setAutoRead(false);
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
    }

    /**
     * Closes {@code ch}. #17: an epoll socket's descriptor is closed first, on the channel's event
     * loop, and then the channel: the kernel drops a closed socket from the epoll set itself, and
     * Netty deletes it explicitly (EPOLL_CTL_DEL) and reads its SO_LINGER back only while it is open.
     */
    static void close(Channel ch) {
        if (ch instanceof AbstractEpollStreamChannel epollChannel
                && ch.isRegistered()
                && ch.eventLoop().inEventLoop()) {
            try {
                epollChannel.fd().close();
            } catch (IOException e) {
                LOG.debug("{}: close: {}", ch, e.toString());
            }
        }
        ch.close();
    }

    private static boolean changeFlag(Channel ch, MethodHandle change, int flag) {
        if (change == null) {
            return false;
        }
        try {
            change.invoke((Object) ch, flag);
            return true;
        } catch (Throwable e) {
            LOG.debug("{}: cannot change its epoll flags: {}", ch, e.toString());
            return false;
        }
    }

    private static final MethodHandle CLEAR_FLAG = flagMethod("clearFlag");
    private static final MethodHandle SET_FLAG = flagMethod("setFlag");

    private static MethodHandle flagMethod(String name) {
        try {
            // declared by AbstractEpollChannel, which is not public
            Method m = AbstractEpollStreamChannel.class.getSuperclass().getDeclaredMethod(name, int.class);
            m.setAccessible(true);
            return MethodHandles.lookup()
                    .unreflect(m)
                    .asType(java.lang.invoke.MethodType.methodType(void.class, Object.class, int.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info(
                    "relay engine: Netty's epoll flags are not reachable ({}): TCP splice off, backend sockets registered as Netty does",
                    e.toString());
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
