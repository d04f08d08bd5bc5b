package org.asyncrelay.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.asyncrelay.api.Refusal;

/**
 * Reads the PROXY protocol header a load balancer in front sends first (v1 or v2), within the
 * service's timeout; then hands the connection, with the client address it read, to the {@link
 * TcpFrontendHandler} behind it and leaves the pipeline. Until then the frontend sees nothing, not
 * even that the connection is active, so no backend is contacted for a connection that fails here.
 */
final class ProxyHeaderReader extends ChannelInboundHandlerAdapter {

    private final TcpPath path;
    private final TcpFrontendHandler front;
    private ByteBuf buffer;
    private ScheduledFuture<?> timeout;
    private boolean done;

    ProxyHeaderReader(TcpPath path, TcpFrontendHandler front) {
        this.path = path;
        this.front = front;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        long millis = path.policy().proxyTimeout().toMillis();
        timeout = ctx.executor()
                .schedule(
                        () -> refuse(ctx, "no complete header within " + millis / 1000 + " s"),
                        millis,
                        TimeUnit.MILLISECONDS);
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done || !(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        buffer = buffer == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), buffer, in);
        ProxyHeader.Read header;
        try {
            header = ProxyHeader.read(buffer, false);
        } catch (ProxyHeader.Malformed e) {
            refuse(ctx, e.getMessage());
            return;
        }
        if (header == null) {
            ctx.read();
            return;
        }
        done = true;
        timeout.cancel(false);
        InetSocketAddress client = header.source() != null
                ? header.source()
                : (InetSocketAddress) ctx.channel().remoteAddress();
        String refusal = path.admitClient(client.getAddress());
        if (refusal != null) {
            path.refusals().tcp(refusal, client, null);
            release();
            ctx.close();
            return;
        }
        front.client(client, header.destination(), path.policy().limitsClients());
        ctx.fireChannelActive();
        ByteBuf rest = buffer;
        buffer = null;
        if (rest.isReadable()) {
            ctx.fireChannelRead(rest);
        } else {
            rest.release();
        }
        ctx.pipeline().remove(this);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && !done) {
            refuse(ctx, "closed before the header was complete");
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!done) {
            refuse(ctx, cause.toString());
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        release();
        ctx.fireChannelInactive();
    }

    private void refuse(ChannelHandlerContext ctx, String why) {
        if (done) {
            return;
        }
        done = true;
        path.refusals().tcp(Refusal.PROXY_PROTOCOL, ctx.channel().remoteAddress(), why);
        release();
        ctx.close();
    }

    private void release() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }
}
