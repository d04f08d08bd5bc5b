package org.asyncrelay.engine;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/** The backend side of a relayed TCP connection: what the backend sends goes to the client. */
final class ForwardingHandler extends ChannelInboundHandlerAdapter {

    private final Forwarding toClient;

    ForwardingHandler(Forwarding toClient) {
        this.toClient = toClient;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        toClient.countReadsOf(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        toClient.read(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        toClient.readComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        toClient.fromWritabilityChanged(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            toClient.inputEnded(ctx);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        toClient.fromInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        toClient.failed(ctx, cause);
    }
}
