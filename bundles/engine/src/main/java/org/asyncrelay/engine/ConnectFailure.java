package org.asyncrelay.engine;

import io.netty.channel.ConnectTimeoutException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.asyncrelay.api.ConnectStats;

/** The {@link ConnectStats#REASONS reason} of a failed connect, from what Netty or the JDK threw. */
final class ConnectFailure {

    private ConnectFailure() {}

    static String reason(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return "timeout";
        }
        if (cause instanceof UnknownHostException) {
            return "dns";
        }
        if (cause instanceof PortUnreachableException || cause instanceof NoRouteToHostException) {
            return "unreachable";
        }
        // epoll's errors are IOExceptions that carry only strerror()'s text
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("refused")) {
            return "refused";
        }
        if (message.contains("unreachable") || message.contains("no route")) {
            return "unreachable";
        }
        if (message.contains("timed out")) {
            return "timeout";
        }
        return "other";
    }
}
